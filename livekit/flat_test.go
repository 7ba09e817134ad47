package livekit

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzStringMap: whatever map flatMap reads, encoding/json reads the same.
func FuzzStringMap(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":"b","c":"é"}`, ` { "1" : "" , "0":"x" } `, `{"a":"b","a":"c"}`, `{"a":1}`, `{"a":"\u0041"}`, "{\"a\":\"\xff\"}", `{"a":"b"}x`, `{"a":"\ufffd"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := flatMap(data)
		if !ok {
			return
		}
		var slow []Attribute
		if err := decodeMap(data, &slow); err != nil || !json.Valid(data) || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: flatMap read %v, encoding/json %v (%v)", data, fast, slow, err)
		}
	})
}

// FuzzTokenRequest: whatever request parseFlatRequest reads,
// ParseTokenRequest's decoder reads the same.
func FuzzTokenRequest(f *testing.F) {
	for _, s := range []string{
		`{"room_name":"my-room","participant_identity":"alice","participant_name":"Alice"}`,
		`{"roomName":"r","participant_attributes":{"b":"1","0":"x"},"participant_metadata":""}`,
		`{"room_name":"r","participant_attributes":{ }}`, `{"room_name":"r","participant_attributes":{}}`,
		`{"room_name":"r","room_name":"s"}`, `{"room_name":"r","roomName":"s"}`, `{"x":"y"}`, `{"room_config":{}}`, `{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ok := parseFlatRequest(body)
		if !ok {
			return
		}
		slow, err := parseTokenRequestSlow(body)
		if err != nil || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: parseFlatRequest read %+v, the decoder %+v (%v)", body, fast, slow, err)
		}
	})
}
