package cli

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// TestHMS signs the 100ms vectors from the command line. The jti is random,
// so the payload is compared with the vector's once its jti is put in.
func TestHMS(t *testing.T) {
	b, err := os.ReadFile("../../testdata/jsonwebtoken/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		Name, Type, Secret, JTI, Role string
		AccessKey                     string `json:"access_key"`
		RoomID                        string `json:"room_id"`
		UserID                        string `json:"user_id"`
		Now                           int64
		ExpiresIn                     *int64 `json:"expires_in"`
		PayloadJSON                   string `json:"payload_json"`
	}
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 6 {
		t.Fatalf("%d vectors, %v", len(vs), err)
	}
	jtis := map[string]bool{}
	for _, v := range vs {
		if v.Type == "raw" {
			continue // TestSign's
		}
		args := []string{"hms", v.Type, "--iat", strconv.FormatInt(v.Now, 10)}
		if v.ExpiresIn != nil {
			args = append(args, "--ttl", strconv.FormatInt(*v.ExpiresIn, 10))
		}
		if v.Type == "app" {
			args = append(args, "--room", v.RoomID, "--role", v.Role)
		}
		if v.UserID != "" {
			args = append(args, "--user", v.UserID)
		}
		// At the vector's clock: a token made then is not dead on arrival.
		r := sdkjwtAt(t, v.Now, map[string]string{"HMS_ACCESS_KEY": v.AccessKey, "HMS_APP_SECRET": v.Secret}, "", args...)
		s, _ := jwt.NewSigner([]byte(v.Secret))
		tok, err := s.Verify(strings.TrimSuffix(r.stdout, "\n"))
		if r.code != 0 || r.stderr != "" || err != nil {
			t.Errorf("%s: %+v, %v", v.Name, r, err)
			continue
		}
		var claims struct{ JTI string }
		json.Unmarshal(tok.RawPayload, &claims)
		if want := strings.Replace(v.PayloadJSON, v.JTI, claims.JTI, 1); string(tok.RawPayload) != want {
			t.Errorf("%s:\n got %s\nwant %s", v.Name, tok.RawPayload, want)
		}
		if len(claims.JTI) != 36 || claims.JTI[14] != '4' || jtis[claims.JTI] {
			t.Errorf("%s: jti %q is not a fresh UUID v4", v.Name, claims.JTI)
		}
		jtis[claims.JTI] = true
	}

	env := map[string]string{"HMS_ACCESS_KEY": "k", "HMS_APP_SECRET": marker}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"hms"}, exitUsage, "error: hms takes app or management"},
		{[]string{"hms", "room"}, exitUsage, "error: hms takes app or management"},
		{[]string{"hms", "management", "--room", "r"}, exitUsage, "flag provided but not defined: -room"},
		{[]string{"hms", "app", "--user", "u", "--role", "host"}, exitError, "error: room_id is required\nsdkjwt: hint: the claim room_id comes from --room"},
		{[]string{"hms", "app", "--room", "r", "--user", "u"}, exitError, "error: role is required\nsdkjwt: hint: the claim role comes from --role"},
		{[]string{"hms", "app", "--room", "r\n", "--user", "u", "--role", "host"}, exitError, `error: room_id must not contain control characters, got "r\n"`},
		{[]string{"hms", "management", "--ttl", "0s"}, exitError, "error: exp must be later than iat (a positive lifetime), got 0 seconds"},
		{[]string{"hms", "management", "--ttl", "-1h"}, exitError, "got -3600 seconds"},
		{[]string{"hms", "management", "--secret", "x"}, exitUsage, "sdkjwt never takes a secret on the command line"},
		{[]string{"hms", "management", "--app-secret", "x"}, exitUsage, "sdkjwt never takes a secret on the command line"},
		{[]string{"hms", "management", "--client-secret", "x"}, exitUsage, "sdkjwt never takes a secret on the command line"},
	} {
		r := sdkjwt(t, env, "", tc.args...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.msg) || strings.Contains(r.stderr, marker) {
			t.Errorf("%q: got %+v, want exit %d and %q", tc.args, r, tc.code, tc.msg)
		}
	}
	r := sdkjwt(t, env, "", "hms", "management", "--json")
	if r.code != 0 || !strings.HasPrefix(r.stdout, `{"token":"eyJ`) || !strings.HasSuffix(r.stdout, "\"}\n") {
		t.Errorf("--json: %+v", r)
	}
	r = sdkjwt(t, map[string]string{"HMS_APP_SECRET": marker}, "", "hms", "management")
	if r.code != exitError || !strings.Contains(r.stderr, "error: no key: set HMS_ACCESS_KEY, or use --key") {
		t.Errorf("no key: %+v", r)
	}
}
