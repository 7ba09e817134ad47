package jwt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned when a string to be written is not valid UTF-8.
// The writer never replaces bad bytes with U+FFFD: a token must carry exactly
// the text the caller meant, or nothing.
var ErrInvalidUTF8 = errors.New("jwt: not valid UTF-8")

// appendString appends s to dst as a JSON string, escaped exactly as
// JavaScript's JSON.stringify escapes it, so that the bytes match tokens made
// by Zoom's Node samples:
//
//   - `"` and `\` become `\"` and `\\`;
//   - U+0008, U+0009, U+000A, U+000C and U+000D become `\b`, `\t`, `\n`, `\f`
//     and `\r`; the other characters below U+0020 become `\u00xx` (lower-case hex);
//   - everything else, including `<`, `>`, `&`, U+007F, all non-ASCII text and
//     U+2028/U+2029, is written as raw UTF-8.
//
// This differs from encoding/json, which escapes `<`, `>`, `&`, U+2028 and
// U+2029. If s is not valid UTF-8, appendString returns dst unchanged and
// ErrInvalidUTF8.
func appendString(dst []byte, s string) ([]byte, error) {
	b, ok := appendQuoted(dst, s)
	if !ok {
		return dst, ErrInvalidUTF8
	}
	return b, nil
}

// appendQuoted is appendString reporting invalid UTF-8 as false, with dst
// then unchanged.
func appendQuoted(dst []byte, s string) ([]byte, bool) {
	const hex = "0123456789abcdef"
	orig := len(dst)
	dst = append(dst, '"')
	for {
		n := plainLen(s)
		dst = append(dst, s[:n]...)
		if s = s[n:]; s == "" {
			return append(dst, '"'), true
		}
		if c := s[0]; c >= utf8.RuneSelf { // non-ASCII: raw, if valid
			r, size := utf8.DecodeRuneInString(s)
			if r == utf8.RuneError && size == 1 {
				return dst[:orig], false
			}
			dst = append(dst, s[:size]...)
			s = s[size:]
			continue
		}
		switch c := s[0]; c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\r':
			dst = append(dst, '\\', 'r')
		default: // the other control characters
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		s = s[1:]
	}
}

// plainLen returns how many leading bytes of s are written as they are:
// ASCII, and neither a control character, '"' nor '\\'.
func plainLen(s string) int {
	i := 0
	for i+8 <= len(s) && plain8(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
		i += 8 // eight bytes at a time while none needs a closer look
	}
	for i < len(s) && 0x20 <= s[i] && s[i] < utf8.RuneSelf && s[i] != '"' && s[i] != '\\' {
		i++
	}
	return i
}

// plain8 reports whether all eight bytes packed in x are written as they are:
// none is non-ASCII (>= 0x80), a control character (< 0x20), '"' or '\\'.
// It is the word-at-a-time test of "Bit Twiddling Hacks" (haszero, hasless):
// for bytes below 0x80, (x - 0x01…01*n) & ^x & 0x80…80 is non-zero exactly
// when some byte is less than n, and a byte equals c when x^(0x01…01*c) has
// a zero byte. A false answer only sends the bytes to the byte-by-byte loop.
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	less := func(x, n uint64) uint64 { return (x - ones*n) & ^x & highs }
	return x&highs|less(x, 0x20)|less(x^(ones*'"'), 1)|less(x^(ones*'\\'), 1) == 0
}

// An Object writes one JSON object with string and integer members into a
// caller's buffer, in the order they are added and with no whitespace: the
// deterministic byte format that sdkjwt signs.
//
// Like strconv's Append functions, each method appends to b and returns the
// extended buffer, which the caller must keep:
//
//	var o jwt.Object
//	b = o.Open(b)
//	b = o.String(b, "tpc", topic)
//	b = o.Int(b, "iat", iat)
//	b, err := o.Close(b)
//
// The Object itself only remembers the first error (a name or value that is
// not valid UTF-8), which Close returns; after it, nothing more is added.
// Keeping the buffer out of the Object lets a caller's stack buffer stay on
// the stack. The zero value is ready to use; an Object writes one object.
type Object struct {
	err error
}

// Open appends the opening brace.
func (o *Object) Open(b []byte) []byte { return append(b, '{') }

// String appends the member "name":"value".
func (o *Object) String(b []byte, name, value string) []byte {
	if b = o.name(b, name); o.err != nil {
		return b
	}
	return o.Value(b, name, value)
}

// Value appends s as a JSON string: the value of a member whose name and
// punctuation the caller appended itself, as one constant fragment:
//
//	b = append(b, `,"tpc":`...)
//	b = o.Value(b, "tpc", topic)
//
// name only labels the error. A payload's fixed parts written this way cost
// one copy each, and a value that needs no escaping is copied as it is.
func (o *Object) Value(b []byte, name, s string) []byte {
	if o.err != nil {
		return b
	}
	b, ok := appendQuoted(b, s)
	if !ok {
		o.err = fmt.Errorf("%w: the value of JSON member %q", ErrInvalidUTF8, name)
	}
	return b
}

// Int appends the member "name":v, written in decimal as JavaScript writes
// an integer (no exponent, no fraction).
func (o *Object) Int(b []byte, name string, v int64) []byte {
	if b = o.name(b, name); o.err != nil {
		return b
	}
	return strconv.AppendInt(b, v, 10)
}

// Close appends the closing brace and returns b, or nil and the first error.
func (o *Object) Close(b []byte) ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	return append(b, '}'), nil
}

// appendName appends a comma unless b ends with the object's opening brace
// (a member's value never ends in '{'), then `"name":`.
func appendName(b []byte, name string) ([]byte, bool) {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	if plainLen(name) < len(name) {
		b, ok := appendQuoted(b, name) // a name that needs escaping
		return append(b, ':'), ok
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':'), true
}

// Bool appends the member "name":true or "name":false.
func (o *Object) Bool(b []byte, name string, v bool) []byte {
	if b = o.name(b, name); o.err != nil {
		return b
	}
	return strconv.AppendBool(b, v)
}

// Strings appends the member "name":["v1","v2",…].
func (o *Object) Strings(b []byte, name string, vs []string) []byte {
	if b = o.name(b, name); o.err != nil {
		return b
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendQuoted(b, v); !ok {
			o.err = fmt.Errorf("%w: a value of JSON member %q", ErrInvalidUTF8, name)
			return b
		}
	}
	return append(b, ']')
}

// Begin appends "name":{, the start of a nested object: its members follow,
// written with the same Object, and End closes it.
func (o *Object) Begin(b []byte, name string) []byte {
	if b = o.name(b, name); o.err != nil {
		return b
	}
	return append(b, '{')
}

// End appends the closing brace of the object Begin opened.
func (o *Object) End(b []byte) []byte { return append(b, '}') }

// name appends a member's name, recording invalid UTF-8.
func (o *Object) name(b []byte, name string) []byte {
	if o.err != nil {
		return b
	}
	b, ok := appendName(b, name)
	if !ok {
		o.err = fmt.Errorf("%w: JSON member name %q", ErrInvalidUTF8, name)
	}
	return b
}

// BeginArray appends "name":[, the start of an array of objects: each
// element begins with Element and ends with End, and EndArray closes it.
func (o *Object) BeginArray(b []byte, name string) []byte {
	if b = o.name(b, name); o.err != nil {
		return b
	}
	return append(b, '[')
}

// Element appends the opening brace of an array's next object, after a
// comma unless it is the first.
func (o *Object) Element(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '[' {
		b = append(b, ',')
	}
	return append(b, '{')
}

// EndArray appends the closing bracket of the array BeginArray opened.
func (o *Object) EndArray(b []byte) []byte { return append(b, ']') }
