package server

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/js"
)

func TestValueString(t *testing.T) {
	f, errs, ok := parseBody([]byte(`{"role":null,"sessionName":true,"geoRegions":[0,1,[2,[3]],null,"x",{}],"sessionKey":{"k":1},"userIdentity":"str","telemetryTrackingId":[],"other":1}`))
	if !ok || errs != nil {
		t.Fatal("not parsed", errs)
	}
	for p, want := range map[prop]string{propRole: "null", propSessionName: "true", propGeoRegions: "0,1,2,3,,x,[object Object]", propSessionKey: "[object Object]", propUserIdentity: "str", propTelemetryTrackingId: "", propMeetingNumber: "undefined"} {
		if got := f[p].String(); got != want {
			t.Errorf("%s: %q, want %q", properties[p], got, want)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{} {}`, `{"a":1`, `null`, `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":tru}`, "{\"a\":\"\x01\"}"} {
		if _, _, ok := parseBody([]byte(bad)); ok {
			t.Errorf("%q parsed as an object", bad)
		}
	}
}

// TestInvalidText: a string that is not Unicode text, wherever it is in a
// member's value, is refused naming the member; encoding/json would have
// read it as U+FFFD. Surrogate pairs and U+FFFD itself are text.
func TestInvalidText(t *testing.T) {
	for _, tc := range []struct {
		body string
		bad  []string
	}{
		{`{"sessionName":"\ud800"}`, []string{"sessionName"}},
		{`{"sessionName":"\uDC00x"}`, []string{"sessionName"}},
		{`{"sessionName":"\ud800\u0041"}`, []string{"sessionName"}},
		{`{"sessionName":"a\ud83d"}`, []string{"sessionName"}},
		{"{\"sessionName\":\"\xff\"}", []string{"sessionName"}},
		{"{\"userIdentity\":\"\xed\xa0\x80\",\"sessionName\":\"ok\"}", []string{"userIdentity"}}, // a surrogate in UTF-8
		{`{"geoRegions":["US","\udfff"],"sessionKey":{"y":"\ud800"}}`, []string{"geoRegions", "sessionKey"}},
		{`{"x":"\ud800"}`, nil},                              // not a property the samples read: not kept
		{`{"sessionName":"\ud800","sessionName":"ok"}`, nil}, // the last value counts
		{`{"sessionName":"\ud83d\ude00 \ufffd \\ud800"}`, nil},
		{"{\"sessionName\":\"\xef\xbf\xbd\"}", nil},
	} {
		_, errs, ok := parseBody([]byte(tc.body))
		var got []string
		for _, e := range errs {
			got = append(got, e.Property)
		}
		if !ok || !reflect.DeepEqual(got, tc.bad) {
			t.Errorf("%q: %v, want %q refused", tc.body, errs, tc.bad)
		}
	}
}

// FuzzParseBody: whatever body parseFlat reads, encoding/json reads the
// same (parseJSON), with the same errors.
func FuzzParseBody(f *testing.F) {
	for _, s := range []string{
		`{"sessionName":"Cool Cars","role":1,"sessionKey":"session123","userIdentity":"user123"}`,
		`{"meetingNumber":"123456789","role":"0","expirationSeconds":1800}`,
		` { "geoRegions" : [ "US" , "EU" ] , "n" : -0.5e+3 , "b" : false , "z" : null } `,
		`{"a":1,"a":"é"}`, `{}`, "{}\x00", `{"a":[]}`, `{"a":1e400}`, `{"a":"\u0041"}`, "{\"a\":\"\xff\"}",
		`{"sessionName":"\ud83d\ude00\n","role":"\u0031"}`, `{"sessionName":"\ud83d","role":1,"sessionName":"ok"}`,
		"{\"userIdentity\":\"ok\",\"userIdentity\":[\"\xff\"],\"sessionKey\":\"\\udc00\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		flat, flatErrs, ok := parseFlat(body)
		if !ok {
			return
		}
		f, errs, ok := parseJSON(body)
		if !ok || !reflect.DeepEqual(flat, f) || !reflect.DeepEqual(flatErrs, errs) {
			t.Fatalf("%q: parseFlat read %v %v, encoding/json %v %v %v", body, flat, flatErrs, f, errs, ok)
		}
	})
}

// TestControlCharacterRole: "\u0011" is no digit to JavaScript's parseInt,
// so the samples answer 400 (role NaN), not a host token.
func TestControlCharacterRole(t *testing.T) {
	z := &zoom{*zoomCredentials(t), false}
	for _, body := range []string{`{"sessionName":"s","role":"\u0011"}`, `{"sessionName":"s","role":"\u0010"}`, `{"meetingNumber":"1","role":"\u0011"}`} {
		f, _, _ := parseBody([]byte(body))
		var errs []Problem
		if f[propSessionName].kind != undefined {
			_, _, errs = z.video(&f, 1700000000)
		} else {
			_, _, errs = z.meeting(&f, 1700000000)
		}
		if len(errs) != 1 || errs[0] != (Problem{"role", "Value NaN not allowed, must be of type number"}) {
			t.Errorf("%s: %v", body, errs)
		}
	}
}

// TestItems: joinItems splits, cleans and joins as the samples'
// toStringArray and join do (written here the plain way).
func TestItems(t *testing.T) {
	plain := func(v value) string {
		items := strings.Split(v.s, ",")
		if v.kind == array {
			items = nil
			for _, e := range v.arr {
				items = append(items, e.s)
			}
		}
		var out []string
		for _, s := range items {
			if s = strings.Join(strings.FieldsFunc(s, js.IsSpace), ""); s != "" {
				out = append(out, s)
			}
		}
		return strings.Join(out, ",")
	}
	for _, s := range []string{"", ",", "US", "US,CA", " US , CA ,", ",,US,,", "U\u00a0S", "\u3000", "US,\x01,CA", "é,\ufeffCA", "US ,\tCA\n", "a,b,c,,d"} {
		for _, v := range []value{{kind: str, s: s}, {kind: array, arr: []value{{kind: str, s: s}, {kind: str, s: "x"}}}} {
			if got, want := joinItems(v), plain(v); got != want {
				t.Errorf("%v: %q, want %q", v, got, want)
			}
		}
	}
}
