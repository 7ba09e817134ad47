package inspect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

const timeLayout = "2006-01-02 15:04:05 UTC"

// JSON returns the report as one JSON object and a newline:
//
//	{"verdict", "kind", "header", "payload", "signature", "findings": [{"code", "severity", "message", "hint"}]}
//
// with the header and payload as the token has them (member order, repeated
// names and numbers as written; white space removed), or null if it is not a
// JWT.
func (r *Report) JSON() []byte {
	type finding struct {
		Code     Code     `json:"code"`
		Severity Severity `json:"severity"`
		Message  string   `json:"message"`
		Hint     string   `json:"hint"`
	}
	out := struct {
		Verdict   string          `json:"verdict"`
		Kind      string          `json:"kind"`
		Header    json.RawMessage `json:"header"`
		Payload   json.RawMessage `json:"payload"`
		Signature Signature       `json:"signature"`
		Findings  []finding       `json:"findings"`
	}{Verdict: r.Verdict(), Kind: r.Kind.Name, Header: r.Header, Payload: r.Payload, Signature: r.Signature, Findings: []finding{}}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, finding(f))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<" stays "<", as in the token
	if err := enc.Encode(out); err != nil {
		// Header and Payload were accepted by the JSON decoder already.
		panic("inspect: " + err.Error())
	}
	return b.Bytes()
}

// Verdict is the report in one line, for the reader in a hurry:
//
//	REFUSED — 2 errors: iat-float, expired
//	OK — zoom-video, signature valid
//	UNVERIFIED — zoom-video, no secret given
//
// REFUSED when some finding is an error, else OK when the signature is
// valid, else UNVERIFIED. Warnings are counted after OK and UNVERIFIED.
func (r *Report) Verdict() string {
	var errs, warnings []string
	for _, f := range r.Findings {
		switch {
		case f.Severity == Error && !slices.Contains(errs, string(f.Code)):
			errs = append(errs, string(f.Code))
		case f.Severity == Warning && f.Code != "signature-unchecked" && f.Code != "rs256-unchecked":
			warnings = append(warnings, string(f.Code))
		}
	}
	if len(errs) > 0 {
		return fmt.Sprintf("REFUSED — %s: %s", count(len(errs), "error"), strings.Join(errs, ", "))
	}
	v := "OK — " + r.Kind.Name + ", signature valid"
	if r.Signature != SignatureValid {
		has := func(code Code) bool {
			return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Code == code })
		}
		switch {
		case has("signature-unchecked"):
			v = "UNVERIFIED — " + r.Kind.Name + ", no secret given"
		case has("rs256-unchecked"):
			v = "UNVERIFIED — " + r.Kind.Name + ", no public key given"
		default: // a finding of the kind says why
			v = "UNVERIFIED — " + r.Kind.Name + ", signature not checked"
		}
	}
	if len(warnings) > 0 {
		v += fmt.Sprintf(" (%s: %s)", count(len(warnings), "warning"), strings.Join(warnings, ", "))
	}
	return v
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Text returns the report for people: the verdict, the findings with their
// hints, most severe first, then the kind, the signature, the header and
// payload indented in their order, and the times in UTC and relative to Now.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nfindings:\n", r.Verdict())
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "    %-7s %s: %s\n            hint: %s\n", f.Severity, f.Code, f.Message, f.Hint)
	}
	fmt.Fprintf(&b, "\nkind:       %s\n", r.Kind.Name)
	fmt.Fprintf(&b, "signature:  %s\n", strings.ToUpper(string(r.Signature)))
	for _, part := range []struct {
		name string
		json []byte
	}{{"header", r.Header}, {"payload", r.Payload}} {
		if part.json != nil {
			var ind bytes.Buffer
			json.Indent(&ind, part.json, "    ", "  ") // accepted by the decoder: no error
			fmt.Fprintf(&b, "%s:\n    %s\n", part.name, ind.Bytes())
		}
	}
	if len(r.Times) > 0 {
		fmt.Fprintf(&b, "times (now %d, %s):\n", r.Now, UTC(r.Now))
	}
	var iat, exp *int64
	for _, t := range r.Times {
		fmt.Fprintf(&b, "    %-9s %-11d %s  %s\n", t.Claim, t.Unix, UTC(t.Unix), relative(jwt.Sub(t.Unix, r.Now)))
		switch t.Claim {
		case "iat":
			iat = &t.Unix
		case "exp":
			exp = &t.Unix
		}
	}
	if iat != nil && exp != nil {
		d := jwt.Sub(*exp, *iat)
		fmt.Fprintf(&b, "    exp - iat %d seconds (%s)\n", d, jwt.Span(d))
	}
	return b.String()
}

// relative says how far from now d seconds is: "in 2 hours", "3 days ago".
func relative(d int64) string {
	switch {
	case d == 0:
		return "now"
	case d > 0:
		return "in " + jwt.Span(d)
	}
	return strings.TrimPrefix(jwt.Span(d), "-") + " ago"
}
