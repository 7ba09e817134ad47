package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
)

func twilioServer(t *testing.T, now int64) *httptest.Server {
	s, err := jwt.NewSigner([]byte("Q8kZ2mN4pR6tV1xB3dF5hJ7lC9wE0yGa"))
	if err != nil {
		t.Fatal(err)
	}
	tw := &Twilio{Credentials: Credentials{Key: "SKfedcba9876543210fedcba9876543210", Signer: s}, AccountSID: "AC0123456789abcdef0123456789abcdef"}
	srv := httptest.NewServer(mustNew(t, Config{Routes: []Route{tw.Route()}, Now: func() time.Time { return time.Unix(now, 0) }}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) answer {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

// TestTwilioQuickstart asks GET /token what twilio/video-quickstart-js's
// server was asked (testdata/serve-twilio.json, recorded by running it with
// its own packages: testdata/twilio/quickstart/record.js). A token the
// quickstart signs with an identity Twilio Video takes is answered byte for
// byte the same; where it signs one no client can join with (no identity,
// an empty one, one over 128 characters), /token refuses, naming identity.
// room, which the quickstart ignores, limits the token to that room.
func TestTwilioQuickstart(t *testing.T) {
	b, err := os.ReadFile("../testdata/serve-twilio.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Now     int64
		Answers []struct {
			Query, Body string
			Status      int
		}
	}
	if err := json.Unmarshal(b, &rec); err != nil || len(rec.Answers) < 7 {
		t.Fatalf("%d answers: %v", len(rec.Answers), err)
	}
	srv := twilioServer(t, rec.Now)
	good := 0
	for _, a := range rec.Answers {
		got := get(t, srv.URL+"/token?"+a.Query)
		q := a.Query
		switch {
		case q == "" || q == "identity=" || strings.HasPrefix(q, "identity=iii"):
			if got.status != http.StatusBadRequest || !strings.Contains(got.body, `"property":"identity"`) {
				t.Errorf("%q: %d %s, want 400 naming identity", q, got.status, got.body)
			}
		case strings.Contains(q, "room="):
			if got.status != http.StatusOK || got.body == a.Body || !strings.Contains(jwtPayload(t, got.body), `"video":{"room":"ignored"}`) {
				t.Errorf("%q: %d %s, want a token for the room", q, got.status, got.body)
			}
		default:
			good++
			if got.status != a.Status || got.body != a.Body || got.header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("%q: %d %q %s\nwant %d %s", q, got.status, got.header.Get("Content-Type"), got.body, a.Status, a.Body)
			}
		}
	}
	if good < 3 {
		t.Errorf("%d answers compared byte for byte", good)
	}
	// The same request as a POST with a JSON body.
	if got := post(t, srv.URL+"/token", jsonType, `{"identity":"alice"}`); got.status != http.StatusOK || got.body != rec.Answers[0].Body {
		t.Errorf("POST: %d %s", got.status, got.body)
	}
}

func jwtPayload(t *testing.T, token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTwilioRefusals: what GET /token refuses, and why.
func TestTwilioRefusals(t *testing.T) {
	srv := twilioServer(t, 1767225600)
	for _, tc := range []struct {
		method, query, body string
		status              int
		reason              string
	}{
		{"GET", "identity=a&identity=b", "", 400, `Query parameter \"identity\" given more than once`},
		{"GET", "identity=%ff", "", 400, "Query string is not UTF-8"},
		{"GET", "identity=%zz", "", 400, "Query string could not be parsed"},
		{"POST", "", `{"identity":1}`, 400, "Value 1 not allowed, must be of type string"},
		{"POST", "", `{"identity":"a","room":["r"]}`, 400, `"property":"room"`},
		{"PUT", "identity=a", "", 405, "use GET or POST"},
	} {
		var got answer
		switch tc.method {
		case "GET":
			got = get(t, srv.URL+"/token?"+tc.query)
		case "POST":
			got = post(t, srv.URL+"/token", jsonType, tc.body)
		default:
			req, _ := http.NewRequest(tc.method, srv.URL+"/token?"+tc.query, nil)
			got = do(t, req)
		}
		if got.status != tc.status || !strings.Contains(got.body, tc.reason) {
			t.Errorf("%s %q %s: %d %s, want %d naming %s", tc.method, tc.query, tc.body, got.status, got.body, tc.status, tc.reason)
		}
	}
	if got := get(t, srv.URL+"/token?identity=a"); got.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET /token: no CORS header: %v", got.header)
	}
}
