package inspect_test

import (
	"bytes"
	"compress/zlib"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/sdkjwt/sdkjwt/agora" // Agora's kind of token
	_ "github.com/sdkjwt/sdkjwt/daily" // Daily's kind of token
	_ "github.com/sdkjwt/sdkjwt/hms"   // 100ms's kinds of token
	. "github.com/sdkjwt/sdkjwt/inspect"
	_ "github.com/sdkjwt/sdkjwt/jitsi" // Jitsi's and JaaS's
	"github.com/sdkjwt/sdkjwt/jwt/rsakey"
	_ "github.com/sdkjwt/sdkjwt/livekit" // LiveKit's kind of token
	_ "github.com/sdkjwt/sdkjwt/sdk"     // Zoom's kinds of token
	_ "github.com/sdkjwt/sdkjwt/stream"  // Stream's kind of token
	_ "github.com/sdkjwt/sdkjwt/tencent" // Tencent's UserSig
	_ "github.com/sdkjwt/sdkjwt/twilio"  // Twilio's kind of token
	_ "github.com/sdkjwt/sdkjwt/vonage"
	_ "github.com/sdkjwt/sdkjwt/zego" // ZEGO's token04
)

var update = flag.Bool("update", false, "rewrite testdata/inspect/golden from the inspector's output")

// A vector is a token made by testdata/inspect/gen.js (Node's crypto, or
// jsrsasign through testdata/zoomgen/sdk-vectors.json, or by hand) with the codes
// a person expects for it, written with the case, not taken from Inspect.
type vector struct {
	Name   string   `json:"name"`
	Notes  string   `json:"notes"`
	Codes  []string `json:"codes"`
	Now    int64    `json:"now"`
	Secret *string  `json:"secret"`
	Key    string   `json:"key"`
	Token  string   `json:"token"`
	// What the token is presented to, and the client's join parameters.
	Use  string            `json:"use"`
	Join map[string]string `json:"join"`
	// PublicKey names a key file of testdata/jwt to check an RS256 token with.
	PublicKey string `json:"public_key"`
}

func loadVectors(t testing.TB) []vector {
	b, err := os.ReadFile("../testdata/inspect/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	return vs
}

// documented reads the table of docs/codes.md: each code and its severity,
// as written for people. The registry must agree with it (TestCodesDocumented),
// and the vectors' findings are judged by it.
func documented(t testing.TB) map[Code]Severity {
	b, err := os.ReadFile("../docs/codes.md")
	if err != nil {
		t.Fatal(err)
	}
	codes := map[Code]Severity{}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.Contains(cells[1], "`") {
			continue
		}
		for _, c := range strings.Split(cells[1], ",") {
			codes[Code(strings.Trim(c, " `"))] = Severity(strings.TrimSpace(cells[2]))
		}
	}
	if len(codes) < 50 {
		t.Fatalf("docs/codes.md: %d codes read", len(codes))
	}
	return codes
}

// TestCodesDocumented: docs/codes.md lists every registered code with its
// severity, and no other code.
func TestCodesDocumented(t *testing.T) {
	docs := documented(t)
	for _, c := range Codes() {
		if sev, ok := docs[c.Code]; !ok {
			t.Errorf("%s is not in docs/codes.md", c.Code)
		} else if sev != c.Severity {
			t.Errorf("%s is registered as %s, documented as %s", c.Code, c.Severity, sev)
		}
		delete(docs, c.Code)
	}
	for c := range docs {
		t.Errorf("docs/codes.md lists %s, which is not a code", c)
	}
}

func TestVectors(t *testing.T) {
	severity := documented(t)
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			o := Options{Now: time.Unix(v.Now, 0), Key: v.Key, Use: v.Use, Join: v.Join}
			if v.Secret != nil {
				o.Secret = []byte(*v.Secret)
			}
			if v.PublicKey != "" {
				b, err := os.ReadFile("../testdata/jwt/" + v.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				if o.PublicKey, err = rsakey.Public(b); err != nil {
					t.Fatal(err)
				}
			}
			r := Inspect(v.Token, o)
			var got []string
			failed := false
			for _, f := range r.Findings {
				got = append(got, string(f.Code))
				if f.Severity != severity[f.Code] {
					t.Errorf("%s is a %s, want %s", f.Code, f.Severity, severity[f.Code])
				}
				failed = failed || severity[f.Code] == Error
				if f.Message == "" || f.Hint == "" {
					t.Errorf("%s has no message or hint: %+v", f.Code, f)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(v.Codes))
			if !slices.Equal(got, want) {
				t.Errorf("codes %q, want %q (%s)", got, want, v.Notes)
			}
			if r.Failed() != failed {
				t.Errorf("Failed() = %v, want %v", r.Failed(), failed)
			}
			if v.Secret != nil && strings.Contains(string(r.JSON())+r.Text(), *v.Secret) && len(strings.TrimSpace(*v.Secret)) > 8 {
				t.Error("the report shows the secret")
			}
			golden := filepath.Join("..", "testdata", "inspect", "golden", v.Name+".json")
			if *update {
				if err := os.WriteFile(golden, r.JSON(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want2, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.JSON(); !bytes.Equal(got, want2) {
				t.Errorf("--json output differs from %s:\ngot  %s\nwant %s", golden, got, want2)
			}
		})
	}
}

// Every code the issue names, and every code this package can report, is
// triggered by at least one vector.
func TestEveryCodeHasAVector(t *testing.T) {
	issue := strings.Fields(`not-a-jwt legacy-web-signature alg-not-hs256 typ-not-jwt
		duplicate-key non-canonical-base64 iat-missing iat-float iat-string iat-milliseconds iat-future
		iat-quantized exp-missing exp-before-iat exp-window-too-short exp-window-too-long expired
		tokenexp-missing tokenexp-too-short appkey-missing mn-not-digits mn-without-role role-invalid
		role-type-missing role-type-invalid tpc-missing tpc-too-long tpc-charset user-identity-too-long
		session-key-too-long geo-region-invalid mixed-sdk-claims signature-valid signature-mismatch
		signature-encoding secret-whitespace key-secret-swapped jsrsasign-hex-secret
		zoom-api-token api-lifetime-long exp-milliseconds hold-undocumented user-identity-and-key
		recording-needs-host audio-compatible-mode-deprecated secret-in-token signature-length`)
	// Beyond the issue's list: role-without-mn, claim-*, signature-unchecked, key-mismatch.
	// no-vendors needs a program with no vendor registered: TestNoVendors.
	covered := map[string]bool{"no-vendors": true}
	for _, v := range loadVectors(t) {
		for _, c := range v.Codes {
			covered[c] = true
		}
	}
	defined := map[string]bool{}
	for _, c := range Codes() {
		defined[string(c.Code)] = true
		if !covered[string(c.Code)] {
			t.Errorf("no vector triggers %s", c.Code)
		}
	}
	for _, c := range issue {
		if !defined[c] {
			t.Errorf("the issue's code %s is not defined", c)
		}
	}
}

// FuzzInspect: any bytes as the token and any secret give a report whose
// JSON is one valid object, whose codes are all defined, and in which the
// secret does not appear unless the token itself carries it.
func FuzzInspect(f *testing.F) {
	for _, v := range loadVectors(f) {
		secret := ""
		if v.Secret != nil {
			secret = *v.Secret
		}
		f.Add(v.Token, []byte(secret))
	}
	f.Fuzz(func(t *testing.T, token string, secret []byte) {
		o := Options{Now: time.Unix(1700000000, 0)}
		if len(secret) > 0 {
			o.Secret, o.Key = secret, "key"
		}
		r := Inspect(token, o)
		out := r.JSON()
		// Numbers are as the token wrote them: valid JSON, though one such
		// as 1e400 is beyond a float64.
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil || dec.More() {
			t.Fatalf("invalid JSON %q: %v", out, err)
		}
		text := r.Text()
		for _, f := range r.Findings {
			hint := f.Hint
			if more := r.Kind.Hints[f.Code]; more != "" { // the kind's words, after the code's
				hint = strings.TrimSuffix(hint, " ("+more+")")
			}
			if !slices.ContainsFunc(Codes(), func(c CodeInfo) bool { return c == CodeInfo{f.Code, f.Severity, hint} }) {
				t.Fatalf("undefined code %q", f.Code)
			}
			if len(f.Message) > 600 {
				t.Fatalf("a message of %d bytes", len(f.Message))
			}
		}
		// 16 bytes: shorter ones can be words of the report's own text.
		if len(secret) >= 16 && !strings.Contains(token, string(secret)) && strings.Contains(text+string(out), string(secret)) {
			t.Fatalf("the secret %q is in the report", secret)
		}
	})
}

// TestBoundedMessage: an Agora token of a few hundred bytes, whose zlib
// stream holds 10,000 privileges that ended before the token does, gets
// findings of a line or two, not one that lists them all.
func TestBoundedMessage(t *testing.T) {
	content := []byte{0x20, 0}                                                      // the App ID's length
	content = append(content, "970CA35de60c44645bbae8a215061b33"...)                // the App ID
	content = append(content, 0x00, 0xf1, 0x53, 0x65, 0x10, 0x0e, 0, 0, 1, 0, 0, 0) // issueTs 1700000000, expire 3600, salt 1
	content = append(content, 1, 0, 1, 0, 0x10, 0x27)                               // 1 service: rtc, with 10,000 privileges
	for range 10000 {
		content = append(content, 1, 0, 1, 0, 0, 0) // privilege 1 (join), ending 1 s after issueTs
	}
	content = append(content, 1, 0, 'c', 0, 0) // channel "c", uid ""
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(append(append([]byte{32, 0}, make([]byte, 32)...), content...))
	w.Close()
	token := "007" + base64.StdEncoding.EncodeToString(z.Bytes())
	r := Inspect(token, Options{Now: time.Unix(1700000100, 0)})
	if len(token) > 600 || !slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Code == "agora-privilege-expired" }) {
		t.Fatalf("a token of %d bytes: %s", len(token), r.Verdict())
	}
	for _, f := range r.Findings {
		if len(f.Message) > 600 {
			t.Errorf("%s: %d bytes", f.Code, len(f.Message))
		}
	}
}

// A token of many repeated names gets ten findings and one "and more".
func TestManyFindings(t *testing.T) {
	payload := `{"a":0` + strings.Repeat(`,"a":0`, 50) + `}`
	token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2ln"
	n := 0
	for _, f := range Inspect(token, Options{Now: time.Unix(0, 0)}).Findings {
		if f.Code == "duplicate-key" {
			n++
		}
	}
	if n != 11 {
		t.Errorf("%d duplicate-key findings, want 10 and one that says there are more", n)
	}
}

// TestKindMarks: a token with 100ms's key claim (access_key) is 100ms's
// whatever Zoom claims it carries; one with the key claims of two vendors,
// or a header member no kind lists, is of no kind; grants marks Twilio's.
func TestKindMarks(t *testing.T) {
	for _, tc := range []struct{ header, payload, kind string }{
		{`{"alg":"HS256","typ":"JWT"}`, `{"access_key":"k","type":"app","tpc":"t","role_type":0,"iat":1700000000,"exp":1700086400}`, "hms-app"},
		{`{"alg":"HS256","typ":"JWT"}`, `{"access_key":"k","type":"app","app_key":"z","tpc":"t","role_type":0,"iat":1700000000,"exp":1700086400}`, "unknown"},
		{`{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}`, `{"jti":"SK00-1700000000","grants":{"identity":"a"},"iat":1700000000,"nbf":1700000000,"exp":1700003600,"iss":"SK00","sub":"AC00"}`, "twilio"},
		{`{"alg":"HS256","typ":"JWT"}`, `{"grants":{"identity":"a"},"nbf":1700000000,"exp":1700003600,"iss":"SK00","sub":"AC00"}`, "twilio"},
		{`{"alg":"HS256","typ":"JWT","kid":"k"}`, `{"grants":{"identity":"a"},"nbf":1700000000,"exp":1700003600,"iss":"SK00","sub":"AC00"}`, "unknown"},
		{`{"alg":"HS256"}`, `{}`, "unknown"},
	} {
		token := base64.RawURLEncoding.EncodeToString([]byte(tc.header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(tc.payload)) + ".c2ln"
		if k := Inspect(token, Options{Now: time.Unix(1700000000, 0)}).Kind.Name; k != tc.kind {
			t.Errorf("%s.%s: kind %s, want %s", tc.header, tc.payload, k, tc.kind)
		}
	}
}

// TestPublicPEM: the PEM texts publicPEM writes (with encoding/asn1) are
// crypto/x509's, byte for byte, and openssl's for the test key.
func TestPublicPEM(t *testing.T) {
	openssl, err := os.ReadFile("../testdata/jwt/test-key-a.pub.pem")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := rsakey.Public(openssl)
	if err != nil {
		t.Fatal(err)
	}
	pkix, _ := x509.MarshalPKIXPublicKey(pub)
	want := [][]byte{pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix}), pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)})}
	got := PublicPEM(pub)
	if !bytes.Equal(got[0], want[0]) || !bytes.Equal(got[1], want[1]) || !bytes.Equal(got[0], openssl) {
		t.Errorf("publicPEM:\n%s\nwant\n%s", got, want)
	}
}
