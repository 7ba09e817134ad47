// Package jitsi builds and signs the tokens of Jitsi Meet: a self-hosted
// deployment's (its Prosody token plugin; HS256 with the app secret, the
// names docker-jitsi-meet uses) and 8x8's JaaS (RS256 with an API key's
// private key, its kid "vpaas-magic-cookie-…/key id").
//
// No generator is published: the payload is written in the order of 8x8's
// JavaScript sample (jaas-jwt-samples/js, jsonwebtoken), which also adds iat
// last:
//
//	aud, context {user {id, name, avatar, email, moderator, hidden-from-recorder}, features, group}, iss, room, sub, exp, nbf, iat
//
// each left out when unset but aud, iss, room, sub, exp and iat. Errors
// are [*jwt.ClaimError] values naming the claim. docs/jitsi.md has the
// rules and sources.
package jitsi

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// JaaS's fixed claims, and the prefix of its AppIDs.
const (
	JaaSAudience = "jitsi"
	JaaSIssuer   = "chat"
	JaaSPrefix   = "vpaas-magic-cookie-"
)

// Features are the names jitsi-meet's web client takes in context.features
// (react/features/base/jwt/constants.ts, MEET_FEATURES).
var Features = []string{"branding", "calendar", "create-polls", "file-upload", "flip", "inbound-call", "livestreaming",
	"live-translation", "lobby", "moderation", "outbound-call", "recording", "room", "screen-sharing", "send-groupchat",
	"send-private-message", "list-visitors", "sip-inbound-call", "sip-outbound-call", "transcription"}

// A Feature is one member of context.features, written "true" or "false".
type Feature struct {
	Name string
	On   bool
}

// A User is context.user: the display information of the user.
type User struct {
	ID, Name, Avatar, Email string
	// Moderator is written "true" or "false", as 8x8 documents; nil leaves
	// it out (the server then decides).
	Moderator *bool
	// HiddenFromRecorder is JaaS's hidden-from-recorder, written when true.
	HiddenFromRecorder bool
}

// A Token is the payload of a Jitsi token.
type Token struct {
	Audience string // aud: the service consuming it ("jitsi" for JaaS)
	Issuer   string // iss: the app id (self-hosted), "chat" (JaaS)
	Subject  string // sub: the tenant or domain, lower-case, or "*"; JaaS: the AppID
	Room     string // room: the room name, or "*" for every room
	// IssuedAt, NotBefore and ExpiresAt are Unix seconds; NotBefore 0 leaves
	// nbf out.
	IssuedAt, NotBefore, ExpiresAt int64
	User                           User
	Features                       []Feature
	Group                          string // context.group
}

// JaaS reports whether t is for 8x8's JaaS: its sub is a JaaS AppID.
func (t Token) JaaS() bool { return strings.HasPrefix(t.Subject, JaaSPrefix) }

// Problems returns every rule the token breaks, as the Prosody plugin, the
// web client and (for JaaS) 8x8 judge it; none means it can be signed.
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, claim, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
	}
	for _, c := range [...]struct{ claim, v string }{{"aud", t.Audience}, {"iss", t.Issuer}, {"sub", t.Subject}, {"room", t.Room}} {
		if c.v == "" {
			fail("claim-missing", c.claim, "is required (the Prosody plugin refuses a token without it)", "", jwt.ErrRequired)
		}
	}
	for _, c := range [...]struct{ claim, v string }{{"aud", t.Audience}, {"iss", t.Issuer}, {"sub", t.Subject}, {"room", t.Room},
		{"context.user.id", t.User.ID}, {"context.user.name", t.User.Name}, {"context.user.avatar", t.User.Avatar},
		{"context.user.email", t.User.Email}, {"context.group", t.Group}} {
		if !utf8.ValidString(c.v) {
			fail("claim-value", c.claim, "must be valid UTF-8", strconv.Quote(c.v), jwt.ErrValue)
		}
	}
	if t.Subject != "*" && t.Subject != strings.ToLower(t.Subject) {
		fail("jitsi-sub", "sub", "must be lower-case: the tenant or domain as the server compares it", strconv.Quote(t.Subject), jwt.ErrValue)
	}
	if t.JaaS() {
		if t.Audience != JaaSAudience {
			fail("jaas-claims", "aud", `must be "jitsi" for JaaS`, strconv.Quote(t.Audience), jwt.ErrValue)
		}
		if t.Issuer != JaaSIssuer {
			fail("jaas-claims", "iss", `must be "chat" for JaaS`, strconv.Quote(t.Issuer), jwt.ErrValue)
		}
	}
	for i, f := range t.Features {
		if !slices.Contains(Features, f.Name) {
			fail("jitsi-feature", "context.features", "must name features of jitsi-meet's list ("+strings.Join(Features, ", ")+")", strconv.Quote(f.Name), jwt.ErrValue)
		}
		if slices.ContainsFunc(t.Features[:i], func(g Feature) bool { return g.Name == f.Name }) {
			fail("jitsi-feature", "context.features", "must name each feature once", strconv.Quote(f.Name), jwt.ErrValue)
		}
	}
	if err := jwt.CheckTimes(t.IssuedAt, t.ExpiresAt, 1, 0); err != nil {
		all = append(all, err.(*jwt.ClaimError))
	}
	if t.NotBefore != 0 && t.NotBefore >= t.ExpiresAt {
		fail("", "nbf", "must be before exp ("+strconv.FormatInt(t.ExpiresAt, 10)+")", strconv.FormatInt(t.NotBefore, 10), jwt.ErrTime)
	}
	return all
}

// AppendPayload checks t and appends its JSON, in the order of 8x8's sample.
func (t Token) AppendPayload(b []byte) ([]byte, error) {
	if p := t.Problems(); len(p) > 0 {
		return nil, p[0]
	}
	var o jwt.Object
	b = o.String(o.Open(b), "aud", t.Audience)
	u := t.User
	if u != (User{}) || len(t.Features) > 0 || t.Group != "" {
		b = o.Begin(b, "context")
		if u != (User{}) {
			b = o.Begin(b, "user")
			for _, m := range [...]struct{ name, v string }{{"id", u.ID}, {"name", u.Name}, {"avatar", u.Avatar}, {"email", u.Email}} {
				if m.v != "" {
					b = o.String(b, m.name, m.v)
				}
			}
			if u.Moderator != nil {
				b = o.String(b, "moderator", strconv.FormatBool(*u.Moderator))
			}
			if u.HiddenFromRecorder {
				b = o.String(b, "hidden-from-recorder", "true")
			}
			b = o.End(b)
		}
		if len(t.Features) > 0 {
			b = o.Begin(b, "features")
			for _, f := range t.Features {
				b = o.String(b, f.Name, strconv.FormatBool(f.On))
			}
			b = o.End(b)
		}
		if t.Group != "" {
			b = o.String(b, "group", t.Group)
		}
		b = o.End(b)
	}
	b = o.String(b, "iss", t.Issuer)
	b = o.String(b, "room", t.Room)
	b = o.String(b, "sub", t.Subject)
	b = o.Int(b, "exp", t.ExpiresAt)
	if t.NotBefore != 0 {
		b = o.Int(b, "nbf", t.NotBefore)
	}
	b = o.Int(b, "iat", t.IssuedAt)
	return o.Close(b)
}

// Sign returns the self-hosted HS256 token of t, signed with the app
// secret's Signer.
func (t Token) Sign(s *jwt.Signer) (string, error) {
	p, err := t.AppendPayload(nil)
	if err != nil {
		return "", err
	}
	if err := jwt.CheckSize(jwt.JWTHeader, p); err != nil {
		return "", err
	}
	return s.Sign(p), nil
}

// KeyID returns JaaS's kid: the AppID, "/", the API key's id.
func KeyID(appID, apiKey string) string { return appID + "/" + apiKey }

// SignRS256 returns the RS256 token of t, its header
// {"alg":"RS256","typ":"JWT","kid":kid}: JaaS's, or a self-hosted
// deployment's with asap_key_server, which fetches the public key by kid.
// A JaaS kid must start with t's sub and a slash, as the web client checks.
func (t Token) SignRS256(s *jwt.RSASigner, kid string) (string, error) {
	if kid == "" {
		return "", &jwt.ClaimError{Claim: "kid", Rule: "is required: the server finds the public key by it", Err: jwt.ErrRequired, Code: "jitsi-kid"}
	}
	if prefix, _, slash := strings.Cut(kid, "/"); t.JaaS() && (!slash || prefix != t.Subject) {
		return "", &jwt.ClaimError{Claim: "kid", Rule: "must be the AppID, a slash and the API key's id (" + t.Subject + "/…)", Value: strconv.Quote(kid), Err: jwt.ErrValue, Code: "jitsi-kid"}
	}
	p, err := t.AppendPayload(nil)
	if err != nil {
		return "", err
	}
	h, err := jwt.NewRS256Header("typ", "JWT", "kid", kid)
	if err != nil {
		return "", err
	}
	return s.SignWith(h, p)
}
