// Package jwt makes and checks the one kind of JSON Web Token sdkjwt deals
// in: an HS256 JWS in compact serialization (RFC 7515, RFC 7519).
//
// A token is three base64url segments without padding, joined by dots:
//
//	base64url(Header) "." base64url(payload) "." base64url(HMAC-SHA256(key, signing input))
//
// where the signing input is the first two segments and their dot. [Header]
// is always the same 27 bytes; the payload is a JSON object written with
// [Object], so its bytes are fully determined by the caller's members and
// their order. A [Signer] signs and verifies; [ParseUnverified] and
// [ParseLenient] read tokens strictly and leniently.
//
// The package also holds what every vendor's payload shares: the error of a
// claim that breaks a rule ([ClaimError], matched with errors.Is against
// [ErrRequired] and its siblings) and the time rules ([CheckTimes],
// [CheckNow], [CheckNotBefore], [CheckNowLeeway]). Nothing here knows a
// vendor: packages sdk (Zoom), hms (100ms) and livekit (LiveKit, whose
// tokens [Signer.SignAlg] signs) build the payloads.
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

// AlgHeader is the header of SignAlg's tokens: what jose's SignJWT writes
// when only alg is set, as LiveKit's server SDKs sign.
const AlgHeader = `{"alg":"HS256"}`

// encodedHeader and encodedAlgHeader are base64url(Header) and
// base64url(AlgHeader), the first segments of the tokens we make.
const (
	encodedHeader    = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
	encodedAlgHeader = "eyJhbGciOiJIUzI1NiJ9"
)

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
	states sync.Pool // of *state
}

// state is the scratch space of one signing or verification: an HMAC keyed
// once and reused (Reset restores its pads without rehashing the key) and
// a buffer for the token being built. Pooling them makes a token cost one
// allocation, its string.
type state struct {
	mac hash.Hash
	buf []byte
	sum [sha256.Size]byte
}

// maxPooledBuffer keeps a rare huge token's buffer out of the pool.
const maxPooledBuffer = 4 << 10

// NewSigner returns a Signer for key, the secret's bytes exactly as given
// (for a text secret, its UTF-8 bytes). The key is copied. It returns
// ErrEmptyKey if the key is empty.
func NewSigner(key []byte) (*Signer, error) {
	if len(key) == 0 {
		return nil, ErrEmptyKey
	}
	key = append([]byte(nil), key...)
	s := new(Signer)
	s.states.New = func() any { return &state{mac: hmac.New(sha256.New, key)} }
	return s, nil
}

func (s *Signer) get() *state { return s.states.Get().(*state) }

func (s *Signer) put(st *state) {
	if cap(st.buf) > maxPooledBuffer {
		st.buf = nil
	}
	s.states.Put(st)
}

// hmac returns HMAC-SHA256(key, msg), valid until the state is used again.
func (st *state) hmac(msg []byte) []byte {
	st.mac.Reset()
	st.mac.Write(msg)
	return st.mac.Sum(st.sum[:0])
}

// Sign returns the compact token for payload, which must be the JSON object
// to sign, exactly as its bytes should appear (see Object). The header is
// Header. Sign does not look at the payload, and does not keep it.
func (s *Signer) Sign(payload []byte) string { return s.sign(encodedHeader+".", payload) }

// SignAlg is Sign with AlgHeader, the header without typ.
func (s *Signer) SignAlg(payload []byte) string { return s.sign(encodedAlgHeader+".", payload) }

func (s *Signer) sign(header string, payload []byte) string {
	st := s.get()
	b := append(st.buf[:0], header...)
	b = b64.AppendEncode(b, payload)
	mac := st.hmac(b)
	b = append(b, '.')
	b = b64.AppendEncode(b, mac)
	token := string(b)
	st.buf = b
	s.put(st)
	return token
}
