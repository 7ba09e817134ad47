package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// TestSign signs claims as users write them and compares with tokens that
// jws (jsonwebtoken's signer) made over the payload bytes we expect.
func TestSign(t *testing.T) {
	b, err := os.ReadFile("../../testdata/jsonwebtoken/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct{ Name, Secret, Token string }
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	token := map[string]string{}
	secret := map[string]string{}
	for _, v := range vs {
		token[v.Name], secret[v.Name] = v.Token, v.Secret
	}
	dir := t.TempDir()
	file := func(content string) string {
		p := filepath.Join(dir, strconv.Itoa(len(content)))
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		vector, stdin string
		args          []string
	}{
		{"sign_zoom_api_jwt", `{ "iss": "API_KEY" }` + "\n", []string{"--claims", "-", "--iat", "1700000000", "--ttl", "1h"}},
		{"sign_zoom_api_jwt", "", []string{"--claims", file(`{"iss":"API_KEY","iat":0,"exp":"0"}`), "--iat", "1700000000", "--exp", "1700003600"}},
		{"sign_text_as_written", "", []string{"--claims", file("{\"n\": 1.50, \"e\": 1E+3, \"s\": \"\\u0041<&>\\u2028\",\n \"o\": {\"a\": [1, {}]}, \"iat\": \"soon\"}"), "--iat", "1700000000"}},
		{"sign_cobrowse_as_is", "", []string{"--claims", file("{\n  \"app_key\": \"k\",\n  \"role_type\": 1,\n  \"user_id\": \"u1\",\n  \"user_name\": \"Ann\",\n  \"iat\": 1700000000,\n  \"exp\": 1700007200\n}\n")}},
	} {
		if token[tc.vector] == "" {
			t.Fatalf("no vector %s", tc.vector)
		}
		r := sdkjwt(t, map[string]string{"SDKJWT_SECRET": secret[tc.vector]}, tc.stdin, append([]string{"sign"}, tc.args...)...)
		warning := "" // a token without exp never expires: said on stderr
		if tc.vector == "sign_text_as_written" {
			warning = "sdkjwt: warning: the token has no exp, so it never expires: whoever holds it keeps its access for ever; give --ttl or --exp\n"
		}
		if r.code != 0 || r.stdout != token[tc.vector]+"\n" || r.stderr != warning {
			t.Errorf("%s %q: %+v\nwant %s", tc.vector, tc.args, r, token[tc.vector])
		}
	}

	env := map[string]string{"SDKJWT_SECRET": marker}
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"", []string{"--claims", "-", "--secret-file", "-"}, exitUsage, "error: --claims and --secret-file cannot both read stdin"},
		{"", []string{"--key", "k"}, exitUsage, "flag provided but not defined: -key"},
		{"[1]", []string{"--claims", "-"}, exitError, "error: jwt: invalid claims: the input is not a JSON object"},
		{`{"a":1} x`, []string{"--claims", "-"}, exitError, "the input has data after its JSON object"},
		{`{"iat":1,"iat":2}`, []string{"--claims", "-"}, exitError, `error: jwt: duplicate JSON member name: "iat" in the input`},
		{"{\"a\":\"\xff\"}", []string{"--claims", "-"}, exitError, "the input is not valid UTF-8"},
		{`{"a":"` + strings.Repeat("x", 20000) + `"}`, []string{"--claims", "-"}, exitError, "error: jwt: token too large: 16385 bytes of claims, the limit is 16384"},
		{"", []string{"--claims", filepath.Join(dir, "nope")}, exitError, "error: claims: open"},
		{"", []string{"--iat", "1700000000000"}, exitError, "error: iat must be Unix time in seconds"},
		{"", []string{"--ttl", "0s"}, exitError, "error: exp must be later than iat (a positive lifetime), got 0 seconds"},
		{"", []string{"--exp", "x"}, exitUsage, `--exp "x": not Unix time`},
	} {
		r := sdkjwt(t, env, tc.stdin, append([]string{"sign"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.msg) || strings.Contains(r.stderr, marker) {
			t.Errorf("%q: got %+v, want exit %d and %q", tc.args, r, tc.code, tc.msg)
		}
	}
	if r := sdkjwt(t, nil, "", "sign"); r.code != exitError || !strings.Contains(r.stderr, "error: no secret: set SDKJWT_SECRET, or use --secret-file PATH") {
		t.Errorf("no secret: %+v", r)
	}
	// Without claims or flags: {} as it is.
	r := sdkjwt(t, env, "", "sign")
	s, _ := jwt.NewSigner([]byte(marker))
	if tok, err := s.Verify(strings.TrimSpace(r.stdout)); err != nil || string(tok.RawPayload) != "{}" {
		t.Errorf("sign with nothing: %+v, %v", r, err)
	}
}

// TestSignRS256: sign --alg RS256 makes, for the claims and key of each case
// of testdata/jwt, the token jws made; the key comes from --key-file, from
// SDKJWT_PRIVATE_KEY_FILE, or from stdin. What it refuses, it refuses
// without printing the key.
func TestSignRS256(t *testing.T) {
	b, err := os.ReadFile("../../testdata/jwt/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		Name, Key, Token string
		Header           map[string]string
		PayloadJSON      string `json:"payload_json"`
	}
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 6 {
		t.Fatalf("vectors: %v", err)
	}
	dir := t.TempDir()
	for i, v := range vs {
		key := filepath.Join("..", "..", "testdata", "jwt", v.Key)
		claims := filepath.Join(dir, v.Name+".json")
		if err := os.WriteFile(claims, []byte(v.PayloadJSON), 0o600); err != nil {
			t.Fatal(err)
		}
		args := []string{"sign", "--alg", "RS256", "--claims", claims}
		if kid := v.Header["kid"]; kid != "" {
			args = append(args, "--kid", kid)
		}
		var env map[string]string
		stdin := ""
		switch i % 3 {
		case 0:
			args = append(args, "--key-file", key)
		case 1:
			env = map[string]string{"SDKJWT_PRIVATE_KEY_FILE": key}
		default:
			pem, _ := os.ReadFile(key)
			args, stdin = append(args, "--key-file", "-"), string(pem)
		}
		if r := sdkjwt(t, env, stdin, args...); r.code != 0 || r.stdout != v.Token+"\n" {
			t.Errorf("%s: %+v\nwant %s", v.Name, r, v.Token)
		}
	}
	weak, _ := os.ReadFile("../../testdata/jwt/test-key-1024.pem")
	for _, tc := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"sign", "--alg", "RS256", "--key-file", "-"}, string(weak), "the key has 1024 bits"},
		{[]string{"sign", "--alg", "RS256", "--key-file", "../../testdata/jwt/test-key-a.pub.pem"}, "", `"PUBLIC KEY", not a private key`},
		{[]string{"sign", "--alg", "RS256", "--secret-file", "-"}, "x", "--secret-file is for HS256"},
		{[]string{"sign", "--kid", "k"}, "", "--key-file and --kid are for --alg RS256"},
		{[]string{"sign", "--alg", "ES256"}, "", "--alg"},
	} {
		r := sdkjwt(t, nil, tc.stdin, tc.args...)
		if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "MII") {
			t.Errorf("%q: %+v, want an error saying %q", tc.args, r, tc.want)
		}
	}
}
