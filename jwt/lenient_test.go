package jwt

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseLenient(t *testing.T) {
	// The Meeting sample README's token, signed with "your-256-bit-secret"
	//.
	const good = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZGtLZXkiOiJhYmMxMjMiLCJtbiI6IjEyMzQ1Njc4OSIsInJvbGUiOjAsImlhdCI6MTY0NjkzNzU1MywiZXhwIjoxNjQ2OTQ0NzUzLCJhcHBLZXkiOiJhYmMxMjMiLCJ0b2tlbkV4cCI6MTY0Njk0NDc1M30.UcWxbWY-y22wFarBBc9i3lGQuZAsuUpl8GRR8wUah2M"
	h, rest, _ := strings.Cut(good, ".")
	p, sig, _ := strings.Cut(rest, ".")
	mac, _ := base64.RawURLEncoding.DecodeString(sig)
	std := base64.StdEncoding.EncodeToString(mac) // has '+' or '/': checked below
	// The payload's last character with its lowest bit, a trailing bit
	// (len(p)%4 is 2 or 3), set: "0" is 52, "1" 53.
	if len(p)%4 < 2 || p[len(p)-1] != '0' {
		t.Fatalf("pick another token: %q", p[len(p)-1:])
	}
	s := mustSigner(t, "your-256-bit-secret")
	for _, tc := range []struct {
		name, token string
		want        [3]Encoding
		matches     bool
		dups        []string
	}{
		{"canonical", good, [3]Encoding{}, true, nil},
		{"signature padded", good + "=", [3]Encoding{2: Padded}, true, nil},
		{"signature standard base64", h + "." + p + "." + std, [3]Encoding{2: Standard}, true, nil},
		{"signature hex", h + "." + p + "." + hex.EncodeToString(mac), [3]Encoding{2: Hex}, true, nil},
		{"signature hex upper case", h + "." + p + "." + strings.ToUpper(hex.EncodeToString(mac)), [3]Encoding{2: Hex}, true, nil},
		{"header padded", h + "=." + p + "." + sig, [3]Encoding{0: Padded}, false, nil}, // the signing input changed
		{"payload trailing bits", h + "." + p[:len(p)-1] + "1." + sig, [3]Encoding{1: NonCanonical}, false, nil},
		{"duplicates", craft(`{"alg":"HS256","alg":"none"}`, `{"a":1,"o":{"b":1,"b":2},"a":2}`, "c2ln"), [3]Encoding{}, false,
			[]string{`"alg" in the header`, `"b" in member "o" of the payload`, `"a" in the payload`}},
	} {
		lt, err := ParseLenient(tc.token)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if lt.Encodings != tc.want {
			t.Errorf("%s: encodings %v, want %v", tc.name, lt.Encodings, tc.want)
		}
		if got := s.Matches(&lt.Token); got != tc.matches {
			t.Errorf("%s: Matches = %v, want %v", tc.name, got, tc.matches)
		}
		if !slices.Equal(lt.Duplicates, tc.dups) {
			t.Errorf("%s: duplicates %q, want %q", tc.name, lt.Duplicates, tc.dups)
		}
	}
	if !strings.ContainsAny(std, "+/") {
		t.Fatalf("the standard base64 case has neither '+' nor '/': %s", std)
	}
	for _, tc := range []struct {
		name, token string
		want        error
	}{
		{"two segments", h + "." + p, ErrMalformed},
		{"too large", good + strings.Repeat("A", MaxTokenSize), ErrTooLarge},
		{"space inside", h + "." + p + ". " + sig, ErrMalformed},
		{"impossible length", good + "AA", ErrMalformed},
		{"payload not an object", craft(JWTHeader.String(), `[]`, "c2ln"), ErrMalformed},
		{"payload invalid UTF-8", craft(JWTHeader.String(), "{\"a\":\"\xff\"}", "c2ln"), ErrMalformed},
	} {
		if _, err := ParseLenient(tc.token); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
}
