// Package daily builds and signs Daily (daily.co) self-signed meeting
// tokens: an HS256 JWT signed with the domain's API key, with the meeting
// token's properties under their abbreviated names.
//
// Daily publishes no generator; the claims are written in the order of
// Daily's table of abbreviations (docs.daily.co, "Self-signing meeting
// tokens"), iat with the times:
//
//	iat, nbf, exp, d, r, ud, u, o, k, ctoe, rome, sr, ast, er, ss, vo, ao, ejt, eje, uil, erui
//
// each left out when unset but d and iat, which Daily requires (r too,
// but a token without it is valid for every room). Errors are
// [*jwt.ClaimError] values naming the claim. docs/daily.md has each
// claim's source.
package daily

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// MaxUserID is the longest user_id (ud) Daily takes: "The user_id has a
// limit of 36 characters."
const MaxUserID = 36

// Options are the boolean properties, by abbreviation, in the order they
// are written: is_owner, knocking, close_tab_on_exit,
// start_cloud_recording, auto_start_transcription, enable_screenshare,
// start_video_off, start_audio_off, eject_at_token_exp, enable_recording_ui.
var Options = []string{"o", "k", "ctoe", "sr", "ast", "ss", "vo", "ao", "ejt", "erui"}

// Recordings are the values of enable_recording (er).
var Recordings = []string{"cloud", "cloud-audio-only", "local", "raw-tracks"}

// Token is the payload of a self-signed meeting token.
type Token struct {
	DomainID string // d: the domain's id (required; the domain configuration endpoint's domain_id)
	Room     string // r: room_name; "" for every room of the domain
	// IssuedAt (iat) is required; NotBefore (nbf) and ExpiresAt (exp) are
	// 0 for none: a token without exp is valid for ever.
	IssuedAt, NotBefore, ExpiresAt int64
	UserID                         string          // ud: user_id, at most MaxUserID characters
	UserName                       string          // u: user_name
	Redirect                       string          // rome: redirect_on_meeting_exit, a URL
	Recording                      string          // er: enable_recording, one of Recordings
	EjectAfterElapsed              int64           // eje: eject_after_elapsed, seconds; 0 for none
	Lang                           string          // uil: lang
	Set                            map[string]bool // the Options set, true or false
}

// Problems returns every rule the token breaks; none means it can be
// signed. AppendPayload and Sign report the first of them.
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, claim, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
	}
	if t.DomainID == "" {
		fail("daily-domain", "d", "is required (the domain_id of the domain configuration)", "", jwt.ErrRequired)
	}
	for _, s := range [...]struct{ claim, v string }{{"d", t.DomainID}, {"r", t.Room}, {"ud", t.UserID}, {"u", t.UserName}, {"rome", t.Redirect}, {"uil", t.Lang}} {
		if !utf8.ValidString(s.v) {
			fail("claim-value", s.claim, "must be valid UTF-8", strconv.Quote(s.v), jwt.ErrValue)
		}
	}
	if n := utf8.RuneCountInString(t.UserID); n > MaxUserID {
		fail("daily-user-id", "ud", "must be at most 36 characters (user_id)", strconv.Itoa(n)+" characters", jwt.ErrLength)
	}
	if t.Recording != "" && !slices.Contains(Recordings, t.Recording) {
		fail("daily-value", "er", "must be cloud, cloud-audio-only, local or raw-tracks (enable_recording)", strconv.Quote(t.Recording), jwt.ErrValue)
	}
	if t.EjectAfterElapsed < 0 {
		fail("daily-value", "eje", "must be a positive number of seconds (eject_after_elapsed)", strconv.FormatInt(t.EjectAfterElapsed, 10), jwt.ErrValue)
	}
	for name := range t.Set {
		if !slices.Contains(Options, name) {
			fail("", name, "is not a boolean property Daily documents", "", jwt.ErrValue)
		}
	}
	if err := jwt.CheckIssuedAt(t.IssuedAt); err != nil {
		all = append(all, err.(*jwt.ClaimError))
	} else if t.ExpiresAt != 0 {
		if err := jwt.CheckLifetime(t.IssuedAt, t.ExpiresAt, 1, 0); err != nil {
			all = append(all, err.(*jwt.ClaimError))
		}
	}
	if t.NotBefore != 0 && t.ExpiresAt != 0 && t.NotBefore >= t.ExpiresAt {
		fail("", "nbf", "must be before exp", strconv.FormatInt(t.NotBefore, 10), jwt.ErrTime)
	}
	return all
}

// Warnings returns what Daily's docs advise against, each a
// *jwt.ClaimError wrapping jwt.ErrWarning: no r (the token opens every
// room of the domain) and no exp (it is valid for ever).
func (t Token) Warnings() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	if t.Room == "" {
		all = append(all, &jwt.ClaimError{Claim: "r", Rule: "is absent: the token is valid for every room of the domain", Err: jwt.ErrWarning, Code: "daily-any-room"})
	}
	if t.ExpiresAt == 0 {
		all = append(all, &jwt.ClaimError{Claim: "exp", Rule: "is absent: the token is valid for ever", Err: jwt.ErrWarning, Code: "daily-no-exp"})
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
	b := o.Int(o.Open(dst), "iat", t.IssuedAt)
	for _, n := range [...]struct {
		claim string
		v     int64
	}{{"nbf", t.NotBefore}, {"exp", t.ExpiresAt}} {
		if n.v != 0 {
			b = o.Int(b, n.claim, n.v)
		}
	}
	b = o.String(b, "d", t.DomainID)
	str := func(claim, v string) {
		if v != "" {
			b = o.String(b, claim, v)
		}
	}
	str("r", t.Room)
	str("ud", t.UserID)
	str("u", t.UserName)
	flag := func(claim string) {
		if v, ok := t.Set[claim]; ok {
			b = o.Bool(b, claim, v)
		}
	}
	flag("o")
	flag("k")
	flag("ctoe")
	str("rome", t.Redirect)
	flag("sr")
	flag("ast")
	str("er", t.Recording)
	flag("ss")
	flag("vo")
	flag("ao")
	flag("ejt")
	if t.EjectAfterElapsed != 0 {
		b = o.Int(b, "eje", t.EjectAfterElapsed)
	}
	str("uil", t.Lang)
	flag("erui")
	return o.Close(b)
}

// Sign checks the token and returns it signed by s (keyed with the
// domain's API key), or a *jwt.ClaimError, or an error wrapping
// jwt.ErrTooLarge.
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
