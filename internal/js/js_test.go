package js

import (
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Expected values are JavaScript's (node: ParseInt(s), String(n)).
func TestParseInt(t *testing.T) {
	for s, want := range map[string]float64{
		"0": 0, "1": 1, "1.9": 1, "2abc": 2, " 2": 2, "\u00a0\n2": 2, "+1": 1, "-1": -1, "0x10": 16, "0X1f": 31,
		"1e3": 1, "7200": 7200, "007": 7, "-0x10": -16,
	} {
		if got := ParseInt(s); got != want {
			t.Errorf("ParseInt(%q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"", "abc", " ", "0x", "-", "x1", ".5"} {
		if got := ParseInt(s); !math.IsNaN(got) {
			t.Errorf("ParseInt(%q) = %v, want NaN", s, got)
		}
	}
}

func TestJSNumber(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1", 1.5: "1.5", -2.25: "-2.25", 1e21: "1e+21", 1e20: "100000000000000000000", 123456789012: "123456789012",
		0.000001: "0.000001", 1e-7: "1e-7", 1.2345e-7: "1.2345e-7", 1.5e300: "1.5e+300", 0.1: "0.1", 1800.5: "1800.5",
		math.Copysign(0, -1): "0", math.Inf(1): "Infinity", math.Inf(-1): "-Infinity",
	} {
		if got := Number(f); got != want {
			t.Errorf("Number(%v) = %q, want %q", f, got, want)
		}
	}
	if got := Number(math.NaN()); got != "NaN" {
		t.Errorf("NaN: %q", got)
	}
}

func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "é": 1, "東京": 2, "😀": 2, "a😀b": 4, "\uFFFF": 1, "\U00010000": 2} {
		if got := UTF16Len(s); got != want {
			t.Errorf("UTF16Len(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestIsSpace(t *testing.T) {
	for r, want := range map[rune]bool{' ': true, '\t': true, '\u00a0': true, '\ufeff': true, '\u2028': true, '\u200a': true, '\u0085': false, '\u200b': false, 'x': false} {
		if got := IsSpace(r); got != want {
			t.Errorf("IsSpace(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestSortProperties: the want order is what Node prints for
// Object.keys(Object.fromEntries(in)).
func TestSortProperties(t *testing.T) {
	in := []string{"b", "10", "2", "01", "4294967295", "4294967294", "a", "-1", "0"}
	want := []string{"0", "2", "10", "4294967294", "b", "01", "4294967295", "a", "-1"}
	SortProperties(in, func(s string) string { return s })
	if !slices.Equal(in, want) {
		t.Errorf("got %q, want %q", in, want)
	}
}

// TestParseIntNode compares ParseInt with the answers of JavaScript's
// parseInt, made by node (testdata/parseint/gen.js, which .ci/run runs again
// and compares): four probes of every code point of planes 0 and 1, and
// chosen strings.
func TestParseIntNode(t *testing.T) {
	table, err := os.ReadFile("../../testdata/parseint/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines, failed := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(table)), "\n") {
		lines++
		if s, ok := strings.CutPrefix(line, "= "); ok {
			i := strings.LastIndexByte(s, ' ')
			in, err := strconv.Unquote(s[:i])
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if got := Number(ParseInt(in)); got != s[i+1:] {
				t.Errorf("ParseInt(%q) = %s, JavaScript %s", in, got, s[i+1:])
			}
			continue
		}
		f := strings.Fields(line)
		from, _ := strconv.ParseUint(f[0], 16, 32)
		to, _ := strconv.ParseUint(f[1], 16, 32)
		for c := rune(from); c <= rune(to) && failed < 20; c++ {
			ch := string(c)
			for i, in := range []string{ch + "12", "12" + ch, "0x" + ch, "-" + ch + "9"} {
				if got := Number(ParseInt(in)); got != f[2+i] {
					t.Errorf("ParseInt(%q) = %s, JavaScript %s", in, got, f[2+i])
					failed++
				}
			}
		}
	}
	if lines < 50 {
		t.Fatalf("%d lines in the table", lines)
	}
}

// TestHasSpace: HasSpace is strings.ContainsFunc(s, IsSpace).
func TestHasSpace(t *testing.T) {
	for _, s := range []string{"", "US", "U S", "US\t", "\x00\x1f", "é", "é\u00a0", "x\u2028", "\ufeff", "\u200a", "\u200b", "日本 ", "\xff", "a\xffb c"} {
		if got, want := HasSpace(s), strings.ContainsFunc(s, IsSpace); got != want {
			t.Errorf("HasSpace(%q) = %v, want %v", s, got, want)
		}
	}
}
