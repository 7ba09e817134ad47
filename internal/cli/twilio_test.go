package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
)

var twilioEnv = map[string]string{"TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef",
	"TWILIO_API_KEY": "SKfedcba9876543210fedcba9876543210", "TWILIO_API_SECRET": "Q8kZ2mN4pR6tV1xB3dF5hJ7lC9wE0yGa"}

// TestTwilio signs cases of testdata/twilio through the command line, as a
// user types them, and compares each token with the one Twilio's Node
// helper made (testdata/twilio/vectors.json); and checks what is refused.
func TestTwilio(t *testing.T) {
	// The tokens npm twilio 6.2.0 made at 1767225600 (testdata/twilio).
	want := map[string]string{}
	for _, v := range loadTwilio(t) {
		want[v.Name] = v.Token
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"video", []string{"--identity", "alice", "--room", "my-room"}},
		{"video-any-room", []string{"--identity", "alice", "--video"}},
		{"video-region", []string{"--identity", "alice", "--room", "my-room", "--region", "ie1"}},
		{"voice", []string{"--identity", "alice", "--incoming-allow", "--outgoing-application-sid", "AP00112233445566778899aabbccddeeff",
			"--param", "to=+15551234567", "--param", "2=two", "--param", "1=one", "--param", "to=+15557654321",
			"--push-credential-sid", "CRffeeddccbbaa99887766554433221100", "--voice-endpoint-id", "endpoint-1"}},
		{"all-grants", []string{"--identity", "alice", "--room", "my-room", "--incoming-allow", "--chat-service-sid", "IS0123456789abcdef0123456789abcdef",
			"--sync-service-sid", "ISfedcba9876543210fedcba9876543210", "--ttl", "2h"}},
		{"nbf", []string{"--identity", "alice", "--room", "r", "--nbf", "1767225700"}},
	} {
		r := sdkjwtAt(t, 1767225600, twilioEnv, "", append([]string{"twilio"}, tc.args...)...)
		if r.code != exitOK || r.stdout != want[tc.name]+"\n" || r.stderr != "" {
			t.Errorf("%s: %+v\nwant %s", tc.name, r, want[tc.name])
		}
	}
	r := sdkjwtAt(t, 1767225600, twilioEnv, "", "twilio", "--identity", "alice", "--room", "my-room", "--json")
	if r.code != exitOK || r.stdout != `{"identity":"alice","token":"`+want["video"]+`"}`+"\n" {
		t.Errorf("--json: %+v", r)
	}
	swapped := map[string]string{"TWILIO_ACCOUNT_SID": twilioEnv["TWILIO_ACCOUNT_SID"], "TWILIO_API_KEY": twilioEnv["TWILIO_API_SECRET"], "TWILIO_API_SECRET": twilioEnv["TWILIO_API_KEY"]}
	for _, tc := range []struct {
		env   map[string]string
		args  []string
		code  int
		error string
	}{
		{twilioEnv, []string{"--identity", "alice"}, exitUsage, "the token would grant nothing"},
		{twilioEnv, []string{"--room", "r"}, exitError, "grants.identity is required"},
		{twilioEnv, []string{"--identity", "alice", "--room", "r", "--ttl", "25h"}, exitError, "exp must be at most 86400 seconds"},
		{twilioEnv, []string{"--identity", strings.Repeat("i", 129), "--room", "r"}, exitError, "grants.identity must be at most 128 characters"},
		{twilioEnv, []string{"--identity", "alice", "--room", "r", "--account-sid", "SKfedcba9876543210fedcba9876543210"}, exitError, "sub must be an Account SID"},
		{twilioEnv, []string{"--identity", "alice", "--param", "a=b", "--incoming-allow"}, exitUsage, "--param needs --outgoing-application-sid"},
		{twilioEnv, []string{"--identity", "alice", "--outgoing-application-sid", "AP00112233445566778899aabbccddeeff", "--param", "novalue"}, exitUsage, `--param "novalue": not NAME=VALUE`},
		{map[string]string{"TWILIO_API_KEY": twilioEnv["TWILIO_API_KEY"], "TWILIO_API_SECRET": twilioEnv["TWILIO_API_SECRET"]}, []string{"--identity", "alice", "--room", "r"}, exitError, "no Account SID"},
		{swapped, []string{"--identity", "alice", "--room", "r"}, exitError, "TWILIO_API_KEY and TWILIO_API_SECRET look swapped"},
	} {
		r := sdkjwtAt(t, 1767225600, tc.env, "", append([]string{"twilio"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.error) || strings.Contains(r.stderr, twilioEnv["TWILIO_API_SECRET"]) {
			t.Errorf("%q: %+v, want exit %d naming %q", tc.args, r, tc.code, tc.error)
		}
	}
}

// loadTwilio reads the names and tokens of testdata/twilio/vectors.json.
func loadTwilio(t *testing.T) []struct{ Name, Token string } {
	b, err := os.ReadFile("../../testdata/twilio/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct{ Name, Token string }
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 10 {
		t.Fatalf("%d vectors: %v", len(vs), err)
	}
	return vs
}

// TestServeTwilio: serve answers GET /token as twilio/video-quickstart-js's
// server does (server's TestTwilioQuickstart compares the bytes), and
// refuses to start with credentials no token could be accepted with.
func TestServeTwilio(t *testing.T) {
	var env []string
	for k, v := range twilioEnv {
		env = append(env, k+"="+v)
	}
	p := startServe(t, env, "--sdk", "twilio")
	res, err := http.Get("http://" + p.addr + "/token?identity=alice")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(string(b), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0.") || strings.Contains(string(b), twilioEnv["TWILIO_API_SECRET"]) {
		t.Errorf("GET /token: %d %s", res.StatusCode, b)
	}
	if code, body := p.post(t, "/", `{"identity":""}`); code != 400 || !strings.Contains(body, `"property":"identity"`) {
		t.Errorf("POST / (--sdk twilio): %d %s", code, body)
	}
	p.stop(t)
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TWILIO_API_KEY": twilioEnv["TWILIO_API_KEY"], "TWILIO_API_SECRET": twilioEnv["TWILIO_API_SECRET"]}, "TWILIO_ACCOUNT_SID must be an Account SID"},
		{map[string]string{"TWILIO_ACCOUNT_SID": twilioEnv["TWILIO_ACCOUNT_SID"], "TWILIO_API_KEY": "ACnotakey", "TWILIO_API_SECRET": twilioEnv["TWILIO_API_SECRET"]}, "TWILIO_API_KEY must be an API key SID"},
	} {
		if r := sdkjwt(t, tc.env, "", "serve"); r.code != exitError || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, twilioEnv["TWILIO_API_SECRET"]) {
			t.Errorf("%v: %+v, want %q", tc.env, r, tc.want)
		}
	}
}
