package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestDaily signs cases of testdata/daily through the command line and
// compares each token with the one jsonwebtoken made as Daily's docs sign;
// and checks what is refused.
func TestDaily(t *testing.T) {
	b, err := os.ReadFile("../../testdata/daily/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		Name   string `json:"name"`
		APIKey string `json:"api_key"`
		Token  string `json:"token"`
	}
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 10 {
		t.Fatalf("%d vectors: %v", len(vs), err)
	}
	want := map[string]string{}
	for _, v := range vs {
		want[v.Name] = v.Token
	}
	env := map[string]string{"DAILY_API_KEY": vs[0].APIKey, "DAILY_DOMAIN_ID": "30f866c3-9123-452a-8723-ff58322d09c5"}
	for _, tc := range []struct {
		name, stderr string
		args         []string
	}{
		{"room-hour", "", []string{"--room", "standup"}},
		{"owner", "", []string{"--room", "standup", "--user-id", "user-1", "--user-name", "Alice", "--owner"}},
		{"every-option", "", []string{"--room", "standup", "--nbf", "1767225660", "--ttl", "2h", "--user-id", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
			"--user-name", `Zoë "Z" <&>`, "--owner=false", "--knocking", "--close-tab-on-exit", "--redirect-on-meeting-exit", "https://example.com/after?x=1&y=2",
			"--start-cloud-recording", "--auto-start-transcription=false", "--enable-recording", "cloud", "--enable-screenshare=false", "--start-video-off",
			"--start-audio-off", "--eject-at-token-exp", "--eject-after-elapsed", "1h", "--lang", "de", "--enable-recording-ui=false"}},
		{"any-room", "warning: r is absent", nil},
		{"no-exp", "warning: exp is absent", []string{"--room", "standup", "--permanent"}},
	} {
		r := sdkjwtAt(t, 1767225600, env, "", append([]string{"daily"}, tc.args...)...)
		if r.code != exitOK || r.stdout != want[tc.name]+"\n" || (tc.stderr == "") != (r.stderr == "") || !strings.Contains(r.stderr, tc.stderr) {
			t.Errorf("%s: %+v\nwant %s", tc.name, r, want[tc.name])
		}
	}
	for _, tc := range []struct {
		env   map[string]string
		args  []string
		code  int
		error string
	}{
		{env, []string{"--room", "r", "--user-id", strings.Repeat("u", 37)}, exitError, "ud must be at most 36 characters"},
		{env, []string{"--room", "r", "--enable-recording", "remote"}, exitError, "er must be cloud"},
		{env, []string{"--room", "r", "--eject-after-elapsed", "0"}, exitUsage, "--eject-after-elapsed"},
		{env, []string{"--room", "r", "--permanent", "--ttl", "1h"}, exitUsage, "--permanent and --exp or --ttl"},
		{map[string]string{"DAILY_API_KEY": env["DAILY_API_KEY"]}, []string{"--room", "r"}, exitError, "no key: set DAILY_DOMAIN_ID"},
	} {
		r := sdkjwtAt(t, 1767225600, tc.env, "", append([]string{"daily"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.error) || strings.Contains(r.stderr, env["DAILY_API_KEY"]) {
			t.Errorf("%q: %+v, want exit %d naming %q", tc.args, r, tc.code, tc.error)
		}
	}
}
