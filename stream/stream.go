// Package stream builds and signs the user tokens of Stream (getstream.io):
// the HS256 JWT its Video, Chat and Feeds client SDKs connect with, signed
// with the app's API secret.
//
// The bytes are those of Stream's Node SDKs, whose order differs:
//
//	@stream-io/node-sdk generateUserToken, generateCallToken:  user_id, call_cids, role, iat, exp
//	stream-chat createToken(user_id, exp, iat):                user_id, exp, iat
//
// (call_cids and role only in a call token; exp absent from a permanent
// token; iat absent from a stream-chat token made without one). Errors are
// [*jwt.ClaimError] values naming the claim, as for every token sdkjwt
// signs. docs/stream.md has the rules and their sources.
package stream

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// DefaultLifetime is node-sdk's default validity_in_seconds: one hour.
const DefaultLifetime = 60 * 60

// Backdate is how far node-sdk sets iat before now: one second.
const Backdate = 1

// Token is the payload of a Stream user or call token.
type Token struct {
	UserID string // user_id (required)
	// CallCIDs (call_cids) are the calls a call token is for, each
	// "type:id" ("default:call-1"); none for a user token.
	CallCIDs []string
	Role     string // role: the user's role in those calls; "" for none
	// IssuedAt (iat) and ExpiresAt (exp) are Unix seconds; 0 leaves the
	// claim out: a token without exp never expires (a permanent token),
	// and stream-chat writes no iat unless given one.
	IssuedAt, ExpiresAt int64
	// Chat writes stream-chat's order (exp before iat) instead of
	// node-sdk's; a chat token has no call_cids or role.
	Chat bool
}

// Problems returns every rule the token breaks; none means it can be
// signed. AppendPayload and Sign report the first of them.
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, claim, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
	}
	switch {
	case t.UserID == "":
		fail("stream-user-id", "user_id", "is required (the user the token is for)", "", jwt.ErrRequired)
	case !utf8.ValidString(t.UserID):
		fail("claim-value", "user_id", "must be valid UTF-8", strconv.Quote(t.UserID), jwt.ErrValue)
	}
	for _, cid := range t.CallCIDs {
		if !utf8.ValidString(cid) {
			fail("claim-value", "call_cids", "must be valid UTF-8", strconv.Quote(cid), jwt.ErrValue)
		}
	}
	if !utf8.ValidString(t.Role) {
		fail("claim-value", "role", "must be valid UTF-8", strconv.Quote(t.Role), jwt.ErrValue)
	}
	if t.Chat && (len(t.CallCIDs) > 0 || t.Role != "") {
		fail("", "call_cids", "are not written by stream-chat's createToken: a call token is node-sdk's", "", jwt.ErrConflict)
	}
	if t.IssuedAt != 0 {
		if err := jwt.CheckIssuedAt(t.IssuedAt); err != nil {
			all = append(all, err.(*jwt.ClaimError))
		}
	}
	if err := CheckExp(t.ExpiresAt); err != nil {
		all = append(all, err)
	} else if t.IssuedAt != 0 && t.ExpiresAt != 0 && jwt.CheckIssuedAt(t.IssuedAt) == nil {
		if err := jwt.CheckLifetime(t.IssuedAt, t.ExpiresAt, 1, 0); err != nil {
			all = append(all, err.(*jwt.ClaimError))
		}
	}
	return all
}

// CheckExp returns a *jwt.ClaimError for an exp that is not Unix seconds
// (code exp-milliseconds for 13 digits): node-sdk and stream-chat take
// a millisecond exp without complaint, and the token then never expires
// in practice. 0 is no exp.
func CheckExp(exp int64) *jwt.ClaimError {
	if exp == 0 {
		return nil
	}
	if err := jwt.CheckIssuedAt(exp); err != nil {
		e := err.(*jwt.ClaimError)
		return &jwt.ClaimError{Claim: "exp", Rule: e.Rule, Value: e.Value, Err: e.Err, Code: strings.Replace(e.Code, "iat-", "exp-", 1)}
	}
	return nil
}

// Warnings returns what a Stream token may regret though it can be signed,
// each a *jwt.ClaimError wrapping jwt.ErrWarning: no exp (a leaked
// permanent token works until the secret is rotated or tokens issued before
// a date are revoked), and a call CID not of the form type:id.
func (t Token) Warnings() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	if t.ExpiresAt == 0 {
		all = append(all, &jwt.ClaimError{Claim: "exp", Rule: "is absent: the token never expires", Err: jwt.ErrWarning, Code: "stream-permanent"})
	}
	for _, cid := range t.CallCIDs {
		if typ, id, ok := strings.Cut(cid, ":"); !ok || typ == "" || id == "" {
			all = append(all, &jwt.ClaimError{Claim: "call_cids", Rule: "holds a call CID not of the form type:id (default:call-1)", Value: strconv.Quote(cid), Err: jwt.ErrWarning, Code: "stream-call-cid"})
		}
	}
	return all
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (t Token) AppendPayload(dst []byte) ([]byte, error) {
	if errs := t.Problems(); len(errs) > 0 {
		return dst, errs[0]
	}
	var o jwt.Object
	b := o.String(o.Open(dst), "user_id", t.UserID)
	if t.CallCIDs != nil {
		b = o.Strings(b, "call_cids", t.CallCIDs)
	}
	if t.Role != "" {
		b = o.String(b, "role", t.Role)
	}
	if t.Chat && t.ExpiresAt != 0 {
		b = o.Int(b, "exp", t.ExpiresAt)
	}
	if t.IssuedAt != 0 {
		b = o.Int(b, "iat", t.IssuedAt)
	}
	if !t.Chat && t.ExpiresAt != 0 {
		b = o.Int(b, "exp", t.ExpiresAt)
	}
	return o.Close(b)
}

// Sign checks the token and returns it signed by s (keyed with the API
// secret), or a *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge.
func (t Token) Sign(s *jwt.Signer) (string, error) {
	p, err := t.AppendPayload(make([]byte, 0, 256))
	if err == nil {
		err = jwt.CheckSize(jwt.JWTHeader, p)
	}
	if err != nil {
		return "", err
	}
	return s.Sign(p), nil
}
