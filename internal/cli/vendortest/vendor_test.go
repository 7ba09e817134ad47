// Package vendortest_test shows that a vendor plugs into the command line
// with one registration: a fake vendor, registered here and nowhere else,
// is in help, completion, 'help environment', inspect's recognition and
// serve's routes. It is a package of its own so that the vendor is
// registered only in its own test binary.
package vendortest_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/cli"
	"github.com/sdkjwt/sdkjwt/server"
)

// fakeKind is a token whose header says it is the fake vendor's.
var fakeKind = &inspect.Kind{
	Name:     "fake",
	KeyClaim: "fk",
	Header:   map[string]string{"cty": "fake;v=1"},
	Env:      []inspect.Env{{Key: "FAKE_KEY", Secret: "FAKE_SECRET"}},
	Match:    func(c *inspect.Claims) bool { return c.Has("fk") },
	Check:    func(c *inspect.Claims) { c.Add("fake-checked", "the fake vendor read the token") },
}

func init() {
	cli.Register(cli.Vendor{
		Name:   "Fake",
		Tokens: "Fake's tokens",
		Commands: []cli.Command{{Name: "fake", Synopsis: "fake [--fake-flag X]", Short: "sign a Fake token",
			Usage: "Usage:\n    sdkjwt fake [--fake-flag X]\n", Run: func(c *cli.Call, args []string) error { return nil }}},
		Env:   []cli.EnvVar{{Names: "FAKE_KEY, FAKE_SECRET", Doc: "fake, inspect: the fake vendor's"}},
		Codes: []inspect.CodeInfo{{Code: "fake-checked", Severity: inspect.Info, Hint: "nothing to do"}},
		Kinds: []*inspect.Kind{fakeKind},
		Hints: map[inspect.Code]string{"fake-checked": " (sdkjwt fake)"},
		Serve: &cli.Serve{
			About:       "POST /fake is the fake vendor's endpoint.",
			Options:     "    --fake-room ROOM        the fake vendor's room\n",
			Env:         fakeKind.Env,
			Credentials: "the fake vendor's",
			Flags: func(fs *flag.FlagSet) func(*cli.Call) ([]server.Route, error) {
				room := fs.String("fake-room", "lobby", "")
				return func(*cli.Call) ([]server.Route, error) {
					return []server.Route{{Path: "/fake", Kind: "fake", Properties: []string{"room"},
						Token: func(body []byte, now time.Time) server.Answer {
							return server.Answer{Status: http.StatusOK, Body: []byte(`{"token":"fake for ` + *room + `"}`), Role: "guest"}
						}}}, nil
				}
			},
		},
	})
}

// TestMain: with SDKJWT_TEST_MAIN=1, the test binary is sdkjwt itself, with
// the fake vendor registered (for serve, which needs a process).
func TestMain(m *testing.M) {
	if os.Getenv("SDKJWT_TEST_MAIN") == "1" {
		os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, time.Now))
	}
	os.Exit(m.Run())
}

func run(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(string) string { return "" }
	if code := cli.Run(args, strings.NewReader(""), &stdout, &stderr, getenv, func() time.Time { return time.Unix(1700000000, 0) }); code != 0 {
		t.Fatalf("sdkjwt %q: exit %d, %s", args, code, stderr.String())
	}
	return stdout.String()
}

func TestFakeVendor(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"help"}, []string{"Fake's tokens", "sdkjwt fake [--fake-flag X]", "sign a Fake token", "fake, sign, serve"}},
		{[]string{"help", "fake"}, []string{"sdkjwt fake [--fake-flag X]"}},
		{[]string{"help", "environment"}, []string{"FAKE_KEY, FAKE_SECRET\n        fake, inspect: the fake vendor's"}},
		{[]string{"completion", "bash"}, []string{"fake sign serve"}},
		{[]string{"completion", "fish"}, []string{"fake sign serve"}},
		{[]string{"help", "serve"}, []string{"|fake] [options]", "POST /fake is the fake vendor's endpoint.", "--fake-room ROOM", "FAKE_KEY and FAKE_SECRET (the fake vendor's)"}},
		{[]string{"help", "inspect"}, []string{"or Fake)", "fake, hms-app", "FAKE_SECRET, HMS_APP_SECRET"}},
	} {
		out := run(t, tc.args...)
		flowed := strings.Join(strings.Fields(out), " ") // help's lines are filled
		for _, w := range tc.want {
			if !strings.Contains(out, w) && !strings.Contains(flowed, w) {
				t.Errorf("sdkjwt %q: no %q in\n%s", tc.args, w, out)
			}
		}
	}
	// inspect recognises the fake vendor's token, and only as the fake's.
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","cty":"fake;v=1"}`))
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"fk":"k","iat":1700000000,"exp":1700003600}`))
	token := header + "." + payload + "." + strings.Repeat("A", 43) // 32 bytes: a signature, unchecked
	if ks := inspect.Recognize(token); len(ks) != 1 || ks[0] != fakeKind {
		t.Errorf("Recognize: %v", ks)
	}
	// Without its header member, or with another value, it is no kind's.
	for _, h := range []string{`{"alg":"HS256","typ":"JWT"}`, `{"alg":"HS256","typ":"JWT","cty":"fake;v=2"}`} {
		other := base64.RawURLEncoding.EncodeToString([]byte(h)) + "." + payload + "." + strings.Repeat("A", 43)
		if ks := inspect.Recognize(other); len(ks) != 0 {
			t.Errorf("Recognize, header %s: %v", h, ks)
		}
	}
	out := run(t, "inspect", token, "--json")
	for _, w := range []string{`"kind":"fake"`, `"code":"fake-checked"`, `"hint":"nothing to do (sdkjwt fake)"`} {
		if !strings.Contains(out, w) {
			t.Errorf("inspect: no %s in %s", w, out)
		}
	}
}

// TestFakeVendorServed: sdkjwt serve, with no other vendor's credentials,
// serves the fake vendor's route, at its path and as the default kind.
func TestFakeVendorServed(t *testing.T) {
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--fake-room", "hall")
	cmd.Env = []string{"SDKJWT_TEST_MAIN=1"}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	logs := bufio.NewReader(stderr)
	addr := ""
	for addr == "" {
		line, err := logs.ReadString('\n')
		if err != nil {
			t.Fatalf("serve's log ended before it listened: %v", err)
		}
		if _, a, ok := strings.Cut(line, "msg=listening addr="); ok {
			addr = strings.Fields(a)[0]
		}
	}
	for _, path := range []string{"/fake", "/"} {
		res, err := http.Post("http://"+addr+path, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(body) != `{"token":"fake for hall"}` {
			t.Errorf("POST %s: %d %s", path, res.StatusCode, body)
		}
	}
}
