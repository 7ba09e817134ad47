package inspect_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/sdkjwt/sdkjwt/agora" // Agora's kind of token
	_ "github.com/sdkjwt/sdkjwt/hms"   // 100ms's kinds of token
	. "github.com/sdkjwt/sdkjwt/inspect"
	_ "github.com/sdkjwt/sdkjwt/livekit" // LiveKit's kind of token
	_ "github.com/sdkjwt/sdkjwt/sdk"     // Zoom's kinds of token
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

// The severities the issue sets: every code is an error except these.
var (
	warnings = []string{"typ-not-jwt", "iat-quantized", "tpc-charset", "signature-unchecked", "role-without-mn",
		// issue 11: what may fail, or is deprecated, but no documented rule forbids
		"api-iat-missing", "api-lifetime-long", "hold-undocumented", "recording-needs-host",
		"audio-compatible-mode-deprecated", "user-identity-and-key",
		// issue 14: what LiveKit ignores or may regret
		"livekit-join-missing", "livekit-grant-unknown", "livekit-source-invalid", "livekit-lifetime-long",
		"livekit-room-config-credentials",
		// issue 15: what Agora may refuse, or the user may regret
		"agora-006", "agora-lifetime", "agora-expire-absolute", "agora-privilege-short", "agora-uid-zero", "agora-unknown-service"}
	infos = []string{"signature-valid", "claim-unknown", "zoom-api-token",
		"livekit-publish-denied", "livekit-subscribe-denied"}
)

func severity(code string) Severity {
	switch {
	case slices.Contains(warnings, code):
		return Warning
	case slices.Contains(infos, code):
		return Info
	}
	return Error
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			o := Options{Now: time.Unix(v.Now, 0), Key: v.Key}
			if v.Secret != nil {
				o.Secret = []byte(*v.Secret)
			}
			r := Inspect(v.Token, o)
			var got []string
			failed := false
			for _, f := range r.Findings {
				got = append(got, string(f.Code))
				if f.Severity != severity(string(f.Code)) {
					t.Errorf("%s is a %s, want %s", f.Code, f.Severity, severity(string(f.Code)))
				}
				failed = failed || severity(string(f.Code)) == Error
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
	covered := map[string]bool{}
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
		var obj map[string]any
		if err := json.Unmarshal(out, &obj); err != nil {
			t.Fatalf("invalid JSON %q: %v", out, err)
		}
		text := r.Text()
		for _, f := range r.Findings {
			if !slices.ContainsFunc(Codes(), func(c CodeInfo) bool { return c == CodeInfo{f.Code, f.Severity, f.Hint} }) {
				t.Fatalf("undefined code %q", f.Code)
			}
		}
		// 16 bytes: shorter ones can be words of the report's own text.
		if len(secret) >= 16 && !strings.Contains(token, string(secret)) && strings.Contains(text+string(out), string(secret)) {
			t.Fatalf("the secret %q is in the report", secret)
		}
	})
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

// TestKindOrder: kinds are tried in the order registered, 100ms's (hms)
// before Zoom's (sdk), so a token with 100ms's access_key and type is
// 100ms's whatever else it carries.
func TestKindOrder(t *testing.T) {
	payload := `{"access_key":"k","type":"app","tpc":"t","role_type":0,"iat":1700000000,"exp":1700086400}`
	token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2ln"
	if k := Inspect(token, Options{Now: time.Unix(1700000000, 0)}).Kind.Name; k != "hms-app" {
		t.Errorf("kind %s, want hms-app", k)
	}
	if k := Inspect("eyJhbGciOiJIUzI1NiJ9.e30.c2ln", Options{}).Kind; k != Unknown {
		t.Errorf("{}: kind %s, want unknown", k.Name)
	}
}
