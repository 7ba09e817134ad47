package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretFile(t *testing.T) {
	dir := t.TempDir()
	args := []string{"video", "--topic", "Cool Cars", "--role", "host", "--ttl", "2h", "--key", key, "--secret-file"}
	for _, tc := range []struct {
		name, content string
		mode          os.FileMode
		token         string
		warning       string
	}{
		{"no newline", secret, 0o600, videoMinimalHost, ""},
		{"LF", secret + "\n", 0o600, videoMinimalHost, ""},
		{"CRLF", secret + "\r\n", 0o400, videoMinimalHost, ""},
		{"readable by all", secret + "\n", 0o644, videoMinimalHost, "is readable by every user (mode -rw-r--r--): chmod 600 it"},
		{"two newlines: only one removed", secret + "\n\n", 0o600, "", "has whitespace around it"},
		{"lone CR kept", secret + "\r", 0o600, "", "has whitespace around it"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_"))
		if err := os.WriteFile(p, []byte(tc.content), tc.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, tc.mode); err != nil { // umask may have narrowed it
			t.Fatal(err)
		}
		r := sdkjwt(t, nil, "", append(args, p)...)
		if r.code != 0 || tc.token != "" && r.stdout != tc.token+"\n" || tc.token == "" && r.stdout == videoMinimalHost+"\n" {
			t.Errorf("%s: %+v", tc.name, r)
		}
		if tc.warning == "" && r.stderr != "" || !strings.Contains(r.stderr, tc.warning) || strings.Contains(r.stderr, secret) {
			t.Errorf("%s: stderr %q, want %q", tc.name, r.stderr, tc.warning)
		}
	}
}

// TestEnvFileAsSecretFile: a file of NAME=value lines (an env file) given
// where a secret file belongs is refused, never signed with, and its text
// is not quoted.
func TestEnvFileAsSecretFile(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{"ZOOM_VIDEO_SDK_SECRET=" + marker + "\n", "ZOOM_VIDEO_SDK_KEY=k\nZOOM_VIDEO_SDK_SECRET=" + marker + "\n", "export SECRET=" + marker} {
		p := filepath.Join(dir, "app.env")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		r := sdkjwt(t, nil, "", "video", "--topic", "t", "--key", key, "--secret-file", p)
		if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "holds NAME=value lines, as an env file does") || strings.Contains(r.stderr, marker) {
			t.Errorf("%q: %+v", content, r)
		}
		r = sdkjwt(t, map[string]string{"ZOOM_VIDEO_SDK_KEY": key, "ZOOM_VIDEO_SDK_SECRET_FILE": p}, "", "video", "--topic", "t")
		if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "ZOOM_VIDEO_SDK_SECRET: secret file") {
			t.Errorf("NAME_FILE %q: %+v", content, r)
		}
	}
}

// TestSecretEqualsKey: sdkjwt never prints a token that carries its secret
// as the key (what inspect calls secret-in-token): equal, or equal up to
// white space or case, by variable or by --key.
func TestSecretEqualsKey(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": marker, "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"video", "--topic", "t"}},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": marker + " ", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"video", "--topic", "t"}},
		{map[string]string{"ZOOM_VIDEO_SDK_SECRET": marker}, []string{"video", "--topic", "t", "--key", strings.ToUpper(marker)}},
		{map[string]string{"LIVEKIT_API_KEY": marker, "LIVEKIT_API_SECRET": marker}, []string{"livekit", "--room", "r", "--identity", "i"}},
		{map[string]string{"HMS_ACCESS_KEY": marker, "HMS_APP_SECRET": marker}, []string{"hms", "management"}},
	} {
		r := sdkjwt(t, tc.env, "", tc.args...)
		if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "is the secret: every token would carry the secret in clear") || strings.Contains(r.stderr, marker) {
			t.Errorf("%v %q: %+v", tc.env, tc.args, r)
		}
	}
}

// TestSwappedShapes: a LiveKit pair whose secret has the shape LiveKit's
// keys are generated in (and whose key has not) is refused by livekit and
// serve, naming the variables and no value; the right way round it signs.
func TestSwappedShapes(t *testing.T) {
	const key, secret = "APIk3yV9xQ2mLpZ", "s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQwX"
	swapped := map[string]string{"LIVEKIT_API_KEY": secret, "LIVEKIT_API_SECRET": key, "LIVEKIT_URL": "wss://x"}
	for _, args := range [][]string{{"livekit", "--room", "r", "--identity", "i"}, {"serve"}} {
		r := sdkjwt(t, swapped, "", args...)
		if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "LIVEKIT_API_KEY and LIVEKIT_API_SECRET look swapped") || strings.Contains(r.stderr, secret) || strings.Contains(r.stderr, key) {
			t.Errorf("%v: %+v", args, r)
		}
	}
	r := sdkjwt(t, map[string]string{"LIVEKIT_API_KEY": key, "LIVEKIT_API_SECRET": secret}, "", "livekit", "--room", "r", "--identity", "i")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "eyJ") {
		t.Errorf("the right way round: %+v", r)
	}
}

// TestDefaults: the times and ids a command makes when not told.
func TestDefaults(t *testing.T) {
	env := map[string]string{"ZOOM_SDK_KEY": "cB7rW2sQx9LmN4pKvYb3Hd", "ZOOM_SDK_SECRET": "Rk8QpXm3rTy9LsVb5NcZh7JdFg2Ra9EuQw1P",
		"ZOOM_API_KEY": "aP1KeyXyZ2wQ7mN3bV9cL0", "ZOOM_API_SECRET": "sEcReT4hQ8zK2mW6pR9tY1uI3oP5aS7dF0gH"}
	for _, tc := range []struct {
		args []string
		want string // the payload, but for a random user_id
	}{
		// iat = now - 30 and 2 hours, as Zoom's docs and samples; 1 hour for the API.
		{[]string{"cobrowse", "--role", "customer", "--user-id", "u"}, `{"app_key":"cB7rW2sQx9LmN4pKvYb3Hd","role_type":1,"user_id":"u","user_name":"u","iat":1700000000,"exp":1700007200}`},
		{[]string{"api"}, `{"iss":"aP1KeyXyZ2wQ7mN3bV9cL0","iat":1700000000,"exp":1700003600}`},
	} {
		r := sdkjwt(t, env, "", tc.args...)
		tok, err := signer(t, env[map[string]string{"api": "ZOOM_API_SECRET", "cobrowse": "ZOOM_SDK_SECRET"}[tc.args[0]]]).Verify(strings.TrimSpace(r.stdout))
		if r.code != 0 || r.stderr != "" || err != nil || string(tok.RawPayload) != tc.want {
			t.Errorf("%q: %+v, %v", tc.args, r, err)
		}
	}
	// The sample's user_id is Math.random().toString(36); ours is random too.
	ids := map[string]bool{}
	for range 3 {
		r := sdkjwt(t, env, "", "cobrowse", "--role", "agent", "--json")
		if r.code != 0 || !strings.HasPrefix(r.stdout, `{"token":"eyJ`) {
			t.Fatalf("%+v", r)
		}
		tok, err := signer(t, env["ZOOM_SDK_SECRET"]).Verify(strings.TrimSuffix(strings.TrimPrefix(r.stdout, `{"token":"`), "\"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		id := string(tok.RawPayload[strings.Index(string(tok.RawPayload), `"user_id":"`)+11:][:16])
		if strings.Trim(id, "abcdefghijklmnopqrstuvwxyz234567") != "" || ids[id] || !strings.Contains(string(tok.RawPayload), `"user_name":"`+id+`"`) {
			t.Errorf("user_id %q is not a fresh random id: %s", id, tok.RawPayload)
		}
		ids[id] = true
	}
}

// TestDeadOnArrival: every signing command warns, by the rules inspect
// applies, when its token is expired or issued in the future, and still signs.
func TestDeadOnArrival(t *testing.T) {
	env := map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": "video secret", "ZOOM_MEETING_SDK_KEY": "k",
		"ZOOM_MEETING_SDK_SECRET": "meeting secret", "ZOOM_SDK_KEY": "k", "ZOOM_SDK_SECRET": "cobrowse secret", "ZOOM_API_KEY": "k",
		"ZOOM_API_SECRET": "api secret", "HMS_ACCESS_KEY": "k", "HMS_APP_SECRET": "hms secret", "SDKJWT_SECRET": "sign secret"}
	const future = "warning: iat is more than 30 seconds in the future, and servers refuse tokens issued ahead of their clock, got 10 minutes ahead (iat 1700000630, now 1700000030): the token is signed, but it will be refused"
	const expired = "warning: exp has passed: the token is expired, got 1 hour ago (exp 1699996430, now 1700000030): the token is signed, but it will be refused"
	for _, cmd := range [][]string{
		{"video", "--topic", "t"}, {"meeting"}, {"cobrowse", "--role", "agent"}, {"api"}, {"hms", "management"}, {"sign"},
	} {
		for _, tc := range []struct {
			times []string
			want  string
		}{
			{[]string{"--iat", "+10m", "--ttl", "1h"}, future},
			{[]string{"--iat", "-2h", "--ttl", "1h"}, expired},
			{[]string{"--iat", "+30s", "--ttl", "1h"}, ""}, // within the skew allowance
		} {
			args := append(append([]string{}, cmd...), tc.times...)
			r := sdkjwt(t, env, "", args...)
			if r.code != exitOK || r.stdout == "" || tc.want == "" && r.stderr != "" || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("%q: %+v, want exit 0 and %q", args, r, tc.want)
			}
		}
	}
	// sign judges only the times it is given: the claims' own are as written.
	if r := sdkjwt(t, env, `{"exp":1}`, "sign", "--claims", "-"); r.code != 0 || r.stderr != "" {
		t.Errorf("sign without times: %+v", r)
	}
}

// TestSwappedWarning: a key longer than the secret looks like the two swapped.
func TestSwappedWarning(t *testing.T) {
	const key, secret = "vQ3xR8sTzLmN4pKwYb2Hc", "Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"
	const want = "sdkjwt: warning: the key (32 characters) is longer than the secret (21): they look swapped, which would send the secret in clear in every token; the secret is the longer credential\n"
	r := sdkjwt(t, map[string]string{"ZOOM_VIDEO_SDK_KEY": secret, "ZOOM_VIDEO_SDK_SECRET": key}, "", "video", "--topic", "t")
	if r.code != 0 || r.stderr != want {
		t.Errorf("swapped: %+v", r)
	}
	if r := sdkjwt(t, map[string]string{"ZOOM_VIDEO_SDK_KEY": key, "ZOOM_VIDEO_SDK_SECRET": secret}, "", "video", "--topic", "t"); r.code != 0 || r.stderr != "" {
		t.Errorf("in order: %+v", r)
	}
}

// TestCredentialFiles: a key and secret from NAME_FILE, or from systemd's
// $CREDENTIALS_DIRECTORY, make the same token as from the variables, for
// every command that reads them; agora's App ID and certificate too.
func TestCredentialFiles(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	args := []string{"video", "--topic", "Cool Cars", "--role", "host", "--iat", "1700000000", "--ttl", "2h"}
	for name, env := range map[string]map[string]string{
		"NAME_FILE":             {"ZOOM_VIDEO_SDK_KEY_FILE": file("key", key), "ZOOM_VIDEO_SDK_SECRET_FILE": file("secret", secret)},
		"CREDENTIALS_DIRECTORY": {"CREDENTIALS_DIRECTORY": dir, "ZOOM_VIDEO_SDK_KEY": key},
		"the variable wins":     {"CREDENTIALS_DIRECTORY": dir, "ZOOM_VIDEO_SDK_KEY": key, "ZOOM_VIDEO_SDK_SECRET": secret},
	} {
		file("ZOOM_VIDEO_SDK_SECRET", secret)
		if r := sdkjwt(t, env, "", args...); r.code != 0 || r.stdout != videoMinimalHost+"\n" || r.stderr != "" {
			t.Errorf("%s: %+v", name, r)
		}
	}
	// inspect finds the secret in the same places.
	env := map[string]string{"CREDENTIALS_DIRECTORY": dir}
	if r := sdkjwt(t, env, "", "inspect", videoMinimalHost); !strings.Contains(r.stdout, "signature-valid") {
		t.Errorf("inspect with $CREDENTIALS_DIRECTORY: %+v", r)
	}
	file("ZOOM_VIDEO_SDK_SECRET", "wrong-secret-wrong-secret-wrong-s")
	if r := sdkjwt(t, env, "", "inspect", videoMinimalHost); strings.Contains(r.stdout, "signature-valid") || strings.Contains(r.stdout+r.stderr, "wrong-secret") {
		t.Errorf("inspect with the wrong secret in $CREDENTIALS_DIRECTORY: %+v", r)
	}
	agora := map[string]string{"AGORA_APP_ID_FILE": file("id", "970CA35de60c44645bbae8a215061b33"), "AGORA_APP_CERTIFICATE_FILE": file("cert", "5CFd2fd1755d40ecb72977518be15d3b")}
	if r := sdkjwt(t, agora, "", "agora", "rtc", "--channel", "c", "--uid", "1", "--role", "publisher"); r.code != 0 || !strings.HasPrefix(r.stdout, "007") {
		t.Errorf("agora from files: %+v", r)
	}
}
