// Package twilio builds and signs Twilio Access Tokens: the HS256 JWT that
// Twilio's Video, Voice, Conversations (Chat) and Sync client SDKs connect
// with, signed with an API key's secret.
//
// The bytes are those of Twilio's Node helper, npm twilio 6.x
// (jwt.AccessToken, which signs with jsonwebtoken):
//
//	header:  alg, typ, cty ("twilio-fpa;v=1"), then twr (the region) if set
//	payload: jti, grants, nbf (if set), iat, exp, iss, sub
//
// jti is the API key SID, a hyphen and the issue second; grants holds
// identity, then each grant in the order Token lists them (video, voice,
// chat, data_sync), members left out when empty; iss is the API key SID
// and sub the Account SID. Errors are [*jwt.ClaimError] values naming the
// claim, as for every token sdkjwt signs. docs/twilio.md has the rules and
// their sources.
package twilio

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// DefaultLifetime is the helper's default ttl: one hour.
const DefaultLifetime = 60 * 60

// MaxLifetime is the longest lifetime Twilio takes: 24 hours (errors
// 20104 and 20157).
const MaxLifetime = 24 * 60 * 60

// MaxIdentity is the longest identity Twilio Video takes (error 53201),
// counted as Identity says.
const MaxIdentity = 128

// Token is the content of an Access Token.
type Token struct {
	AccountSID string // sub: the Account SID, AC and 32 hexadecimal digits
	KeySID     string // iss, and jti's prefix: the API key SID, SK and 32 hexadecimal digits
	// Identity (grants.identity) is the user's identity, required. With a
	// Video grant it is at most MaxIdentity characters, "double-byte
	// characters counted as 2" (error 53200): sdkjwt counts a character
	// beyond ASCII as 2.
	Identity string
	Region   string // twr: the region of the API key ("ie1"); "" for none (US1)
	// IssuedAt (iat, and jti's second) and ExpiresAt (exp) are Unix
	// seconds, 1 to MaxLifetime seconds apart.
	IssuedAt, ExpiresAt int64
	NotBefore           int64 // nbf: Unix seconds; 0 for none, as the helper leaves it out
	// The grants, each nil for none.
	Video *Video
	Voice *Voice
	Chat  *Chat
	Sync  *Sync
}

// Video is the grant of Twilio Video: a room, or "" for any.
type Video struct{ Room string }

// Voice is the grant of Twilio Voice.
type Voice struct {
	IncomingAllow          bool    // incoming.allow: the client may receive calls
	OutgoingApplicationSID string  // outgoing.application_sid: the TwiML App SID (AP…)
	OutgoingParams         []Param // outgoing.params, written only with an application SID
	PushCredentialSID      string  // push_credential_sid (CR…)
	EndpointID             string  // endpoint_id
}

// A Param is one member of a Voice grant's outgoing.params: the helper
// writes them as a JavaScript object does, names that are array indices
// ("1", "2") first in numeric order, a name given twice once, in its first
// place, with its last value.
type Param struct{ Name, Value string }

// Chat is the grant of Twilio Conversations (and the retired Programmable
// Chat).
type Chat struct {
	ServiceSID        string // service_sid: the Conversations Service SID (IS…)
	EndpointID        string // endpoint_id
	DeploymentRoleSID string // deployment_role_sid
	PushCredentialSID string // push_credential_sid
}

// Sync is the grant of Twilio Sync (written as data_sync).
type Sync struct {
	ServiceSID string // service_sid (IS…)
	EndpointID string // endpoint_id
}

// IdentityLength is the identity's length as Twilio Video counts it: a
// character beyond ASCII counts as 2.
func IdentityLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

// Problems returns every rule the token breaks, in claim order; none means
// it can be signed. AppendPayload and Sign report the first of them.
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, claim, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
	}
	utf := func(claim, s string) {
		if !utf8.ValidString(s) {
			fail("claim-value", claim, "must be valid UTF-8", strconv.Quote(s), jwt.ErrValue)
		}
	}
	if t.Identity == "" {
		fail("twilio-identity", "grants.identity", "is required (the user's identity)", "", jwt.ErrRequired)
	} else if n := IdentityLength(t.Identity); t.Video != nil && n > MaxIdentity {
		fail("twilio-identity", "grants.identity", "must be at most 128 characters for Twilio Video, a character beyond ASCII counted as 2", strconv.Itoa(n)+" characters", jwt.ErrLength)
	}
	utf("grants.identity", t.Identity)
	if v := t.Video; v != nil {
		utf("grants.video.room", v.Room)
	}
	if v := t.Voice; v != nil {
		for _, s := range []string{v.OutgoingApplicationSID, v.PushCredentialSID, v.EndpointID} {
			utf("grants.voice", s)
		}
		for _, p := range v.OutgoingParams {
			utf("grants.voice.outgoing.params", p.Name+p.Value)
		}
	}
	if c := t.Chat; c != nil {
		for _, s := range []string{c.ServiceSID, c.EndpointID, c.DeploymentRoleSID, c.PushCredentialSID} {
			utf("grants.chat", s)
		}
	}
	if s := t.Sync; s != nil {
		utf("grants.data_sync", s.ServiceSID+s.EndpointID)
	}
	if err := CheckLifetime(t.IssuedAt, t.ExpiresAt); err != nil {
		all = append(all, err)
	}
	if t.NotBefore != 0 {
		if err := jwt.CheckLifetime(t.NotBefore, t.ExpiresAt, 1, 0); err != nil {
			fail("", "nbf", "must be before exp", strconv.FormatInt(t.NotBefore, 10), jwt.ErrTime)
		}
	}
	if !SID("SK", t.KeySID) {
		fail("twilio-sid", "iss", "must be an API key SID: SK and 32 hexadecimal digits", strconv.Quote(t.KeySID), jwt.ErrValue)
	}
	if !SID("AC", t.AccountSID) {
		fail("twilio-sid", "sub", "must be an Account SID: AC and 32 hexadecimal digits", strconv.Quote(t.AccountSID), jwt.ErrValue)
	}
	utf("twr", t.Region)
	return all
}

// CheckLifetime returns a *jwt.ClaimError for exp unless iat is Unix
// seconds and exp is 1 to MaxLifetime seconds after it (code
// twilio-lifetime beyond 24 hours).
func CheckLifetime(iat, exp int64) *jwt.ClaimError {
	err := jwt.CheckTimes(iat, exp, 1, MaxLifetime)
	if err == nil {
		return nil
	}
	e := err.(*jwt.ClaimError)
	if e.Code == "exp-window-too-long" {
		e = &jwt.ClaimError{Claim: e.Claim, Rule: "must be at most 86400 seconds (24 hours) after iat, Twilio's limit", Value: e.Value, Err: e.Err, Code: "twilio-lifetime"}
	}
	return e
}

// SID reports whether s is a Twilio SID of the prefix: the two letters and
// 32 hexadecimal digits.
func SID(prefix, s string) bool {
	return len(s) == 34 && strings.HasPrefix(s, prefix) && strings.Trim(s[2:], "0123456789abcdefABCDEF") == ""
}

// Header returns the token's header: {"alg":"HS256","typ":"JWT",
// "cty":"twilio-fpa;v=1"}, and "twr" when Region is set.
func (t Token) Header() (jwt.Header, error) {
	if t.Region == "" {
		return header, nil
	}
	return jwt.NewHeader("typ", "JWT", "cty", "twilio-fpa;v=1", "twr", t.Region)
}

var header, _ = jwt.NewHeader("typ", "JWT", "cty", "twilio-fpa;v=1")

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (t Token) AppendPayload(dst []byte) ([]byte, error) {
	if errs := t.Problems(); len(errs) > 0 {
		return dst, errs[0]
	}
	var o jwt.Object
	b := o.String(o.Open(dst), "jti", t.KeySID+"-"+strconv.FormatInt(t.IssuedAt, 10))
	b = o.Begin(b, "grants")
	b = o.String(b, "identity", t.Identity)
	if v := t.Video; v != nil {
		b = o.Begin(b, "video")
		b = str(&o, b, "room", v.Room)
		b = o.End(b)
	}
	if v := t.Voice; v != nil {
		b = o.Begin(b, "voice")
		if v.IncomingAllow {
			b = o.Begin(b, "incoming")
			b = o.Bool(b, "allow", true)
			b = o.End(b)
		}
		if v.OutgoingApplicationSID != "" {
			b = o.Begin(b, "outgoing")
			b = o.String(b, "application_sid", v.OutgoingApplicationSID)
			if len(v.OutgoingParams) > 0 {
				b = o.Begin(b, "params")
				for _, p := range params(v.OutgoingParams) {
					b = o.String(b, p.Name, p.Value)
				}
				b = o.End(b)
			}
			b = o.End(b)
		}
		b = str(&o, b, "push_credential_sid", v.PushCredentialSID)
		b = str(&o, b, "endpoint_id", v.EndpointID)
		b = o.End(b)
	}
	if c := t.Chat; c != nil {
		b = o.Begin(b, "chat")
		b = str(&o, b, "service_sid", c.ServiceSID)
		b = str(&o, b, "endpoint_id", c.EndpointID)
		b = str(&o, b, "deployment_role_sid", c.DeploymentRoleSID)
		b = str(&o, b, "push_credential_sid", c.PushCredentialSID)
		b = o.End(b)
	}
	if s := t.Sync; s != nil {
		b = o.Begin(b, "data_sync")
		b = str(&o, b, "service_sid", s.ServiceSID)
		b = str(&o, b, "endpoint_id", s.EndpointID)
		b = o.End(b)
	}
	b = o.End(b)
	if t.NotBefore != 0 {
		b = o.Int(b, "nbf", t.NotBefore)
	}
	b = o.Int(b, "iat", t.IssuedAt)
	b = o.Int(b, "exp", t.ExpiresAt)
	b = o.String(b, "iss", t.KeySID)
	b = o.String(b, "sub", t.AccountSID)
	return o.Close(b)
}

// str writes a member unless its value is empty, as the helper does.
func str(o *jwt.Object, b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return o.String(b, name, value)
}

// params returns ps as a JavaScript object holds them: each name once, in
// its first place with its last value, array indices first.
func params(ps []Param) []Param {
	var out []Param
	for _, p := range ps {
		if i := slices.IndexFunc(out, func(q Param) bool { return q.Name == p.Name }); i >= 0 {
			out[i].Value = p.Value
		} else {
			out = append(out, p)
		}
	}
	js.SortProperties(out, func(p Param) string { return p.Name })
	return out
}

// Sign checks the token and returns it signed by s (keyed with the API key
// secret), or a *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge.
func (t Token) Sign(s *jwt.Signer) (string, error) {
	p, err := t.AppendPayload(make([]byte, 0, 512))
	if err != nil {
		return "", err
	}
	h, err := t.Header()
	if err != nil {
		return "", err
	}
	if err := jwt.CheckSize(h, p); err != nil {
		return "", err
	}
	return s.SignWith(h, p), nil
}
