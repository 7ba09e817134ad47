// Package flat reads the JSON that request bodies usually are, by hand and
// without allocating more than the strings it returns: objects whose names
// and strings hold no escape and no control character, and valid UTF-8.
// A Reader's methods report false on anything else, valid JSON or not; the
// caller then reads the body with encoding/json, which decides. Each caller
// fuzzes its reader against encoding/json (server.FuzzParseBody,
// livekit.FuzzStringMap, livekit.FuzzTokenRequest).
package flat

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Reader is a position in a JSON text.
type Reader struct {
	b []byte
	i int
}

// NewReader returns a Reader at the start of b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Byte skips white space, then c if it is next.
func (r *Reader) Byte(c byte) bool {
	if r.Peek() == c && r.i < len(r.b) {
		r.i++
		return true
	}
	return false
}

// Peek skips white space and returns the next byte, or 0 at the end.
func (r *Reader) Peek() byte {
	for r.i < len(r.b) && (r.b[r.i] == ' ' || r.b[r.i] == '\t' || r.b[r.i] == '\n' || r.b[r.i] == '\r') {
		r.i++
	}
	if r.i == len(r.b) {
		return 0
	}
	return r.b[r.i]
}

// End skips white space and reports whether the text ends there.
func (r *Reader) End() bool {
	r.Peek()
	return r.i == len(r.b)
}

// String reads a string with no escape, no control character and valid
// UTF-8.
func (r *Reader) String() (string, bool) {
	b, ok := r.text()
	return string(b), ok
}

// Name reads a string as String does, and returns the one of names it is,
// or "" if it is none of them: a member's name, read without allocating.
func (r *Reader) Name(names []string) (string, bool) {
	b, ok := r.text()
	for _, n := range names {
		if ok && n == string(b) {
			return n, true
		}
	}
	return "", ok
}

// text reads a string as String does, returning its bytes in r's text.
func (r *Reader) text() ([]byte, bool) {
	if !r.Byte('"') {
		return nil, false
	}
	start := r.i
	for ; r.i < len(r.b) && r.b[r.i] != '"'; r.i++ {
		if c := r.b[r.i]; c < 0x20 || c == '\\' {
			return nil, false
		}
	}
	if r.i == len(r.b) || !utf8.Valid(r.b[start:r.i]) {
		return nil, false
	}
	r.i++
	return r.b[start : r.i-1], true
}

// Literal reads word (true, false or null) if it is next.
func (r *Reader) Literal(word string) bool {
	if r.Peek() != word[0] || !strings.HasPrefix(string(r.b[r.i:]), word) {
		return false
	}
	r.i += len(word)
	return true
}

// Number reads a JSON number, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?,
// as JSON.parse does: 1e400 is +Inf.
func (r *Reader) Number() (float64, bool) {
	r.Peek()
	start := r.i
	r.skip("-")
	if !r.skip("0") && r.digits() == 0 {
		return 0, false
	}
	if r.skip(".") && r.digits() == 0 {
		return 0, false
	}
	if r.skip("eE") {
		r.skip("+-")
		if r.digits() == 0 {
			return 0, false
		}
	}
	f, _ := strconv.ParseFloat(string(r.b[start:r.i]), 64)
	return f, true
}

// skip skips one of the bytes of set if it is next.
func (r *Reader) skip(set string) bool {
	if r.i < len(r.b) && strings.IndexByte(set, r.b[r.i]) >= 0 {
		r.i++
		return true
	}
	return false
}

func (r *Reader) digits() int {
	start := r.i
	for r.i < len(r.b) && '0' <= r.b[r.i] && r.b[r.i] <= '9' {
		r.i++
	}
	return r.i - start
}

// Measure returns how deeply the arrays and objects of the JSON text b
// nest, and how many members and elements they hold (commas and colons),
// counting outside strings, without reading the text further: bounds to
// check before encoding/json reads a hostile body.
func Measure(b []byte) (depth, items int) {
	d, inString := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			d++
			depth = max(depth, d)
		case c == ']' || c == '}':
			d--
		case c == ',' || c == ':':
			items++
		}
	}
	return depth, items
}
