package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

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
