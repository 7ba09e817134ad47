package cli

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

// TestVonage: the vonage command makes what Vonage's SDKs made for the same
// inputs (testdata/vonage), but for the random nonce and jti it draws, and
// refuses what they refuse, naming the flag.
func TestVonage(t *testing.T) {
	want := map[string]string{}
	for _, v := range vectors.LoadJSON[struct{ Name, Token string }](t, "../../testdata/vonage/vectors.json", 12) {
		want[v.Name] = v.Token
	}
	// The content of a token, its random values and signature taken out.
	random := regexp.MustCompile(`"nonce":[0-9.e-]+|nonce=[0-9.e-]+|"jti":"[0-9a-f-]{36}"|sig=[0-9a-f]{40}`)
	content := func(token string) string {
		if strings.HasPrefix(token, "T1==") {
			b, _ := base64.StdEncoding.DecodeString(token[4:])
			return random.ReplaceAllString(string(b), "…")
		}
		parts := strings.Split(token, ".")
		if len(parts) != 3 {
			return token
		}
		h, _ := base64.RawURLEncoding.DecodeString(parts[0])
		p, _ := base64.RawURLEncoding.DecodeString(parts[1])
		return string(h) + random.ReplaceAllString(string(p), "…")
	}
	const session = "1_MX40NzAwMDAwMX4xMjcuMC4wLjF-TW9uIERlYyAwNyAyMDI2IDAwOjAwOjAwIEdNVCswMDAwfk1DNHhNak0wfg"
	project := map[string]string{"VONAGE_API_KEY": "47000001", "VONAGE_API_SECRET": "0123456789abcdef0123456789abcdef01234567"}
	for _, tc := range []struct {
		vector string
		env    map[string]string
		args   []string
	}{
		{"jwt-subscriber-data", project, []string{"--session", session, "--role", "subscriber", "--data", "name=Alice&id=7", "--layout", "focus,full", "--iat", "1796601600", "--ttl", "1h"}},
		{"t1-escaping", project, []string{"--t1", "--session", session, "--role", "subscriber", "--data", "a b!*'()~&=+/?é✓", "--layout", "focus,full", "--iat", "1796601600", "--ttl", "10m"}},
		{"app-default", map[string]string{"VONAGE_APPLICATION_ID": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"},
			[]string{"--application", "--session", session, "--key-file", "../../testdata/jwt/test-key-a.pkcs8.pem", "--iat", "1796601600"}},
	} {
		r := sdkjwt(t, tc.env, "", append([]string{"vonage"}, tc.args...)...)
		if got := content(strings.TrimSpace(r.stdout)); r.code != 0 || got != content(want[tc.vector]) {
			t.Errorf("%s: %+v\n got %s\nwant %s", tc.vector, r, got, content(want[tc.vector]))
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--role", "admin"}, "role must be publisher, publisheronly, subscriber, moderator"},
		{[]string{"--session", "1_MX40NzAwMDAwMn4xMjcuMC4wLjF-"}, "must be a session of the API key 47000001"},
		{[]string{"--data", strings.Repeat("x", 1001)}, "at most 1000 characters"},
		{[]string{"--ttl", "744h"}, "at most 30 days"},
		{[]string{"--t1", "--application"}, "cannot be used together"},
	} {
		args := append([]string{"vonage", "--session", session}, tc.args...)
		r := sdkjwt(t, project, "", args...)
		if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %+v, want an error saying %q", tc.args, r, tc.want)
		}
	}
}
