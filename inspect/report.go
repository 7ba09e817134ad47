package inspect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

const timeLayout = "2006-01-02 15:04:05 UTC"

// JSON returns the report as one JSON object and a newline:
//
//	{"kind", "header", "payload", "signature", "findings": [{"code", "severity", "message", "hint"}]}
//
// with the header and payload as the token has them (member order, repeated
// names and numbers as written; white space removed), or null if it is not a
// JWT.
func (r *Report) JSON() []byte {
	type finding struct {
		Code     string   `json:"code"`
		Severity Severity `json:"severity"`
		Message  string   `json:"message"`
		Hint     string   `json:"hint"`
	}
	out := struct {
		Kind      Kind            `json:"kind"`
		Header    json.RawMessage `json:"header"`
		Payload   json.RawMessage `json:"payload"`
		Signature string          `json:"signature"`
		Findings  []finding       `json:"findings"`
	}{Kind: r.Kind, Header: r.Header, Payload: r.Payload, Signature: r.Signature, Findings: []finding{}}
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

// Text returns the report for people: the kind, the signature, the header
// and payload indented in their order, the times in UTC and relative to
// Now, and the findings with their hints.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kind:       %s\n", r.Kind)
	fmt.Fprintf(&b, "signature:  %s\n", strings.ToUpper(r.Signature))
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
		fmt.Fprintf(&b, "times (now %d, %s):\n", r.Now, time.Unix(r.Now, 0).UTC().Format(timeLayout))
	}
	var iat, exp *int64
	for _, t := range r.Times {
		fmt.Fprintf(&b, "    %-9s %-11d %s  %s\n", t.Claim, t.Unix, time.Unix(t.Unix, 0).UTC().Format(timeLayout), relative(t.Unix-r.Now))
		switch t.Claim {
		case "iat":
			iat = &t.Unix
		case "exp":
			exp = &t.Unix
		}
	}
	if iat != nil && exp != nil {
		fmt.Fprintf(&b, "    exp - iat %d seconds (%s)\n", *exp-*iat, duration(*exp-*iat))
	}
	fmt.Fprintf(&b, "findings:\n")
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "    %-7s %s: %s\n            hint: %s\n", f.Severity, f.Code, f.Message, f.Hint)
	}
	return b.String()
}

// relative says how far from now d seconds is.
func relative(d int64) string {
	switch {
	case d == 0:
		return "now"
	case d > 0:
		return "in " + duration(d)
	}
	return duration(-d) + " ago"
}

// duration writes seconds as 2h0m0s, or in years beyond what a
// time.Duration holds (as a millisecond iat taken for seconds is).
func duration(s int64) string {
	const year = 365 * 24 * 60 * 60
	if s > 100*year || s < -100*year {
		return fmt.Sprintf("%d years", s/year)
	}
	return (time.Duration(s) * time.Second).String()
}
