// Package sdk builds, checks and signs the payloads of the two Zoom SDK
// tokens: Meeting for the Meeting SDK and Video for the Video SDK.
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
	"unicode/utf8"
)

// Roles, for Video.Role and Meeting.Role.
const (
	Participant = 0 // attendee; may join before the host
	Host        = 1 // host (Video: later hosts become co-hosts; Meeting: starting needs a ZAK too)
)

// Limits from Zoom's documentation and official samples (zoom-token-spec.md
// §2-§4). They are defined here only; every check uses these.
const (
	MinLifetime        = 1800   // seconds exp must be after iat, at least
	MaxLifetime        = 172800 // seconds exp may be after iat, at most (48 hours)
	MaxTopicLen        = 200    // tpc, in UTF-16 code units, as the sample counts
	MaxUserIdentityLen = 35     // user_identity, in UTF-16 code units (the sample's limit)
	MaxUserKeyLen      = 36     // user_key, in UTF-16 code units (Zoom's docs)
	MaxSessionKeyLen   = 36     // session_key, in UTF-16 code units
	maxUnixSeconds     = 1e10 - 1
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
	// ErrCharset marks a warning, not a broken rule: see CheckTopic.
	ErrCharset = errors.New("undocumented character")
)

// A FieldError reports one claim that breaks a rule. It never holds a secret:
// the signing key is not part of a payload.
type FieldError struct {
	Field string // the claim's name in the payload, e.g. "tpc"
	Rule  string // what the rule asks, e.g. "must be 1 to 200 UTF-16 code units"
	Value string // the offending value, already quoted if a string; "" if absent
	Err   error  // ErrRequired, ErrValue, ErrLength, ErrTime, ErrConflict or ErrCharset
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
		c.upTo(field, v, max)
	}
}

// upTo checks an integer claim against its allowed values 0..max.
func (c *checker) upTo(field string, v, max int) {
	if v < 0 || v > max {
		rule := "must be 0 or 1"
		if max == 2 {
			rule = "must be 0, 1 or 2"
		}
		c.fail(field, rule, strconv.Itoa(v), ErrValue)
	}
}

// times checks iat and exp: integer Unix seconds, and
// MinLifetime <= exp-iat <= MaxLifetime.
func (c *checker) times(iat, exp int64) {
	if err := CheckIssuedAt(iat); err != nil {
		c.add(err.(*FieldError))
	} else if d := exp - iat; exp < iat+MinLifetime || exp > iat+MaxLifetime {
		c.fail("exp", "must be 1800 to 172800 seconds (30 minutes to 48 hours) after iat", strconv.FormatInt(d, 10)+" seconds (iat "+strconv.FormatInt(iat, 10)+", exp "+strconv.FormatInt(exp, 10)+")", ErrTime)
	}
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
