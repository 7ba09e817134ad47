package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/flat"
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

// parseBody decodes a JSON object into the fields the samples read
// (properties), or returns false if body is not one. A name given twice
// keeps its last value, as JSON.parse does.
// A string holding invalid UTF-8 or a lone surrogate (\ud800) is an error
// naming its member: encoding/json, like the samples' body parser, would
// read it as U+FFFD, which nobody meant to sign.
//
// The usual body (names without escapes, no nested object) is read by
// parseFlat; any other by encoding/json. FuzzParseBody checks that both
// read the same, and find the same errors.
func parseBody(body []byte) (fields, []Problem, bool) {
	if f, errs, ok := parseFlat(body); ok {
		return f, errs, true
	}
	return parseJSON(body)
}

const invalidText = "Value must be Unicode text: it holds invalid UTF-8 or a lone surrogate (\\ud800 to \\udfff)"

// parseJSON is parseBody by encoding/json.
func parseJSON(body []byte) (f fields, errs []Problem, ok bool) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return f, nil, false
	}
	for name, r := range raw {
		p := slices.Index(properties[:], name)
		switch {
		case p < 0:
		case !validText(r):
			errs = append(errs, Problem{name, invalidText})
		default:
			var x any
			dec := json.NewDecoder(bytes.NewReader(r))
			dec.UseNumber()
			dec.Decode(&x) // valid: Unmarshal checked the whole body
			f[p] = fromJSON(x)
		}
	}
	slices.SortFunc(errs, func(a, b Problem) int { return strings.Compare(a.Property, b.Property) })
	return f, errs, true
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
// escape and whose values are strings, numbers, true, false, null, or
// arrays of those. It returns false on anything else, valid or not, for
// parseJSON to decide. Strings are read with their escapes, and the
// members whose strings are not Unicode text are errors, as parseJSON
// finds them.
func parseFlat(body []byte) (f fields, errs []Problem, ok bool) {
	r := flat.NewReader(string(body))
	if !r.Byte('{') {
		return f, nil, false
	}
	if r.Byte('}') {
		return f, nil, r.End()
	}
	var bad [nProps]bool // the members read last with text that is not Unicode
	for {
		p, ok := r.Name(properties[:]) // -1: a member the samples do not read
		if !ok || !r.Byte(':') {
			return f, nil, false
		}
		var v value
		valid := true
		if r.Byte('[') {
			v.kind = array
			for first := true; !r.Byte(']'); first = false {
				if !first && !r.Byte(',') {
					return f, nil, false
				}
				e, text, ok := scalar(r)
				if !ok {
					return f, nil, false
				}
				v.arr = append(v.arr, e)
				valid = valid && text
			}
		} else if v, valid, ok = scalar(r); !ok {
			return f, nil, false
		}
		if p >= 0 {
			bad[p] = !valid
			if !valid {
				v = value{}
			}
			f[p] = v
		}
		if r.Byte('}') {
			break
		}
		if !r.Byte(',') {
			return f, nil, false
		}
	}
	if !r.End() {
		return f, nil, false
	}
	for p, b := range bad {
		if b {
			errs = append(errs, Problem{properties[p], invalidText})
		}
	}
	slices.SortFunc(errs, func(a, b Problem) int { return strings.Compare(a.Property, b.Property) })
	return f, errs, true
}

// scalar reads a string, a number, true, false or null; valid is false
// for a string that is not Unicode text.
func scalar(r *flat.Reader) (v value, valid, ok bool) {
	switch r.Peek() {
	case '"':
		s, valid, ok := r.Text()
		return value{kind: str, s: s}, valid, ok
	case 't', 'f', 'n':
		for _, lit := range []struct {
			text string
			v    value
		}{{"true", value{kind: boolean, b: true}}, {"false", value{kind: boolean}}, {"null", value{kind: null}}} {
			if r.Literal(lit.text) {
				return lit.v, true, true
			}
		}
		return value{}, false, false
	}
	n, ok := r.Number()
	return value{kind: number, n: n}, true, ok
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
