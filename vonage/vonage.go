// Package vonage builds and signs Vonage Video's client tokens, in the
// three families Vonage's own SDKs make:
//
//   - the OpenTok JWT, HS256 with a project's API secret (npm opentok 2.23's
//     generateToken, the default since 2025): iss the API key, ist
//     "project", the token data;
//   - the legacy T1 token, "T1==" and base64 of "partner_id=KEY&sig=HEX:DATA",
//     DATA the token data escaped as Node's querystring escapes it and HEX
//     its HMAC-SHA1 with the API secret (opentok-token);
//   - the Vonage application's RS256 token (@vonage/video's
//     generateClientToken, @vonage/jwt), signed with the application's
//     private key.
//
// Each is written byte for byte as those SDKs write it, the members in their
// order. Errors are [*jwt.ClaimError] values naming the field.
// docs/vonage.md has the rules and sources.
package vonage

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Roles are the roles a token may give, the first the default.
var Roles = []string{"publisher", "publisheronly", "subscriber", "moderator"}

// Limits of the token data.
const (
	MaxData         = 1000              // connection_data, in JavaScript characters (the SDK's documented limit; its code takes 1024)
	MaxLayout       = 1024              // initial_layout_class_list, joined
	MaxLifetime     = 30 * 24 * 60 * 60 // 30 days
	DefaultLifetime = 24 * 60 * 60      // the SDKs' default: a day
)

// A Token is the data of a Vonage Video client token.
type Token struct {
	SessionID string   // session_id: the session the token connects to
	Role      string   // role, one of Roles ("" for publisher)
	Data      string   // connection_data ("" for none)
	Layout    []string // initial_layout_class_list, joined by spaces
	// IssuedAt (create_time and iat) and ExpiresAt (expire_time and exp)
	// are Unix seconds.
	IssuedAt, ExpiresAt int64
	// Nonce is the OpenTok JWT's and the T1 token's nonce, a random number
	// in [0, 1), as Math.random draws it.
	Nonce float64
}

func (t Token) role() string {
	if t.Role == "" {
		return Roles[0]
	}
	return t.Role
}

// jsLen is a string's length as JavaScript counts it: UTF-16 code units.
func jsLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// SessionAPIKey returns the API key a session id encodes ("1_" and base64
// of "1~KEY~…"), as opentok's decodeSessionId reads it.
func SessionAPIKey(sessionID string) (string, bool) {
	if len(sessionID) < 3 || sessionID[1] != '_' {
		return "", false
	}
	s := strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimRight(sessionID[2:], "="))
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	fields := strings.Split(string(b), "~")
	if len(fields) < 2 || fields[1] == "" {
		return "", false
	}
	return fields[1], true
}

// Problems returns the rules t breaks: a role of Roles, a session id (for
// an API key, "" for an application, one that encodes that key), an expiry
// after the issue and at most 30 days after it, connection data of at most
// MaxData characters, a layout of at most MaxLayout, a nonce in [0, 1).
func (t Token) Problems(apiKey string) []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, field, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: field, Rule: rule, Value: value, Err: kind, Code: code})
	}
	if !slices.Contains(Roles, t.role()) {
		fail("vonage-role", "role", "must be "+strings.Join(Roles, ", "), strconv.Quote(t.Role), jwt.ErrValue)
	}
	if t.SessionID == "" {
		fail("claim-missing", "session_id", "is required", "", jwt.ErrRequired)
	} else if key, ok := SessionAPIKey(t.SessionID); apiKey != "" && (!ok || key != apiKey) {
		fail("vonage-session", "session_id", "must be a session of the API key "+apiKey+" (its id encodes the key)", strconv.Quote(key), jwt.ErrValue)
	}
	switch life := t.ExpiresAt - t.IssuedAt; {
	case life <= 0:
		fail("expired", "expire_time", "must be after the time of issue "+strconv.FormatInt(t.IssuedAt, 10)+" (the SDKs refuse a past expireTime)", strconv.FormatInt(t.ExpiresAt, 10), jwt.ErrTime)
	case life > MaxLifetime:
		fail("vonage-lifetime", "expire_time", "must be at most 30 days after the time of issue", jwt.Span(life), jwt.ErrTime)
	}
	for _, s := range append([]string{t.SessionID, t.Data}, t.Layout...) {
		if !utf8.ValidString(s) {
			fail("claim-value", "connection_data", "must be valid UTF-8", "", jwt.ErrValue)
		}
	}
	if n := jsLen(t.Data); n > MaxData {
		fail("vonage-data", "connection_data", "must be at most 1000 characters (the SDK's documented limit)", strconv.Itoa(n)+" characters", jwt.ErrLength)
	}
	if n := jsLen(strings.Join(t.Layout, " ")); n > MaxLayout {
		fail("vonage-data", "initial_layout_class_list", "must be at most 1024 characters joined", strconv.Itoa(n)+" characters", jwt.ErrLength)
	}
	if !(t.Nonce >= 0 && t.Nonce < 1) {
		fail("", "nonce", "must be in [0, 1), as Math.random draws it", jsNumber(t.Nonce), jwt.ErrValue)
	}
	return all
}

// jsNumber writes a float64 as JavaScript's Number#toString does.
func jsNumber(f float64) string {
	if f == 0 || (f >= 1e-6 || f <= -1e-6) && f < 1e21 && f > -1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // 1.5e-07: JavaScript writes 1.5e-7
	mant, exp, _ := strings.Cut(s, "e")
	sign := exp[0]
	exp = strings.TrimLeft(exp[1:], "0")
	if sign == '+' {
		return mant + "e+" + exp
	}
	return mant + "e-" + exp
}

// appendData appends the token data the OpenTok JWT carries after iss,
// ist, iat and exp, in opentok's order.
func (t Token) appendData(o *jwt.Object, b []byte) []byte {
	b = o.String(b, "session_id", t.SessionID)
	b = o.Int(b, "create_time", t.IssuedAt)
	b = append(append(b, `,"nonce":`...), jsNumber(t.Nonce)...)
	b = o.String(b, "role", t.role())
	b = o.Int(b, "expire_time", t.ExpiresAt)
	if t.Data != "" {
		b = o.String(b, "connection_data", t.Data)
	}
	b = o.String(b, "initial_layout_class_list", strings.Join(t.Layout, " "))
	return o.String(b, "scope", "session.connect")
}

// SignJWT returns the OpenTok JWT of t for the project apiKey, signed with
// the API secret's Signer.
func (t Token) SignJWT(apiKey string, s *jwt.Signer) (string, error) {
	if p := t.Problems(apiKey); len(p) > 0 {
		return "", p[0]
	}
	var o jwt.Object
	b := o.String(o.Open(nil), "iss", apiKey)
	b = o.String(b, "ist", "project")
	b = o.Int(b, "iat", t.IssuedAt)
	b = o.Int(b, "exp", t.ExpiresAt)
	b, err := o.Close(t.appendData(&o, b))
	if err != nil {
		return "", err
	}
	if err := jwt.CheckSize(jwt.JWTHeader, b); err != nil {
		return "", err
	}
	return s.Sign(b), nil
}

// T1Data returns the T1 token's data: the token data as querystring.stringify
// writes it.
func (t Token) T1Data() string {
	pairs := [][2]string{{"session_id", t.SessionID}, {"create_time", strconv.FormatInt(t.IssuedAt, 10)}, {"nonce", jsNumber(t.Nonce)},
		{"role", t.role()}, {"expire_time", strconv.FormatInt(t.ExpiresAt, 10)}}
	if t.Data != "" {
		pairs = append(pairs, [2]string{"connection_data", t.Data})
	}
	pairs = append(pairs, [2]string{"initial_layout_class_list", strings.Join(t.Layout, " ")}, [2]string{"scope", "session.connect"})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(Escape(p[0]) + "=" + Escape(p[1]))
	}
	return b.String()
}

// SignT1 returns the legacy T1 token of t for the project apiKey, its
// HMAC-SHA1 keyed with the API secret.
func (t Token) SignT1(apiKey string, secret []byte) (string, error) {
	if p := t.Problems(apiKey); len(p) > 0 {
		return "", p[0]
	}
	data := t.T1Data()
	m := hmac.New(sha1.New, secret)
	m.Write([]byte(data))
	return "T1==" + base64.StdEncoding.EncodeToString([]byte("partner_id="+apiKey+"&sig="+hex.EncodeToString(m.Sum(nil))+":"+data)), nil
}

// Escape percent-encodes s as Node's querystring.escape does: UTF-8, every
// byte but letters, digits and -_.!~*'() as %XX in capitals (a space is %20).
func Escape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + string(hexDigits[c>>4]) + string(hexDigits[c&15]))
		}
	}
	return b.String()
}

// SignApplication returns the Vonage application's RS256 token of t, as
// @vonage/video's generateClientToken writes it, with the jti given (a
// random UUID).
func (t Token) SignApplication(appID string, s *jwt.RSASigner, jti string) (string, error) {
	if appID == "" {
		return "", &jwt.ClaimError{Claim: "application_id", Rule: "is required", Err: jwt.ErrRequired}
	}
	if p := t.Problems(""); len(p) > 0 {
		return "", p[0]
	}
	var o jwt.Object
	b := o.String(o.Open(nil), "scope", "session.connect")
	b = o.String(b, "session_id", t.SessionID)
	b = o.String(b, "role", t.role())
	b = o.String(b, "initial_layout_class_list", strings.Join(t.Layout, " "))
	b = o.Int(b, "exp", t.ExpiresAt)
	b = o.String(b, "sub", "video")
	b = o.End(o.End(o.End(o.Begin(o.Begin(o.Begin(b, "acl"), "paths"), "/session/**"))))
	if t.Data != "" {
		b = o.String(b, "connection_data", t.Data)
	}
	b = o.String(b, "jti", jti)
	b = o.Int(b, "iat", t.IssuedAt)
	b, err := o.Close(o.String(b, "application_id", appID))
	if err != nil {
		return "", err
	}
	h, _ := jwt.NewRS256Header("typ", "JWT")
	return s.SignWith(h, b)
}
