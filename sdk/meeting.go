package sdk

import (
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Meeting is the payload of a Meeting SDK token. A web token (Meeting SDK
// for Web) has MN and Role; a native token (Windows, macOS, iOS, Android,
// Linux) has neither.
//
// The payload's claims, in this order (Zoom's meetingsdk-auth-endpoint-sample):
//
//	appKey, sdkKey, mn, role, iat, exp, tokenExp, video_webrtc_mode
type Meeting struct {
	// Key is the SDK Key or Client ID (required), emitted as both appKey
	// (required since Web SDK 5.0) and sdkKey (as the sample does).
	Key string
	// MN is the meeting or webinar number. Spaces and dashes, as pasted from
	// Zoom's UI, are removed; what is left must be digits, and is emitted as
	// a JSON string. Empty: no mn claim (a native token).
	MN string
	// Role is Participant or Host; present exactly when MN is.
	Role OptInt
	// IssuedAt (iat) and ExpiresAt (exp) are Unix seconds;
	// MinLifetime <= ExpiresAt-IssuedAt <= MaxLifetime.
	IssuedAt, ExpiresAt int64
	// TokenExp (tokenExp) is when the SDK session ends, at least MinLifetime
	// seconds after IssuedAt. Zero means ExpiresAt, as in the sample.
	TokenExp int64
	// VideoWebRTCMode (video_webrtc_mode, Web only) is 0 or 1.
	VideoWebRTCMode OptInt
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (m Meeting) AppendPayload(dst []byte) ([]byte, error) { return m.appendPayload(dst) }

// appendPayload is AppendPayload on a pointer, so that Sign does not copy
// the struct a second time.
func (m *Meeting) appendPayload(dst []byte) ([]byte, error) {
	var c checker
	mn, tokenExp := m.check(&c)
	if c.err != nil {
		return dst, c.err
	}
	// Constant fragments around the values, in the sample's order.
	var o jwt.Object
	b := append(dst, `{"appKey":`...)
	b = o.Value(b, "appKey", m.Key)
	b = append(b, `,"sdkKey":`...)
	b = o.Value(b, "sdkKey", m.Key)
	if mn != "" {
		role, _ := m.Role.Get() // present with mn: check made sure
		b = append(b, `,"mn":`...)
		b = o.Value(b, "mn", mn)
		b = append(b, `,"role":`...)
		b = strconv.AppendInt(b, int64(role), 10)
	}
	b = append(b, `,"iat":`...)
	b = strconv.AppendInt(b, m.IssuedAt, 10)
	b = append(b, `,"exp":`...)
	b = strconv.AppendInt(b, m.ExpiresAt, 10)
	b = append(b, `,"tokenExp":`...)
	b = strconv.AppendInt(b, tokenExp, 10)
	if n, ok := m.VideoWebRTCMode.Get(); ok {
		b = o.Int(b, "video_webrtc_mode", int64(n))
	}
	return o.Close(b)
}

// Problems returns every rule the payload breaks, in claim order; none
// means it can be signed. AppendPayload and Sign report the first of them.
func (m Meeting) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	m.check(&checker{all: &all})
	return all
}

// check applies every rule, and returns mn normalised and tokenExp defaulted.
func (m *Meeting) check(c *checker) (mn string, tokenExp int64) {
	if m.Key == "" {
		c.fail("appkey-missing", "appKey", "is required (the SDK Key or Client ID)", "", jwt.ErrRequired)
	}
	c.text("", "appKey", m.Key, 0)
	mn = meetingNumber(m.MN)
	role, hasRole := m.Role.Get()
	switch {
	case m.MN != "" && !digits(mn):
		c.fail("mn-not-digits", "mn", "must be digits (spaces and dashes are removed)", strconv.Quote(m.MN), jwt.ErrValue)
	case m.MN != "" && !hasRole:
		c.fail("mn-without-role", "role", "is required with mn (a web token has both; a native token neither)", "", jwt.ErrConflict)
	case m.MN == "" && hasRole:
		c.fail("role-without-mn", "role", "needs mn (a web token has both; a native token neither)", strconv.Itoa(role), jwt.ErrConflict)
	}
	c.oneOf("role-invalid", "role", m.Role, 1)
	c.times(m.IssuedAt, m.ExpiresAt, MinLifetime, MaxLifetime)
	tokenExp = m.TokenExp
	if tokenExp == 0 {
		tokenExp = m.ExpiresAt
	}
	if jwt.CheckIssuedAt(m.IssuedAt) == nil && tokenExp < m.IssuedAt+MinLifetime {
		c.fail("tokenexp-too-short", "tokenExp", "must be at least 1800 seconds after iat", strconv.FormatInt(tokenExp-m.IssuedAt, 10)+" seconds (tokenExp "+strconv.FormatInt(tokenExp, 10)+")", jwt.ErrTime)
	}
	c.oneOf("claim-value", "video_webrtc_mode", m.VideoWebRTCMode, 1)
	return mn, tokenExp
}

// Warnings returns, each a *jwt.ClaimError wrapping jwt.ErrWarning, exp
// and tokenExp exactly 1800 seconds after iat: what Zoom documents, and a
// native Meeting SDK has refused.
func (m Meeting) Warnings() []*jwt.ClaimError {
	tokenExp := m.TokenExp
	if tokenExp == 0 {
		tokenExp = m.ExpiresAt
	}
	return append(edge("exp", m.IssuedAt, m.ExpiresAt), edge("tokenExp", m.IssuedAt, tokenExp)...)
}

// CheckUse reports a tokenExp less than MinLifetime seconds after now, the
// time the token is used, as a *jwt.ClaimError (code tokenexp-too-soon):
// a native Meeting SDK judges tokenExp against the time it initialises, not
// against iat, and refuses such a token. Zoom's docs say only "at least
// 1800 seconds greater than iat"; the evidence is in docs/zoom.md.
func (m Meeting) CheckUse(now int64) *jwt.ClaimError {
	tokenExp := m.TokenExp
	if tokenExp == 0 {
		tokenExp = m.ExpiresAt
	}
	left := jwt.Sub(tokenExp, now)
	if left >= MinLifetime {
		return nil
	}
	return &jwt.ClaimError{Claim: "tokenExp", Rule: "must be at least 1800 seconds after the time of use, as a native Meeting SDK judges it",
		Value: strconv.FormatInt(tokenExp, 10) + ", " + strconv.FormatInt(left, 10) + " seconds after now", Err: jwt.ErrTime, Code: "tokenexp-too-soon"}
}

// Sign checks the payload and returns the token signed by s, or a
// *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge (see jwt.CheckSize).
func (m Meeting) Sign(s *jwt.Signer) (string, error) {
	var buf [1024]byte // on the stack: payloads up to 1 KiB cost no allocation
	p, err := m.appendPayload(buf[:0])
	return sign(s, p, err)
}

// meetingNumber removes the spaces and dashes of a pasted meeting number
// ("123 4567 8901", "123-4567-8901").
func meetingNumber(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "-", "")
}

// CheckMN returns a *jwt.ClaimError wrapping jwt.ErrValue unless mn, as a token
// carries it, is a meeting number: decimal digits only (Zoom does not remove
// spaces or dashes; the signer does, before it applies this same rule).
func CheckMN(mn string) error {
	if !digits(mn) {
		return &jwt.ClaimError{Claim: "mn", Rule: "must be the meeting number in digits only", Value: strconv.Quote(mn), Err: jwt.ErrValue, Code: "mn-not-digits"}
	}
	return nil
}

func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
