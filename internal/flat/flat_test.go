package flat

import "testing"

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
	r := NewReader([]byte(` { "a" : "é" , "n" : -1.5e3 , "t" : true } `))
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
		if _, ok := NewReader([]byte(s)).String(); ok {
			t.Errorf("%q read as a plain string", s)
		}
	}
	for _, s := range []string{`01`, `-`, `1.`, `1e`, `.5`, `+1`} {
		if r := NewReader([]byte(s)); func() bool { _, ok := r.Number(); return ok && r.End() }() {
			t.Errorf("%q read as a number", s)
		}
	}
}

// TestName: a name is one of the set, "" for any other, and false where
// String would fail.
func TestName(t *testing.T) {
	names := []string{"role", "sessionName"}
	for _, tc := range []struct {
		text, name string
		ok         bool
	}{
		{`"role"`, "role", true},
		{` "sessionName"`, "sessionName", true},
		{`"rol"`, "", true},
		{`"roles"`, "", true},
		{`""`, "", true},
		{`"r\u006fle"`, "", false},
		{`"role`, "", false},
		{`role`, "", false},
	} {
		if name, ok := NewReader([]byte(tc.text)).Name(names); name != tc.name || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.text, name, ok, tc.name, tc.ok)
		}
	}
	b := []byte(`"sessionName"`)
	if n := testing.AllocsPerRun(100, func() { NewReader(b).Name(names) }); n != 0 {
		t.Errorf("Name allocates %v times", n)
	}
}
