package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

const (
	agoraAppID = "970CA35de60c44645bbae8a215061b33"
	agoraCert  = "5CFd2fd1755d40ecb72977518be15d3b"
)

// TestAgoraServeRefuses: serve's start-up errors for Agora's routes.
func TestAgoraServeRefuses(t *testing.T) {
	agora := map[string]string{"AGORA_APP_ID": agoraAppID, "AGORA_APP_CERTIFICATE": agoraCert}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		msg  string
	}{
		{map[string]string{"AGORA_APP_ID": agoraAppID}, nil, exitError, "error: AGORA_APP_ID is set but AGORA_APP_CERTIFICATE is not"},
		{map[string]string{"APP_CERTIFICATE": agoraCert}, nil, exitError, "error: APP_CERTIFICATE is set but APP_ID is not"},
		{map[string]string{"AGORA_APP_ID": "x", "AGORA_APP_CERTIFICATE": agoraCert}, nil, exitError, `error: AGORA_APP_ID: appId must be 32 hexadecimal digits`},
		{map[string]string{"AGORA_APP_ID": agoraAppID, "AGORA_APP_CERTIFICATE": "not hex"}, nil, exitError, "error: AGORA_APP_CERTIFICATE: agora: the App Certificate must be 32 hexadecimal digits"},
		{map[string]string{"AGORA_APP_ID": agoraAppID, "AGORA_APP_CERTIFICATE": agoraAppID}, nil, exitError, "error: AGORA_APP_CERTIFICATE is AGORA_APP_ID"},
		{map[string]string{"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": marker, "LIVEKIT_URL": "wss://x"}, []string{"--agora-channel", "c"}, exitError, "error: --agora-channel, --agora-max-ttl and --agora-max-role need AGORA_APP_ID and AGORA_APP_CERTIFICATE"},
		{agora, []string{"--agora-max-ttl", "25h"}, exitUsage, `error: --agora-max-ttl "25h": want a duration from 1s to 24h`},
		{agora, []string{"--agora-max-role", "publisher2"}, exitUsage, `error: --agora-max-role "publisher2": want publisher or subscriber`},
		{agora, []string{"--agora-channel", "a/b"}, exitUsage, `error: --agora-channel: rtc.channel must be 1 to 63 bytes`},
	} {
		r := sdkjwt(t, tc.env, "", append([]string{"serve"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.msg) || strings.Contains(r.stderr, marker) || strings.Contains(r.stderr, agoraCert) {
			t.Errorf("%v %q: %+v, want exit %d and %q", tc.env, tc.args, r, tc.code, tc.msg)
		}
	}
}

// TestAgoraServe: with agora-token-service's variables, serve starts with
// a warning, and answers its routes at the root with --sdk agora.
func TestAgoraServe(t *testing.T) {
	p := startServe(t, []string{"APP_ID=" + agoraAppID, "APP_CERTIFICATE=" + agoraCert}, "--sdk", "agora", "--agora-max-role", "subscriber")
	if !strings.Contains(p.start, "read from APP_ID and APP_CERTIFICATE, agora-token-service's names") {
		t.Errorf("no warning of the service's names:\n%s", p.start)
	}
	for path, want := range map[string]string{
		"/rtc/c/subscriber/uid/42/":       `{"rtcToken":"007`,
		"/agora/rtm/alice/":               `{"rtmToken":"007`,
		"/rtc/c/publisher/uid/42/":        `{"error":"Error Generating RTC token - This endpoint signs subscriber tokens only","status":403}`,
		"/ping":                           `{"message":"pong"}`,
		"/rtc/c/subscriber/uid/42/?x=%ff": `{"errors":[{"property":"$request","reason":"Query string or path is not UTF-8"}]}`,
	} {
		res, err := http.Get("http://" + p.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.HasPrefix(string(b), want) {
			t.Errorf("GET %s: %d %s, want %s", path, res.StatusCode, b, want)
		}
	}
	if code, body := p.post(t, "/getToken", `{"tokenType":"chat","uid":"alice"}`); code != 200 || !strings.HasPrefix(body, `{"token":"007`) {
		t.Errorf("POST /getToken: %d %s", code, body)
	}
	p.stop(t)
}
