package jitsi

import (
	"flag"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
)

var ours = flag.String("ours", "", "write the tokens sdkjwt makes for the cases to this file, for jsonwebtoken to verify (testdata/jitsi/verify.js)")

// vector is a case of testdata/jitsi/vectors.json, its token made by
// jsonwebtoken as 8x8's JaaS sample makes one.
type vector struct {
	Name, Token, Secret, Key, Kid string
	Now                           int64
	Aud, Iss, Sub, Room           string
	Exp, Nbf                      int64
	User                          *struct{ ID, Name, Avatar, Email, Moderator string }
	Features                      map[string]string
	FeatureOrder                  []string `json:"-"`
	Group                         string
}

func (v vector) token(t *testing.T) Token {
	tok := Token{Audience: v.Aud, Issuer: v.Iss, Subject: v.Sub, Room: v.Room, IssuedAt: v.Now, NotBefore: v.Nbf, ExpiresAt: v.Exp, Group: v.Group}
	if v.User != nil {
		tok.User = User{ID: v.User.ID, Name: v.User.Name, Avatar: v.User.Avatar, Email: v.User.Email}
		if v.User.Moderator != "" {
			m := v.User.Moderator == "true"
			tok.User.Moderator = &m
		}
	}
	// The features in the token's own order: Go's map has none.
	if len(v.Features) > 0 {
		p, err := jwt.ParseLenient(v.Token)
		if err != nil {
			t.Fatal(err)
		}
		s := string(p.RawPayload)
		s = s[strings.Index(s, `"features":{`)+len(`"features":{`):]
		for _, m := range strings.Split(s[:strings.Index(s, "}")], ",") {
			name := strings.Trim(strings.SplitN(m, ":", 2)[0], `"`)
			tok.Features = append(tok.Features, Feature{name, v.Features[name] == "true"})
		}
	}
	return tok
}

// TestGolden: sdkjwt's tokens are byte for byte jsonwebtoken's, made as
// 8x8's sample makes them; jsonwebtoken's are recognised as Jitsi's or
// JaaS's and no other kind.
func TestGolden(t *testing.T) {
	type made struct{ Name, Token, Secret, PublicKey string }
	var all []made
	for _, v := range vectors.LoadJSON[vector](t, "../testdata/jitsi/vectors.json", 6) {
		tok := v.token(t)
		var got, pub string
		var err error
		if v.Key != "" {
			var s *jwt.RSASigner
			if s, err = jwt.NewRSASigner(vectors.PrivateKey(t, "../testdata/jwt/"+v.Key)); err != nil {
				t.Fatal(err)
			}
			got, err = tok.SignRS256(s, v.Kid)
			pub = strings.SplitN(v.Key, ".", 2)[0] + ".pub.pem"
		} else {
			s, _ := jwt.NewSigner([]byte(v.Secret))
			got, err = tok.Sign(s)
		}
		if err != nil || got != v.Token {
			t.Errorf("%s:\n got %s, %v\nwant %s", v.Name, got, err, v.Token)
		}
		want := Kind
		if tok.JaaS() {
			want = JaaSKind
		}
		if ks := inspect.Recognize(v.Token); len(ks) != 1 || ks[0] != want {
			t.Errorf("%s: recognised as %v, want %s", v.Name, ks, want.Name)
		}
		all = append(all, made{v.Name, got, v.Secret, pub})
	}
	vectors.WriteOurs(t, *ours, all)
}

func TestProblems(t *testing.T) {
	ok := Token{Audience: "jitsi", Issuer: "app", Subject: "meet.example.com", Room: "*", IssuedAt: 100, ExpiresAt: 200}
	for _, tc := range []struct {
		change func(*Token)
		code   string
	}{
		{func(t *Token) { t.Room = "" }, "claim-missing"},
		{func(t *Token) { t.Audience = "" }, "claim-missing"},
		{func(t *Token) { t.Subject = "Meet.Example.com" }, "jitsi-sub"},
		{func(t *Token) { t.Subject = JaaSPrefix + "abc" }, "jaas-claims"}, // aud is jitsi, iss is not chat
		{func(t *Token) { t.Features = []Feature{{"recordings", true}} }, "jitsi-feature"},
		{func(t *Token) { t.Features = []Feature{{"recording", true}, {"recording", false}} }, "jitsi-feature"},
		{func(t *Token) { t.ExpiresAt = 100 }, "exp-before-iat"},
	} {
		tok := ok
		tc.change(&tok)
		if p := tok.Problems(); len(p) != 1 || p[0].Code != tc.code {
			t.Errorf("%+v: %v, want one %s", tok, p, tc.code)
		}
	}
	jaas := Token{Audience: "jitsi", Issuer: "chat", Subject: JaaSPrefix + "abc", Room: "*", IssuedAt: 100, ExpiresAt: 200}
	s, err := jwt.NewRSASigner(vectors.PrivateKey(t, "../testdata/jwt/"+"test-key-a.pkcs1.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kid := range []string{"", "abc/key", JaaSPrefix + "abd/key", JaaSPrefix + "abc"} {
		if _, err := jaas.SignRS256(s, kid); err == nil {
			t.Errorf("kid %q: signed", kid)
		}
	}
	if _, err := jaas.SignRS256(s, JaaSPrefix+"abc/key"); err != nil {
		t.Error(err)
	}
}
