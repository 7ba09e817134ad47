package cli

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// madeUp are the credentials TestReadme fills in where the README writes
// "…": of each vendor's shape, each secret unlike its key.
var madeUp = map[string]string{
	"ZOOM_VIDEO_SDK_KEY": "vQ3xR8sTzLmN4pKwYb2Hc", "ZOOM_VIDEO_SDK_SECRET": "Zq8vN2mL4kP9sT1xR7wB3cY6dF0gH5jA",
	"ZOOM_MEETING_SDK_KEY": "mT7yU2iO9pA4sD1fG6hJk", "ZOOM_MEETING_SDK_SECRET": "Lk3Jh8Gf2Ds7Aq1Wz9Xc4Vb6Nm0Pq5Rt",
	"ZOOM_SDK_KEY": "cB5nM8vX1zA4sD7fG2hJq", "ZOOM_SDK_SECRET": "Wq2Er7Ty4Ui9Op1As6Df3Gh8Jk5Lz0Xc",
	"ZOOM_API_KEY": "aP9iK3eY7xZ1wQ5", "ZOOM_API_SECRET": "Rt6Yu1Io8Pa3Sd5Fg2Hj9Kl4Zx7Cv0Bn",
	"HMS_ACCESS_KEY": "64f1a2b3c4d5e6f708192a3b", "HMS_APP_SECRET": "hX2s9Lq4Vn7Bk1Zp6Wm3Rt8Yc5Df0Gj2Ha9Es4",
	"LIVEKIT_API_KEY": "APIk3yV9xQ2mLp", "LIVEKIT_API_SECRET": "s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw",
	"AGORA_APP_ID": "970CA35de60c44645bbae8a215061b33", "AGORA_APP_CERTIFICATE": "5CFd2fd1755d40ecb72977518be15d3b",
	"TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef", "TWILIO_API_KEY": "SKfedcba9876543210fedcba9876543210",
	"TWILIO_API_SECRET": "Q8kZ2mN4pR6tV1xB3dF5hJ7lC9wE0yGa",
	"TENCENT_SDKAPPID":  "1400000001", "TENCENT_SECRET_KEY": "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
	"DAILY_DOMAIN_ID": "30f866c3-9123-452a-8723-ff58322d09c5", "DAILY_API_KEY": "7b2c91f0e4a84d6bb3f1c2d5e6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f",
	"STREAM_API_SECRET": "8kbzkhsc5xd3jh9vt4cuyrkqfvmmz6dz7n8ms3vqwekmk5pqwwvvhvcfbvxdmv2a",
	"VONAGE_API_KEY":    "47000001", "VONAGE_API_SECRET": "0123456789abcdef0123456789abcdef01234567",
	"JITSI_APP_ID": "example_app_id", "JITSI_APP_SECRET": "example_app_secret_3f9a1c7e5b2d",
	"ZEGO_APP_ID": "1234567890", "ZEGO_SERVER_SECRET": "fa94dd0f974cf2e293728a526b028271",
	"SDKJWT_SECRET": "Nb7Vc2Xz9Lk4Jh1Gf6Ds3Aq8Wp5Eo0Ri",
}

// TestReadme runs the README's quick start as a new user copies it into a
// shell: every sh block from "## Quick start" to the next "## " heading,
// in order, in one bash with -euo pipefail, sdkjwt (this test binary) on
// PATH and made-up credentials where the README writes "…". A serve runs
// in the background until it is ready, as in a terminal of its own, and
// stops at the next; every curl must be answered with a token.
func TestReadme(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (CI installs it)", tool)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, quick, _ := strings.Cut(string(readme), "\n## Quick start\n")
	quick, _, _ = strings.Cut(quick, "\n## ")
	blocks := regexp.MustCompile("(?s)\n```sh\n(.*?)\n```").FindAllStringSubmatch(quick, -1)
	if len(blocks) < 5 {
		t.Fatalf("%d sh blocks in the quick start", len(blocks))
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	dir, bin := t.TempDir(), t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "sdkjwt"), []byte("#!/bin/sh\nSDKJWT_TEST_MAIN=1 exec "+strconv.Quote(self)+` "$@"`+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}

	script := []string{
		"set -euo pipefail",
		"export PORT=" + port,
		`ready() { for i in $(seq 100); do curl -s -o /dev/null "localhost:$PORT/readyz" && return; sleep 0.1; done; echo "serve did not start" >&2; return 1; }`,
		`stop() { if [ -n "${pid:-}" ]; then kill "$pid"; wait "$pid" || true; pid=; fi; }`,
		"trap stop EXIT",
	}
	value := regexp.MustCompile(`([A-Z_]+)=…`)
	comment := regexp.MustCompile(`\s+#\s.*$`)
	commands := 0
	for _, b := range blocks {
		for _, line := range strings.Split(strings.ReplaceAll(b[1], "\\\n", " "), "\n") {
			line = strings.ReplaceAll(line, "4000", port)
			line = value.ReplaceAllStringFunc(line, func(m string) string {
				name := strings.TrimSuffix(m, "=…")
				if madeUp[name] == "" {
					t.Errorf("the README exports %s, which TestReadme has no value for", name)
				}
				return name + "=" + madeUp[name]
			})
			switch {
			case strings.HasPrefix(strings.TrimSpace(line), "#") || strings.TrimSpace(line) == "":
				continue
			case strings.Contains(line, "sdkjwt serve"):
				line = "stop; " + comment.ReplaceAllString(line, "") + ` & pid=$!; ready`
			case strings.HasPrefix(line, "curl "):
				line = comment.ReplaceAllString(line, "")
				line = fmt.Sprintf(`out=$(%s); echo "$out"; case $out in *'oken":"eyJ'*|*'signature":"eyJ'*|*'oken":"007'*) ;; *) echo "no token from: %s" >&2; exit 1;; esac`, line, strconv.Quote(line))
			}
			script = append(script, line)
			commands++
		}
	}
	if commands < 20 {
		t.Fatalf("only %d commands in the quick start", commands)
	}
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", strings.Join(script, "\n"))
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + bin + ":" + os.Getenv("PATH"), "HOME=" + dir}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("the quick start failed: %v\n%s\n\nthe script:\n%s", err, out, strings.Join(script, "\n"))
	}
}
