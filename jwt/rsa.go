package jwt

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
)

// This file is RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3): the
// tokens a vendor signs with a private key and checks with its public half
// (8x8's JaaS, Vonage applications). PKCS#1 v1.5 signatures are
// deterministic: the same key and input give the same bytes, as with HMAC.

// MinRSABits is the smallest RSA key sdkjwt signs or verifies with, as
// RFC 7518 §3.3 and jsonwebtoken ask.
const MinRSABits = 2048

// RS256Header is {"alg":"RS256","typ":"JWT"}, what jsonwebtoken writes.
var RS256Header = mustRSAHeader("typ", "JWT")

// NewRS256Header is NewHeader for an RS256 token: {"alg":"RS256"} and the
// members given, in their order (a kid, a typ).
func NewRS256Header(members ...string) (Header, error) { return newHeader("RS256", members) }

func mustRSAHeader(members ...string) Header {
	h, err := NewRS256Header(members...)
	if err != nil {
		panic(err)
	}
	return h
}

// ErrKey wraps every error of reading a key. Its messages name the PEM
// block's type and the key's size, never the key.
var ErrKey = errors.New("jwt: not a usable RSA key")

// An RSASigner signs RS256 tokens with one private key. It is safe for
// concurrent use. It has no field that prints the key.
type RSASigner struct {
	key *rsa.PrivateKey
}

// NewRSASigner returns an RSASigner for key, which must be an RSA key of at
// least MinRSABits bits that passes its own checks (Validate).
func NewRSASigner(key *rsa.PrivateKey) (*RSASigner, error) {
	if err := CheckRSABits(&key.PublicKey); err != nil {
		return nil, err
	}
	if err := key.Validate(); err != nil {
		return nil, fmt.Errorf("%w: the private key fails its own checks", ErrKey)
	}
	key.Precompute()
	return &RSASigner{key: key}, nil
}

// CheckRSABits returns an error wrapping ErrKey for a key of fewer than
// MinRSABits bits.
func CheckRSABits(pub *rsa.PublicKey) error {
	if n := pub.N.BitLen(); n < MinRSABits {
		return fmt.Errorf("%w: the key has %d bits; RS256 asks for at least %d", ErrKey, n, MinRSABits)
	}
	return nil
}

// Public returns the public half of the signer's key.
func (s *RSASigner) Public() *rsa.PublicKey { return &s.key.PublicKey }

// SignWith returns the compact RS256 token of h (an RS256 header) and
// payload, or an error for a header of another alg or a token longer than
// MaxTokenSize.
func (s *RSASigner) SignWith(h Header, payload []byte) (string, error) {
	if h.alg != "RS256" {
		return "", errors.New("jwt: an RSASigner signs with an RS256 header (NewRS256Header)")
	}
	n := len(h.segment) + b64.EncodedLen(len(payload)) + 1 + b64.EncodedLen(s.key.Size())
	if n > MaxTokenSize {
		return "", fmt.Errorf("%w: the token would be %d bytes, the limit is %d (what sdkjwt inspect reads)", ErrTooLarge, n, MaxTokenSize)
	}
	b := make([]byte, 0, n)
	b = append(b, h.segment...)
	b = b64.AppendEncode(b, payload)
	digest := sha256.Sum256(b)
	sig, err := rsa.SignPKCS1v15(nil, s.key, crypto.SHA256, digest[:])
	if err != nil {
		return "", fmt.Errorf("jwt: RS256: %w", err)
	}
	b = append(b, '.')
	return string(b64.AppendEncode(b, sig)), nil
}

// VerifyRS256 reports whether t's signature is the RS256 signature of its
// signing input under pub. It checks nothing else, not even t's alg.
func VerifyRS256(pub *rsa.PublicKey, t *Token) bool {
	if CheckRSABits(pub) != nil {
		return false
	}
	digest := sha256.Sum256(t.signed)
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], t.Signature) == nil
}
