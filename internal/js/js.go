// Package js emulates the few JavaScript behaviours that Zoom's Node samples
// depend on and sdkjwt must match: String.prototype.length (UTF16Len), the
// white space of \s and parseInt (IsSpace), parseInt without a radix
// (ParseInt), Number's ToString (Number) and the order of an object's
// properties (SortProperties). Package server answers as the samples do
// with them; package sdk counts lengths as they do; packages jwt and
// livekit write objects in the order JSON.stringify does.
package js

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SortProperties sorts s, an object's properties named by name, into the
// order JavaScript keeps them (ECMA-262 OrdinaryOwnPropertyKeys): names that
// are array indices first, in ascending numeric order, then the others in
// their order in s. JSON.stringify writes an object in that order.
func SortProperties[T any](s []T, name func(T) string) {
	var indices, others []T
	for _, x := range s {
		if _, ok := arrayIndex(name(x)); ok {
			indices = append(indices, x)
		} else {
			others = append(others, x)
		}
	}
	slices.SortStableFunc(indices, func(x, y T) int {
		i, _ := arrayIndex(name(x))
		j, _ := arrayIndex(name(y))
		return cmp.Compare(i, j)
	})
	copy(s, indices)
	copy(s[len(indices):], others)
}

// arrayIndex reports whether JavaScript treats name as an array index (a
// canonical decimal integer below 2^32 - 1), and its value.
func arrayIndex(name string) (uint64, bool) {
	if name == "" || len(name) > 10 || name[0] == '0' && len(name) > 1 || strings.Trim(name, "0123456789") != "" {
		return 0, false // not canonical decimal digits: no need to parse
	}
	n, err := strconv.ParseUint(name, 10, 32)
	return n, err == nil && n < 1<<32-1
}

// UTF16Len is the length JavaScript's String.prototype.length reports for
// valid UTF-8 s, in which Zoom's samples count every length limit:
// characters beyond U+FFFF count twice (surrogate pairs).
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// IsSpace reports whether r is white space to JavaScript: \s in a regular
// expression, and what parseInt skips (WhiteSpace and LineTerminator,
// ECMA-262 §12.2-12.3). Unlike unicode.IsSpace it includes U+FEFF and
// excludes U+0085.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return 0x2000 <= r && r <= 0x200A
}

// HasSpace reports whether s holds a character IsSpace reports, reading
// ASCII a byte at a time: for long lists, many times faster than
// strings.ContainsFunc(s, IsSpace).
func HasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' && IsSpace(rune(c)) || c >= utf8.RuneSelf && strings.ContainsFunc(s[i:], IsSpace) {
			return true
		} else if c >= utf8.RuneSelf {
			return false
		}
	}
	return false
}

// Number is Number.prototype.toString() (ECMA-262 Number::toString): the
// shortest digits that round-trip, in plain notation from 1e-6 up to 1e21.
func Number(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0" // -0 too
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1 // the value is 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	if n-1 >= 0 {
		return sign + m + "e+" + strconv.Itoa(n-1)
	}
	return sign + m + "e" + strconv.Itoa(n-1)
}

// ParseInt is JavaScript's parseInt(s) without a radix: leading white space
// skipped, an optional sign, "0x" for hexadecimal, then as many digits as
// there are; NaN when there are none ("1.9" is 1, "2abc" is 2, "" is NaN).
func ParseInt(s string) float64 {
	s = strings.TrimLeftFunc(s, IsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	digits := "0123456789"
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		digits, s = "0123456789abcdefABCDEF", s[2:]
	}
	end := 0
	for end < len(s) && strings.IndexByte(digits, s[end]) >= 0 {
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	// The digits' value, rounded once as JavaScript rounds it: a decimal
	// or a hexadecimal float literal (0x…p0), which ParseFloat reads
	// correctly rounded; too many digits are ±Inf, as in JavaScript.
	text := s[:end]
	if len(digits) > 10 {
		text = "0x" + text + "p0"
	}
	n, _ := strconv.ParseFloat(text, 64)
	if neg {
		return -n
	}
	return n
}
