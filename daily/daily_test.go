package daily_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/daily"
	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
)

var ours = flag.String("ours", "", "write the tokens sdkjwt makes for the cases to this file, for jsonwebtoken to verify (testdata/daily/verify.js)")

// vector is a case of testdata/daily/cases.json and the token jsonwebtoken
// made of its claims, as Daily's docs sign them (gen.js).
type vector struct {
	Name   string                     `json:"name"`
	APIKey string                     `json:"api_key"`
	Claims map[string]json.RawMessage `json:"claims"`
	Token  string                     `json:"token"`
}

func load(t testing.TB) []vector {
	return vectors.LoadJSON[vector](t, "../testdata/daily/vectors.json", 10)
}

// token is the daily.Token of a case's claims.
func (v vector) token(t *testing.T) daily.Token {
	var tok daily.Token
	str := func(name string, p *string) {
		if raw := v.Claims[name]; raw != nil {
			json.Unmarshal(raw, p)
		}
	}
	num := func(name string, p *int64) {
		if raw := v.Claims[name]; raw != nil {
			json.Unmarshal(raw, p)
		}
	}
	num("iat", &tok.IssuedAt)
	num("nbf", &tok.NotBefore)
	num("exp", &tok.ExpiresAt)
	num("eje", &tok.EjectAfterElapsed)
	str("d", &tok.DomainID)
	str("r", &tok.Room)
	str("ud", &tok.UserID)
	str("u", &tok.UserName)
	str("rome", &tok.Redirect)
	str("er", &tok.Recording)
	str("uil", &tok.Lang)
	for _, name := range daily.Options {
		if raw := v.Claims[name]; raw != nil {
			if tok.Set == nil {
				tok.Set = map[string]bool{}
			}
			tok.Set[name] = string(raw) == "true"
		}
	}
	return tok
}

// TestGolden signs every case and compares the token, byte for byte, with
// the one jsonwebtoken made; each is recognised as a Daily token.
func TestGolden(t *testing.T) {
	type made struct{ Name, Token, Secret string }
	var all []made
	for _, v := range load(t) {
		s, err := jwt.NewSigner([]byte(v.APIKey))
		if err != nil {
			t.Fatal(err)
		}
		got, err := v.token(t).Sign(s)
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
			continue
		}
		if got != v.Token {
			t.Errorf("%s:\n got %s\nwant %s", v.Name, got, v.Token)
		}
		if ks := inspect.Recognize(v.Token); len(ks) != 1 || ks[0] != daily.Kind {
			t.Errorf("%s: recognised as %v", v.Name, ks)
		}
		all = append(all, made{v.Name, got, v.APIKey})
	}
	vectors.WriteOurs(t, *ours, all)
}

func TestProblems(t *testing.T) {
	good := daily.Token{DomainID: "30f866c3-9123-452a-8723-ff58322d09c5", Room: "r", IssuedAt: 1767225600, ExpiresAt: 1767229200}
	for _, tc := range []struct {
		name  string
		edit  func(*daily.Token)
		claim string
		code  string
		err   error
	}{
		{"no domain", func(t *daily.Token) { t.DomainID = "" }, "d", "daily-domain", jwt.ErrRequired},
		{"user id 37", func(t *daily.Token) { t.UserID = strings.Repeat("u", 37) }, "ud", "daily-user-id", jwt.ErrLength},
		{"recording", func(t *daily.Token) { t.Recording = "remote" }, "er", "daily-value", jwt.ErrValue},
		{"eject negative", func(t *daily.Token) { t.EjectAfterElapsed = -1 }, "eje", "daily-value", jwt.ErrValue},
		{"no iat", func(t *daily.Token) { t.IssuedAt = 0 }, "iat", "claim-value", jwt.ErrTime},
		{"exp before iat", func(t *daily.Token) { t.ExpiresAt = t.IssuedAt }, "exp", "exp-before-iat", jwt.ErrTime},
		{"unknown option", func(t *daily.Token) { t.Set = map[string]bool{"zz": true} }, "zz", "", jwt.ErrValue},
	} {
		tok := good
		tc.edit(&tok)
		p := tok.Problems()
		if len(p) != 1 || p[0].Claim != tc.claim || p[0].Code != tc.code || !errors.Is(p[0], tc.err) {
			t.Errorf("%s: got %v, want one %s error (%s) wrapping %v", tc.name, p, tc.claim, tc.code, tc.err)
		}
	}
	if w := (daily.Token{DomainID: "d", IssuedAt: 1}).Warnings(); len(w) != 2 || w[0].Code != "daily-any-room" || w[1].Code != "daily-no-exp" {
		t.Errorf("warnings %v", w)
	}
}

func ExampleToken_Sign() {
	s, err := jwt.NewSigner([]byte("7b2c91f0e4a84d6bb3f1c2d5e6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f")) // the domain's API key
	if err != nil {
		panic(err)
	}
	token, err := daily.Token{DomainID: "30f866c3-9123-452a-8723-ff58322d09c5", Room: "standup", IssuedAt: 1767225600, ExpiresAt: 1767229200}.Sign(s)
	if err != nil {
		panic(err)
	}
	fmt.Println(token)
	// Output: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiZCI6IjMwZjg2NmMzLTkxMjMtNDUyYS04NzIzLWZmNTgzMjJkMDljNSIsInIiOiJzdGFuZHVwIn0.1vgeWb-cl_oZb6_tD0jDXMfOiPfe-f5IB-bJvkYrI1I
}
