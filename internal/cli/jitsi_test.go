package cli

import (
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

// TestJitsi: the jitsi command makes, from its flags, the tokens
// jsonwebtoken made as 8x8's sample makes them (testdata/jitsi), and
// refuses what Jitsi refuses, naming the flag.
func TestJitsi(t *testing.T) {
	want := map[string]string{}
	for _, v := range vectors.LoadJSON[struct{ Name, Token string }](t, "../../testdata/jitsi/vectors.json", 6) {
		want[v.Name] = v.Token
	}
	selfHosted := map[string]string{"JITSI_APP_ID": "example_app_id", "JITSI_APP_SECRET": "example_app_secret_3f9a1c7e5b2d"}
	for _, tc := range []struct {
		vector string
		env    map[string]string
		args   []string
	}{
		{"self-hosted", selfHosted, []string{"--room", "*", "--sub", "meet.example.com", "--user-id", "abcd:a1b2c3", "--user-name", "John Doe",
			"--avatar", "https://gravatar.com/avatar/abc123", "--email", "jdoe@example.com", "--iat", "1796601600"}},
		{"jaas-guest", nil, []string{"--jaas", "--room", "daily-standup", "--user-id", "guest-17", "--user-name", "Zoë Guest", "--feature", "recording=false",
			"--feature", "screen-sharing", "--iat", "1796601600", "--ttl", "1h", "--app-id", "vpaas-magic-cookie-1a2b3c4d5e6f", "--key-id", "9d8c7b",
			"--key-file", "../../testdata/jwt/test-key-b.pkcs8.pem"}},
	} {
		if r := sdkjwt(t, tc.env, "", append([]string{"jitsi"}, tc.args...)...); r.code != 0 || r.stdout != want[tc.vector]+"\n" {
			t.Errorf("%s: %+v\nwant %s", tc.vector, r, want[tc.vector])
		}
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{selfHosted, []string{"--sub", "x"}, "--room is required"},
		{selfHosted, []string{"--room", "r"}, "--sub is required"},
		{selfHosted, []string{"--room", "r", "--sub", "Meet.Example.com"}, "sub must be lower-case"},
		{selfHosted, []string{"--room", "r", "--sub", "x", "--feature", "recordings"}, "context.features must name features"},
		{selfHosted, []string{"--room", "r", "--sub", "x", "--feature", "recording=yes"}, "the value is true or false"},
		{nil, []string{"--jaas", "--room", "r", "--app-id", "vpaas-magic-cookie-a", "--key-id", "k", "--key-file", "../../testdata/jwt/test-key-1024.pem"}, "1024 bits"},
		{nil, []string{"--jaas", "--room", "r", "--app-id", "vpaas-magic-cookie-a", "--key-file", "../../testdata/jwt/test-key-a.pkcs8.pem"}, "no key-id: set JAAS_API_KEY"},
		{nil, []string{"--jaas", "--room", "r", "--app-id", "my-app", "--key-id", "k", "--key-file", "../../testdata/jwt/test-key-a.pkcs8.pem"}, "must be the JaaS AppID"},
		{nil, []string{"--jaas", "--room", "r", "--sub", "x"}, "--secret-file and --sub are for a self-hosted deployment"},
	} {
		r := sdkjwt(t, tc.env, "", append([]string{"jitsi"}, tc.args...)...)
		if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %+v, want an error saying %q", tc.args, r, tc.want)
		}
	}
}
