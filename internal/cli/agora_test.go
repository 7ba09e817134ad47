package cli

import (
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/agora"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

// TestAgora signs every builder case of testdata/agora from the command
// line. The salt is random, so the token differs from agora-token's; what
// is inside must not: the content agora-token made, with the salt the
// command drew, signed with the certificate.
func TestAgora(t *testing.T) {
	for _, c := range vectors.LoadAgora(t, "../../testdata") {
		if c.Builder == "" {
			continue
		}
		args := []string{"agora", "", "--iat", strconv.FormatUint(uint64(c.IssueTs), 10), "--ttl", strconv.FormatUint(uint64(c.Expire), 10)}
		switch c.Builder {
		case "rtc_uid", "rtc_account":
			args[1] = "rtc"
			args = append(args, "--channel", c.Channel, "--role", c.Role, "--privilege-ttl", strconv.FormatUint(uint64(c.PrivilegeExpire), 10))
			if c.Builder == "rtc_uid" {
				args = append(args, "--uid", strconv.FormatUint(uint64(c.UID), 10))
			} else {
				args = append(args, "--account", c.Account)
			}
		case "rtm", "chat_user":
			args[1] = map[string]string{"rtm": "rtm", "chat_user": "chat"}[c.Builder]
			args = append(args, "--user", c.User)
		}
		r := sdkjwtAt(t, int64(c.IssueTs), map[string]string{"AGORA_APP_ID": c.AppID, "AGORA_APP_CERTIFICATE": c.Certificate}, "", args...)
		p, err := agora.Parse(strings.TrimSuffix(r.stdout, "\n"))
		if r.code != 0 || err != nil {
			t.Errorf("%s: sdkjwt %q: %+v: %v", c.Name, args, r, err)
			continue
		}
		want, _ := hex.DecodeString(c.ContentHex)
		at := 2 + len(c.AppID) + 8 // the salt follows the App ID, issueTs and expire
		binary.LittleEndian.PutUint32(want[at:], p.Salt)
		if string(p.Content) != string(want) || !p.Verify([]byte(c.Certificate)) || p.Salt < 1 || p.Salt > 99999999 {
			t.Errorf("%s: sdkjwt %q:\ncontent %x\n   want %x (salt %d), verified %v", c.Name, args, p.Content, want, p.Salt, p.Verify([]byte(c.Certificate)))
		}
		if wantErr := map[bool]string{true: "sdkjwt: warning: rtc.uid is empty (uid 0): any user may join the channel with this token\n"}[c.UID == 0 && c.Builder == "rtc_uid"]; !strings.HasPrefix(r.stderr, wantErr) {
			t.Errorf("%s: stderr %q, want %q first", c.Name, r.stderr, wantErr)
		}
	}
}

func TestAgoraErrors(t *testing.T) {
	env := map[string]string{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": "5CFd2fd1755d40ecb72977518be15d3b"}
	rtc := []string{"agora", "rtc", "--channel", "c", "--role", "publisher"}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		want string
	}{
		{env, []string{"agora"}, 2, "agora takes rtc, rtm or chat"},
		{env, []string{"agora", "rtc", "--channel", "c", "--role", "publisher"}, 2, "give --uid or --account (one of them)"},
		{env, append(rtc, "--uid", "1", "--account", "a"), 2, "give --uid or --account (one of them)"},
		{env, append(rtc, "--uid", "4294967296"), 2, `--uid "4294967296": not an integer from 0 to 4294967295`},
		{env, append(rtc, "--uid", "-1"), 2, `--uid "-1": not an integer`},
		{env, []string{"agora", "rtc", "--channel", "c", "--uid", "1", "--role", "host"}, 2, `--role "host": want publisher or subscriber`},
		{env, append(rtc, "--uid", "1", "--ttl", "25h"), 1, "sdkjwt: error: expire must be 1 to 86400 seconds (24h) after issueTs: Agora's tokens are valid for at most 24 hours, got 90000\nsdkjwt: hint: the claim expire comes from --ttl or --exp\n"},
		{env, append(rtc, "--uid", "1", "--exp", "1700003600"), 0, ""}, // now is 1700000030: expire 3570
		{env, append(rtc, "--uid", "1", "--ttl", "1h", "--privilege-ttl", "2h"), 1, "rtc.privileges must not outlast expire: join ends 7200 seconds after issueTs, the token 3600"},
		{env, append(rtc, "--uid", "1", "--privilege-ttl", "10m"), 0, "sdkjwt: warning: rtc.privileges end before the token, which ends 3600 seconds after issueTs: join at 600, publish audio at 600, publish video at 600, publish data at 600\n"},
		{env, append(rtc, "--uid", "1", "--iat", "1600000000"), 0, "sdkjwt: warning: the token expired at 1600003600 (issueTs 1600000000 + expire 3600), before now: it is signed, but it will be refused\n"},
		{env, []string{"agora", "rtc", "--channel", strings.Repeat("c", 64), "--uid", "1", "--role", "subscriber"}, 1, "rtc.channel must be 1 to 63 bytes"},
		{env, []string{"agora", "rtc", "--channel", "café", "--account", "a", "--role", "subscriber"}, 1, `got "café"`},
		{env, []string{"agora", "rtm"}, 2, "--user is required"},
		{env, []string{"agora", "rtm", "--user", " alice"}, 1, "rtm.user must not start with a space"},
		{env, []string{"agora", "chat", "--user", "bob", "--channel", "c"}, 2, "flag provided but not defined: -channel"},
		{env, append(rtc, "--uid", "1", "--secret", "x"), 2, "never takes a secret on the command line"},
		{env, append(rtc, "--uid", "1", "--app-certificate", "x"), 2, "never takes a secret on the command line"},
		{map[string]string{"AGORA_APP_CERTIFICATE": "5CFd2fd1755d40ecb72977518be15d3b"}, append(rtc, "--uid", "1"), 1, "no App ID: set AGORA_APP_ID, or use --app-id"},
		{map[string]string{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33"}, append(rtc, "--uid", "1"), 1, "no secret: set AGORA_APP_CERTIFICATE, or use --secret-file PATH"},
		{map[string]string{"AGORA_APP_ID": "my-app", "AGORA_APP_CERTIFICATE": "5CFd2fd1755d40ecb72977518be15d3b"}, append(rtc, "--uid", "1"), 1, `appId must be 32 hexadecimal digits (the App ID as Agora Console shows it), got "my-app"`},
		{map[string]string{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": "5CFd2fd1755d40ecb72977518be15d3b\n"}, append(rtc, "--uid", "1"), 1, "the App Certificate must be 32 hexadecimal digits"},
		{map[string]string{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": "970CA35de60c44645bbae8a215061b33"}, append(rtc, "--uid", "1"), 1, "the App Certificate is the App ID"},
		{map[string]string{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": "970ca35de60c44645bbae8a215061b33"}, append(rtc, "--uid", "1"), 1, "the App Certificate is the App ID"},
		{env, append(rtc, "--uid", "1", "--ttl", "-5"), 1, "sdkjwt: error: expire must be 1 to 86400 seconds after issueTs, got -5 seconds\nsdkjwt: hint: the claim expire comes from --ttl or --exp\n"},
		{env, append(rtc, "--uid", "1", "--iat", "1700000000000"), 1, "issueTs must be Unix time in seconds, 1 to 4294967295"},
		{env, append(rtc, "--uid", "1", "--iat", "1700000000", "--exp", "1699999999"), 1, "expire must be 1 to 86400 seconds after issueTs, got -1 seconds"},
	} {
		r := sdkjwt(t, tc.env, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || (tc.code != 0) != (r.stdout == "") || tc.want == "" && r.stderr != "" {
			t.Errorf("%q: %+v, want exit %d and %q", tc.args, r, tc.code, tc.want)
		}
	}
}

func TestAgoraJSONAndInspect(t *testing.T) {
	env := map[string]string{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": "5CFd2fd1755d40ecb72977518be15d3b"}
	r := sdkjwt(t, env, "", "agora", "rtm", "--user", "alice", "--json")
	token, ok := strings.CutPrefix(r.stdout, `{"token":"`)
	token, ok2 := strings.CutSuffix(token, "\"}\n")
	if r.code != 0 || !ok || !ok2 || !strings.HasPrefix(token, "007") {
		t.Fatalf("--json: %+v", r)
	}
	// inspect reads the certificate and the expected App ID from the
	// environment of the token's kind.
	r = sdkjwt(t, env, "", "inspect", token)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "OK — agora, signature valid\n") || !strings.Contains(r.stdout, `"user": "alice"`) {
		t.Errorf("inspect: %+v", r)
	}
	env["AGORA_APP_ID"] = "0123456789abcdef0123456789abcdef"
	if r = sdkjwt(t, env, "", "inspect", token); r.code != 1 || !strings.Contains(r.stdout, "key-mismatch") {
		t.Errorf("inspect with another App ID: %+v", r)
	}
}

// TestAgoraCertificateNeverPrinted: a valid App Certificate (32 hex
// digits, so that signing goes ahead) never appears in any output, even
// when a token carries it as its App ID.
func TestAgoraCertificateNeverPrinted(t *testing.T) {
	const cert = "5ec2e7c0ffee5ec2e7c0ffee5ec2e7aa"
	const appID = "970CA35de60c44645bbae8a215061b33"
	file := filepath.Join(t.TempDir(), "certificate")
	if err := os.WriteFile(file, []byte(cert+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sign := func(appID, cert string) string {
		tok := agora.Token{AppID: appID, IssueTs: 1700000000, Expire: 3600, Salt: 7, Services: []agora.Service{agora.RTCService("c", "1", true, 3600)}}
		s, err := tok.Sign([]byte(cert))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	carrier := sign(cert, appID) // App ID and certificate swapped where it was made
	for _, env := range []map[string]string{
		{"AGORA_APP_ID": appID, "AGORA_APP_CERTIFICATE": cert},
		{"AGORA_APP_ID": appID, "AGORA_APP_CERTIFICATE": cert + "\n"},
		{"AGORA_APP_ID": cert, "AGORA_APP_CERTIFICATE": cert},
		{"AGORA_APP_ID": appID},
	} {
		for _, args := range [][]string{
			{"agora", "rtc", "--channel", "c", "--uid", "1", "--role", "publisher", "--json"},
			{"agora", "rtc", "--channel", "c/d", "--uid", "1", "--role", "publisher"},
			{"agora", "rtm", "--user", "u", "--ttl", "48h", "--secret-file", file},
			{"agora", "chat", "--user", "u", "--secret-file", "-"},
			{"inspect", sign(appID, cert)},
			{"inspect", sign(appID, "0123456789abcdef0123456789abcdef"), "--secret-file", file},
			{"inspect", carrier, "--json"},
			{"inspect", carrier, "--secret-file", file, "--key", appID},
		} {
			if env["AGORA_APP_CERTIFICATE"] == "" && len(args) == 3 && args[1] == carrier {
				continue // no certificate given: nothing tells inspect that the App ID is one
			}
			r := sdkjwt(t, env, cert+"\n", args...)
			if strings.Contains(r.stdout+r.stderr, cert) {
				t.Errorf("%v with %v: the certificate is in the output:\n%+v", args, env, r)
			}
			if slices.Contains(args, carrier) && env["AGORA_APP_CERTIFICATE"] == cert && !strings.Contains(r.stdout, "secret-in-token") {
				t.Errorf("%v with %v: no secret-in-token:\n%+v", args, env, r)
			}
		}
	}
}
