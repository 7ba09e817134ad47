package server

import "testing"

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
