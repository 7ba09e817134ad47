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
// broken rule comes back as a *FieldError that names the claim, the rule and
// the offending value, and wraps one of the Err sentinels for errors.Is.
package sdk

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
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
	maxUnixSeconds   = 1e10 - 1
)

// Times the signing commands and inspect share.
const (
	// DefaultLifetime is the lifetime Zoom's samples and docs give SDK
	// tokens: 2 hours, well inside 30 minutes to 48 hours (whether Zoom
	// accepts exactly 48 hours is not documented).
	DefaultLifetime = 7200
	// Backdate is how many seconds before now Zoom's docs set iat, "to
	// tolerate small clock skew".
	Backdate = 30
	// Skew is how many seconds ahead of now iat may be before a token is
	// reported as issued in the future: what Zoom's docs backdate by.
	Skew = 30
)

// An OptInt is an optional integer claim. Its zero value leaves the claim out
// of the payload; Int(v) puts it in, even when v is 0.
type OptInt struct {
	v   int
	set bool
}

// Int returns an OptInt that is present with value v.
func Int(v int) OptInt { return OptInt{v: v, set: true} }

// Get returns the value and whether the claim is present.
func (o OptInt) Get() (v int, ok bool) { return o.v, o.set }

// Sentinels wrapped by FieldError, one per kind of rule.
var (
	ErrRequired = errors.New("required claim missing")
	ErrValue    = errors.New("value not allowed")
	ErrLength   = errors.New("value too long")
	ErrTime     = errors.New("time out of range")
	ErrConflict = errors.New("claims conflict")
	// ErrWarning marks a warning, not a broken rule: what Zoom may refuse
	// or ignore though its docs do not forbid it (see Video.Warnings).
	ErrWarning = errors.New("may be refused")
)

// A FieldError reports one claim that breaks a rule. It never holds a secret:
// the signing key is not part of a payload.
type FieldError struct {
	Field string // the claim's name in the payload, e.g. "tpc"
	Rule  string // what the rule asks, e.g. "must be 1 to 200 UTF-16 code units"
	Value string // the offending value, already quoted if a string; "" if absent
	Err   error  // ErrRequired, ErrValue, ErrLength, ErrTime, ErrConflict or ErrWarning
}

func (e *FieldError) Error() string {
	if e.Value == "" {
		return e.Field + " " + e.Rule
	}
	return e.Field + " " + e.Rule + ", got " + e.Value
}

func (e *FieldError) Unwrap() error { return e.Err }

// checker keeps the first broken rule, and with all set every one of them.
type checker struct {
	err error
	all *[]*FieldError
}

func (c *checker) fail(field, rule, value string, kind error) {
	c.add(&FieldError{Field: field, Rule: rule, Value: value, Err: kind})
}

func (c *checker) add(e *FieldError) {
	if c.err == nil {
		c.err = e
	}
	if c.all != nil {
		*c.all = append(*c.all, e)
	}
}

// text checks that an optional string claim is valid UTF-8 and at most max
// UTF-16 code units long (max 0: no limit).
func (c *checker) text(field, s string, max int) {
	// A string never has more UTF-16 code units than UTF-8 bytes, so only a
	// string longer than max bytes needs counting.
	if !utf8.ValidString(s) {
		c.fail(field, "must be valid UTF-8", strconv.Quote(s), ErrValue)
	} else if max > 0 && len(s) > max && UTF16Len(s) > max {
		n := UTF16Len(s)
		c.fail(field, "must be at most "+strconv.Itoa(max)+" UTF-16 code units", strconv.Itoa(n)+" in "+strconv.Quote(s), ErrLength)
	}
}

// oneOf checks an optional integer claim against its allowed values 0..max.
func (c *checker) oneOf(field string, o OptInt, max int) {
	if v, ok := o.Get(); ok {
		c.between(field, v, 0, max)
	}
}

// between checks an integer claim against its allowed values min..max.
func (c *checker) between(field string, v, min, max int) {
	if v < min || v > max {
		rule := "must be " + strconv.Itoa(min) + " or " + strconv.Itoa(max)
		if max-min == 2 {
			rule = "must be " + strconv.Itoa(min) + ", " + strconv.Itoa(min+1) + " or " + strconv.Itoa(max)
		}
		c.fail(field, rule, strconv.Itoa(v), ErrValue)
	}
}

// times checks iat and exp: integer Unix seconds, and min <= exp-iat <= max
// (max 0: no limit).
func (c *checker) times(iat, exp, min, max int64) {
	if err := CheckIssuedAt(iat); err != nil {
		c.add(err.(*FieldError))
	} else if err := CheckLifetime(iat, exp, min, max); err != nil {
		c.add(err.(*FieldError))
	}
}

// CheckLifetime returns a *FieldError for exp wrapping ErrTime unless exp is
// at least min seconds after iat and, if max > 0, at most max seconds: the
// one rule of a token's lifetime, with the bounds of its kind (Zoom's SDKs:
// MinLifetime and MaxLifetime; others: 1 and none).
func CheckLifetime(iat, exp, min, max int64) error {
	d := exp - iat
	if d >= min && (max <= 0 || d <= max) {
		return nil
	}
	rule := "must be later than iat (a positive lifetime)"
	if max > 0 {
		rule = "must be " + strconv.FormatInt(min, 10) + " to " + strconv.FormatInt(max, 10) + " seconds (" + span(min) + " to " + span(max) + ") after iat"
	}
	return &FieldError{Field: "exp", Rule: rule, Value: strconv.FormatInt(d, 10) + " seconds (iat " + strconv.FormatInt(iat, 10) + ", exp " + strconv.FormatInt(exp, 10) + ")", Err: ErrTime}
}

// CheckNow returns what makes a token dead on arrival at now, as
// *FieldErrors wrapping ErrTime: iat more than Skew seconds ahead of now, and
// exp not after now. Signing commands warn with it; inspect reports it.
func CheckNow(iat, exp, now int64) []*FieldError {
	var errs []*FieldError
	if iat > now+Skew {
		errs = append(errs, &FieldError{Field: "iat", Rule: "is more than " + strconv.Itoa(Skew) + " seconds in the future, and servers refuse tokens issued ahead of their clock", Value: span(iat-now) + " ahead (iat " + strconv.FormatInt(iat, 10) + ", now " + strconv.FormatInt(now, 10) + ")", Err: ErrTime})
	}
	if exp <= now {
		errs = append(errs, &FieldError{Field: "exp", Rule: "has passed: the token is expired", Value: span(now-exp) + " ago (exp " + strconv.FormatInt(exp, 10) + ", now " + strconv.FormatInt(now, 10) + ")", Err: ErrTime})
	}
	return errs
}

// span writes a number of seconds for people: "30 minutes", "48 hours",
// "1h1m5s", or in years beyond a century.
func span(s int64) string {
	const year = 365 * 24 * 3600
	switch {
	case s >= 100*year || s <= -100*year:
		return strconv.FormatInt(s/year, 10) + " years"
	case s != 0 && s%3600 == 0:
		return plural(s/3600, "hour")
	case s != 0 && s%60 == 0 && s < 3600 && s > -3600:
		return plural(s/60, "minute")
	}
	return (time.Duration(s) * time.Second).String()
}

func plural(n int64, unit string) string {
	if n == 1 || n == -1 {
		return strconv.FormatInt(n, 10) + " " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}

// CheckIssuedAt returns a *FieldError wrapping ErrTime unless iat is Unix
// time in seconds from 1 to 9999999999: a 13-digit value is milliseconds.
// Every token sdkjwt signs, Zoom's or not, meets this rule.
func CheckIssuedAt(iat int64) error {
	if iat < 1 || iat > maxUnixSeconds {
		return &FieldError{Field: "iat", Rule: "must be Unix time in seconds (1 to 9999999999; a 13-digit value is milliseconds)", Value: strconv.FormatInt(iat, 10), Err: ErrTime}
	}
	return nil
}

// UTF16Len is the length JavaScript's String.prototype.length reports for
// valid UTF-8 s, in which Zoom's samples count every length limit:
// characters beyond U+FFFF count twice (surrogate pairs).
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}
