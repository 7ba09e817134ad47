package jwt

import (
	"errors"
	"math"
	"strconv"
)

// Sentinels a ClaimError wraps, one per kind of rule, to match with
// errors.Is.
var (
	ErrRequired = errors.New("jwt: required claim missing")
	ErrValue    = errors.New("jwt: value not allowed")
	ErrLength   = errors.New("jwt: value too long")
	ErrTime     = errors.New("jwt: time out of range")
	ErrConflict = errors.New("jwt: claims conflict")
	// ErrWarning marks a warning, not a broken rule: what a vendor may
	// refuse or ignore though its docs do not forbid it.
	ErrWarning = errors.New("jwt: may be refused")
)

// A ClaimError reports one claim that breaks a rule. It never holds a
// secret: the signing key is not part of a payload.
//
// Code is set where the rule is written, so that signing, serve and
// inspect, which all call the rule, cannot disagree on which rule failed:
// it is the code of the finding package inspect reports, whose severity
// and hint the code's package registers with inspect.Register. An empty
// Code marks a rule sdkjwt keeps when it signs that the vendor does not
// (inspect reports nothing of it; see the rule's doc for why).
type ClaimError struct {
	Claim string // the claim's name in the payload, e.g. "tpc"
	Rule  string // what the rule asks, e.g. "must be 1 to 200 UTF-16 code units"
	Value string // the offending value, already quoted if a string; "" if absent
	Err   error  // ErrRequired, ErrValue, ErrLength, ErrTime, ErrConflict or ErrWarning
	Code  string // the inspect finding code, e.g. "tpc-too-long"
}

// Error returns "claim rule, got value", e.g. `tpc is required` or
// `exp must be later than iat (a positive lifetime), got -1 seconds …`.
func (e *ClaimError) Error() string {
	if e.Value == "" {
		return e.Claim + " " + e.Rule
	}
	return e.Claim + " " + e.Rule + ", got " + e.Value
}

func (e *ClaimError) Unwrap() error { return e.Err }

// Skew is how many seconds ahead of now iat may be before CheckNow reports
// a token as issued in the future: what Zoom's docs backdate iat by "to
// tolerate small clock skew".
const Skew = 30

// maxUnixSeconds is the last second with 10 digits: 13 digits are milliseconds.
const maxUnixSeconds = 1e10 - 1

// CheckIssuedAt returns a *ClaimError wrapping ErrTime unless iat is Unix
// time in seconds from 1 to 9999999999: a 13-digit value is milliseconds
// (code iat-milliseconds), and one below 1 is no time (claim-value).
// Every token sdkjwt signs meets this rule.
func CheckIssuedAt(iat int64) error { return checkSeconds("iat", iat) }

func checkSeconds(claim string, t int64) error {
	if t < 1 || t > maxUnixSeconds {
		code := "claim-value"
		if t > 0 {
			code = claim + "-milliseconds"
		}
		return &ClaimError{Claim: claim, Rule: "must be Unix time in seconds (1 to 9999999999; a 13-digit value is milliseconds)", Value: strconv.FormatInt(t, 10), Err: ErrTime, Code: code}
	}
	return nil
}

// CheckLifetime returns a *ClaimError for exp wrapping ErrTime unless exp is
// at least min seconds after iat and, if max > 0, at most max seconds: the
// one rule of a token's lifetime, with the bounds of its kind (Zoom's SDKs:
// 30 minutes to 48 hours; others: 1 and none). Its code is
// exp-before-iat, or for a lifetime that is positive but out of the kind's
// bounds exp-window-too-short or exp-window-too-long (codes the package of
// a kind with bounds registers, its bounds in their hints).
func CheckLifetime(iat, exp, min, max int64) error { return checkLifetime("iat", iat, exp, min, max) }

func checkLifetime(start string, t, exp, min, max int64) error {
	d := Sub(exp, t)
	if d >= min && (max <= 0 || d <= max) {
		return nil
	}
	rule := "must be later than " + start + " (a positive lifetime)"
	if max > 0 {
		rule = "must be " + strconv.FormatInt(min, 10) + " to " + strconv.FormatInt(max, 10) + " seconds (" + Span(min) + " to " + Span(max) + ") after " + start
	}
	code := "exp-before-iat"
	switch {
	case d > 0 && d < min:
		code = "exp-window-too-short"
	case d > 0:
		code = "exp-window-too-long"
	}
	return &ClaimError{Claim: "exp", Rule: rule, Value: strconv.FormatInt(d, 10) + " seconds (" + start + " " + strconv.FormatInt(t, 10) + ", exp " + strconv.FormatInt(exp, 10) + ")", Err: ErrTime, Code: code}
}

// CheckNotBefore is CheckTimes for a token whose start is nbf, not iat
// (LiveKit's carry no iat): nbf in Unix seconds, and exp later.
func CheckNotBefore(nbf, exp int64) error {
	if err := checkSeconds("nbf", nbf); err != nil {
		return err
	}
	return checkLifetime("nbf", nbf, exp, 1, 0)
}

// CheckTimes applies CheckIssuedAt, then CheckLifetime, and returns the
// first error: the time rules of every payload sdkjwt signs.
func CheckTimes(iat, exp, min, max int64) error {
	if err := CheckIssuedAt(iat); err != nil {
		return err
	}
	return CheckLifetime(iat, exp, min, max)
}

// CheckNow returns what makes a token dead on arrival at now, as
// *ClaimErrors wrapping ErrTime: iat more than Skew seconds ahead of now
// (code iat-future), and exp not after now (expired). Signing commands warn
// with it; inspect reports it.
func CheckNow(iat, exp, now int64) []*ClaimError {
	var errs []*ClaimError
	if Sub(iat, now) > Skew {
		errs = append(errs, &ClaimError{Claim: "iat", Rule: "is more than " + strconv.Itoa(Skew) + " seconds in the future, and servers refuse tokens issued ahead of their clock", Value: Span(Sub(iat, now)) + " ahead (iat " + strconv.FormatInt(iat, 10) + ", now " + strconv.FormatInt(now, 10) + ")", Err: ErrTime, Code: "iat-future"})
	}
	if exp <= now {
		errs = append(errs, &ClaimError{Claim: "exp", Rule: "has passed: the token is expired", Value: Span(Sub(now, exp)) + " ago (exp " + strconv.FormatInt(exp, 10) + ", now " + strconv.FormatInt(now, 10) + ")", Err: ErrTime, Code: "expired"})
	}
	return errs
}

// CheckNowLeeway returns what a server whose clock reads now refuses when it
// forgives leeway seconds of clock difference, as golang-jwt's validator
// does with WithLeeway (LiveKit's servers: 60), as *ClaimErrors wrapping
// ErrTime: nbf more than leeway seconds ahead of now (code nbf-future), and
// exp leeway or more seconds behind it (expired). iat is not judged: that
// validator ignores it.
func CheckNowLeeway(nbf, exp, now, leeway int64) []*ClaimError {
	var errs []*ClaimError
	if Sub(nbf, now) > leeway {
		errs = append(errs, &ClaimError{Claim: "nbf", Rule: "is more than " + strconv.FormatInt(leeway, 10) + " seconds in the future: the token is not valid yet", Value: Span(Sub(nbf, now)) + " ahead (nbf " + strconv.FormatInt(nbf, 10) + ", now " + strconv.FormatInt(now, 10) + ")", Err: ErrTime, Code: "nbf-future"})
	}
	if Sub(now, exp) >= leeway {
		errs = append(errs, &ClaimError{Claim: "exp", Rule: "is " + strconv.FormatInt(leeway, 10) + " seconds (the leeway) or more in the past: the token is expired", Value: Span(Sub(now, exp)) + " ago (exp " + strconv.FormatInt(exp, 10) + ", now " + strconv.FormatInt(now, 10) + ")", Err: ErrTime, Code: "expired"})
	}
	return errs
}

// Span writes a number of seconds as people read it, in its two largest
// units: "45 seconds", "29 minutes 59 seconds", "48 hours", "3 days 4
// hours", "1 year", "8 years 14 days" (days from 72 hours on, years of 365
// days). The messages of the time rules use it.
func Span(s int64) string {
	if s < 0 {
		if s == math.MinInt64 {
			s++ // a second less than its magnitude, which no int64 holds
		}
		return "-" + Span(-s)
	}
	const minute, hour, day, year = 60, 3600, 24 * 3600, 365 * 24 * 3600
	var big, small int64
	var bigUnit, smallUnit string
	switch {
	case s >= year:
		big, bigUnit, small, smallUnit = s/year, "year", s%year/day, "day"
	case s >= 3*day:
		big, bigUnit, small, smallUnit = s/day, "day", s%day/hour, "hour"
	case s >= hour:
		big, bigUnit, small, smallUnit = s/hour, "hour", s%hour/minute, "minute"
	case s >= minute:
		big, bigUnit, small, smallUnit = s/minute, "minute", s%minute, "second"
	default:
		return plural(s, "second")
	}
	if small == 0 {
		return plural(big, bigUnit)
	}
	return plural(big, bigUnit) + " " + plural(small, smallUnit)
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}

// Sub returns a - b, or the int64 nearest to it where it overflows: the
// distance between two times, whatever they are.
func Sub(a, b int64) int64 {
	d := a - b
	if (d < a) != (b > 0) { // overflowed
		if b > 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return d
}
