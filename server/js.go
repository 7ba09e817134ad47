package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/js"
)

// value is one field of a request body as the samples' JavaScript sees it
// after JSON.parse: what `typeof` says, and what ${v} prints.
type value struct {
	kind kind
	b    bool
	n    float64
	s    string
	arr  []value // also set, empty, for objects (unused there)
}

type kind int

const (
	undefined kind = iota // absent from the body
	null
	boolean
	number
	str
	array
	object
)

// parseBody decodes a JSON object into its fields, or returns nil if body
// is not one. A name given twice keeps its last value, as JSON.parse does.
// A string holding invalid UTF-8 or a lone surrogate (\ud800) is an error
// naming its member: encoding/json, like the samples' body parser, would
// read it as U+FFFD, which nobody meant to sign.
//
// The usual body (names without escapes, strings without escapes or bad
// UTF-8, no nested object) is read by parseFlat; any other by encoding/json.
// FuzzParseBody checks that both read the same.
func parseBody(body []byte) (map[string]value, []apiError) {
	if fields, ok := parseFlat(body); ok {
		return fields, nil
	}
	return parseJSON(body)
}

// parseJSON is parseBody by encoding/json.
func parseJSON(body []byte) (map[string]value, []apiError) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return nil, nil
	}
	fields := make(map[string]value, len(raw))
	var errs []apiError
	for name, r := range raw {
		if !validText(r) {
			errs = append(errs, apiError{name, "Value must be Unicode text: it holds invalid UTF-8 or a lone surrogate (\\ud800 to \\udfff)"})
			continue
		}
		var x any
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		dec.Decode(&x) // valid: Unmarshal checked the whole body
		fields[name] = fromJSON(x)
	}
	slices.SortFunc(errs, func(a, b apiError) int { return strings.Compare(a.property, b.property) })
	return fields, errs
}

// validText reports whether the strings of the valid JSON text r are
// valid UTF-8 and escape no lone surrogate. A backslash can only be in a
// string, and starts an escape.
func validText(r []byte) bool {
	if !utf8.Valid(r) {
		return false
	}
	for i := bytes.IndexByte(r, '\\'); i >= 0; i = bytes.IndexByte(r, '\\') {
		if r[i+1] != 'u' {
			r = r[i+2:]
			continue
		}
		c, _ := strconv.ParseUint(string(r[i+2:i+6]), 16, 16)
		r = r[i+6:]
		switch {
		case 0xdc00 <= c && c <= 0xdfff:
			return false
		case 0xd800 <= c && c <= 0xdbff:
			if len(r) < 6 || r[0] != '\\' || r[1] != 'u' {
				return false
			}
			if c, _ = strconv.ParseUint(string(r[2:6]), 16, 16); c < 0xdc00 || c > 0xdfff {
				return false
			}
			r = r[6:]
		}
	}
	return true
}

// parseFlat reads the usual body by hand: an object whose names hold no
// escape and whose values are strings without escapes, numbers, true,
// false, null, or arrays of those. It returns false on anything else,
// valid or not, for parseJSON to decide.
func parseFlat(body []byte) (map[string]value, bool) {
	p := flat{b: body}
	if !p.byte('{') {
		return nil, false
	}
	fields := map[string]value{}
	if p.byte('}') {
		return fields, p.end()
	}
	for {
		name, ok := p.str()
		if !ok || !p.byte(':') {
			return nil, false
		}
		var v value
		if p.byte('[') {
			v.kind = array
			for first := true; !p.byte(']'); first = false {
				if !first && !p.byte(',') {
					return nil, false
				}
				e, ok := p.scalar()
				if !ok {
					return nil, false
				}
				v.arr = append(v.arr, e)
			}
		} else if v, ok = p.scalar(); !ok {
			return nil, false
		}
		fields[name] = v
		if p.byte('}') {
			return fields, p.end()
		}
		if !p.byte(',') {
			return nil, false
		}
	}
}

// flat is parseFlat's position in the body.
type flat struct {
	b []byte
	i int
}

// byte skips white space, then c if it is next.
func (p *flat) byte(c byte) bool {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *flat) end() bool {
	p.byte(' ')
	return p.i == len(p.b)
}

// str reads a string with no escape, no control character and valid UTF-8.
func (p *flat) str() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start := p.i
	for ; p.i < len(p.b) && p.b[p.i] != '"'; p.i++ {
		if c := p.b[p.i]; c < 0x20 || c == '\\' {
			return "", false
		}
	}
	if p.i == len(p.b) || !utf8.Valid(p.b[start:p.i]) {
		return "", false
	}
	p.i++
	return string(p.b[start : p.i-1]), true
}

// scalar reads a string, a number, true, false or null.
func (p *flat) scalar() (value, bool) {
	if p.byte('"') {
		p.i--
		s, ok := p.str()
		return value{kind: str, s: s}, ok
	}
	rest := p.b[p.i:]
	for _, lit := range []struct {
		text string
		v    value
	}{{"true", value{kind: boolean, b: true}}, {"false", value{kind: boolean}}, {"null", value{kind: null}}} {
		if bytes.HasPrefix(rest, []byte(lit.text)) {
			p.i += len(lit.text)
			return lit.v, true
		}
	}
	// JSON's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
	start := p.i
	p.skip("-")
	if !p.skip("0") && p.digits() == 0 {
		return value{}, false
	}
	if p.skip(".") && p.digits() == 0 {
		return value{}, false
	}
	if p.skip("eE") {
		p.skip("+-")
		if p.digits() == 0 {
			return value{}, false
		}
	}
	f, _ := strconv.ParseFloat(string(p.b[start:p.i]), 64) // 1e400 is ±Inf, as in JSON.parse
	return value{kind: number, n: f}, true
}

// skip skips one of the bytes of set if it is next.
func (p *flat) skip(set string) bool {
	if p.i < len(p.b) && strings.IndexByte(set, p.b[p.i]) >= 0 {
		p.i++
		return true
	}
	return false
}

func (p *flat) digits() int {
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

func fromJSON(x any) value {
	switch x := x.(type) {
	case nil:
		return value{kind: null}
	case bool:
		return value{kind: boolean, b: x}
	case json.Number:
		f, _ := strconv.ParseFloat(string(x), 64) // 1e400 is ±Inf, as in JSON.parse
		return value{kind: number, n: f}
	case string:
		return value{kind: str, s: x}
	case []any:
		v := value{kind: array}
		for _, e := range x {
			v.arr = append(v.arr, fromJSON(e))
		}
		return v
	}
	return value{kind: object}
}

// String is JavaScript's ToString, as a template literal ${v} applies it.
func (v value) String() string {
	switch v.kind {
	case undefined:
		return "undefined"
	case null:
		return "null"
	case boolean:
		return strconv.FormatBool(v.b)
	case number:
		return js.Number(v.n)
	case str:
		return v.s
	case array: // Array.prototype.join: null and undefined print as ""
		parts := make([]string, len(v.arr))
		for i, e := range v.arr {
			if e.kind != null && e.kind != undefined {
				parts[i] = e.String()
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}
