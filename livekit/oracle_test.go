package livekit_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
)

// TestOracle: for each payload of testdata/livekit/oracle, inspect refuses
// the token (some finding is an error) exactly when LiveKit's own verifier
// (github.com/livekit/protocol/auth, run by the oracle there) refuses it.
// The payloads' times are relative to now, which the test sets.
func TestOracle(t *testing.T) {
	const now, secret = 1700000000, "s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw"
	var cases []struct{ Name, Header, Payload string }
	var verdicts []oracleVerdict
	readOracle(t, "oracle", &cases, &verdicts)
	if len(cases) < 60 || len(cases) != len(verdicts) {
		t.Fatalf("%d cases, %d verdicts", len(cases), len(verdicts))
	}
	relative := regexp.MustCompile(`NOW([+-][0-9]+)?`)
	at := func(s string) string {
		return relative.ReplaceAllStringFunc(s, func(m string) string {
			var n int64
			if len(m) > 3 {
				n, _ = strconv.ParseInt(m[3:], 10, 64)
			}
			return strconv.FormatInt(now+n, 10)
		})
	}
	for i, c := range cases {
		v := verdicts[i]
		if v.Name != c.Name {
			t.Fatalf("case %s, verdict %s", c.Name, v.Name)
		}
		header := c.Header
		if header == "" {
			header = `{"alg":"HS256"}`
		}
		b64 := base64.RawURLEncoding
		input := b64.EncodeToString([]byte(at(header))) + "." + b64.EncodeToString([]byte(at(c.Payload)))
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(input))
		r := inspect.Inspect(input+"."+b64.EncodeToString(mac.Sum(nil)), inspect.Options{Now: time.Unix(now, 0), Secret: []byte(secret)})
		if r.Failed() == v.Accepted {
			t.Errorf("%s: LiveKit's verifier accepted %v (%s); inspect: %s", c.Name, v.Accepted, v.Error, r.Verdict())
		}
	}
}

// An oracleVerdict is what an oracle under testdata/livekit said of a case.
type oracleVerdict struct {
	Name     string
	Accepted bool
	Error    string
}

// readOracle reads the cases and verdicts of testdata/livekit/dir.
func readOracle(t *testing.T, dir string, cases, verdicts any) {
	t.Helper()
	for file, v := range map[string]any{"cases.json": cases, "vectors.json": verdicts} {
		b, err := os.ReadFile("../testdata/livekit/" + dir + "/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
}
