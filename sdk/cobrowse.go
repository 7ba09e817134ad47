package sdk

import (
	"github.com/sdkjwt/sdkjwt/jwt"
)

// Cobrowse roles, for Cobrowse.Role (Zoom's docs: role_type "1 for customer
// or 2 for agent").
const (
	Customer = 1 // the customer's token (SDK_TOKEN)
	Agent    = 2 // the agent's token (ACCESS_TOKEN)
)

// Limits of the Cobrowse SDK token's user claims, in UTF-16 code units:
// user_id as the official sample validates it, user_name as Zoom's own
// text gives it (the sample allows 35).
const (
	MaxCobrowseUserIDLen   = 35
	MaxCobrowseUserNameLen = 80
)

// Cobrowse is the payload of a Cobrowse SDK token. Its claims, in the order
// of Zoom's cobrowsesdk-auth-endpoint-sample (enable_byop as its byop branch
// adds it):
//
//	app_key, role_type, user_id, user_name, iat, exp, enable_byop
type Cobrowse struct {
	Key  string // app_key: the Cobrowse SDK key (required)
	Role int    // role_type: Customer or Agent
	// UserID (user_id) and UserName (user_name) name the user; an empty
	// UserName is UserID, as in the sample, and with both empty neither
	// claim is written.
	UserID, UserName string
	// IssuedAt (iat) and ExpiresAt (exp) are Unix seconds;
	// MinLifetime <= ExpiresAt-IssuedAt <= MaxLifetime.
	IssuedAt, ExpiresAt int64
	// BYOP (enable_byop) is 1 to let the customer bring their own PIN, else 0.
	BYOP OptInt
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (cb Cobrowse) AppendPayload(dst []byte) ([]byte, error) {
	var c checker
	name := cb.check(&c)
	if c.err != nil {
		return dst, c.err
	}
	var o jwt.Object
	b := o.String(o.Open(dst), "app_key", cb.Key)
	b = o.Int(b, "role_type", int64(cb.Role))
	if cb.UserID != "" {
		b = o.String(b, "user_id", cb.UserID)
	}
	if name != "" {
		b = o.String(b, "user_name", name)
	}
	b = o.Int(b, "iat", cb.IssuedAt)
	b = o.Int(b, "exp", cb.ExpiresAt)
	if n, ok := cb.BYOP.Get(); ok {
		b = o.Int(b, "enable_byop", int64(n))
	}
	return o.Close(b)
}

// Problems returns every rule the payload breaks, in claim order; none
// means it can be signed.
func (cb Cobrowse) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	cb.check(&checker{all: &all})
	return all
}

// Warnings returns exp exactly 1800 seconds after iat, as a
// *jwt.ClaimError wrapping jwt.ErrWarning: what Zoom documents, and a
// native Meeting SDK has refused.
func (cb Cobrowse) Warnings() []*jwt.ClaimError { return edge("exp", cb.IssuedAt, cb.ExpiresAt) }

// check applies every rule, and returns user_name defaulted.
func (cb *Cobrowse) check(c *checker) (name string) {
	if cb.Key == "" {
		c.fail("appkey-missing", "app_key", "is required (the Cobrowse SDK key)", "", jwt.ErrRequired)
	}
	c.text("", "app_key", cb.Key, 0)
	c.between("role-type-invalid", "role_type", cb.Role, Customer, Agent)
	c.text("claim-value", "user_id", cb.UserID, MaxCobrowseUserIDLen)
	name = cb.UserName
	if name == "" {
		name = cb.UserID
	}
	c.text("claim-value", "user_name", name, MaxCobrowseUserNameLen)
	c.times(cb.IssuedAt, cb.ExpiresAt, MinLifetime, MaxLifetime)
	c.oneOf("claim-value", "enable_byop", cb.BYOP, 1)
	return name
}

// Sign checks the payload and returns the token signed by s, or a
// *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge (see jwt.CheckSize).
func (cb Cobrowse) Sign(s *jwt.Signer) (string, error) {
	var buf [512]byte
	p, err := cb.AppendPayload(buf[:0])
	return sign(s, p, err)
}
