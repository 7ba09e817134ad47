// Package flat reads the JSON that request bodies usually are, by hand:
// objects whose names and strings hold no escape and no control character,
// and valid UTF-8 ([Reader.Text] also reads escapes). The strings it
// returns are parts of its text, allocated only for a string with escapes.
// A Reader's methods report false on anything else, valid JSON or not; the
// caller then reads the body with encoding/json, which decides. Each caller
// fuzzes its reader against encoding/json (server.FuzzParseBody,
// livekit.FuzzStringMap, livekit.FuzzTokenRequest), and FuzzText checks
// [Reader.Text] against it here.
package flat

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A Reader is a position in a JSON text.
type Reader struct {
	s string
	i int
}

// NewReader returns a Reader at the start of s.
func NewReader(s string) *Reader { return &Reader{s: s} }

// Byte skips white space, then c if it is next.
func (r *Reader) Byte(c byte) bool {
	if r.Peek() == c && r.i < len(r.s) {
		r.i++
		return true
	}
	return false
}

// Peek skips white space and returns the next byte, or 0 at the end.
func (r *Reader) Peek() byte {
	for r.i < len(r.s) && (r.s[r.i] == ' ' || r.s[r.i] == '\t' || r.s[r.i] == '\n' || r.s[r.i] == '\r') {
		r.i++
	}
	if r.i == len(r.s) {
		return 0
	}
	return r.s[r.i]
}

// End skips white space and reports whether the text ends there.
func (r *Reader) End() bool {
	r.Peek()
	return r.i == len(r.s)
}

// String reads a string with no escape, no control character and valid
// UTF-8.
func (r *Reader) String() (string, bool) {
	return r.text()
}

// Name reads a string as String does, and returns its index in names, or
// -1 if it is none of them: a member's name.
func (r *Reader) Name(names []string) (int, bool) {
	s, ok := r.text()
	if !ok {
		return -1, false
	}
	for i, n := range names {
		if n == s {
			return i, true
		}
	}
	return -1, true
}

// text reads a string as String does.
func (r *Reader) text() (string, bool) {
	if !r.Byte('"') {
		return "", false
	}
	start := r.i
	for ; r.i < len(r.s) && r.s[r.i] != '"'; r.i++ {
		if c := r.s[r.i]; c < 0x20 || c == '\\' {
			return "", false
		}
	}
	if r.i == len(r.s) || !utf8.ValidString(r.s[start:r.i]) {
		return "", false
	}
	r.i++
	return r.s[start : r.i-1], true
}

// Text reads a string, escapes and all, as encoding/json does; ok is false
// if there is no string next. valid is false if the string holds invalid
// UTF-8 or escapes a lone surrogate (\ud800), which encoding/json reads as
// U+FFFD; s is then "".
func (r *Reader) Text() (s string, valid, ok bool) {
	if !r.Byte('"') {
		return "", false, false
	}
	var out []byte // nil until an escape
	valid = true
	for start := r.i; r.i < len(r.s); start = r.i {
		for r.i < len(r.s) && r.s[r.i] != '"' && r.s[r.i] != '\\' && r.s[r.i] >= 0x20 {
			r.i++
		}
		if r.i == len(r.s) || r.s[r.i] < 0x20 {
			return "", false, false
		}
		seg := r.s[start:r.i]
		valid = valid && utf8.ValidString(seg)
		if r.s[r.i] == '"' {
			r.i++
			switch {
			case !valid:
				return "", false, true
			case out == nil:
				return seg, true, true
			}
			return string(append(out, seg...)), true, true
		}
		out = append(out, seg...)
		if r.i+1 == len(r.s) {
			return "", false, false
		}
		e := r.s[r.i+1]
		r.i += 2
		if i := strings.IndexByte(`"\/bfnrt`, e); i >= 0 {
			out = append(out, "\"\\/\b\f\n\r\t"[i])
			continue
		}
		c, ok := r.hex4(e)
		if !ok {
			return "", false, false
		}
		if utf16.IsSurrogate(c) {
			// A pair is two escapes; anything else is a lone surrogate.
			c2, ok := rune(0), false
			if r.i+1 < len(r.s) && r.s[r.i] == '\\' {
				save := r.i
				r.i += 2
				if c2, ok = r.hex4(r.s[r.i-1]); !ok {
					r.i = save
				}
			}
			if c = utf16.DecodeRune(c, c2); c == utf8.RuneError {
				valid = false
				if ok {
					r.i -= 6 // read the second escape on its own
				}
			}
		}
		out = utf8.AppendRune(out, c)
	}
	return "", false, false
}

// hex4 reads the 4 hexadecimal digits of an escape \u, e being the byte
// after the backslash.
func (r *Reader) hex4(e byte) (rune, bool) {
	if e != 'u' || r.i+4 > len(r.s) {
		return 0, false
	}
	c, err := strconv.ParseUint(r.s[r.i:r.i+4], 16, 16)
	if err != nil {
		return 0, false
	}
	r.i += 4
	return rune(c), true
}

// Literal reads word (true, false or null) if it is next.
func (r *Reader) Literal(word string) bool {
	if r.Peek() != word[0] || !strings.HasPrefix(r.s[r.i:], word) {
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
	f, _ := strconv.ParseFloat(r.s[start:r.i], 64)
	return f, true
}

// skip skips one of the bytes of set if it is next.
func (r *Reader) skip(set string) bool {
	if r.i < len(r.s) && strings.IndexByte(set, r.s[r.i]) >= 0 {
		r.i++
		return true
	}
	return false
}

func (r *Reader) digits() int {
	start := r.i
	for r.i < len(r.s) && '0' <= r.s[r.i] && r.s[r.i] <= '9' {
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
