// Package sdk builds, checks and signs the payloads of Zoom's tokens:
// Meeting for the Meeting SDK, Video for the Video SDK, Cobrowse for the
// Cobrowse SDK, and API for the Build platform's REST APIs.
//
// The payload bytes are exactly those Zoom's official auth endpoint samples
// produce for the same inputs (their claim order, absent optional claims left
// out, integers only, strings escaped as JavaScript's JSON.stringify does),
// so a token can be compared byte for byte with one the samples made.
//
// Every rule a payload must meet is checked before anything is signed; a
// broken rule comes back as a [*jwt.ClaimError] that names the claim, the
// rule and the offending value, and wraps one of jwt's Err sentinels for
// errors.Is. The same rules explain a token in package inspect: this package
// registers Zoom's kinds of token there (see inspect.go).
package sdk

import (
	"strconv"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// Roles, for Video.Role and Meeting.Role.
const (
	Participant = 0 // attendee; may join before the host
	Host        = 1 // host (Video: later hosts become co-hosts; Meeting: starting needs a ZAK too)
)

// Limits from Zoom's documentation and official samples (docs/zoom.md
// cites them). They are defined here only; every check uses these.
const (
	MinLifetime      = 1800   // seconds exp must be after iat, at least
	MaxLifetime      = 172800 // seconds exp may be after iat, at most (48 hours)
	MaxTopicLen      = 200    // tpc, in UTF-16 code units, as the sample counts
	MaxUserKeyLen    = 36     // user_key, or user_identity (its old name), in UTF-16 code units (Zoom's docs)
	MaxSessionKeyLen = 36     // session_key, in UTF-16 code units
)

// Times the signing commands use.
const (
	// DefaultLifetime is the lifetime Zoom's samples and docs give SDK
	// tokens: 2 hours, well inside 30 minutes to 48 hours (whether Zoom
	// accepts exactly 48 hours is not documented).
	DefaultLifetime = 7200
	// Backdate is how many seconds before now Zoom's docs set iat, "to
	// tolerate small clock skew".
	Backdate = 30
)

// An OptInt is an optional integer claim. Its zero value leaves the claim out
// of the payload; Int(v) puts it in, even when v is 0.
type OptInt struct {
	v   int
	set bool
}

// sign returns the token of payload p signed by s, unless err, or unless
// the token would be longer than jwt.MaxTokenSize (the key and
// telemetry_tracking_id have no limit of their own).
func sign(s *jwt.Signer, p []byte, err error) (string, error) {
	if err == nil {
		err = jwt.CheckSize(jwt.JWTHeader, p)
	}
	if err != nil {
		return "", err
	}
	return s.Sign(p), nil
}

// Int returns an OptInt that is present with value v.
func Int(v int) OptInt { return OptInt{v: v, set: true} }

// Get returns the value and whether the claim is present.
func (o OptInt) Get() (v int, ok bool) { return o.v, o.set }

// checker keeps the first broken rule, and with all set every one of them.
type checker struct {
	err error
	all *[]*jwt.ClaimError
}

// fail adds a broken rule with the code inspect reports it with.
func (c *checker) fail(code, claim, rule, value string, kind error) {
	c.add(&jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
}

func (c *checker) add(e *jwt.ClaimError) {
	if c.err == nil {
		c.err = e
	}
	if c.all != nil {
		*c.all = append(*c.all, e)
	}
}

// text checks that an optional string claim is valid UTF-8 and at most max
// UTF-16 code units long (max 0: no limit; code, the code of a string too
// long).
func (c *checker) text(code, field, s string, max int) {
	// A string never has more UTF-16 code units than UTF-8 bytes, so only a
	// string longer than max bytes needs counting.
	if !utf8.ValidString(s) {
		c.fail("claim-value", field, "must be valid UTF-8", strconv.Quote(s), jwt.ErrValue)
	} else if max > 0 && len(s) > max && js.UTF16Len(s) > max {
		n := js.UTF16Len(s)
		c.fail(code, field, "must be at most "+strconv.Itoa(max)+" UTF-16 code units", strconv.Itoa(n)+" in "+strconv.Quote(s), jwt.ErrLength)
	}
}

// oneOf checks an optional integer claim against its allowed values 0..max.
func (c *checker) oneOf(code, field string, o OptInt, max int) {
	if v, ok := o.Get(); ok {
		c.between(code, field, v, 0, max)
	}
}

// between checks an integer claim against its allowed values min..max.
func (c *checker) between(code, field string, v, min, max int) {
	if v < min || v > max {
		rule := "must be " + strconv.Itoa(min) + " or " + strconv.Itoa(max)
		if max-min == 2 {
			rule = "must be " + strconv.Itoa(min) + ", " + strconv.Itoa(min+1) + " or " + strconv.Itoa(max)
		}
		c.fail(code, field, rule, strconv.Itoa(v), jwt.ErrValue)
	}
}

// edge returns a warning, alone in a slice, if the claim's time at is
// exactly MinLifetime after iat: Zoom documents "at least 1800 seconds",
// and a native Meeting SDK has refused exactly 1800
// (github.com/mieszko4/react-native-zoom-us/issues/254).
func edge(claim string, iat, at int64) []*jwt.ClaimError {
	if jwt.Sub(at, iat) != MinLifetime {
		return nil
	}
	return []*jwt.ClaimError{{Claim: claim, Rule: "is exactly 1800 seconds after iat, the least Zoom documents, and a native Meeting SDK has refused exactly that", Value: strconv.FormatInt(at, 10), Err: jwt.ErrWarning, Code: "exp-window-edge"}}
}

// times checks iat and exp: integer Unix seconds, and min <= exp-iat <= max
// (max 0: no limit), with jwt's codes (exp-before-iat, exp-window-too-short,
// exp-window-too-long: Zoom's bounds are in the last two's hints).
func (c *checker) times(iat, exp, min, max int64) {
	if err := jwt.CheckTimes(iat, exp, min, max); err != nil {
		c.add(err.(*jwt.ClaimError))
	}
}
