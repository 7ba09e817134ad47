package jwt

import (
	"errors"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

func mustSigner(t testing.TB, key string) *Signer {
	s, err := NewSigner([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHeaders: the headers NewHeader writes, their base64url segments (from
// Python's base64.urlsafe_b64encode), and the mistakes it refuses.
func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		header        Header
		json, segment string
	}{
		{JWTHeader, `{"alg":"HS256","typ":"JWT"}`, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."},
		{AlgHeader, `{"alg":"HS256"}`, "eyJhbGciOiJIUzI1NiJ9."},
		{mustHeader("typ", "JWT", "cty", "twilio-fpa;v=1", "twr", "au1"), `{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1","twr":"au1"}`,
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIiwidHdyIjoiYXUxIn0."},
		{mustHeader("typ", "JWT", "kid", "vpaas-magic-cookie-1/4f4d"), `{"alg":"HS256","typ":"JWT","kid":"vpaas-magic-cookie-1/4f4d"}`,
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InZwYWFzLW1hZ2ljLWNvb2tpZS0xLzRmNGQifQ."},
	} {
		if tc.header.String() != tc.json || tc.header.segment != tc.segment {
			t.Errorf("header %s (%s), want %s (%s)", tc.header, tc.header.segment, tc.json, tc.segment)
		}
	}
	for _, members := range [][]string{{"typ"}, {"alg", "none"}, {"typ", "JWT", "typ", "JOSE"}, {"kid", "\xff"}} {
		if h, err := NewHeader(members...); err == nil {
			t.Errorf("NewHeader(%q) = %s, want an error", members, h)
		}
	}
}

// TestSignVectors signs each vector's exact payload bytes and compares the
// whole token with the independent implementation's.
func TestSignVectors(t *testing.T) {
	for _, v := range vectors.Load(t, "../testdata") {
		if v.HeaderJSON != JWTHeader.String() {
			t.Fatalf("%s: header %s", v.Name, v.HeaderJSON)
		}
		s := mustSigner(t, v.Secret)
		if got := s.Sign([]byte(v.PayloadJSON)); got != v.Token {
			t.Errorf("%s:\n got %s\nwant %s", v.Name, got, v.Token)
		}
		tok, err := s.Verify(v.Token)
		if err != nil {
			t.Errorf("%s: Verify: %v", v.Name, err)
			continue
		}
		if string(tok.RawPayload) != v.PayloadJSON || string(tok.RawHeader) != JWTHeader.String() {
			t.Errorf("%s: decoded %s . %s", v.Name, tok.RawHeader, tok.RawPayload)
		}
	}
}

// Known answers from outside this project.
func TestVerifyKnownAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, key, token string
	}{
		{
			// RFC 7515 Appendix A.1: the key is the JWK "k" value, base64url-decoded.
			"RFC 7515 A.1",
			mustDecode(t, "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"),
			"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
		},
		{
			// README of zoom/meetingsdk-auth-endpoint-sample.
			"Zoom Meeting SDK sample README", "your-256-bit-secret",
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZGtLZXkiOiJhYmMxMjMiLCJtbiI6IjEyMzQ1Njc4OSIsInJvbGUiOjAsImlhdCI6MTY0NjkzNzU1MywiZXhwIjoxNjQ2OTQ0NzUzLCJhcHBLZXkiOiJhYmMxMjMiLCJ0b2tlbkV4cCI6MTY0Njk0NDc1M30.UcWxbWY-y22wFarBBc9i3lGQuZAsuUpl8GRR8wUah2M",
		},
		{
			// README of zoom/videosdk-auth-endpoint-sample.
			"Zoom Video SDK sample README", "your-256-bit-secret",
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoiVklERU9fU0RLX0tFWSIsImlhdCI6MTY0NjI0ODc5NiwiZXhwIjoxNjQ2MjU1OTk2LCJ0cGMiOiJDb29sIENhcnMiLCJ1c2VyX2lkZW50aXR5IjoidXNlcjEyMyIsInNlc3Npb25fa2V5Ijoic2Vzc2lvbjEyMyIsInJvbGVfdHlwZSI6MH0.Y6C65mZUxTZFeGiOI6oW5q2UkIXe3nLTK0MVNkfiJ9c",
		},
	} {
		tok, err := mustSigner(t, tc.key).Verify(tc.token)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if _, err := mustSigner(t, tc.key+"x").Verify(tc.token); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: a wrong key gave %v, want ErrSignature", tc.name, err)
		}
		if len(tok.Claims) == 0 || len(tok.Header) != 2 {
			t.Errorf("%s: header %v claims %v", tc.name, tok.Header, tok.Claims)
		}
	}
}

func mustDecode(t *testing.T, s string) string {
	b, err := b64.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestClaimsKeepRawText(t *testing.T) {
	tok, err := ParseUnverified(craft(JWTHeader.String(), `{"iat":1700000000.0, "exp":"1700007200","n":null,"o":{"a":[1,{"b":2}]}}`, "sig"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][3]string{{"iat", `"iat"`, "1700000000.0"}, {"exp", `"exp"`, `"1700007200"`}, {"n", `"n"`, "null"}, {"o", `"o"`, `{"a":[1,{"b":2}]}`}}
	if len(tok.Claims) != len(want) {
		t.Fatalf("claims %q", tok.Claims)
	}
	for i, m := range tok.Claims {
		if m.Name != want[i][0] || string(m.RawName) != want[i][1] || string(m.Value) != want[i][2] {
			t.Errorf("claim %d = %s (%s): %s, want %q", i, m.Name, m.RawName, m.Value, want[i])
		}
	}
}

// craft builds a token from header and payload text and a signature segment.
func craft(header, payload, sig string) string {
	return b64.EncodeToString([]byte(header)) + "." + b64.EncodeToString([]byte(payload)) + "." + sig
}

func TestParseRejects(t *testing.T) {
	good := mustSigner(t, "k").Sign([]byte(`{"a":1}`))
	h, rest, _ := strings.Cut(good, ".")
	p, sig, _ := strings.Cut(rest, ".")
	anySig := "c2ln"
	for _, tc := range []struct {
		name, token string
		want        error
	}{
		{"empty", "", ErrMalformed},
		{"two segments", h + "." + p, ErrMalformed},
		{"four segments", good + ".x", ErrMalformed},
		{"many dots", strings.Repeat(".", 1000), ErrMalformed},
		{"too large", good + strings.Repeat("A", MaxTokenSize), ErrTooLarge},
		{"padding", h + "." + p + "." + sig + "=", ErrMalformed},
		{"CR LF inside", h[:10] + "\r\n" + h[10:] + "." + p + "." + sig, ErrMalformed},
		{"standard alphabet", h + "." + p + "." + strings.NewReplacer("-", "+", "_", "/").Replace(sig) + "+", ErrMalformed},
		{"space", " " + good, ErrMalformed},
		{"non-canonical trailing bits", h + "." + p + "." + sig[:len(sig)-1] + "d", ErrMalformed}, // ...c is canonical, ...d sets a trailing bit
		{"impossible length", h + "." + p + "." + sig + "AA", ErrMalformed},
		{"empty header", "." + p + "." + sig, ErrMalformed},
		{"header not JSON", craft("HS256", `{}`, anySig), ErrMalformed},
		{"payload an array", craft(JWTHeader.String(), `[1]`, anySig), ErrMalformed},
		{"payload a string", craft(JWTHeader.String(), `"x"`, anySig), ErrMalformed},
		{"payload trailing data", craft(JWTHeader.String(), `{"a":1} {}`, anySig), ErrMalformed},
		{"payload trailing comma", craft(JWTHeader.String(), `{"a":1,}`, anySig), ErrMalformed},
		{"payload invalid UTF-8", craft(JWTHeader.String(), "{\"a\":\"\xff\"}", anySig), ErrMalformed},
		{"alg none", craft(`{"alg":"none","typ":"JWT"}`, `{}`, ""), ErrAlgorithm},
		{"alg HS512", craft(`{"alg":"HS512","typ":"JWT"}`, `{}`, anySig), ErrAlgorithm},
		{"alg lower case", craft(`{"alg":"hs256"}`, `{}`, anySig), ErrAlgorithm},
		{"alg a number", craft(`{"alg":256}`, `{}`, anySig), ErrAlgorithm},
		{"no alg", craft(`{"typ":"JWT"}`, `{}`, anySig), ErrAlgorithm},
		{"duplicate alg", craft(`{"alg":"none","alg":"HS256"}`, `{}`, anySig), ErrDuplicateKey},
		{"duplicate claim", craft(JWTHeader.String(), `{"role":0,"role":1}`, anySig), ErrDuplicateKey},
		{"duplicate claim, escaped", craft(JWTHeader.String(), `{"role":0,"\u0072ole":1}`, anySig), ErrDuplicateKey},
		{"duplicate nested", craft(JWTHeader.String(), `{"o":[{"a":1,"a":2}]}`, anySig), ErrDuplicateKey},
	} {
		_, err := ParseUnverified(tc.token)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		// Verify parses first: the same error, whatever the key.
		if _, err := mustSigner(t, "k").Verify(tc.token); !errors.Is(err, tc.want) {
			t.Errorf("%s: Verify: got %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := mustSigner(t, "k").Verify(good); err != nil {
		t.Errorf("the good token: %v", err)
	}
}

func TestSignatureMismatch(t *testing.T) {
	s := mustSigner(t, "secret")
	good := s.Sign([]byte(`{"role":0}`))
	h, rest, _ := strings.Cut(good, ".")
	_, sig, _ := strings.Cut(rest, ".")
	for name, token := range map[string]string{
		"payload changed":   h + "." + b64.EncodeToString([]byte(`{"role":1}`)) + "." + sig,
		"signature cut":     good[:len(good)-3],
		"signature empty":   good[:len(good)-len(sig)],
		"signature doubled": good + sig,
	} {
		if _, err := s.Verify(token); !errors.Is(err, ErrSignature) && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want a rejection", name, err)
		}
	}
	for _, other := range []string{"secret ", "Secret", "secre"} {
		if _, err := mustSigner(t, other).Verify(good); !errors.Is(err, ErrSignature) {
			t.Errorf("key %q: got %v, want ErrSignature", other, err)
		}
	}
}

func TestNewSignerEmptyKey(t *testing.T) {
	for _, key := range [][]byte{nil, {}} {
		if s, err := NewSigner(key); !errors.Is(err, ErrEmptyKey) || s != nil {
			t.Errorf("NewSigner(%q) = %v, %v", key, s, err)
		}
	}
}

func TestNewSignerCopiesKey(t *testing.T) {
	key := []byte("secret")
	s, _ := NewSigner(key)
	want := s.Sign([]byte(`{}`))
	copy(key, "XXXXXX")
	if got := s.Sign([]byte(`{}`)); got != want {
		t.Fatal("changing the caller's key slice changed the Signer")
	}
}

func FuzzParseUnverified(f *testing.F) {
	for _, v := range vectors.Load(f, "../testdata")[:4] {
		f.Add(v.Token)
	}
	f.Add("a.b.c")
	f.Add(craft(`{"alg":"HS256"}`, `{"a":{"b":[{"c":1e400}]}}`, "AAAA"))
	s := mustSigner(f, "k")
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := ParseUnverified(token)
		if err != nil {
			if tok != nil {
				t.Fatal("a token and an error")
			}
			return
		}
		// What parsed must re-encode to the same segments.
		h, rest, _ := strings.Cut(token, ".")
		p, sig, _ := strings.Cut(rest, ".")
		if b64.EncodeToString(tok.RawHeader) != h || b64.EncodeToString(tok.RawPayload) != p || b64.EncodeToString(tok.Signature) != sig {
			t.Fatalf("%q does not round-trip", token)
		}
		if _, err := s.Verify(token); err != nil && !errors.Is(err, ErrSignature) {
			t.Fatalf("Verify disagrees with ParseUnverified: %v", err)
		}
	})
}

// TestCheckSizeAgreesWithParse: CheckSize passes exactly the payloads
// whose tokens ParseUnverified reads, at the limit and one byte over.
func TestCheckSizeAgreesWithParse(t *testing.T) {
	s := mustSigner(t, "secret")
	for _, h := range []Header{JWTHeader, AlgHeader} {
		checked := 0
		for n := 48<<10 - 64; n < 48<<10+64; n++ {
			payload := []byte(`{"a":"` + strings.Repeat("x", n-8) + `"}`)
			_, err := ParseUnverified(s.SignWith(h, payload))
			if sizeErr := CheckSize(h, payload); (sizeErr == nil) != (err == nil) || sizeErr != nil && !errors.Is(sizeErr, ErrTooLarge) {
				t.Errorf("%s, payload of %d bytes: CheckSize says %v, ParseUnverified %v", h, len(payload), sizeErr, err)
			}
			if err == nil {
				checked++
			}
		}
		if checked == 0 || checked == 128 {
			t.Errorf("%s: the range does not cross the limit (%d of 128 read)", h, checked)
		}
	}
}
