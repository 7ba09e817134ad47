package inspect

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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

// Within reports whether every claim of the token is one of names: how a
// kind that has no key claim tells its tokens apart (Stream's, Daily's).
func (c *Claims) Within(names []string) bool {
	for name := range c.values {
		if !slices.Contains(names, name) {
			return false
		}
	}
	return true
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
	rs := string(alg) == `"RS256"` && c.r.Kind.accepts("RS256")
	own := c.r.Kind.OwnAlg && string(alg) != `"HS256"` && !rs // the kind's Check judges it
	if string(alg) != `"HS256"` && !rs && !own {
		c.Add("alg-not-hs256", "the header's alg is "+shown(alg)+", not \"HS256\": the SDKs verify HS256 only")
	}
	if string(typ) != `"JWT"` && !(typ == nil && c.r.Kind.AlgOnly) {
		c.Add("typ-not-jwt", "the header's typ is "+shown(typ)+", not \"JWT\"")
	}
	cut := len(c.token.Signature) != sha256.Size && !own
	if rs {
		cut = !rsaSize(len(c.token.Signature))
	}
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
	switch {
	case cut && rs:
		c.Add("signature-length", fmt.Sprintf("the signature is %d bytes, but an RS256 signature is as long as its key (256 bytes for 2048 bits, 384 or 512 for 3072 or 4096): the token was cut short or has something appended", len(c.token.Signature)))
	case cut:
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
