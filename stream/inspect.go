package stream

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Stream's tokens.

func init() { inspect.Register(codes, Kind) }

// claims are those of Stream's tokens: what its SDKs write, and
// validity_in_seconds, which node-sdk signs in when a caller passes it.
var claims = []string{"user_id", "call_cids", "role", "iat", "exp", "validity_in_seconds"}

// Kind is a Stream user or call token, as package inspect names and
// recognises it: a user_id and no claim Stream does not write. It carries
// no key: the secret alone signs it.
var Kind = &inspect.Kind{
	Name: "stream",
	Env:  []inspect.Env{{Key: "STREAM_API_KEY", Secret: "STREAM_API_SECRET"}},
	Match: func(c *inspect.Claims) bool {
		return c.Has("user_id") && c.Within(claims)
	},
	Check: check,
	Uses:  []string{"join"},
	Joins: []string{"user", "call-cid"},
	Use:   use,
}

var codes = []inspect.CodeInfo{
	{Code: "stream-user-id", Severity: inspect.Error, Hint: "give the token the user_id of the user who connects, as a string"},
	{Code: "stream-iat-ahead", Severity: inspect.Warning, Hint: "make iat now or a second before (node-sdk writes now - 1 s): Stream refuses a token issued after its clock (error 42)"},
	{Code: "stream-permanent", Severity: inspect.Warning, Hint: "give tokens an exp (node-sdk's default is an hour): a token without one works until it is revoked"},
	{Code: "stream-call-cid", Severity: inspect.Warning, Hint: "write each call as type:id, the call's cid (default:my-call)"},
	{Code: "stream-validity-signed", Severity: inspect.Warning, Hint: "validity_in_seconds is an option of generateUserToken that node-sdk signs into the token; Stream reads exp, not it"},
}

func check(c *inspect.Claims) {
	iat, exp := c.Times(inspect.TimeRules{OptionalIat: true, OptionalExp: true})
	t := Token{UserID: c.String("user_id"), Role: c.String("role"), IssuedAt: iat, ExpiresAt: exp}
	if raw := c.Raw("call_cids"); raw != nil {
		if json.Unmarshal(raw, &t.CallCIDs) != nil || raw[0] != '[' {
			c.Add("claim-type", "call_cids must be a JSON array of strings, got "+string(raw))
			c.Explain("call_cids")
		}
	}
	if !c.Explained("user_id") { // Match asked for user_id
		c.Report(t.Problems())
	}
	for _, w := range t.Warnings() {
		if w.Code != "stream-permanent" || !c.Has("exp") { // an unreadable exp is not none
			c.Report([]*jwt.ClaimError{w})
		}
	}
	if d := jwt.Sub(iat, c.Now()); c.Has("iat") && !c.Explained("iat") && d > 0 && d <= jwt.Skew {
		c.Add("stream-iat-ahead", fmt.Sprintf("iat is %d seconds after now: Stream refuses a token issued in the future", d))
	}
	if c.Has("validity_in_seconds") {
		c.Add("stream-validity-signed", "validity_in_seconds is signed into the token (node-sdk copies its options into the payload)")
	}
}

// use compares the client's user (--user) and call (--call-cid) with
// the token's.
func use(c *inspect.Claims) {
	if user, ok := c.Join("user"); ok && c.String("user_id") != user {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the user %q (user_id); the client connects as %q", c.String("user_id"), user))
	}
	var cids []string
	if call, ok := c.Join("call-cid"); ok && json.Unmarshal(c.Raw("call_cids"), &cids) == nil && !slices.Contains(cids, call) {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the calls %q (call_cids); the client joins %q", cids, call))
	}
}
