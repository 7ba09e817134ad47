// Package hms builds and signs the two HS256 tokens of 100ms (100ms.live):
// App, the auth token a client SDK joins a room with, and Management, the
// token of the server-side REST API.
//
// The claims and their order are those of 100ms's documented Node snippet
// (jsonwebtoken), so tokens compare byte for byte with the ones it makes:
//
//	app:        access_key, room_id, user_id, role, type, version, iat, nbf, exp, jti
//	management: access_key, type, version, iat, nbf, exp, jti
//
// type is "app" or "management", version is 2, and nbf equals iat. Errors are
// [*jwt.ClaimError] values, as for every payload sdkjwt signs.
package hms

import (
	"encoding/hex"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// DefaultLifetime is the lifetime 100ms's samples give both tokens: 24 hours.
const DefaultLifetime = 24 * 60 * 60

// App is the payload of an auth token for 100ms's client SDKs.
type App struct {
	AccessKey string // access_key: the app access key (required)
	RoomID    string // room_id (required)
	UserID    string // user_id: your identifier for the peer (optional, as in 100ms's server SDK)
	Role      string // role: a role name of the room's template, e.g. "host" (required)
	// IssuedAt (iat, and nbf) and ExpiresAt (exp) are Unix seconds;
	// ExpiresAt must be later than IssuedAt.
	IssuedAt, ExpiresAt int64
	JTI                 string // jti: a unique id, as NewJTI makes (required)
}

// Management is the payload of a management token for 100ms's REST API.
type Management struct {
	AccessKey           string // access_key (required)
	IssuedAt, ExpiresAt int64  // iat (and nbf), exp: Unix seconds, exp later
	JTI                 string // jti, as NewJTI makes (required)
}

// Problems returns every rule the payload breaks, in claim order; none
// means it can be signed. AppendPayload and Sign report the first of them.
func (a App) Problems() []*jwt.ClaimError {
	var c checker
	c.id("access_key", a.AccessKey)
	c.id("room_id", a.RoomID)
	if a.UserID != "" {
		c.id("user_id", a.UserID)
	}
	c.id("role", a.Role)
	c.times(a.IssuedAt, a.ExpiresAt)
	c.jti(a.JTI)
	return c.all
}

// Problems returns every rule the payload breaks, in claim order; none
// means it can be signed. AppendPayload and Sign report the first of them.
func (m Management) Problems() []*jwt.ClaimError {
	var c checker
	c.id("access_key", m.AccessKey)
	c.times(m.IssuedAt, m.ExpiresAt)
	c.jti(m.JTI)
	return c.all
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (a App) AppendPayload(dst []byte) ([]byte, error) {
	if errs := a.Problems(); len(errs) > 0 {
		return dst, errs[0]
	}
	var o jwt.Object
	b := o.Open(dst)
	b = o.String(b, "access_key", a.AccessKey)
	b = o.String(b, "room_id", a.RoomID)
	if a.UserID != "" {
		b = o.String(b, "user_id", a.UserID)
	}
	b = o.String(b, "role", a.Role)
	return closeClaims(&o, b, "app", a.IssuedAt, a.ExpiresAt, a.JTI)
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (m Management) AppendPayload(dst []byte) ([]byte, error) {
	if errs := m.Problems(); len(errs) > 0 {
		return dst, errs[0]
	}
	var o jwt.Object
	b := o.String(o.Open(dst), "access_key", m.AccessKey)
	return closeClaims(&o, b, "management", m.IssuedAt, m.ExpiresAt, m.JTI)
}

// closeClaims writes the claims both tokens end with, and the brace.
func closeClaims(o *jwt.Object, b []byte, typ string, iat, exp int64, jti string) ([]byte, error) {
	b = o.String(b, "type", typ)
	b = o.Int(b, "version", 2)
	b = o.Int(b, "iat", iat)
	b = o.Int(b, "nbf", iat)
	b = o.Int(b, "exp", exp)
	b = o.String(b, "jti", jti)
	return o.Close(b)
}

// Sign checks the payload and returns the token signed by s (keyed with the
// app secret), or a *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge.
func (a App) Sign(s *jwt.Signer) (string, error) { return sign(s, a.AppendPayload) }

// Sign checks the payload and returns the token signed by s (keyed with the
// app secret), or a *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge.
func (m Management) Sign(s *jwt.Signer) (string, error) { return sign(s, m.AppendPayload) }

func sign(s *jwt.Signer, appendPayload func([]byte) ([]byte, error)) (string, error) {
	p, err := appendPayload(make([]byte, 0, 512))
	if err == nil {
		err = jwt.CheckSize(jwt.JWTHeader, p) // room and user ids have no limit of their own
	}
	if err != nil {
		return "", err
	}
	return s.Sign(p), nil
}

// NewJTI returns a random UUID (version 4, RFC 4122 text form) read from r:
// crypto/rand.Reader in use, a fixed reader in tests.
func NewJTI(r io.Reader) (string, error) {
	var u [16]byte
	if _, err := io.ReadFull(r, u[:]); err != nil {
		return "", err
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // variant 10 (RFC 4122)
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	hex.Encode(s[9:13], u[4:6])
	hex.Encode(s[14:18], u[6:8])
	hex.Encode(s[19:23], u[8:10])
	hex.Encode(s[24:36], u[10:16])
	s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
	return string(s[:]), nil
}

// checker keeps every broken rule.
type checker struct{ all []*jwt.ClaimError }

func (c *checker) fail(code, claim, rule, value string, kind error) {
	c.all = append(c.all, &jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
}

// id checks a required text claim: present, valid UTF-8, no control characters.
func (c *checker) id(field, s string) {
	switch {
	case s == "":
		c.fail("claim-missing", field, "is required", "", jwt.ErrRequired)
	case !utf8.ValidString(s):
		c.fail("claim-value", field, "must be valid UTF-8", strconv.Quote(s), jwt.ErrValue)
	default:
		for _, r := range s {
			if unicode.IsControl(r) {
				c.fail("claim-value", field, "must not contain control characters", strconv.Quote(s), jwt.ErrValue)
				return
			}
		}
	}
}

// jti checks the token's id as id does. It is a rule of sdkjwt's, which
// signs every token with one as 100ms's snippet and server SDK do; whether
// 100ms refuses a token without one is not documented, so its errors carry
// no inspect code.
func (c *checker) jti(s string) {
	n := len(c.all)
	c.id("jti", s)
	for _, e := range c.all[n:] {
		e.Code = ""
	}
}

// times checks that iat is Unix seconds and the lifetime is positive.
func (c *checker) times(iat, exp int64) {
	if err := jwt.CheckTimes(iat, exp, 1, 0); err != nil {
		c.all = append(c.all, err.(*jwt.ClaimError))
	}
}
