// Package jwt makes and checks the one kind of JSON Web Token sdkjwt deals
// in: an HS256 JWS in compact serialization (RFC 7515, RFC 7519).
//
// A token is three base64url segments without padding, joined by dots:
//
//	base64url(Header) "." base64url(payload) "." base64url(HMAC-SHA256(key, signing input))
//
// where the signing input is the first two segments and their dot. Header is
// always the same 27 bytes; the payload is a JSON object written with Object,
// so its bytes are fully determined by the caller's members and their order.
//
// Nothing here knows about Zoom: package sdk builds the payloads.
package jwt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"hash"
	"sync"
)

// Header is the JOSE header of every token a Signer makes, byte for byte.
const Header = `{"alg":"HS256","typ":"JWT"}`

// encodedHeader is base64url(Header), the first segment of every token we make.
const encodedHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// b64 is the encoding of all three segments: URL alphabet, no padding, and
// (Strict) only canonical trailing bits when decoding.
var b64 = base64.RawURLEncoding.Strict()

// ErrEmptyKey is returned by NewSigner for a key of length zero.
var ErrEmptyKey = errors.New("jwt: the HMAC key is empty")

// A Signer signs and verifies tokens with one HMAC-SHA256 key. It is safe for
// concurrent use by many goroutines.
//
// The key is held only inside the HMAC states it derives; a Signer has no
// field that prints it.
type Signer struct {
	macs sync.Pool // of hash.Hash: HMAC-SHA256 keyed with the key
}

// NewSigner returns a Signer for key, the secret's bytes exactly as given
// (for a text secret, its UTF-8 bytes). The key is copied. It returns
// ErrEmptyKey if the key is empty.
func NewSigner(key []byte) (*Signer, error) {
	if len(key) == 0 {
		return nil, ErrEmptyKey
	}
	key = append([]byte(nil), key...)
	s := new(Signer)
	s.macs.New = func() any { return hmac.New(sha256.New, key) }
	return s, nil
}

// sum returns HMAC-SHA256(key, msg) appended to dst.
func (s *Signer) sum(dst, msg []byte) []byte {
	mac := s.macs.Get().(hash.Hash)
	mac.Reset()
	mac.Write(msg)
	dst = mac.Sum(dst)
	s.macs.Put(mac)
	return dst
}

// Sign returns the compact token for payload, which must be the JSON object
// to sign, exactly as its bytes should appear (see Object). The header is
// Header. Sign does not look at the payload.
func (s *Signer) Sign(payload []byte) string {
	n := len(encodedHeader) + 1 + b64.EncodedLen(len(payload))
	buf := make([]byte, 0, n+1+b64.EncodedLen(sha256.Size))
	buf = append(buf, encodedHeader+"."...)
	buf = b64.AppendEncode(buf, payload)
	var mac [sha256.Size]byte
	s.sum(mac[:0], buf)
	buf = append(buf, '.')
	buf = b64.AppendEncode(buf, mac[:])
	return string(buf)
}
