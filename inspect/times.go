package inspect

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file reads a token's times: as every token's rules judge them
// (Times), as golang-jwt's validator does (TimeRules.Leeway), and for a
// token of no known kind (genericTimes).

// TimeRules say what Times leaves to the kind.
type TimeRules struct {
	// OwnLifetime: the kind's rules judge exp against iat (Zoom's SDKs:
	// 30 minutes to 48 hours). Otherwise Times asks only that exp be later
	// than iat (exp-before-iat).
	OwnLifetime bool
	// Leeway, when set, judges the times as a server running golang-jwt
	// v5's validator with this leeway does (LiveKit's: 60 seconds): nbf at
	// most Leeway seconds ahead of now, exp less than Leeway seconds behind,
	// iat neither required nor judged, each read as golang-jwt reads it (a
	// JSON number or a string of one, names in any case, the last of a
	// repeated one). An absent exp is left to the kind. Times then returns
	// nbf and exp.
	Leeway int64
	// OptionalIat: a token without iat is not iat-missing (Twilio's Go
	// helper writes none). OptionalExp: one without exp is not
	// exp-missing (Stream's permanent tokens); the kind says what it is.
	OptionalIat, OptionalExp bool
}

// Times reads iat and exp and reports what every token's times must meet
// (jwt.CheckIssuedAt, jwt.CheckNow): present, integers, in seconds, not
// issued in the future nor expired at Now. It returns them as read, for the
// kind's own rules.
func (c *Claims) Times(rules TimeRules) (iat, exp int64) {
	c.showTimes()
	if rules.Leeway > 0 {
		return c.leewayTimes(rules.Leeway)
	}
	iat, hasIat := c.Int("iat", "")
	exp, hasExp := c.Int("exp", "claim-type")
	switch {
	case !hasIat && rules.OptionalIat:
	case !hasIat && !c.seen["iat"]:
		c.Add("iat-missing", "iat is missing: the time the token was issued, in Unix seconds")
		c.seen["iat"] = true
	case c.seen["iat"]:
	case jwt.CheckIssuedAt(iat) != nil && iat > 0: // too large
		c.Add("iat-milliseconds", fmt.Sprintf("iat is %d: that is milliseconds, and tokens carry seconds", iat))
		c.seen["iat"] = true
	case jwt.CheckIssuedAt(iat) != nil:
		c.Add("claim-value", jwt.CheckIssuedAt(iat).Error())
		c.seen["iat"] = true
	}
	// What makes the token dead at now, of the times that are readable.
	i, e := iat, exp
	if !hasIat || c.seen["iat"] {
		i = math.MinInt64
	}
	switch {
	case !hasExp && rules.OptionalExp:
		e = math.MaxInt64
	case !hasExp && !c.seen["exp"]:
		c.Add("exp-missing", "exp is missing: the time the token expires, in Unix seconds")
		c.seen["exp"] = true
		e = math.MaxInt64
	case !hasExp:
		e = math.MaxInt64
	case jwt.CheckIssuedAt(exp) != nil && exp > 0: // the same range as iat's
		c.Add("exp-milliseconds", fmt.Sprintf("exp is %d: that is milliseconds, and tokens carry seconds", exp))
		c.seen["exp"] = true
		e = math.MaxInt64
	}
	for _, fe := range jwt.CheckNow(i, e, c.r.Now) {
		c.Add(Code(fe.Code), fe.Error())
	}
	// Java's Math.round(float) makes iat a multiple of 128, up to 64
	// seconds off, into the future as often as not.
	if d := iat - c.r.Now; i != math.MinInt64 && iat%128 == 0 && (d < -jwt.Skew || d > jwt.Skew && d <= 64) {
		c.Add("iat-quantized", fmt.Sprintf("iat %d is a multiple of 128, as Java's Math.round(float) makes it: such an iat is up to 64 seconds off the real time, often in the future", iat))
	}
	if i != math.MinInt64 && e != math.MaxInt64 && !rules.OwnLifetime {
		if err := jwt.CheckLifetime(iat, exp, 1, 0); err != nil {
			c.Add(Code(err.(*jwt.ClaimError).Code), err.Error())
			c.seen["exp"] = true
		}
	}
	return iat, exp
}

// showTimes puts the times the token holds in the report.
func (c *Claims) showTimes() {
	for _, name := range [...]string{"iat", "nbf", "exp", "tokenExp"} {
		if n, ok := c.number(name); ok {
			c.r.Times = append(c.r.Times, Time{name, n})
		}
	}
}

// genericTimes judges the times of a token of no known kind as every JWT's
// (RFC 7519, 4.1.4 to 4.1.6): none is required, but one that is present is
// a JSON number, exp has not passed, nbf is not ahead of now by more than
// jwt.Skew, and exp is later than iat. A time with a fraction, which the RFC
// allows and many servers refuse, is a warning.
func (c *Claims) genericTimes() {
	c.showTimes()
	read := func(name string) (int64, bool) {
		raw := c.values[name]
		if raw == nil {
			return 0, false
		}
		n, ok := c.number(name)
		switch _, err := strconv.ParseInt(string(raw), 10, 64); {
		case !ok || raw[0] == '"':
			c.Add("claim-type", fmt.Sprintf("%s must be a JSON number (a NumericDate: Unix seconds), got %s", name, raw))
			c.seen[name] = true
			return 0, false
		case err != nil:
			c.Add("time-not-integer", fmt.Sprintf("%s is %s, not a whole number of seconds", name, raw))
		}
		return n, true
	}
	iat, hasIat := read("iat")
	nbf, hasNbf := read("nbf")
	exp, hasExp := read("exp")
	var errs []*jwt.ClaimError
	if hasExp {
		errs = jwt.CheckNow(math.MinInt64, exp, c.r.Now)
	}
	if hasNbf {
		errs = append(errs, jwt.CheckNowLeeway(nbf, math.MaxInt64, c.r.Now, jwt.Skew)...)
	}
	if err := jwt.CheckLifetime(iat, exp, 1, 0); hasIat && hasExp && err != nil {
		errs = append(errs, err.(*jwt.ClaimError))
	}
	for _, e := range errs {
		c.Add(Code(e.Code), e.Error())
	}
}

// leewayTimes is Times with TimeRules.Leeway: the times read as golang-jwt
// v5 reads them into its RegisteredClaims with encoding/json, names in any
// case and the last of a repeated one, each a JSON number or a string of
// one (its NumericDate), null as absent; a time that is none of these makes
// the server refuse the token (claim-type). An absent exp is the kind's to
// judge.
func (c *Claims) leewayTimes(leeway int64) (nbf, exp int64) {
	read := func(name string) (int64, bool) {
		var t struct {
			Time *numericDate `json:"t"`
		}
		// Each time alone, so that an error names it.
		var raw json.RawMessage
		for _, m := range c.token.Claims { // the last, in any case, as encoding/json
			if strings.EqualFold(m.Name, name) {
				raw = m.Value
			}
		}
		if raw == nil || string(raw) == "null" {
			return 0, false
		}
		if json.Unmarshal(append(append([]byte(`{"t":`), raw...), '}'), &t) != nil {
			c.Add("claim-type", fmt.Sprintf("%s must be a JSON number or a string of one (a NumericDate), got %.60s: the server cannot read the token and refuses it", name, raw))
			c.seen[name] = true
			return 0, false
		}
		return int64(*t.Time), true
	}
	read("iat") // its type only
	nbf, hasNbf := read("nbf")
	exp, hasExp := read("exp")
	start, end := int64(math.MinInt64), int64(math.MaxInt64)
	switch {
	case hasNbf && jwt.CheckIssuedAt(nbf) != nil && nbf > 0:
		// An nbf beyond 9999999999 is milliseconds, and never reached.
		c.Add("nbf-milliseconds", fmt.Sprintf("nbf is %d: that is milliseconds, and tokens carry seconds, so the token is not valid for thousands of years", nbf))
		c.seen["nbf"] = true
	case hasNbf:
		start = nbf
	}
	if hasExp {
		end = exp
	}
	for _, fe := range jwt.CheckNowLeeway(start, end, c.r.Now, leeway) {
		c.Add(Code(fe.Code), fe.Error())
	}
	return nbf, exp
}

// numericDate is a time as golang-jwt v5 reads one (its NumericDate): a
// JSON number, or a string holding one, in seconds, its fraction dropped
// here.
type numericDate int64

func (d *numericDate) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	f, err := n.Float64()
	if err != nil || !(-1<<62 < f && f < 1<<62) {
		return errors.New("not a time")
	}
	*d = numericDate(f)
	return nil
}
