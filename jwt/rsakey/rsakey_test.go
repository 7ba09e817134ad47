package rsakey

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/jwt"
)

func readKey(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/jwt/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeys: the forms Public and Private read, and those
// they refuse, by the reason they give.
func TestKeys(t *testing.T) {
	a, err := Private(readKey(t, "test-key-a.pkcs1.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"test-key-a.pub.pem", "test-key-a.jwk.json", "test-key-a.pkcs8.pem", "test-key-a.pkcs1.pem"} {
		pub, err := Public(readKey(t, name))
		if err != nil || !pub.Equal(&a.PublicKey) {
			t.Errorf("Public(%s): %v", name, err)
		}
	}
	pkcs8 := readKey(t, "test-key-a.pkcs8.pem")
	for _, tc := range []struct {
		name, text, want string
		public           bool
	}{
		{"1024 bits", string(readKey(t, "test-key-1024.pem")), "1024 bits", false},
		{"no PEM", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "no PEM block", false},
		{"two blocks", string(pkcs8) + string(pkcs8), "more than one PEM block", false},
		{"encrypted", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted", false},
		{"legacy encrypted", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n", "encrypted", false},
		{"a public key", string(readKey(t, "test-key-a.pub.pem")), `"PUBLIC KEY", not a private key`, false},
		{"corrupt", strings.Replace(string(pkcs8), "MII", "AII", 1), "does not parse", false},
		{"EC JWK", `{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}`, `kty "EC"`, true},
		{"JWK exponent", `{"kty":"RSA","n":"AQAB","e":"AA"}`, "exponent e is 0", true},
		{"JWK n", `{"kty":"RSA","n":"A+B","e":"AQAB"}`, "n or e", true},
		{"certificate request", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "not a public key", true},
	} {
		var err error
		if tc.public {
			_, err = Public([]byte(tc.text))
		} else {
			_, err = Private([]byte(tc.text))
		}
		if !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "MII") {
			t.Errorf("%s: the error shows the key: %v", tc.name, err)
		}
	}
}

func FuzzPublic(f *testing.F) {
	for _, name := range []string{"test-key-a.pub.pem", "test-key-a.jwk.json", "test-key-b.pub.pem"} {
		f.Add(readKey(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if pub, err := Public(b); err == nil && pub.N.BitLen() < jwt.MinRSABits {
			t.Errorf("a %d-bit key read", pub.N.BitLen())
		}
	})
}

func FuzzPrivate(f *testing.F) {
	f.Add(readKey(f, "test-key-a.pkcs1.pem"))
	f.Add(readKey(f, "test-key-b.pkcs8.pem"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if k, err := Private(b); err == nil && k.N.BitLen() < jwt.MinRSABits {
			t.Errorf("a %d-bit key read", k.N.BitLen())
		}
	})
}
