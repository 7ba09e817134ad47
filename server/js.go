package server

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/sdk"
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

// parseBody decodes a JSON object into its fields. A name given twice keeps
// its last value, as JSON.parse does.
func parseBody(body []byte) (map[string]value, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil, false
	}
	if _, err := dec.Token(); err == nil { // anything after the object
		return nil, false
	}
	fields := make(map[string]value, len(m))
	for k, x := range m {
		fields[k] = fromJSON(x)
	}
	return fields, true
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
		return jsNumber(v.n)
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

// jsNumber is Number.prototype.toString() (ECMA-262 Number::toString): the
// shortest digits that round-trip, in plain notation from 1e-6 up to 1e21.
func jsNumber(f float64) string {
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

// parseInt is JavaScript's parseInt(s) without a radix: leading white space
// skipped, an optional sign, "0x" for hexadecimal, then as many digits as
// there are; NaN when there are none ("1.9" is 1, "2abc" is 2, "" is NaN).
func parseInt(s string) float64 {
	s = strings.TrimLeftFunc(s, sdk.IsJSSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	base := 10.0
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base, s = 16, s[2:]
	}
	n, any := 0.0, false
	for _, c := range s {
		d := strings.IndexRune("0123456789abcdef", c|0x20) // c|0x20: lower case
		if d < 0 || float64(d) >= base {
			break
		}
		n, any = n*base+float64(d), true
	}
	switch {
	case !any:
		return math.NaN()
	case neg:
		return -n
	}
	return n
}
