package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestStream signs cases of testdata/stream through the command line and
// compares each token with the one Stream's Node SDKs made; and checks
// what is refused.
func TestStream(t *testing.T) {
	b, err := os.ReadFile("../../testdata/stream/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct{ Name, Secret, Token string }
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 10 {
		t.Fatalf("%d vectors: %v", len(vs), err)
	}
	want := map[string]string{}
	for _, v := range vs {
		want[v.Name] = v.Token
	}
	env := map[string]string{"STREAM_API_SECRET": vs[0].Secret}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"user", []string{"user", "--user", "alice"}},
		{"permanent", []string{"user", "--user", "alice", "--permanent"}},
		{"call", []string{"call", "--user", "alice", "--call-cid", "default:call-1"}},
		{"call-role", []string{"call", "--user", "alice", "--call-cid", "default:call-1", "--call-cid", "livestream:show", "--role", "admin"}},
		{"call-times", []string{"call", "--user", "alice", "--call-cid", "default:call-1", "--iat", "1767225600", "--ttl", "1h"}},
		{"chat", []string{"chat", "--user", "alice"}},
		{"chat-exp", []string{"chat", "--user", "alice", "--iat", "1767225600", "--exp", "1767229200"}},
	} {
		r := sdkjwtAt(t, 1767225600, env, "", append([]string{"stream"}, tc.args...)...)
		// chat-exp has no iat: sdkjwt always writes one, so it differs.
		if tc.name == "chat-exp" {
			if r.code != exitOK || r.stdout != want["chat"]+"\n" {
				t.Errorf("%s: %+v", tc.name, r)
			}
			continue
		}
		permanent := tc.name == "permanent"
		if r.code != exitOK || r.stdout != want[tc.name]+"\n" || (r.stderr != "") != permanent {
			t.Errorf("%s: %+v\nwant %s", tc.name, r, want[tc.name])
		}
	}
	for _, tc := range []struct {
		args  []string
		code  int
		error string
	}{
		{[]string{"user"}, exitError, "user_id is required"},
		{[]string{"call", "--user", "alice"}, exitUsage, "stream call needs --call-cid"},
		{[]string{"user", "--user", "alice", "--permanent", "--ttl", "1h"}, exitUsage, "--permanent and --exp or --ttl"},
		{[]string{"user", "--user", "alice", "--key", "k"}, exitUsage, "flag provided but not defined: -key"},
		{[]string{"video"}, exitUsage, "stream takes user, call or chat"},
	} {
		r := sdkjwtAt(t, 1767225600, env, "", append([]string{"stream"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.error) {
			t.Errorf("%q: %+v, want exit %d naming %q", tc.args, r, tc.code, tc.error)
		}
	}
}
