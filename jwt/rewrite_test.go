package jwt

import (
	"errors"
	"strings"
	"testing"
)

func TestRewrite(t *testing.T) {
	iat, exp := IntClaim{"iat", 1700000000}, IntClaim{"exp", 1700003600}
	for _, tc := range []struct {
		name, in string
		set      []IntClaim
		want     string
	}{
		{"compacted, otherwise as written", "{ \"iss\" : \"k\\u0041\\/\" ,\n\t\"n\": 1.50, \"e\": 1E+3, \"z\": -0,\r\n \"o\": { \"a\" : [ 1 , { } , \"x y\" ] } }", nil,
			`{"iss":"k\u0041\/","n":1.50,"e":1E+3,"z":-0,"o":{"a":[1,{},"x y"]}}`},
		{"names as written", `{"\u0069ss": true, "a\"b": null}`, nil, `{"\u0069ss":true,"a\"b":null}`},
		{"raw UTF-8 and U+2028 kept", "{\"t\": \"Grüße\u2028<&>\"}", nil, "{\"t\":\"Grüße\u2028<&>\"}"},
		{"iat and exp appended, iat first", `{"iss": "API_KEY"}`, []IntClaim{iat, exp}, `{"iss":"API_KEY","iat":1700000000,"exp":1700003600}`},
		{"replaced in place", `{"exp": 1.5, "iss": "k", "iat": "1700000000"}`, []IntClaim{iat, exp}, `{"exp":1700003600,"iss":"k","iat":1700000000}`},
		{"one replaced, one appended", `{"iat": 1, "iss": "k"}`, []IntClaim{iat, exp}, `{"iat":1700000000,"iss":"k","exp":1700003600}`},
		{"escaped name matches", `{"\u0069at": 1}`, []IntClaim{iat}, `{"\u0069at":1700000000}`},
		{"empty object", ` {} `, nil, `{}`},
		{"empty object, claims set", `{}`, []IntClaim{iat, exp}, `{"iat":1700000000,"exp":1700003600}`},
		{"only exp", `{"a":[]}`, []IntClaim{exp}, `{"a":[],"exp":1700003600}`},
	} {
		got, err := Rewrite([]byte(tc.in), tc.set...)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: got %s, %v\nwant %s", tc.name, got, err, tc.want)
		}
	}
}

func TestRewriteRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     error
	}{
		{"empty", ``, ErrClaims},
		{"array", `[{"a":1}]`, ErrClaims},
		{"string", `"x"`, ErrClaims},
		{"two objects", `{} {}`, ErrClaims},
		{"trailing comma", `{"a":1,}`, ErrClaims},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", ErrClaims},
		{"duplicate", `{"iat":1,"iat":2}`, ErrDuplicateKey},
		{"duplicate nested", `{"o":{"a":1,"a":1}}`, ErrDuplicateKey},
		{"too large", `{"a":"` + strings.Repeat("x", MaxClaimsSize) + `"}`, ErrTooLarge},
	} {
		if got, err := Rewrite([]byte(tc.in)); !errors.Is(err, tc.want) || got != nil {
			t.Errorf("%s: got %q, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func FuzzRewrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, claims string, n int64) {
		out, err := Rewrite([]byte(claims), IntClaim{"iat", n})
		if err != nil {
			return
		}
		// What it writes must read back as claims, unchanged by a second pass.
		again, err := Rewrite(out, IntClaim{"iat", n})
		if err != nil || string(again) != string(out) {
			t.Fatalf("%q -> %s -> %s, %v", claims, out, again, err)
		}
	})
}
