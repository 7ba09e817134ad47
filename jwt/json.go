package jwt

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned when a string to be written is not valid UTF-8.
// The writer never replaces bad bytes with U+FFFD: a token must carry exactly
// the text the caller meant, or nothing.
var ErrInvalidUTF8 = errors.New("not valid UTF-8")

// AppendString appends s to dst as a JSON string, escaped exactly as
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
// U+2029. If s is not valid UTF-8, AppendString returns dst unchanged and
// ErrInvalidUTF8.
func AppendString(dst []byte, s string) ([]byte, error) {
	const hex = "0123456789abcdef"
	orig := len(dst)
	dst = append(dst, '"')
	start := 0 // s[start:i] is pending raw output
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return dst[:orig], ErrInvalidUTF8
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
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
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), nil
}

// An Object writes one JSON object with string and integer members, in the
// order they are added and with no whitespace: the deterministic byte format
// that sdkjwt signs. Create one with NewObject; the zero value is not usable.
//
// The first error (a name or value that is not valid UTF-8) is kept and
// returned by Finish; later calls do nothing.
type Object struct {
	buf   []byte
	first int // index just after '{': no member written yet when len(buf) == first
	err   error
}

// NewObject starts a JSON object at the end of dst.
func NewObject(dst []byte) Object {
	dst = append(dst, '{')
	return Object{buf: dst, first: len(dst)}
}

// String adds the member "name":"value".
func (o *Object) String(name, value string) {
	if o.name(name) {
		o.buf, o.err = AppendString(o.buf, value)
		o.wrap(name)
	}
}

// Int adds the member "name":v, written in decimal as JavaScript writes an
// integer (no exponent, no fraction).
func (o *Object) Int(name string, v int64) {
	if o.name(name) {
		o.buf = strconv.AppendInt(o.buf, v, 10)
	}
}

// name writes the separator and `"name":` and reports whether to go on.
func (o *Object) name(name string) bool {
	if o.err != nil {
		return false
	}
	if len(o.buf) > o.first {
		o.buf = append(o.buf, ',')
	}
	o.buf, o.err = AppendString(o.buf, name)
	o.wrap(name)
	o.buf = append(o.buf, ':')
	return o.err == nil
}

// wrap names the member in an error, so the caller learns which one is bad.
// The value is left out: it may be anything, and is not valid text anyway.
func (o *Object) wrap(name string) {
	if o.err != nil {
		o.err = fmt.Errorf("JSON member %q: %w", name, o.err)
	}
}

// Finish closes the object and returns dst with the whole object appended,
// or the first error met.
func (o *Object) Finish() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	return append(o.buf, '}'), nil
}
