// Package inspect explains a token offline: what kind of token it is, what
// it claims, and each reason its vendor would refuse it, as findings with
// stable codes. It is what sdkjwt inspect prints.
//
// The package is an engine: it parses the token, checks what every HS256
// token shares (its structure, its times, its signature, and the usual
// mistakes with the secret), and leaves each vendor's rules to the kinds
// that vendor's package registers (see [Register]). Package sdk registers
// Zoom's kinds, package hms 100ms's, package livekit LiveKit's and package
// agora Agora's (whose tokens are not JWTs: see [Kind].Decode); a program
// that inspects their tokens imports them, if only for their side effect:
//
//	import _ "github.com/sdkjwt/sdkjwt/sdk"
//
// A vendor's rules are not restated here: its package checks a token with
// the code that checks a payload before it is signed.
//
// # Writing a kind
//
// A vendor's package describes each kind of its tokens with a [Kind] and
// registers them, with the codes of its findings, once:
//
//	func init() { inspect.Register(codes, Kind) }
//
// Recognition is data, and kinds are disjoint by construction ([Recognize]):
//
//   - KeyClaim names the claim that holds the key. A token that has some
//     kind's key claim is only of the kinds with one of its key claims.
//   - Header lists the header members the kind's tokens carry beyond alg
//     and typ (Twilio's cty); a token with a header member no kind lists is
//     of no kind.
//   - Match reads the claims (never adding findings) and says whether they
//     are the kind's. A token that two kinds accept is of neither, and is
//     reported as kind-ambiguous; a test of each vendor runs its known-good
//     tokens through Recognize to show that none is.
//   - A kind whose tokens are not JWTs gives Decode instead, recognising its
//     tokens by a prefix, as image.RegisterFormat recognises a format by its
//     magic.
//
// Check applies the kind's rules. Each rule is the function the vendor's
// package signs with: it returns *jwt.ClaimError values whose Code, set
// where the rule is written, is the finding to report, and [Claims.Report]
// reports them, so that signing, serve and inspect cannot disagree on
// which rule a token breaks. [Claims.Times] applies the time rules every
// token shares; [Claims.Add] reports a finding only inspect can see (a
// claim of the wrong JSON type, a grant the vendor does not know).
//
// Codes are stable: register each with its severity and hint, and list it
// in docs/codes.md, which a test checks against the registry.
package inspect

import (
	"crypto/rsa"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Options are what Inspect judges a token with.
type Options struct {
	// Now is the time the token's times are judged at.
	Now time.Time
	// Secret is the secret to check the signature with, its bytes exactly
	// as the signer should have used them. Nil leaves the signature
	// unchecked; an empty, non-nil secret matches nothing.
	Secret []byte
	// Key is the key the token should be for ("" for any): a token naming
	// another has a key-mismatch finding. It is also tried as the secret.
	Key string
	// Use is what the token is presented to, one of its kind's Uses ("" for
	// the first): "join", or a server API, or for Agora a service. A token
	// that cannot serve it has a use-denied finding; a use its kind does not
	// have, use-wrong-token.
	Use string
	// PublicKey is the public key to check an RS256 token with. Given for
	// an HS256 token, it is tried as the HMAC secret (alg-confusion).
	PublicKey *rsa.PublicKey
	// Join holds the parameters the client joins with, by the signing
	// commands' flag names ("room", "identity", "channel", "uid", …): each
	// that the token's kind reads (Kind.Joins) must be what the token is for
	// (join-mismatch).
	Join map[string]string
}

// A Signature is the state of a token's signature.
type Signature string

// The states of a signature: no secret was given (Unchecked), or it was
// and the signature matches it (Valid) or not (Invalid).
const (
	SignatureValid     Signature = "valid"
	SignatureInvalid   Signature = "invalid"
	SignatureUnchecked Signature = "unchecked"
)

// A Finding is one thing Inspect found.
type Finding struct {
	Code     Code     // stable, e.g. "iat-float"
	Severity Severity // the code's severity
	Message  string   // what is wrong, with the values from the token
	Hint     string   // what to change: the code's hint
}

// A Time is a claim holding a time, and its value in Unix seconds.
type Time struct {
	Claim string
	Unix  int64
}

// A Report is what Inspect found out about one token. Inspect does not
// change it after returning it.
type Report struct {
	Kind      *Kind     // never nil: Unknown if no registered kind matches
	Header    []byte    // the decoded header JSON as written; nil if not a JWT
	Payload   []byte    // the decoded payload JSON as written, or a decoded token's content (Decoded.Content); nil if neither
	Signature Signature // SignatureUnchecked unless Options.Secret was given
	Findings  []Finding // most severe first
	Times     []Time    // iat, nbf, exp and tokenExp, when they hold a number; a decoded token's own
	Now       int64     // the Unix time the times were judged at
}

// Failed reports whether any finding is an error.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Inspect decodes token, tolerating surrounding white space and a "Bearer "
// prefix, and reports its kind and every finding, judged with o. Any input,
// however malformed, gets a Report: one a kind decodes (Kind.Decode) is
// explained as that kind's, any other that is not a JWT has a not-a-jwt
// finding.
//
// The secret never appears in the report: where the token carries it, the
// header, payload and findings show [Redacted] instead.
func Inspect(token string, o Options) *Report {
	r := &Report{Kind: Unknown, Signature: SignatureUnchecked, Now: o.Now.Unix()}
	p := read(token)
	for _, n := range p.notes {
		r.add(n.code, n.message)
	}
	token, t, err := p.token, p.jwt, p.err
	if token == "" {
		return r // no-token says it all
	}
	if err != nil {
		if len(token) <= jwt.MaxTokenSize {
			if ds := decodings(token, r.Now); len(ds) == 1 {
				k, d := ds[0].kind, ds[0].decoded
				r.Findings = append(r.Findings, ds[0].findings...)
				if d.Open != nil && o.Secret != nil && d.Matches != nil && d.Matches(o.Secret) {
					d = d.Open(o.Secret, r.add)
				}
				r.Kind, r.Payload, r.Times = k, d.Content, d.Times
				if u := use(r, o); d.Use != nil && (u != "" || len(o.Join) > 0) {
					d.Use(u, func(name string) string { return o.Join[name] }, r.add)
				}
				if d.Matches != nil {
					verifyWith(r, d.Key, o.Secret, o.Key, d.Matches, mistakes(d.Key, o.Secret, o.Key))
				} else {
					// Nothing to check the secret with; it is still redacted.
					keys(r, d.Key, o.Secret, o.Key)
					if o.Secret != nil {
						r.redact(o.Secret)
					}
				}
				r.finish()
				return r
			} else if len(ds) > 1 {
				r.add("kind-ambiguous", "the token can be read as "+names(kindsOf(ds))+", so sdkjwt cannot tell which vendor's it is")
				return r
			}
		}
		msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "jwt: "), "malformed token: ")
		r.add("not-a-jwt", "this is not a JWT: "+msg)
		return r
	}
	r.Header, r.Payload = t.RawHeader, t.RawPayload
	c := newClaims(r, t)
	switch ks := recognize(t, c); len(ks) {
	case 1:
		r.Kind = ks[0]
	case 0:
		if len(kinds()) == 0 {
			r.add("no-vendors", "no vendor's kinds are registered in this program, so the token is judged only by what every JWT shares")
		}
	default:
		r.add("kind-ambiguous", "the token has what marks a token of "+names(ks)+", so sdkjwt cannot tell which vendor's it is: it is judged only by what every JWT shares")
	}
	c.structure()
	var key string // the key the token names
	if r.Kind.KeyClaim != "" {
		key = c.String(r.Kind.KeyClaim)
	}
	if r.Kind.Check != nil {
		r.Kind.Check(c)
	} else {
		c.genericTimes()
	}
	c.use, c.join = use(r, o), o.Join
	if r.Kind.Use != nil && (c.use != "" || len(o.Join) > 0) {
		r.Kind.Use(c)
	}
	if !verifyRSA(r, t, key, o) {
		verify(r, t, key, o.Secret, o.Key)
	}
	r.finish()
	return r
}

func kindsOf(ds []decoding) []*Kind {
	ks := make([]*Kind, len(ds))
	for i, d := range ds {
		ks[i] = d.kind
	}
	return ks
}

// use returns the use the report's kind is judged for: o.Use, if its kind
// has it. It reports a use the kind does not have (use-wrong-token), and
// without one, a kind whose usual use is not to join but that might be
// taken for a join's (not-for-joining).
func use(r *Report, o Options) string {
	k := r.Kind
	switch {
	case len(k.Uses) == 0:
		return ""
	case o.Use == "":
		if k.Uses[0] != "join" && slices.Contains(k.Uses, "join") {
			r.add("not-for-joining", fmt.Sprintf("a %s token is presented to %s: it cannot join", k.Name, k.Uses[0]))
		}
		return ""
	case !slices.Contains(k.Uses, o.Use):
		r.add("use-wrong-token", fmt.Sprintf("the token is a %s token, which is presented to %s, not %s", k.Name, strings.Join(k.Uses, " or "), o.Use))
		return ""
	}
	return o.Use
}
