// Command oracle is test data only, not part of sdkjwt: it asks LiveKit's
// own token verifier (github.com/livekit/protocol/auth, the code LiveKit's
// server runs) whether it accepts each payload of cases.json, signed here
// with HMAC-SHA256 over the bytes as written, and prints a verdict for
// each: what inspect must agree with (livekit's TestOracle).
//
//	go run . < cases.json > vectors.json
//
// A case is {name, header (default {"alg":"HS256"}), payload, notes}; in
// header and payload, NOW+N and NOW-N stand for the Unix time N seconds
// from now, so that the verifier, which reads the clock, judges the times
// as inspect judges them at the time the test gives it. A verdict is
// {name, accepted, error}: accepted when ParseAPIToken and Verify both
// accept the token, else the error they gave. Every token is signed with
// the secret below, and names the key below as iss unless the case says
// otherwise.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/livekit/protocol/auth"
)

const secret = "s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw"

type verdict struct {
	Name     string `json:"name"`
	Accepted bool   `json:"accepted"`
	Error    string `json:"error,omitempty"`
}

var relative = regexp.MustCompile(`NOW([+-][0-9]+)?`)

// at puts the times of now into a template.
func at(template string, now int64) string {
	return relative.ReplaceAllStringFunc(template, func(m string) string {
		var n int64
		if len(m) > 3 {
			n, _ = strconv.ParseInt(m[3:], 10, 64)
		}
		return strconv.FormatInt(now+n, 10)
	})
}

func main() {
	var cases []struct{ Name, Header, Payload string }
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	now := time.Now().Unix()
	var out []verdict
	for _, c := range cases {
		header := c.Header
		if header == "" {
			header = `{"alg":"HS256"}`
		}
		b64 := base64.RawURLEncoding
		input := b64.EncodeToString([]byte(at(header, now))) + "." + b64.EncodeToString([]byte(at(c.Payload, now)))
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(input))
		token := input + "." + b64.EncodeToString(mac.Sum(nil))
		v := verdict{Name: c.Name, Accepted: true}
		verifier, err := auth.ParseAPIToken(token)
		if err == nil {
			_, _, err = verifier.Verify(secret)
		}
		if err != nil {
			v.Accepted, v.Error = false, err.Error()
		}
		out = append(out, v)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Println(string(b))
}
