package jwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"unicode/utf8"
)

// jsEscapes is what JavaScript's JSON.stringify writes for U+0000..U+001F
// (ECMA-262 QuoteJSONString): five short escapes, \u00xx for the rest.
var jsEscapes = map[byte]string{'\b': `\b`, '\t': `\t`, '\n': `\n`, '\f': `\f`, '\r': `\r`}

func TestAppendStringControlCharacters(t *testing.T) {
	for c := byte(0); c < 0x20; c++ {
		want, ok := jsEscapes[c]
		if !ok {
			want = fmt.Sprintf(`\u%04x`, c)
		}
		got, err := appendString(nil, "a"+string(rune(c))+"b")
		if err != nil || string(got) != `"a`+want+`b"` {
			t.Errorf("U+%04X: got %s, %v; want \"a%sb\"", c, got, err, want)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"Cool Cars", `"Cool Cars"`},
		{`say "hi"`, `"say \"hi\""`},
		{`C:\path`, `"C:\\path"`},
		{"<b>&amp;</b>", `"<b>&amp;</b>"`}, // encoding/json would write \u003c
		{"\x7f", "\"\x7f\""},               // DEL is not escaped
		{"Grüße, 東京", `"Grüße, 東京"`},
		{"emoji 😀", `"emoji 😀"`},
		{"line\u2028para\u2029", "\"line\u2028para\u2029\""}, // raw, unlike encoding/json
		{"\uFFFD", "\"\uFFFD\""},                             // a real U+FFFD is fine
		{"/", `"/"`},                                         // not escaped
	} {
		got, err := appendString([]byte("x"), tc.in)
		if err != nil || string(got) != "x"+tc.want {
			t.Errorf("appendString(%q) = %s, %v; want x%s", tc.in, got, err, tc.want)
		}
	}
}

func TestAppendStringInvalidUTF8(t *testing.T) {
	for _, in := range []string{"\xff", "ok\xc3", "\xed\xa0\x80" /* a surrogate */, "\xc0\xaf" /* overlong */} {
		got, err := appendString([]byte("keep"), in)
		if !errors.Is(err, ErrInvalidUTF8) || string(got) != "keep" {
			t.Errorf("appendString(%q) = %q, %v; want \"keep\", ErrInvalidUTF8", in, got, err)
		}
	}
}

func TestObject(t *testing.T) {
	var o Object
	b := o.Open([]byte("prefix:"))
	b = o.String(b, "a", "x")
	b = o.Int(b, "n", -42)
	b = o.Int(b, "big", 9007199254740993)
	b = o.String(b, "k\"ey", "")
	got, err := o.Close(b)
	want := `prefix:{"a":"x","n":-42,"big":9007199254740993,"k\"ey":""}`
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}

	var empty Object
	if got, err := empty.Close(empty.Open([]byte("{"))); err != nil || string(got) != "{{}" {
		t.Errorf("empty object: got %s, %v", got, err)
	}
}

func TestObjectError(t *testing.T) {
	var o Object
	b := o.String(o.Open(nil), "tpc", "bad\xff")
	b = o.Int(b, "iat", 1) // ignored after the error
	got, err := o.Close(b)
	if !errors.Is(err, ErrInvalidUTF8) || got != nil {
		t.Fatalf("got %q, %v; want nil, ErrInvalidUTF8", got, err)
	}
	if want := `jwt: not valid UTF-8: the value of JSON member "tpc"`; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "Cool Cars", "\x00\x1f\"\\", "<>&\u2028", "😀", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := appendString(nil, s)
		if !utf8.ValidString(s) {
			if !errors.Is(err, ErrInvalidUTF8) || len(out) != 0 {
				t.Fatalf("invalid UTF-8 %q accepted: %q, %v", s, out, err)
			}
			return
		}
		var back string
		if err != nil || json.Unmarshal(out, &back) != nil || back != s {
			t.Fatalf("%q -> %s (%v) -> %q", s, out, err, back)
		}
	})
}

// TestObjectValue: a value after a caller's constant fragment, the plain
// fast path and the escaping one, and the error naming the member.
func TestObjectValue(t *testing.T) {
	var o Object
	b := append([]byte(nil), `{"tpc":`...)
	b = o.Value(b, "tpc", "Cool Cars")
	b = append(b, `,"k":`...)
	b = o.Value(b, "k", "a\"b\\c\n\u2028")
	b = o.String(b, "z", "")
	got, err := o.Close(b)
	want := `{"tpc":"Cool Cars","k":"a\"b\\c\n` + "\u2028" + `","z":""}`
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}
	var bad Object
	b = bad.Value(append([]byte(nil), `{"tpc":`...), "tpc", "ok\xff")
	if got, err := bad.Close(bad.Value(b, "x", "y")); got != nil || err == nil || err.Error() != `jwt: not valid UTF-8: the value of JSON member "tpc"` {
		t.Errorf("invalid UTF-8: %q, %v", got, err)
	}
}

func FuzzObject(f *testing.F) {
	f.Add("tpc", "Cool Cars", "iat", int64(1700000000))
	f.Add("", "\x00", "a\"", int64(-1))
	f.Fuzz(func(t *testing.T, k1, v1, k2 string, n int64) {
		var o Object
		b := o.String(o.Open(nil), k1, v1)
		b = o.Int(b, k2, n)
		out, err := o.Close(b)
		// Value after a fragment (the name, as String writes it) writes what
		// String writes.
		if b2, ok := appendName([]byte("{"), k1); ok {
			var o2 Object
			b2 = o2.Int(o2.Value(b2, k1, v1), k2, n)
			if out2, err2 := o2.Close(b2); !bytes.Equal(out, out2) || (err == nil) != (err2 == nil) {
				t.Fatalf("String %q, %v; Value %q, %v", out, err, out2, err2)
			}
		}
		if !utf8.ValidString(k1) || !utf8.ValidString(v1) || !utf8.ValidString(k2) {
			if err == nil {
				t.Fatalf("invalid UTF-8 accepted: %q", out)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		dec := json.NewDecoder(bytes.NewReader(out))
		dec.UseNumber()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if k1 == k2 { // the later member wins in encoding/json
			if got[k2] != json.Number(fmt.Sprint(n)) || len(got) != 1 {
				t.Fatalf("%s decoded as %v", out, got)
			}
			return
		}
		if got[k1] != v1 || got[k2] != json.Number(fmt.Sprint(n)) || len(got) != 2 {
			t.Fatalf("%s decoded as %v", out, got)
		}
	})
}

// TestObjectNested writes every kind of member; the want strings are what
// JSON.stringify writes for the same object.
func TestObjectNested(t *testing.T) {
	var o Object
	b := o.Open(nil)
	b = o.Bool(b, "t", true)
	b = o.Begin(b, "v")
	b = o.Bool(b, "f", false)
	b = o.Strings(b, "s", []string{"a\"", "é"})
	b = o.Strings(b, "e", nil)
	b = o.End(b)
	b = o.BeginArray(b, "a")
	b = o.Element(b)
	b = o.String(b, "n", "1")
	b = o.End(b)
	b = o.Element(b)
	b = o.Begin(b, "m")
	b = o.End(b)
	b = o.End(b)
	b = o.EndArray(b)
	b = o.BeginArray(b, "none")
	b = o.EndArray(b)
	b = o.Int(b, "i", 2)
	got, err := o.Close(b)
	want := `{"t":true,"v":{"f":false,"s":["a\"","é"],"e":[]},"a":[{"n":"1"},{"m":{}}],"none":[],"i":2}`
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v\nwant %s", got, err, want)
	}
	var bad Object
	b = bad.Strings(bad.Open(nil), "s", []string{"ok", "\xff"})
	if _, err := bad.Close(b); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("an invalid string in an array: %v", err)
	}
	for name, write := range map[string]func(o *Object, b []byte) []byte{
		"Bool":       func(o *Object, b []byte) []byte { return o.Bool(b, "\xff", true) },
		"Begin":      func(o *Object, b []byte) []byte { return o.Begin(b, "\xff") },
		"BeginArray": func(o *Object, b []byte) []byte { return o.BeginArray(b, "\xff") },
	} {
		var o Object
		if _, err := o.Close(write(&o, o.Open(nil))); !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("%s with an invalid name: %v", name, err)
		}
	}
}
