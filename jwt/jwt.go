// Package jwt makes and checks the JSON Web Tokens sdkjwt deals in: HS256
// JWSs in compact serialization (RFC 7515, RFC 7519), and RS256 ones
// ([RSASigner], [VerifyRS256]; their keys are read by package rsakey).
//
// A token is three base64url segments without padding, joined by dots:
//
//	base64url(Header) "." base64url(payload) "." base64url(HMAC-SHA256(key, signing input))
//
// where the signing input is the first two segments and their dot. The
// header is a [Header] made once ([JWTHeader] for most vendors, or one
// [NewHeader] writes with the members a vendor adds, in its order); the
// payload is a JSON object written with [Object], so its bytes are fully
// determined by the caller's members and their order. A [Signer] signs and
// verifies; [ParseUnverified] and [ParseLenient] read tokens strictly and
// leniently.
//
// The package also holds what every vendor's payload shares: the error of a
// claim that breaks a rule ([ClaimError], matched with errors.Is against
// [ErrRequired] and its siblings) and the time rules ([CheckTimes],
// [CheckNow], [CheckNotBefore], [CheckNowLeeway]). Nothing here knows a
// vendor: the vendors' packages (sdk for Zoom, hms, livekit, whose tokens
// have the [AlgHeader], and the others) build the payloads.
package jwt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// A Header is a token's JOSE header, written and encoded once, so that
// signing with it costs nothing more than with any other.
type Header struct {
	json    string
	segment string // base64url(json) and the dot after it
	alg     string // "HS256", or "RS256" (NewRS256Header)
}

// JWTHeader is {"alg":"HS256","typ":"JWT"}, the header [Signer.Sign] writes:
// Zoom's, 100ms's, and most libraries' by default.
var JWTHeader = mustHeader("typ", "JWT")

// AlgHeader is {"alg":"HS256"}: what jose's SignJWT writes when only alg is
// set, as LiveKit's server SDKs sign.
var AlgHeader = mustHeader()

// NewHeader returns the header {"alg":"HS256"} followed by the members
// given as name and value pairs of strings, in their order: ("typ", "JWT",
// "cty", "twilio-fpa;v=1") writes {"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}.
// It returns an error for an odd number of strings, a name given twice
// (alg included), or a string that is not valid UTF-8.
func NewHeader(members ...string) (Header, error) { return newHeader("HS256", members) }

func newHeader(alg string, members []string) (Header, error) {
	if len(members)%2 != 0 {
		return Header{}, errors.New("jwt: header members come in name and value pairs")
	}
	var o Object
	b := o.String(o.Open(nil), "alg", alg)
	for i := 0; i < len(members); i += 2 {
		for j := -2; j < i; j += 2 {
			if j < 0 && members[i] == "alg" || j >= 0 && members[j] == members[i] {
				return Header{}, fmt.Errorf("jwt: header member %q given twice", members[i])
			}
		}
		b = o.String(b, members[i], members[i+1])
	}
	b, err := o.Close(b)
	if err != nil {
		return Header{}, err
	}
	return Header{json: string(b), segment: b64.EncodeToString(b) + ".", alg: alg}, nil
}

func mustHeader(members ...string) Header {
	h, err := NewHeader(members...)
	if err != nil {
		panic(err)
	}
	return h
}

// String returns the header's JSON, as signed.
func (h Header) String() string { return h.json }

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

// Sign returns the compact token for payload with the header [JWTHeader].
// payload must be the JSON object to sign, exactly as its bytes should
// appear (see Object). Sign does not look at the payload, and does not keep
// it.
func (s *Signer) Sign(payload []byte) string { return s.SignWith(JWTHeader, payload) }

// CheckSize returns an error wrapping [ErrTooLarge] if the token of h and
// payload would be longer than [MaxTokenSize], the most [ParseUnverified],
// [ParseLenient] and so inspect read: the vendors' Sign methods call it,
// so that sdkjwt never makes a token it cannot read back.
func CheckSize(h Header, payload []byte) error {
	if h.segment == "" {
		h = JWTHeader
	}
	n := len(h.segment) + b64.EncodedLen(len(payload)) + 1 + b64.EncodedLen(sha256.Size)
	if n > MaxTokenSize {
		return fmt.Errorf("%w: the token would be %d bytes, the limit is %d (what sdkjwt inspect reads)", ErrTooLarge, n, MaxTokenSize)
	}
	return nil
}

// SignWith is Sign with the header h. The zero Header is JWTHeader.
func (s *Signer) SignWith(h Header, payload []byte) string {
	if h.segment == "" {
		h = JWTHeader
	}
	st := s.get()
	b := append(st.buf[:0], h.segment...)
	b = b64.AppendEncode(b, payload)
	mac := st.hmac(b)
	b = append(b, '.')
	b = b64.AppendEncode(b, mac)
	token := string(b)
	st.buf = b
	s.put(st)
	return token
}
