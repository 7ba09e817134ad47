package inspect

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Claims is a token's payload as a kind sees it: its Match reads the claims,
// its Check reads them and adds findings. The methods that read a claim
// report a claim of the wrong JSON type themselves, once, and mark it
// explained, so that a later rule says nothing more of it.
type Claims struct {
	r      *Report
	use    string            // what the token is presented to (Kind.Use)
	join   map[string]string // the client's join parameters (Kind.Use)
	token  *jwt.Lenient
	values map[string][]byte // the last value of each claim, as JSON.parse keeps
	seen   map[string]bool   // claims already explained by a finding
}

func newClaims(r *Report, t *jwt.Lenient) *Claims {
	c := &Claims{r: r, token: t, values: map[string][]byte{}, seen: map[string]bool{}}
	for _, m := range t.Claims {
		c.values[m.Name] = m.Value
	}
	return c
}

// Has reports whether the token has the claim.
func (c *Claims) Has(name string) bool { return c.values[name] != nil }

// Payload returns the token's payload, the JSON as written.
func (c *Claims) Payload() []byte { return c.token.RawPayload }

// Header returns the raw JSON of the header member name, or nil: the last
// of a repeated one.
func (c *Claims) Header(name string) []byte {
	var v []byte
	for _, m := range c.token.Header {
		if m.Name == name {
			v = m.Value
		}
	}
	return v
}

// Raw returns the claim's JSON value as written, or nil if it is absent.
func (c *Claims) Raw(name string) []byte { return c.values[name] }

// Len returns how many distinct claims the token has.
func (c *Claims) Len() int { return len(c.values) }

// Names returns the names of the token's members in their order, a
// repeated name as often as it appears.
func (c *Claims) Names() []string {
	names := make([]string, len(c.token.Claims))
	for i, m := range c.token.Claims {
		names[i] = m.Name
	}
	return names
}

// Use returns what the token is presented to, one of its kind's Uses, or ""
// if Options.Use did not say.
func (c *Claims) Use() string { return c.use }

// Join returns the client's join parameter name, and whether it was given.
func (c *Claims) Join(name string) (string, bool) {
	v, ok := c.join[name]
	return v, ok
}

// Now returns the Unix time the token is judged at.
func (c *Claims) Now() int64 { return c.r.Now }

// Add adds a finding with the code's severity and hint. The code must be
// registered.
func (c *Claims) Add(code Code, message string) { c.r.add(code, message) }

// Explain marks the claim as explained by a finding already added.
func (c *Claims) Explain(name string) { c.seen[name] = true }

// Explained reports whether a finding already explains the claim.
func (c *Claims) Explained(name string) bool { return c.seen[name] }

// Report adds a finding for each rule errs break, with the code the rule
// gave it (ClaimError.Code), except for claims already explained and rules
// with no code; it marks the claims it reports explained.
func (c *Claims) Report(errs []*jwt.ClaimError) {
	for _, e := range errs {
		if c.seen[e.Claim] || e.Code == "" {
			continue
		}
		c.seen[e.Claim] = true
		c.Add(Code(e.Code), e.Error())
	}
}

// String returns a string claim, or "" if it is absent. A claim of another
// type gets a claim-type finding and "".
func (c *Claims) String(name string) string {
	raw := c.values[name]
	var s string
	if raw == nil {
		return ""
	}
	if json.Unmarshal(raw, &s) != nil {
		if !c.seen[name] {
			c.Add("claim-type", fmt.Sprintf("%q must be a JSON string, got %s", name, raw))
			c.seen[name] = true
		}
		return ""
	}
	return s
}

// Int returns a claim that must be a JSON integer, and whether it is
// present and holds a number. Written otherwise, it gets a finding (code;
// for iat, iat-string or iat-float) and, when it still holds a number,
// that number, truncated.
func (c *Claims) Int(name string, code Code) (int64, bool) {
	raw := c.values[name]
	if raw == nil {
		return 0, false
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, true
	}
	n, ok := c.number(name)
	switch {
	case name == "iat" && raw[0] == '"':
		code = "iat-string"
	case name == "iat" && ok:
		code = "iat-float"
	case name == "iat":
		code = "claim-type"
	}
	if !c.seen[name] {
		c.Add(code, fmt.Sprintf("%s must be a JSON integer, got %s", name, raw))
		c.seen[name] = true
	}
	return n, ok
}

// number returns the value of a claim written as a JSON number, integer or
// not, or as a string of one, truncated to an integer.
func (c *Claims) number(name string) (int64, bool) {
	raw := c.values[name]
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(-1<<62 < f && f < 1<<62) { // NaN and infinities fail too
		return 0, false
	}
	return int64(f), true
}

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

// structure reports the header, the encodings and repeated names.
func (c *Claims) structure() {
	var alg, typ []byte
	for _, m := range c.token.Header {
		switch m.Name {
		case "alg":
			alg = m.Value
		case "typ":
			typ = m.Value
		}
	}
	if string(alg) != `"HS256"` {
		c.Add("alg-not-hs256", "the header's alg is "+shown(alg)+", not \"HS256\": the SDKs verify HS256 only")
	}
	if string(typ) != `"JWT"` && !(typ == nil && c.r.Kind.AlgOnly) {
		c.Add("typ-not-jwt", "the header's typ is "+shown(typ)+", not \"JWT\"")
	}
	cut := len(c.token.Signature) != sha256.Size
	for i, name := range [3]string{"header", "payload", "signature"} {
		// A cut signature has stray bits at its end: its length says it all.
		if e := c.token.Encodings[i]; e != jwt.Canonical && !(i == 2 && cut && e == jwt.NonCanonical) {
			code := Code("non-canonical-base64")
			if i == 2 {
				code = "signature-encoding"
			}
			c.Add(code, "the "+name+" segment is "+e.String()+", not base64url without padding")
		}
	}
	for _, d := range c.token.Duplicates {
		if c.r.Kind.LastWins {
			c.Add("duplicate-key-last", "the token names a member twice, and its vendor's server reads the last: "+d)
		} else {
			c.Add("duplicate-key", "the token names a member twice: "+d)
		}
	}
	// Whatever the encoding, an HMAC-SHA256 is 32 bytes: a shorter one was
	// cut (by a copy, a URL or a form field), a longer one has more appended.
	if cut {
		c.Add("signature-length", fmt.Sprintf("the signature is %d bytes, but an HS256 signature (HMAC-SHA256) is exactly 32: the token was cut short or has something appended", len(c.token.Signature)))
	}
}

// shown is a JSON value for a message, or "missing".
func shown(v []byte) string {
	if v == nil {
		return "missing"
	}
	return string(v)
}

// maxMessage caps a finding's message, in bytes: a message quotes the
// token, and a token of a few hundred bytes may inflate to kilobytes.
const maxMessage = 512

// maxSame caps the findings of one code (repeated or unknown names), so
// that a token of thousands of them gets a report of a readable size.
const maxSame = 10

// add adds a finding of a registered code.
func (r *Report) add(code Code, message string) {
	n := 0
	for _, f := range r.Findings {
		if f.Code == code {
			n++
		}
	}
	switch {
	case n > maxSame:
		return
	case n == maxSame:
		message = "… and more of the same (only the first 10 are listed)"
	}
	if len(message) > maxMessage { // a token's text, however long, says its piece in a line or two
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(message[cut]) {
			cut--
		}
		message = message[:cut] + "… (" + strconv.Itoa(len(message)-cut) + " bytes more)"
	}
	registry.RLock()
	info, ok := registry.codes[code]
	registry.RUnlock()
	if !ok {
		panic("inspect: unregistered code " + string(code))
	}
	r.Findings = append(r.Findings, Finding{Code: code, Severity: info.Severity, Message: message, Hint: info.Hint})
}

// finish adds the kind's words to the hints (Kind.Hints), and puts the
// findings in severity order, keeping the order of each.
func (r *Report) finish() {
	for i, f := range r.Findings {
		if more := r.Kind.Hints[f.Code]; more != "" {
			r.Findings[i].Hint += " (" + more + ")"
		}
	}
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		return slices.Index(severities, a.Severity) - slices.Index(severities, b.Severity)
	})
}
