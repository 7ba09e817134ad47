package cli

import (
	"strings"
	"testing"
)

// TestMeetingVectors signs the Meeting SDK vectors (zoomgen, jsrsasign)
// through the command line.
func TestMeetingVectors(t *testing.T) {
	if n := vectorsThroughCLI(t, "meeting"); n < 15 {
		t.Errorf("only %d Meeting SDK vectors signed through the CLI", n)
	}
}

// TestMeetingTokenExpAtUse: a native Meeting SDK judges tokenExp against the
// time of use (docs/zoom.md), so a token whose tokenExp is less than 1800 s
// ahead when it is signed is signed with a warning; the default is not.
func TestMeetingTokenExpAtUse(t *testing.T) {
	env := map[string]string{"ZOOM_MEETING_SDK_KEY": key, "ZOOM_MEETING_SDK_SECRET": secret}
	const warning = "warning: tokenExp must be at least 1800 seconds after the time of use, as a native Meeting SDK judges it, got 1700001770, 1770 seconds after now"
	for _, tc := range []struct {
		args []string
		warn bool
	}{
		{[]string{"meeting", "--ttl", "30m"}, true},                                                     // iat is now - 30
		{[]string{"meeting", "--iat", "1700000000", "--token-exp", "1700001770", "--ttl", "1h"}, false}, // too short for iat: refused
		{[]string{"meeting", "--mn", "123456789", "--token-exp", "1700001770", "--iat", "-60s", "--ttl", "1h"}, true},
		{[]string{"meeting"}, false},
		{[]string{"meeting", "--token-exp", "1700001800"}, false},
	} {
		r := sdkjwtAt(t, 1700000000, env, "", tc.args...)
		if got := strings.Contains(r.stderr, warning); got != tc.warn {
			t.Errorf("%q: warned %v, want %v: %+v", tc.args, got, tc.warn, r)
		}
	}
}
