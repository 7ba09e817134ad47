package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/sdk"
)

// cliSuffixes are what the command line adds to the hints of package
// inspect's golden files: sdkjwt's own flags and variables.
var cliSuffixes = map[string]string{
	"iat-future":           " (sdkjwt --iat -30s)",
	"legacy-web-signature": ": sdkjwt meeting --mn NUMBER --role 0",
	"zoom-api-token":       " (sdkjwt api: ZOOM_API_KEY, ZOOM_API_SECRET)",
}

// secretVars are the variables signature-unchecked's hint names, by kind.
var secretVars = map[string]string{
	"zoom-video": "ZOOM_VIDEO_SDK_SECRET (or ZOOM_SDK_SECRET)", "zoom-meeting-web": "ZOOM_MEETING_SDK_SECRET (or ZOOM_SDK_SECRET)",
	"zoom-meeting-native": "ZOOM_MEETING_SDK_SECRET (or ZOOM_SDK_SECRET)", "zoom-cobrowse": "ZOOM_SDK_SECRET", "zoom-api": "ZOOM_API_SECRET",
	"hms-app": "HMS_APP_SECRET", "hms-management": "HMS_APP_SECRET", "livekit": "LIVEKIT_API_SECRET", "agora": "AGORA_APP_CERTIFICATE", "unknown": "SDKJWT_SECRET",
	"zego": "ZEGO_SERVER_SECRET",
}

func decode(t *testing.T, s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	return m
}

// withSuffixes adds cliSuffixes to the hints of a decoded report.
func withSuffixes(report map[string]any) map[string]any {
	for _, f := range report["findings"].([]any) {
		f := f.(map[string]any)
		suffix := cliSuffixes[f["code"].(string)]
		if f["code"] == "signature-unchecked" {
			suffix = ": set " + secretVars[report["kind"].(string)] + ", or use --secret-file PATH"
		}
		f["hint"] = f["hint"].(string) + suffix
	}
	return report
}

// TestInspectVectors runs the inspector's vectors through the command line:
// the token as an argument, the secret on stdin; the output must be the
// golden file package inspect checks.
func TestInspectVectors(t *testing.T) {
	b, err := os.ReadFile("../../testdata/inspect/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		Name, Token, Key, Use string
		Secret                *string
		Now                   int64
		Join                  map[string]string
		PublicKey             string `json:"public_key"`
	}
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	for _, v := range vs {
		args := []string{"inspect", v.Token, "--json", "--now", strconv.FormatInt(v.Now, 10)}
		stdin := ""
		if v.Secret != nil {
			args = append(args, "--secret-file", "-")
			stdin = *v.Secret + "\n"
		}
		if v.Key != "" {
			args = append(args, "--key", v.Key)
		}
		if v.Use != "" {
			args = append(args, "--use", v.Use)
		}
		if v.PublicKey != "" {
			args = append(args, "--public-key-file", "../../testdata/jwt/"+v.PublicKey)
		}
		for name, value := range v.Join {
			args = append(args, "--"+name, value)
		}
		r := sdkjwt(t, nil, stdin, args...)
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "inspect", "golden", v.Name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := decode(t, r.stdout), withSuffixes(decode(t, string(want))); !strings.HasSuffix(r.stdout, "}\n") || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got\n%s\nwant\n%v", v.Name, r.stdout, want)
		}
		code := exitOK // exit 1 when the report (checked against docs/codes.md's severities in package inspect) refuses
		if strings.HasPrefix(decode(t, string(want))["verdict"].(string), "REFUSED") {
			code = exitError
		}
		if r.code != code {
			t.Errorf("%s: exit %d, want %d", v.Name, r.code, code)
		}
	}
}

func TestInspect(t *testing.T) {
	meeting, err := sdk.Meeting{Key: "mk", MN: "123", Role: sdk.Int(0), IssuedAt: 1699999990, ExpiresAt: 1700007190}.Sign(signer(t, "ms"))
	if err != nil {
		t.Fatal(err)
	}
	video := signedWith(t, "vs")
	for _, tc := range []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
		code  int
		out   string // in stdout, or stderr if the exit code is 2
	}{
		{"flags after the token", nil, "", []string{"inspect", video, "--now", "1700000001"}, exitOK, "signature:  UNCHECKED"},
		{"flags before the token", nil, "", []string{"inspect", "--now", "1700000001", video}, exitOK, "kind:       zoom-video"},
		{"stdin, Bearer", nil, "  Bearer " + video + "\n", []string{"inspect"}, exitOK, "tpc"},
		{"stdin as -", nil, video, []string{"inspect", "-", "--json"}, exitOK, `"kind":"zoom-video"`},
		{"the kind's variable", map[string]string{"ZOOM_MEETING_SDK_SECRET": "ms", "ZOOM_VIDEO_SDK_SECRET": "vs"}, "", []string{"inspect", meeting}, exitOK, "signature:  VALID"},
		{"the shared variable", map[string]string{"ZOOM_SDK_SECRET": "ms"}, "", []string{"inspect", meeting}, exitOK, "signature:  VALID"},
		{"sign's variable for other tokens", map[string]string{"SDKJWT_SECRET": "x"}, "", []string{"inspect", signer(t, "x").Sign([]byte(`{"sub":"a"}`))}, exitOK, "signature:  VALID"},
		{"not the other kind's variable", map[string]string{"ZOOM_VIDEO_SDK_SECRET": "ms"}, "", []string{"inspect", meeting}, exitOK, "signature:  UNCHECKED"},
		{"wrong secret", map[string]string{"ZOOM_VIDEO_SDK_SECRET": "ms"}, "", []string{"inspect", video}, exitError, "signature-mismatch"},
		{"--key swapped", nil, "vs\n", []string{"inspect", signedWith(t, "k"), "--secret-file", "-"}, exitError, "key-secret-swapped"},
		{"times", nil, "", []string{"inspect", video, "--now", "1700000061"}, exitOK, "iat       1700000001  2023-11-14 22:13:21 UTC  1 minute ago"},
		{"expired", nil, "", []string{"inspect", video, "--now", "1800000000"}, exitError, "expired"},
		{"the clock", nil, "", []string{"inspect", video}, exitOK, "(now 1700000030, 2023-11-14 22:13:50 UTC)"},
		{"--key of another app, no secret", nil, "", []string{"inspect", video, "--key", "other"}, exitError, "key-mismatch"},
		{"--key of the token", nil, "", []string{"inspect", video, "--key", "k"}, exitOK, "signature:  UNCHECKED"},
		{"too large", nil, strings.Repeat("A", 70<<10), []string{"inspect", "--json"}, exitError, `this is not a JWT: token too large: 65537 bytes, the limit is 65536`},
		{"two tokens", nil, "", []string{"inspect", video, video}, exitUsage, "inspect takes one token (2 arguments given)"},
		{"both on stdin", nil, "", []string{"inspect", "--secret-file", "-"}, exitUsage, "cannot both come from stdin"},
		{"--now not seconds", nil, "", []string{"inspect", video, "--now", "1.5"}, exitUsage, `--now "1.5": not Unix time in whole seconds`},
		{"--secret", nil, "", []string{"inspect", video, "--secret", "x"}, exitUsage, "never takes a secret on the command line"},
		{"no secret file", nil, "", []string{"inspect", video, "--secret-file", "/nonexistent"}, exitError, "secret file"},
	} {
		r := sdkjwt(t, tc.env, tc.stdin, tc.args...)
		out := r.stdout
		if tc.code != exitOK && r.stdout == "" {
			out = r.stderr
		}
		if r.code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("%s: exit %d, want %d; want %q in\n%s%s", tc.name, r.code, tc.code, tc.out, r.stdout, r.stderr)
		}
	}
}

// TestInspectAtTerminal: with no token and stdin a terminal (a character
// device: /dev/null is one), inspect says what it waits for on stderr, and
// an empty input is "no token given".
func TestInspectAtTerminal(t *testing.T) {
	tty, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	var stdout, stderr strings.Builder
	code := Run([]string{"inspect"}, tty, &stdout, &stderr, func(string) string { return "" }, func() time.Time { return time.Unix(1700000000, 0) })
	if code != exitError || !strings.Contains(stderr.String(), "reading the token from standard input: paste it") || !strings.Contains(stdout.String(), "no-token: no token was given") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	if r := sdkjwt(t, nil, "", "inspect"); strings.Contains(r.stderr, "reading the token") {
		t.Errorf("stdin not a terminal: %q", r.stderr)
	}
}
