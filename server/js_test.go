package server

import (
	"math"
	"testing"
)

// Expected values are JavaScript's (node: parseInt(s), String(n)).
func TestParseInt(t *testing.T) {
	for s, want := range map[string]float64{
		"0": 0, "1": 1, "1.9": 1, "2abc": 2, " 2": 2, "\u00a0\n2": 2, "+1": 1, "-1": -1, "0x10": 16, "0X1f": 31,
		"1e3": 1, "7200": 7200, "007": 7, "-0x10": -16,
	} {
		if got := parseInt(s); got != want {
			t.Errorf("parseInt(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"", "abc", " ", "0x", "-", "x1", ".5"} {
		if got := parseInt(s); !math.IsNaN(got) {
			t.Errorf("parseInt(%q) = %v, want NaN", s, got)
		}
	}
}

func TestJSNumber(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1", 1.5: "1.5", -2.25: "-2.25", 1e21: "1e+21", 1e20: "100000000000000000000", 123456789012: "123456789012",
		0.000001: "0.000001", 1e-7: "1e-7", 1.2345e-7: "1.2345e-7", 1.5e300: "1.5e+300", 0.1: "0.1", 1800.5: "1800.5",
		math.Copysign(0, -1): "0", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity",
	} {
		if got := jsNumber(f); got != want {
			t.Errorf("jsNumber(%v) = %q, want %q", f, got, want)
		}
	}
	if got := jsNumber(math.NaN()); got != "NaN" {
		t.Errorf("NaN: %q", got)
	}
}

func TestValueString(t *testing.T) {
	fields, ok := parseBody([]byte(`{"n":null,"b":true,"a":[0,1,[2,[3]],null,"x",{}],"o":{"k":1},"s":"str","e":[]}`))
	if !ok {
		t.Fatal("not parsed")
	}
	for k, want := range map[string]string{"n": "null", "b": "true", "a": "0,1,2,3,,x,[object Object]", "o": "[object Object]", "s": "str", "e": "", "missing": "undefined"} {
		if got := fields[k].String(); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{} {}`, `{"a":1`, `null`} {
		if _, ok := parseBody([]byte(bad)); ok {
			t.Errorf("%q parsed as an object", bad)
		}
	}
}
