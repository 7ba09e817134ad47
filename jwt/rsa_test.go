package jwt

import (
	"crypto/rsa"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

var ours = flag.String("ours", "", "write the RS256 tokens sdkjwt makes for the cases to this file, for jsonwebtoken to verify (testdata/jwt/verify.js)")

type rsaVector struct {
	Name, Key, Token string
	Header           map[string]string
	PayloadJSON      string `json:"payload_json"`
}

// headerOf is the case's header as NewRS256Header writes it: typ, then kid.
func headerOf(t *testing.T, v rsaVector) Header {
	members := []string{"typ", v.Header["typ"]}
	if kid := v.Header["kid"]; kid != "" {
		members = append(members, "kid", kid)
	}
	h, err := NewRS256Header(members...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestGolden: RS256 tokens byte for byte those jws (jsonwebtoken's signer)
// made with the same test keys (testdata/jwt/gen.js); -ours writes sdkjwt's
// for jsonwebtoken to verify (verify.js).
func TestGolden(t *testing.T) {
	type made struct{ Name, Token, PublicKey string }
	var all []made
	for _, v := range vectors.LoadJSON[rsaVector](t, "../testdata/jwt/vectors.json", 6) {
		s, err := NewRSASigner(vectors.PrivateKey(t, "../testdata/jwt/"+v.Key))
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.SignWith(headerOf(t, v), []byte(v.PayloadJSON))
		if err != nil || got != v.Token {
			t.Errorf("%s:\n got %s, %v\nwant %s", v.Name, got, err, v.Token)
		}
		theirs, err := ParseLenient(v.Token)
		if err != nil || !VerifyRS256(s.Public(), &theirs.Token) {
			t.Errorf("%s: jws's token does not verify: %v", v.Name, err)
		}
		all = append(all, made{v.Name, got, strings.SplitN(v.Key, ".", 2)[0] + ".pub.pem"})
	}
	vectors.WriteOurs(t, *ours, all)
}

// TestRS256Refuses: another key does not verify, a header of another alg
// does not sign, an HS256 token is no RS256 one.
func TestRS256Refuses(t *testing.T) {
	a := vectors.PrivateKey(t, "../testdata/jwt/"+"test-key-a.pkcs1.pem")
	b := &vectors.PrivateKey(t, "../testdata/jwt/"+"test-key-b.pkcs8.pem").PublicKey
	s, err := NewRSASigner(a)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.SignWith(RS256Header, []byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ParseLenient(tok)
	if !VerifyRS256(&a.PublicKey, &p.Token) || VerifyRS256(b, &p.Token) {
		t.Error("VerifyRS256: the signer's key must verify it, another must not")
	}
	if _, err := s.SignWith(JWTHeader, []byte(`{}`)); err == nil {
		t.Error("SignWith(an HS256 header): no error")
	}
	if _, err := s.SignWith(RS256Header, []byte(`{"a":"`+strings.Repeat("a", MaxTokenSize)+`"}`)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a huge payload: %v", err)
	}
	hs, _ := ParseLenient(mustSigner(t, "secret").Sign([]byte(`{"a":1}`)))
	if VerifyRS256(&a.PublicKey, &hs.Token) {
		t.Error("an HS256 token verified as RS256")
	}
	if _, err := NewRSASigner(&rsa.PrivateKey{PublicKey: rsa.PublicKey{N: a.N, E: 3}, D: a.D, Primes: a.Primes}); err == nil {
		t.Error("NewRSASigner took a key that fails Validate")
	}
}
