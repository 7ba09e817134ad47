package sdk

import (
	"strconv"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// APILifetime is the longest lifetime Zoom suggests for an API token, and
// the default: "we suggest limiting the time up to one hour".
const APILifetime = 3600

// API is the payload of a Zoom Build platform API token, the bearer token of
// the Video SDK API, Cobrowse SDK API, Account Settings API and AI Services
// (developers.zoom.us/docs/build/api-request/):
//
//	iss, iat, exp
//
// It is signed with the Build platform API secret, not an SDK secret. Zoom
// Workplace's retired "JWT app type" had tokens of the same shape; its APIs
// take OAuth now.
type API struct {
	Key string // iss: the API key (required)
	// IssuedAt (iat) and ExpiresAt (exp) are Unix seconds, exp later; a
	// lifetime over APILifetime is a warning (see Warnings).
	IssuedAt, ExpiresAt int64
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (a API) AppendPayload(dst []byte) ([]byte, error) {
	var c checker
	a.check(&c)
	if c.err != nil {
		return dst, c.err
	}
	var o jwt.Object
	b := o.String(o.Open(dst), "iss", a.Key)
	b = o.Int(b, "iat", a.IssuedAt)
	b = o.Int(b, "exp", a.ExpiresAt)
	return o.Close(b)
}

// Problems returns every rule the payload breaks; none means it can be signed.
func (a API) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	a.check(&checker{all: &all})
	return all
}

func (a *API) check(c *checker) {
	if a.Key == "" {
		c.fail("claim-missing", "iss", "is required (the Build platform API key)", "", jwt.ErrRequired)
	}
	c.text("", "iss", a.Key, 0)
	c.times(a.IssuedAt, a.ExpiresAt, 1, 0)
}

// Warnings returns a lifetime over APILifetime, wrapping jwt.ErrWarning.
func (a API) Warnings() []*jwt.ClaimError {
	if d := jwt.Sub(a.ExpiresAt, a.IssuedAt); d > APILifetime {
		return []*jwt.ClaimError{{Claim: "exp", Rule: "is more than an hour after iat, and Zoom suggests at most one hour for API tokens", Value: strconv.FormatInt(d, 10) + " seconds (" + jwt.Span(d) + ")", Err: jwt.ErrWarning, Code: "api-lifetime-long"}}
	}
	return nil
}

// Sign checks the payload and returns the token signed by s, or a
// *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge (see jwt.CheckSize).
func (a API) Sign(s *jwt.Signer) (string, error) {
	var buf [256]byte
	p, err := a.AppendPayload(buf[:0])
	return sign(s, p, err)
}
