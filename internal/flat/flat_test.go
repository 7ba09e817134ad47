package flat

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestMeasure: brackets, commas and colons count outside strings only.
func TestMeasure(t *testing.T) {
	for _, tc := range []struct {
		text         string
		depth, items int
	}{
		{`{}`, 1, 0},
		{`{"a":[1,2,{"b":3}]}`, 3, 4},
		{`{"a":"[{,:}]"}`, 1, 1},
		{`{"a":"\"[","b":"\\"}`, 1, 3},
		{`[[[]]]`, 3, 0},
		{``, 0, 0},
	} {
		if d, n := Measure([]byte(tc.text)); d != tc.depth || n != tc.items {
			t.Errorf("%s: depth %d, items %d; want %d, %d", tc.text, d, n, tc.depth, tc.items)
		}
	}
}

// TestReader: what the reader takes, and what it leaves to encoding/json.
func TestReader(t *testing.T) {
	r := NewReader(` { "a" : "é" , "n" : -1.5e3 , "t" : true } `)
	if !r.Byte('{') {
		t.Fatal("{")
	}
	if s, ok := r.String(); !ok || s != "a" || !r.Byte(':') {
		t.Fatal("a:")
	}
	if s, ok := r.String(); !ok || s != "é" || !r.Byte(',') {
		t.Fatal("é")
	}
	r.String()
	r.Byte(':')
	if n, ok := r.Number(); !ok || n != -1500 || !r.Byte(',') {
		t.Fatal("number")
	}
	r.String()
	r.Byte(':')
	if !r.Literal("true") || !r.Byte('}') || !r.End() {
		t.Fatal("true }")
	}
	for _, s := range []string{`"\n"`, `"a\"b"`, "\"\x01\"", "\"\xff\"", `"open`} {
		if _, ok := NewReader(s).String(); ok {
			t.Errorf("%q read as a plain string", s)
		}
	}
	for _, s := range []string{`01`, `-`, `1.`, `1e`, `.5`, `+1`} {
		if r := NewReader(s); func() bool { _, ok := r.Number(); return ok && r.End() }() {
			t.Errorf("%q read as a number", s)
		}
	}
}

// TestName: a name is its index in the set, -1 for any other, and false
// where String would fail.
func TestName(t *testing.T) {
	names := []string{"role", "sessionName"}
	for _, tc := range []struct {
		text string
		i    int
		ok   bool
	}{
		{`"role"`, 0, true},
		{` "sessionName"`, 1, true},
		{`"rol"`, -1, true},
		{`"roles"`, -1, true},
		{`""`, -1, true},
		{`"r\u006fle"`, -1, false},
		{`"role`, -1, false},
		{`role`, -1, false},
	} {
		if i, ok := NewReader(tc.text).Name(names); i != tc.i || ok != tc.ok {
			t.Errorf("%s: %d %v, want %d %v", tc.text, i, ok, tc.i, tc.ok)
		}
	}
	b := `"sessionName"`
	if n := testing.AllocsPerRun(100, func() { NewReader(b).Name(names) }); n != 0 {
		t.Errorf("Name allocates %v times", n)
	}
}

// TestText: escapes read as encoding/json reads them; invalid text found.
func TestText(t *testing.T) {
	for _, tc := range []struct {
		text, s   string
		valid, ok bool
	}{
		{`"plain"`, "plain", true, true},
		{`"\u0041\"\\\/\b\f\n\r\t"`, "A\"\\/\b\f\n\r\t", true, true},
		{`"a\u00e9b\u20ACc"`, "a\u00e9b\u20acc", true, true},
		{`"\ud83d\ude00"`, "😀", true, true},
		{`"\uD83D\uDE00x"`, "😀x", true, true},
		{`"\ud83d"`, "", false, true},
		{`"\ude00"`, "", false, true},
		{`"\ud83d\u0041"`, "", false, true},
		{`"\ud83d\ud83d\ude00"`, "", false, true},
		{`"\ud83d\n"`, "", false, true},
		{"\"\xff\"", "", false, true},
		{"\"\\u0041\xff\"", "", false, true},
		{`"\u004"`, "", false, false},
		{`"\u00g1"`, "", false, false},
		{`"\ud83d\u12"`, "", false, false},
		{`"\x41"`, "", false, false},
		{`"\'"`, "", false, false},
		{"\"a\nb\"", "", false, false},
		{`"\`, "", false, false},
		{`"abc`, "", false, false},
		{`"\u+041"`, "", false, false},
		{`x`, "", false, false},
	} {
		s, valid, ok := NewReader(tc.text).Text()
		if s != tc.s || valid != tc.valid || ok != tc.ok {
			t.Errorf("%s: %q %v %v, want %q %v %v", tc.text, s, valid, ok, tc.s, tc.valid, tc.ok)
		}
	}
}

// FuzzText: a JSON string encoding/json reads is one Text reads, to the
// same string when valid; when not, encoding/json read a U+FFFD in it.
// Text reads nothing else to the end.
func FuzzText(f *testing.F) {
	for _, s := range []string{`"plain"`, `"\u0041\"\\\/\b\f\n\r\t"`, `"\ud83d\ude00"`, `"\ud83d"`, "\"\xff\"", `"\u004"`, `"\ud83d\ud83d\ude00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewReader(string(b))
		s, valid, ok := r.Text()
		var d string
		err := json.Unmarshal(b, &d)
		switch {
		case err == nil && (!ok || !r.End()):
			t.Fatalf("%q: encoding/json reads %q, Text does not", b, d)
		case err != nil && ok && r.End():
			t.Fatalf("%q: Text reads it, encoding/json does not: %v", b, err)
		case err == nil && valid && s != d:
			t.Fatalf("%q: Text reads %q, encoding/json %q", b, s, d)
		case err == nil && !valid && !strings.ContainsRune(d, utf8.RuneError):
			t.Fatalf("%q: Text finds it invalid, encoding/json reads %q", b, d)
		}
	})
}
