package vonage

import (
	"flag"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
)

var ours = flag.String("ours", "", "write the tokens sdkjwt makes for the cases to this file, for Vonage's SDKs to verify (testdata/vonage/verify.js)")

// vector is a case of testdata/vonage/vectors.json: a token Vonage's Node
// SDKs made, or the error they threw.
type vector struct {
	Name, Family, Token, Error, Refused string
	Now, Expire                         int64
	Nonce                               float64
	APIKey                              string `json:"api_key"`
	APISecret                           string `json:"api_secret"`
	ApplicationID                       string `json:"application_id"`
	Key, Jti                            string
	SessionID                           string `json:"session_id"`
	Role, Data                          string
	Layout                              []string
}

func (v vector) token() Token {
	t := Token{SessionID: v.SessionID, Role: v.Role, Data: v.Data, Layout: v.Layout, IssuedAt: v.Now, ExpiresAt: v.Expire, Nonce: v.Nonce}
	if t.ExpiresAt == 0 {
		t.ExpiresAt = v.Now + DefaultLifetime
	}
	return t
}

// TestGolden: sdkjwt's tokens are byte for byte those Vonage's SDKs made
// (opentok 2.23.2, @vonage/video 1.31.1), its refusals theirs and the
// documented limits they do not keep; their tokens are recognised as the
// kind of their family.
func TestGolden(t *testing.T) {
	type made struct{ Name, Family, Token, Secret, PublicKey string }
	var all []made
	kinds := map[string]*inspect.Kind{"jwt": JWTKind, "t1": T1Kind, "app": AppKind}
	for _, v := range vectors.LoadJSON[vector](t, "../testdata/vonage/vectors.json", 12) {
		tok := v.token()
		var got, pub string
		var err error
		switch v.Family {
		case "jwt":
			s, _ := jwt.NewSigner([]byte(v.APISecret))
			got, err = tok.SignJWT(v.APIKey, s)
		case "t1":
			got, err = tok.SignT1(v.APIKey, []byte(v.APISecret))
		case "app":
			s, e := jwt.NewRSASigner(vectors.PrivateKey(t, "../testdata/jwt/"+v.Key))
			if e != nil {
				t.Fatal(e)
			}
			got, err = tok.SignApplication(v.ApplicationID, s, v.Jti)
			pub = strings.SplitN(v.Key, ".", 2)[0] + ".pub.pem"
		}
		switch {
		case v.Error != "" || v.Refused != "":
			if err == nil {
				t.Errorf("%s: signed, want refused (%s%s)", v.Name, v.Error, v.Refused)
			}
			continue
		case err != nil || got != v.Token:
			t.Errorf("%s:\n got %s, %v\nwant %s", v.Name, got, err, v.Token)
		}
		if ks := inspect.Recognize(v.Token); len(ks) != 1 || ks[0] != kinds[v.Family] {
			t.Errorf("%s: recognised as %v, want %s", v.Name, ks, kinds[v.Family].Name)
		}
		all = append(all, made{v.Name, v.Family, got, v.APISecret, pub})
	}
	vectors.WriteOurs(t, *ours, all)
}

// TestJSNumber: floats as JavaScript's String(n) writes them (node -p).
func TestJSNumber(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // not constants: Go folds 0.1 + 0.2 exactly
	for f, want := range map[float64]string{0: "0", 0.5: "0.5", 0.000123: "0.000123", 1e-6: "0.000001", 1.5e-7: "1.5e-7", tenth + fifth: "0.30000000000000004", 1e21: "1e+21"} {
		if got := jsNumber(f); got != want {
			t.Errorf("jsNumber(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestSessionAPIKey(t *testing.T) {
	for id, want := range map[string]string{
		"1_MX40NzAwMDAwMX4xMjcuMC4wLjF-TW9uIERlYyAwNyAyMDI2IDAwOjAwOjAwIEdNVCswMDAwfk1DNHhNak0wfg": "47000001",
		"2_MX4xMjM0NX5-": "12345",
		"1_":             "",
		"x":              "",
		"1_!!!":          "",
	} {
		if got, ok := SessionAPIKey(id); got != want || ok != (want != "") {
			t.Errorf("SessionAPIKey(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
}

// FuzzT1: any text inspect reads as a T1 token decodes without panic, and
// what decodes is checked with any secret without one.
func FuzzT1(f *testing.F) {
	for _, v := range vectors.LoadJSON[vector](f, "../testdata/vonage/vectors.json", 12) {
		if v.Family == "t1" {
			f.Add(v.Token)
		}
	}
	f.Add("T1==cGFydG5lcl9pZD0xJnNpZz0wMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwOmV4cGlyZV90aW1lPTE=")
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := decodeT1(s, 1796601600, func(inspect.Code, string) {})
		if ok && d.Matches != nil {
			d.Matches([]byte("secret"))
		}
		SessionAPIKey(s)
	})
}
