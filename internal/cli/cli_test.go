package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// TestErrors: every error path exits non-zero with nothing on stdout, says
// what is wrong on stderr, and never shows the secret.
func TestErrors(t *testing.T) {
	env := map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker, "ZOOM_MEETING_SDK_KEY": "k", "ZOOM_MEETING_SDK_SECRET": marker}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo") // no writer: opening it to read would block
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
		code  int
		msg   string // must be in stderr
	}{
		{"no command", env, "", nil, exitUsage, "error: no command given"},
		{"unknown command", env, "", []string{"verify"}, exitUsage, `error: unknown command "verify"`},
		{"help for nothing", env, "", []string{"help", "nope"}, exitUsage, `error: no help for "nope"`},
		{"version with args", env, "", []string{"version", "x"}, exitUsage, "version takes no arguments"},
		{"--secret", env, "", []string{"video", "--topic", "t", "--secret", marker}, exitUsage, "hint: sdkjwt never takes a secret on the command line"},
		{"--secret=", env, "", []string{"meeting", "--secret=" + marker}, exitUsage, "error: flag provided but not defined: -secret"},
		{"positional secret", env, "", []string{"video", "--topic", "t", marker}, exitUsage, "error: video takes no positional arguments (1 given)"},
		{"unknown flag", env, "", []string{"video", "--mn", "1"}, exitUsage, "flag provided but not defined: -mn"},
		{"flag without value", env, "", []string{"video", "--topic"}, exitUsage, "flag needs an argument: -topic"},
		{"empty value", env, "", []string{"meeting", "--mn", ""}, exitUsage, "error: --mn was given an empty value"},
		{"empty key flag", env, "", []string{"video", "--topic", "t", "--key", ""}, exitUsage, "error: --key was given an empty value"},
		{"role name", env, "", []string{"video", "--topic", "t", "--role", "admin"}, exitUsage, `invalid value "admin" for flag -role: want participant, host, 0 or 1`},
		{"not an integer", env, "", []string{"video", "--topic", "t", "--cloud-recording-option", "yes"}, exitUsage, `invalid value "yes" for flag -cloud-recording-option: want an integer`},
		{"bad iat", env, "", []string{"video", "--topic", "t", "--iat", "yesterday"}, exitUsage, `error: --iat "yesterday": not Unix time in whole seconds`},
		{"iat with fraction", env, "", []string{"video", "--topic", "t", "--iat", "1700000000.5"}, exitUsage, `--iat "1700000000.5": not Unix time`},
		{"relative iat, bad", env, "", []string{"video", "--topic", "t", "--iat", "-30x"}, exitUsage, `error: --iat "-30x": not a duration`},
		{"bad exp", env, "", []string{"video", "--topic", "t", "--exp", "+7200"}, exitUsage, `error: --exp "+7200": not Unix time in whole seconds`},
		{"bad ttl", env, "", []string{"video", "--topic", "t", "--ttl", "2 hours"}, exitUsage, `error: --ttl "2 hours": not a duration`},
		{"fractional ttl", env, "", []string{"video", "--topic", "t", "--ttl", "1800.5s"}, exitUsage, "not a whole number of seconds"},
		{"exp and ttl", env, "", []string{"video", "--topic", "t", "--ttl", "2h", "--exp", "1700007200"}, exitUsage, "error: --exp and --ttl cannot be used together"},
		{"bad token-exp", env, "", []string{"meeting", "--token-exp", "soon"}, exitUsage, `error: --token-exp "soon": not Unix time`},

		{"no topic", env, "", []string{"video"}, exitError, "error: tpc is required (the session name)\nsdkjwt: hint: the claim tpc comes from --topic"},
		{"topic too long", env, "", []string{"video", "--topic", strings.Repeat("a", 201)}, exitError, "error: tpc must be at most 200 UTF-16 code units, got 201 in"},
		{"role 2", env, "", []string{"video", "--topic", "t", "--role", "2"}, exitError, "error: role_type must be 0 or 1, got 2\nsdkjwt: hint: the claim role_type comes from --role"},
		{"user identity", env, "", []string{"video", "--topic", "t", "--user-identity", strings.Repeat("u", 37)}, exitError, "error: user_identity must be at most 36 UTF-16 code units, got 37"},
		{"user key", env, "", []string{"video", "--topic", "t", "--user-key", strings.Repeat("u", 37)}, exitError, "error: user_key must be at most 36"},
		{"session key", env, "", []string{"video", "--topic", "t", "--session-key", strings.Repeat("s", 37)}, exitError, "hint: the claim session_key comes from --session-key"},
		{"geo", env, "", []string{"video", "--topic", "t", "--geo-regions", "US,EU"}, exitError, `error: geo_regions must be a comma-separated list of AU,BR,CA,CN,DE,HK,IN,JP,MX,NL,SG,US, got "EU" in "US,EU"`},
		{"geo empty", env, "", []string{"video", "--topic", "t", "--geo-regions", " , "}, exitError, `got " , "`},
		{"cloud recording option", env, "", []string{"video", "--topic", "t", "--cloud-recording-option", "2"}, exitError, "error: cloud_recording_option must be 0 or 1, got 2"},
		{"cloud recording election", env, "", []string{"video", "--topic", "t", "--cloud-recording-election", "-1"}, exitError, "cloud_recording_election must be 0 or 1, got -1"},
		{"transcript", env, "", []string{"video", "--topic", "t", "--cloud-recording-transcript-option", "3"}, exitError, "must be 0, 1 or 2, got 3\nsdkjwt: hint: the claim cloud_recording_transcript_option comes from --cloud-recording-transcript-option"},
		{"video webrtc", env, "", []string{"video", "--topic", "t", "--video-webrtc-mode", "5"}, exitError, "video_webrtc_mode must be 0 or 1, got 5"},
		{"audio webrtc", env, "", []string{"video", "--topic", "t", "--audio-webrtc-mode", "5"}, exitError, "audio_webrtc_mode must be 0 or 1, got 5"},
		{"ttl too short", env, "", []string{"video", "--topic", "t", "--ttl", "29m"}, exitError, "error: exp must be 1800 to 172800 seconds (30 minutes to 48 hours) after iat, got 1740 seconds (iat 1700000000, exp 1700001740)\nsdkjwt: hint: the claim exp comes from --exp or --ttl"},
		{"ttl too long", env, "", []string{"video", "--topic", "t", "--ttl", "48h1s"}, exitError, "got 172801 seconds"},
		{"iat in milliseconds", env, "", []string{"video", "--topic", "t", "--iat", "1700000000000"}, exitError, "error: iat must be Unix time in seconds (1 to 9999999999; a 13-digit value is milliseconds), got 1700000000000"},
		{"role without mn", env, "", []string{"meeting", "--role", "host"}, exitError, "error: role needs mn (a web token has both; a native token neither), got 1"},
		{"mn letters", env, "", []string{"meeting", "--mn", "12ab"}, exitError, `error: mn must be digits (spaces and dashes are removed), got "12ab"`},
		{"meeting role 2", env, "", []string{"meeting", "--mn", "1", "--role", "2"}, exitError, "error: role must be 0 or 1, got 2"},
		{"token-exp", env, "", []string{"meeting", "--token-exp", "1700001000"}, exitError, "error: tokenExp must be at least 1800 seconds after iat, got 1000 seconds"},
		{"meeting webrtc", env, "", []string{"meeting", "--video-webrtc-mode", "9"}, exitError, "video_webrtc_mode must be 0 or 1, got 9"},

		{"no key", map[string]string{"ZOOM_VIDEO_SDK_SECRET": marker}, "", []string{"video", "--topic", "t"}, exitError, "error: no key: set ZOOM_VIDEO_SDK_KEY (or ZOOM_SDK_KEY), or use --key"},
		{"meeting key not video key", map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, "", []string{"meeting"}, exitError, "error: no key: set ZOOM_MEETING_SDK_KEY"},
		{"no secret", map[string]string{"ZOOM_MEETING_SDK_KEY": "k"}, "", []string{"meeting"}, exitError, "error: no secret: set ZOOM_MEETING_SDK_SECRET (or ZOOM_SDK_SECRET), or use --secret-file PATH"},
		{"missing secret file", env, "", []string{"video", "--topic", "t", "--secret-file", filepath.Join(dir, "nope")}, exitError, "error: secret file: no such file (its name is not printed"},
		{"empty secret file", env, "", []string{"video", "--topic", "t", "--secret-file", file("empty", "\n")}, exitError, "is empty"},
		{"empty stdin", env, "", []string{"video", "--topic", "t", "--secret-file", "-"}, exitError, "error: secret file - is empty"},
		{"huge secret file", env, "", []string{"video", "--topic", "t", "--secret-file", file("huge", strings.Repeat(marker, 1000))}, exitError, "is larger than 4096 bytes"},
		{"secret file is a directory", env, "", []string{"video", "--topic", "t", "--secret-file", dir}, exitError, "error: secret file: " + dir + " is a directory: give a regular file, or - for standard input"},
		{"secret file is a FIFO", env, "", []string{"video", "--topic", "t", "--secret-file", fifo}, exitError, "error: secret file: " + fifo + " is a named pipe (FIFO): give a regular file"},
		{"claims file is a FIFO", map[string]string{"SDKJWT_SECRET": marker}, "", []string{"sign", "--claims", fifo}, exitError, "error: claims: " + fifo + " is a named pipe (FIFO)"},
		{"secret _FILE is a FIFO", map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET_FILE": fifo}, "", []string{"video", "--topic", "t"}, exitError, "error: ZOOM_VIDEO_SDK_SECRET: secret file: " + fifo + " is a named pipe (FIFO)"},
	} {
		r := sdkjwt(t, tc.env, tc.stdin, tc.args...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%s: got %+v\nwant exit %d, no stdout, stderr with %q", tc.name, r, tc.code, tc.msg)
		}
		if strings.Contains(r.stdout+r.stderr, marker) {
			t.Errorf("%s: the secret is in the output: %+v", tc.name, r)
		}
		if !strings.HasPrefix(r.stderr, "sdkjwt: error: ") && tc.name != "no command" {
			t.Errorf("%s: stderr does not start with the error: %q", tc.name, r.stderr)
		}
	}
}

// TestHelp compares each help text with testdata/help (our own output:
// go test -run TestHelp -update rewrites them; review the diff).
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"sdkjwt.txt", []string{"help"}},
		{"sdkjwt.txt", []string{"--help"}},
		{"sdkjwt.txt", []string{"-h"}},
		{"video.txt", []string{"help", "video"}},
		{"video.txt", []string{"video", "--help"}},
		{"video.txt", []string{"video", "--topic", "t", "-h"}},
		{"meeting.txt", []string{"help", "meeting"}},
		{"meeting.txt", []string{"meeting", "-help"}},
		{"version.txt", []string{"help", "version"}},
		{"cobrowse.txt", []string{"help", "cobrowse"}},
		{"cobrowse.txt", []string{"cobrowse", "--help"}},
		{"api.txt", []string{"help", "api"}},
		{"api.txt", []string{"api", "-h"}},
		{"hms.txt", []string{"help", "hms"}},
		{"hms.txt", []string{"hms", "--help"}},
		{"hms.txt", []string{"hms", "app", "-h"}},
		{"livekit.txt", []string{"help", "livekit"}},
		{"livekit.txt", []string{"livekit", "--help"}},
		{"sign.txt", []string{"help", "sign"}},
		{"sign.txt", []string{"sign", "--help"}},
		{"serve.txt", []string{"help", "serve"}},
		{"serve.txt", []string{"serve", "-h"}},
		{"version.txt", []string{"version", "--help"}},
		{"sdkjwt.txt", []string{"help", "-h"}},
		{"inspect.txt", []string{"help", "inspect"}},
		{"inspect.txt", []string{"inspect", "--help"}},
		{"agora.txt", []string{"agora", "--help"}},
		{"agora.txt", []string{"agora", "rtm", "-h"}},
		{"completion.txt", []string{"completion", "--help"}},
		{"environment.txt", []string{"help", "environment"}},
	} {
		r := sdkjwt(t, nil, "", tc.args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%v: %+v", tc.args, r)
		}
		path := filepath.Join("testdata", "help", tc.golden)
		if *update {
			if err := os.WriteFile(path, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if r.stdout != string(want) {
			t.Errorf("%v: help differs from %s (run go test -run TestHelp -update and review the diff):\n%s", tc.args, path, r.stdout)
		}
	}
	if r := sdkjwt(t, nil, ""); r.code != exitUsage || r.stdout != "" || !strings.HasPrefix(r.stderr, "sdkjwt makes") {
		t.Errorf("no arguments: %+v", r)
	}
	// Every command's help has its golden: 'help NAME' prints NAME.txt.
	for _, cmd := range commandTable() {
		golden := cmd.Name + ".txt"
		if cmd.Name == "help" {
			golden = "sdkjwt.txt"
		}
		want, err := os.ReadFile(filepath.Join("testdata", "help", golden))
		if r := sdkjwt(t, nil, "", "help", cmd.Name); err != nil || r.code != 0 || r.stdout != string(want) {
			t.Errorf("help %s differs from testdata/help/%s (%v)", cmd.Name, golden, err)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-version"} {
		r := sdkjwt(t, nil, "", arg)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "sdkjwt ") || !strings.Contains(r.stdout, " go1.") || r.stderr != "" {
			t.Errorf("%s: %+v", arg, r)
		}
	}
	if r := sdkjwt(t, nil, "", "--version", "x"); r.code != exitUsage || r.stdout != "" {
		t.Errorf("--version x: %+v", r)
	}
}

// TestTooLargeNotSigned: no command prints a token longer than inspect
// reads (jwt.MaxTokenSize); each exits 1 naming the limit.
func TestTooLargeNotSigned(t *testing.T) {
	big := strings.Repeat("x", 50<<10)
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": big, "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"video", "--topic", "t"}},
		{map[string]string{"ZOOM_MEETING_SDK_KEY": big, "ZOOM_MEETING_SDK_SECRET": marker}, []string{"meeting"}},
		{map[string]string{"HMS_ACCESS_KEY": "k", "HMS_APP_SECRET": marker}, []string{"hms", "app", "--room", "r", "--user", big, "--role", "host"}},
		{map[string]string{"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": marker}, []string{"livekit", "--room", "r", "--identity", "i", "--metadata", big}},
	} {
		r := sdkjwt(t, c.env, "", c.args...)
		if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "the limit is 65536") {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %.300q", c.args[:2], r.code, len(r.stdout), r.stderr)
		}
	}
}

// TestSecretNeverPrinted runs every command, succeeding and failing, with a
// marker secret from each source, and scans everything it prints.
func TestSecretNeverPrinted(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "secret")
	if err := os.WriteFile(file, []byte(marker+"\n"), 0o644); err != nil { // readable by all: warns
		t.Fatal(err)
	}
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	envs := []map[string]string{
		{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker, "ZOOM_MEETING_SDK_KEY": "k", "ZOOM_MEETING_SDK_SECRET": marker},
		{"ZOOM_SDK_KEY": "k", "ZOOM_SDK_SECRET": " " + marker + "\n"},   // whitespace: warns
		{"ZOOM_VIDEO_SDK_KEY": marker, "ZOOM_VIDEO_SDK_SECRET": marker}, // secret = key: warns
		{"HMS_ACCESS_KEY": "k", "HMS_APP_SECRET": marker, "SDKJWT_SECRET": marker, "ZOOM_API_KEY": "k", "ZOOM_API_SECRET": marker},
		{"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": marker, "LIVEKIT_URL": "wss://x"},
		{"LIVEKIT_API_KEY": marker, "LIVEKIT_API_SECRET": marker},                             // secret = key: warns
		{"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": marker}, // not 32 hex digits
		nil,
	}
	commands := [][]string{
		{"video", "--topic", "t"},
		{"video", "--topic", "t", "--json"},
		{"video", "--topic", "Grüße/t", "--role", "2"},
		{"video", "--topic", "t", "--secret-file", file},
		{"video", "--topic", "t", "--secret-file", "-"},
		{"video", "--topic", "t", "--secret-file", dir},
		{"video", "--secret", "x"},
		{"video", "--topic", "t", "--ttl", "1s"},
		{"meeting"},
		{"meeting", "--mn", "1 2-3", "--json"},
		{"meeting", "--role", "host"},
		{"meeting", "--secret-file", file, "--token-exp", "1"},
		{"meeting", "extra"},
		{"hms", "app", "--room", "r", "--user", "u", "--role", "host"},
		{"hms", "management", "--secret-file", file, "--json"},
		{"hms", "app", "--room", "r"},
		{"livekit", "--room", "r", "--identity", "i", "--json"},
		{"livekit", "--room", "r", "--secret-file", file},
		{"livekit", "--room", "r", "--identity", "i", "--ttl", "48h", "--nbf", "+1h"},
		{"livekit", "--room-config", "{\"egress\":{}}"},
		{"agora", "rtc", "--channel", "c", "--uid", "1", "--role", "publisher"},
		{"agora", "rtm", "--user", "u", "--secret-file", file},
		{"cobrowse", "--role", "agent"},
		{"cobrowse", "--role", "agent", "--secret-file", file, "--json"},
		{"cobrowse", "--role", "boss"},
		{"api", "--ttl", "2h"},
		{"api", "--secret-file", "-", "--iat", "+1h"},
		{"sign", "--claims", file},
		{"sign", "--ttl", "1h"},
		{"inspect", signedWith(t, marker)},
		{"inspect", signedWith(t, "another secret"), "--secret-file", file},
		{"inspect", signedWith(t, "another secret"), "--secret-file", "-"},
		{"inspect", signedWith(t, " "+marker), "--json"},
		{"inspect", "--json"}, // the secret on stdin as the token: not a JWT
		{"inspect", "-", "--secret-file", "-"},
		{"version"},
		{"help"},
		{"help", "video"},
		{"nope"},
		{},
	}
	// The secret pasted where something else belongs, each echoed back in an
	// error but for the redaction (which knows the secrets of the variables
	// set, and of the files read).
	pasted := [][]string{
		{"video", "--topic", "t", "--secret-file", marker},
		{"video", "--topic", "t", "--secret-file", "/tmp/" + marker},
		{marker},
		{"help", marker},
		{"video", "--topic", marker + "/" + marker, "--role", "9"},
		{"video", "--json=" + marker},
		{"video", "--" + marker},
		{"inspect", marker},
		{"agora", "rtc", "--channel", "c", "--uid", marker},
	}
	ran := 0
	for _, env := range envs {
		for _, args := range commands {
			r := sdkjwt(t, env, marker+"\n", args...)
			if strings.Contains(r.stdout+r.stderr, marker) {
				t.Errorf("%v with %v: the secret is in the output:\n%+v", args, env, r)
			}
			if r.code != exitOK && r.stdout != "" && !reports(args, r.code) {
				t.Errorf("%v with %v: exit %d with stdout %q", args, env, r.code, r.stdout)
			}
			ran++
		}
		for _, args := range pasted {
			if env == nil {
				continue
			}
			if r := sdkjwt(t, env, "", args...); strings.Contains(r.stdout+r.stderr, marker) {
				t.Errorf("%v with %v: the secret is in the output:\n%+v", args, env, r)
			}
			ran++
		}
	}
	if ran != len(envs)*len(commands)+(len(envs)-1)*len(pasted) {
		t.Fatal("not every combination ran")
	}

	// A token that carries the secret as its key (key and secret swapped
	// where it was made): inspect shows it redacted, in text and JSON.
	carrier, err := sdk.Video{Key: marker, Topic: "t", IssuedAt: 1700000000, ExpiresAt: 1700007200}.Sign(signer(t, "k"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"inspect", carrier},
		{"inspect", carrier, "--json"},
		{"inspect", carrier, "--key", "k"},
		{"inspect", carrier, "--secret-file", file, "--key", "other"},
	} {
		r := sdkjwt(t, map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, "", args...)
		if strings.Contains(r.stdout+r.stderr, marker) || !strings.Contains(r.stdout, "secret-in-token") || !strings.Contains(r.stdout, inspect.Redacted) {
			t.Errorf("%v: %+v", args, r)
		}
		// The key that signed it comes from --key, else the variable paired
		// with the secret's (ZOOM_VIDEO_SDK_KEY).
		if swapped := !slices.Contains(args, "other"); swapped != strings.Contains(r.stdout, "key-secret-swapped") {
			t.Errorf("%v: key-secret-swapped %v, want %v: %s", args, !swapped, swapped, r.stdout)
		}
	}
}

// FuzzRun: any command line gives exit 0, 1 or 2, nothing on stdout unless
// 0, and never the secret, whatever it prints.
func FuzzRun(f *testing.F) {
	f.Add("video", "--topic", "Cool Cars", "--ttl", "2h")
	f.Add("meeting", "--mn", "123 456", "--role", "host")
	f.Add("video", "--secret-file", "-", "--iat", "-30s")
	f.Add("meeting", "--token-exp", "1700000000", "--exp", "17")
	f.Add("help", "video", "", "", "")
	f.Add("inspect", "-", "--json", "--now", "1700000000") // the secret on stdin as the token
	// No ZOOM_VIDEO_SDK_* or ZOOM_MEETING_SDK_*: "serve" cannot start and block.
	env := map[string]string{"ZOOM_SDK_KEY": "k", "ZOOM_SDK_SECRET": marker, "HMS_ACCESS_KEY": "k", "HMS_APP_SECRET": marker, "SDKJWT_SECRET": marker}
	f.Fuzz(func(t *testing.T, cmd, a, b, c, d string) {
		args := []string{cmd, a, b, c, d}
		if strings.Contains(strings.Join(args, " "), marker) {
			return // the fuzzer typed the secret itself
		}
		r := sdkjwt(t, env, marker, args...)
		if r.code < 0 || r.code > 2 || r.code != 0 && r.stdout != "" && !reports(args, r.code) {
			t.Fatalf("%q: %+v", args, r)
		}
		if strings.Contains(r.stdout+r.stderr, marker) {
			t.Fatalf("%q: the secret is in the output: %+v", args, r)
		}
	})
}
