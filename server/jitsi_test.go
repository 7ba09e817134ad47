package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
)

func jitsiServer(t *testing.T, j Jitsi) *httptest.Server {
	s, err := jwt.NewSigner([]byte("example_app_secret_3f9a1c7e5b2d"))
	if err != nil {
		t.Fatal(err)
	}
	j.Credentials = Credentials{Key: "example_app_id", Signer: s}
	if j.Subject == "" {
		j.Subject = "meet.example.com"
	}
	srv := httptest.NewServer(mustNew(t, Config{Routes: []Route{j.Route()}, Default: "jitsi", Now: func() time.Time { return time.Unix(1796601600, 0) }}))
	t.Cleanup(srv.Close)
	return srv
}

// TestJitsi: POST /jitsi answers the token jsonwebtoken made, as 8x8's sample
// makes one, for the same inputs (testdata/jitsi), and refuses what the
// deployment does not let clients choose.
func TestJitsi(t *testing.T) {
	var want string
	for _, v := range vectors.LoadJSON[struct{ Name, Token string }](t, "../testdata/jitsi/vectors.json", 6) {
		if v.Name == "self-hosted" {
			want = v.Token
		}
	}
	srv := jitsiServer(t, Jitsi{Room: "*"})
	a := post(t, srv.URL+"/jitsi", jsonType, `{"user_id":"abcd:a1b2c3","user_name":"John Doe","avatar":"https://gravatar.com/avatar/abc123","email":"jdoe@example.com"}`)
	var got struct{ Token string }
	if a.status != 200 || json.Unmarshal([]byte(a.body), &got) != nil || got.Token != want {
		t.Errorf("POST /jitsi: %d %s\nwant %s", a.status, a.body, want)
	}
	for _, tc := range []struct {
		name   string
		config Jitsi
		body   string
		status int
		want   string // in the body
	}{
		{"moderator asked", Jitsi{}, `{"room":"r","moderator":true}`, 403, `"property":"moderator"`},
		{"another room", Jitsi{Room: "standup"}, `{"room":"other"}`, 403, `"property":"room"`},
		{"every room", Jitsi{}, `{"room":"*"}`, 403, `every room`},
		{"no room", Jitsi{}, `{"user_name":"a"}`, 400, `The room is required`},
		{"an unknown field", Jitsi{}, `{"room":"r","group":"g"}`, 400, `unknown field`},
		{"a number", Jitsi{}, `{"room":1}`, 400, `"property":"$request"`},
		{"moderator allowed", Jitsi{AllowModerator: true}, `{"room":"r","moderator":true}`, 200, `"moderator":"true"`},
		{"every token a moderator", Jitsi{Moderator: true}, `{"room":"r"}`, 200, `"moderator":"true"`},
		{"not a moderator", Jitsi{AllowModerator: true}, `{"room":"r"}`, 200, `"moderator":"false"`},
	} {
		a := post(t, jitsiServer(t, tc.config).URL+"/jitsi", jsonType, tc.body)
		body := a.body
		if a.status == 200 {
			json.Unmarshal([]byte(a.body), &got)
			p, _ := base64.RawURLEncoding.DecodeString(strings.Split(got.Token, ".")[1])
			body = string(p)
		}
		if a.status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want %d and %s", tc.name, a.status, body, tc.status, tc.want)
		}
	}
}
