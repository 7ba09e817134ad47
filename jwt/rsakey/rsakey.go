// Package rsakey reads the RSA keys of RS256 tokens: a private key in PEM
// (PKCS#1 or PKCS#8), a public key in PEM or as a JWK. It is apart from
// package jwt because crypto/x509 brings in package net, which the offline
// inspect page must not hold.
package rsakey

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// ErrKey wraps every error of reading a key: [jwt.ErrKey]. Its messages
// name the PEM block's type and the key's size, never the key.
var ErrKey = jwt.ErrKey

// Private reads one RSA private key in PEM: PKCS#1 ("RSA PRIVATE
// KEY") or PKCS#8 ("PRIVATE KEY"), unencrypted, of at least jwt.MinRSABits.
func Private(text []byte) (*rsa.PrivateKey, error) {
	block, err := onePEM(text)
	if err != nil {
		return nil, err
	}
	var key any
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("%w: the key is encrypted; give it decrypted (openssl pkey -in KEY -out PLAIN), to a file only you can read", ErrKey)
	default:
		return nil, fmt.Errorf("%w: a PEM block %q, not a private key (RSA PRIVATE KEY or PRIVATE KEY)", ErrKey, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the %s block does not parse", ErrKey, block.Type)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: a %T, not an RSA key", ErrKey, key)
	}
	if err := jwt.CheckRSABits(&rk.PublicKey); err != nil {
		return nil, err
	}
	return rk, nil
}

// Public reads an RSA public key: in PEM, a PUBLIC KEY (PKIX), an
// RSA PUBLIC KEY (PKCS#1), a CERTIFICATE's key, or a private key's public
// half; or a JWK ({"kty":"RSA","n":…,"e":…}, base64url).
func Public(text []byte) (*rsa.PublicKey, error) {
	if t := strings.TrimSpace(string(text)); strings.HasPrefix(t, "{") {
		return parseJWK([]byte(t))
	}
	block, err := onePEM(text)
	if err != nil {
		return nil, err
	}
	var key any
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var c *x509.Certificate
		if c, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = c.PublicKey
		}
	case "RSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
		k, err := Private(text)
		if err != nil {
			return nil, err
		}
		return &k.PublicKey, nil
	default:
		return nil, fmt.Errorf("%w: a PEM block %q, not a public key", ErrKey, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the %s block does not parse", ErrKey, block.Type)
	}
	pub, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: a %T, not an RSA key", ErrKey, key)
	}
	return pub, jwt.CheckRSABits(pub)
}

// onePEM returns the one PEM block of text, with nothing but white space
// around it.
func onePEM(text []byte) (*pem.Block, error) {
	block, rest := pem.Decode(text)
	switch {
	case block == nil:
		return nil, fmt.Errorf("%w: no PEM block (-----BEGIN …-----)", ErrKey)
	case strings.TrimSpace(string(rest)) != "":
		return nil, fmt.Errorf("%w: more than one PEM block, or text after it: give one key", ErrKey)
	case block.Headers["Proc-Type"] != "":
		return nil, fmt.Errorf("%w: the key is encrypted (Proc-Type %s); give it decrypted", ErrKey, block.Headers["Proc-Type"])
	}
	return block, nil
}

// parseJWK reads a JWK of an RSA public key: kty RSA, n and e base64url.
func parseJWK(text []byte) (*rsa.PublicKey, error) {
	var k struct{ Kty, N, E string } // a private JWK's d is not read
	if err := json.Unmarshal(text, &k); err != nil {
		return nil, fmt.Errorf("%w: a JWK that is not one JSON object", ErrKey)
	}
	if k.Kty != "RSA" {
		return nil, fmt.Errorf("%w: a JWK of kty %q, not RSA", ErrKey, k.Kty)
	}
	n, err1 := base64.RawURLEncoding.DecodeString(k.N)
	e, err2 := base64.RawURLEncoding.DecodeString(k.E)
	if err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 {
		return nil, fmt.Errorf("%w: a JWK whose n or e is not base64url of a number", ErrKey)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	if pub.E < 3 || pub.E%2 == 0 {
		return nil, fmt.Errorf("%w: a JWK whose exponent e is %d", ErrKey, pub.E)
	}
	return pub, jwt.CheckRSABits(pub)
}
