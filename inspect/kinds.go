package inspect

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// A Kind is what a token is for, and what Inspect knows of it: how to
// recognise one, and its rules. A vendor's package defines its kinds and
// registers them (see Register); sdk, hms and livekit are the examples to
// follow.
type Kind struct {
	// Name is what reports call the kind, e.g. "zoom-video".
	Name string
	// KeyClaim is the claim that names the key (the public half of the
	// credentials), e.g. "app_key": Inspect compares it with Options.Key,
	// looks for the secret in it, and tries it as the secret. It also marks
	// the vendor: a token that has the KeyClaim of some registered kind is
	// of a kind with one of the KeyClaims it has, or of none (100ms's
	// access_key makes a token 100ms's whatever Zoom claims it carries).
	KeyClaim string
	// Env lists the environment variables that hold the kind's credentials,
	// pairs in the order to try them. Inspect does not read them; the
	// command line does.
	Env []Env
	// Header lists the header members a token of the kind carries beyond
	// alg and typ, each with the value it must have ("" for any value). A
	// JWT whose header has a member the kind does not list is not of the
	// kind: a vendor that marks its tokens in their header (Twilio's cty,
	// twilio-fpa;v=1) is never taken for another.
	Header map[string]string
	// OptionalHeader lists header members a token of the kind may carry,
	// with any value (Twilio's twr, its region).
	OptionalHeader []string
	// Hints are words added to the hints of codes every kind shares, for a
	// token of this kind: the vendor's own error numbers ("Twilio error
	// 20104" for expired).
	Hints map[Code]string
	// Match reports whether a token's claims are of this kind. It may read
	// them, but must not add findings: Check does. Kinds are disjoint: a
	// token that two kinds' Header and Match accept is of neither (it is
	// explained as Unknown's, with a kind-ambiguous finding).
	Match func(c *Claims) bool
	// Check reports, with c's methods, every rule of the kind the claims
	// break.
	Check func(c *Claims)
	// LastWins is set for a kind whose vendor's server reads a member named
	// twice as its last copy (encoding/json, as LiveKit's): a repeat is then
	// duplicate-key-last, a warning, not duplicate-key.
	LastWins bool
	// AlgOnly is set for a kind whose tokens' header is {"alg":"HS256"}
	// alone (LiveKit's): a header without typ is not a finding.
	AlgOnly bool
	// Uses are what the kind's tokens are presented to, the usual first:
	// "join", a server API's name, or for Agora its services. Options.Use
	// names one; Use (or Decoded.Use) judges the token for it.
	Uses []string
	// Joins are the client's join parameters the kind reads from
	// Options.Join, by the signing commands' flag names.
	Joins []string
	// Use, set for a JWT kind with Uses, reports what keeps the token from
	// serving c.Use() (use-denied; "" when no use was given: then nothing),
	// and each of c.Join's parameters the token is not for (join-mismatch).
	Use func(c *Claims)
	// Algs are the algorithms the kind's tokens are signed with: nil is
	// HS256 alone. A JWT of another alg has an alg-not-hs256 finding.
	Algs []string
	// OwnAlg is set for a kind whose Check judges the header's alg itself
	// (Jitsi's, whose servers may be set up for HS512): a token of an alg
	// outside Algs then has no alg-not-hs256 finding, and its signature is
	// not checked.
	OwnAlg bool
	// Decode, set for a kind whose tokens are not JWTs (Agora's, or a
	// vendor's older format), reports whether token is one of the kind's
	// (by a prefix or a shape, as image.RegisterFormat's magic) and, if so,
	// decodes it, adding with add a finding for each rule it breaks, its
	// times judged at now (Unix seconds). Inspect then checks the key and
	// signature with what it returns.
	Decode func(token string, now int64, add func(Code, string)) (*Decoded, bool)
}

// Decoded is a token that is not a JWT, as its kind's Decode read it.
type Decoded struct {
	// Content is what the token holds, as JSON: the report's Payload.
	Content []byte
	// Key is the key the token names, as a KeyClaim holds it in a JWT.
	Key string
	// Times are the token's times, for the report.
	Times []Time
	// Matches reports whether a secret signs the token; nil when the
	// signature cannot be checked (a finding of Decode says why).
	Matches func(secret []byte) bool
	// Use, if set, reports with add what keeps the token from serving use
	// ("" when none was given), and each join parameter (join gives its
	// value, "" if not given) the token is not for, as Kind.Use does.
	Use func(use string, join func(name string) string, add func(Code, string))
	// Open, set for a kind whose tokens are encrypted (ZEGO's), decodes the
	// token again with a secret that Matches accepts, adding with add a
	// finding for each rule what it holds breaks: the Decoded it returns
	// takes this one's place.
	Open func(secret []byte, add func(Code, string)) *Decoded
}

// Content returns v as a Decoded's Content: JSON as encoding/json writes
// it, but for <, > and &, kept as the token has them. v must be made of
// plain values (strings, numbers, structs of them), whose encoding cannot
// fail.
func Content(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// UTC writes a Unix time as reports write times: 2006-01-02 15:04:05 UTC.
func UTC(unix int64) string { return time.Unix(unix, 0).UTC().Format(timeLayout) }

// An Env names the environment variables of one pair of credentials.
// Swapped, if set, reports whether a key and secret have each other's
// shapes, as the vendor generates them: the command line refuses to sign
// with such a pair, whose token would carry the secret in clear.
// LongKey is set for a vendor whose keys are longer than their secrets
// (Twilio's API key SID, 34 characters, and secret, 32): the command line
// then does not take a key longer than its secret for a sign of a swap.
type Env struct {
	Key, Secret string
	Swapped     func(key, secret []byte) bool
	LongKey     bool
}

// Unknown is the kind of a token that no registered kind matches.
var Unknown = &Kind{Name: "unknown", Algs: []string{"HS256", "RS256"}} // sdkjwt sign's

// kinds returns the registered kinds, in the order to try them.
func kinds() []*Kind {
	registry.RLock()
	defer registry.RUnlock()
	return registry.kinds
}

// headerOK reports whether the header members of t beyond alg and typ are
// those k lists, with the values it asks for, and whether t has each.
func headerOK(k *Kind, t *jwt.Lenient) bool {
	for _, m := range t.Header {
		if m.Name == "alg" || m.Name == "typ" {
			continue
		}
		want, ok := k.Header[m.Name]
		if !ok && slices.Contains(k.OptionalHeader, m.Name) {
			continue
		}
		var v string
		if !ok || want != "" && (json.Unmarshal(m.Value, &v) != nil || v != want) {
			return false
		}
	}
	for name := range k.Header {
		if !slices.ContainsFunc(t.Header, func(m jwt.Member) bool { return m.Name == name }) {
			return false
		}
	}
	return true
}

// recognize returns the registered kinds whose KeyClaim, Header and Match
// accept the JWT t.
func recognize(t *jwt.Lenient, c *Claims) []*Kind {
	all := kinds()
	marked := false // the token has some kind's KeyClaim
	for _, k := range all {
		marked = marked || k.KeyClaim != "" && c.Has(k.KeyClaim)
	}
	var ks []*Kind
	for _, k := range all {
		if k.Match != nil && (!marked || c.Has(k.KeyClaim)) && headerOK(k, t) && k.Match(c) {
			ks = append(ks, k)
		}
	}
	return ks
}

// A decoding is what a kind's Decode made of a token, and the findings it added.
type decoding struct {
	kind     *Kind
	decoded  *Decoded
	findings []Finding
}

// decodings returns what each kind that decodes token made of it.
func decodings(token string, now int64) []decoding {
	var ds []decoding
	for _, k := range kinds() {
		if k.Decode == nil {
			continue
		}
		r := &Report{Now: now}
		if d, ok := k.Decode(token, now, r.add); ok {
			ds = append(ds, decoding{k, d, r.Findings})
		}
	}
	return ds
}

// Recognize returns the registered kinds token is of, as Inspect reads it
// (what is pasted around it taken away): one for a token of a registered
// vendor, none for any other. More than one is a bug of the kinds, which
// Inspect reports as kind-ambiguous; each vendor's tests run its tokens
// through Recognize to show that they are not.
func Recognize(token string) []*Kind {
	p := read(token)
	if p.jwt != nil {
		return recognize(p.jwt, newClaims(&Report{}, p.jwt))
	}
	if p.token == "" || len(p.token) > jwt.MaxTokenSize {
		return nil
	}
	return kindsOf(decodings(p.token, 0))
}

// names lists the kinds' names for a message.
func names(ks []*Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.Name
	}
	return strings.Join(s, " and ")
}
