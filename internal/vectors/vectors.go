// Package vectors reads the known-good tokens in testdata/, for tests only.
//
// Every token there was made by an independent implementation: jsrsasign,
// composed as Zoom's official samples compose payloads (../shared/refgen).
// testdata/zoom-sdk-vectors.json is the shared set as given;
// testdata/refgen-vectors.json is refgen's output for testdata/refgen-cases.json,
// which .ci/run regenerates and compares. No file here is written by sdkjwt.
package vectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// A Vector is one case: the inputs, and what refgen made of them.
type Vector struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"` // "meeting" or "video"
	Key         string `json:"key"`
	Secret      string `json:"secret"`
	IAT         int64  `json:"iat"`
	Exp         int64  `json:"exp"`
	Fields      Fields `json:"fields"`
	HeaderJSON  string `json:"header_json"`
	PayloadJSON string `json:"payload_json"`
	Token       string `json:"token"`
	// Set in our own cases only (refgen passes them through):
	Reject  string `json:"reject"`   // the claim sdkjwt must refuse
	InputMN string `json:"input_mn"` // the mn as a user types it, before normalising
}

// Fields are the claims a case sets; absent ones are nil or empty.
type Fields struct {
	MN                             json.RawMessage `json:"mn"` // a string, or (once) a number
	Role                           *int            `json:"role"`
	TokenExp                       int64           `json:"tokenExp"`
	RoleType                       int             `json:"role_type"`
	Tpc                            string          `json:"tpc"`
	UserIdentity                   string          `json:"user_identity"`
	UserKey                        string          `json:"user_key"`
	SessionKey                     string          `json:"session_key"`
	GeoRegions                     json.RawMessage `json:"geo_regions"` // a string or an array
	CloudRecordingOption           *int            `json:"cloud_recording_option"`
	CloudRecordingElection         *int            `json:"cloud_recording_election"`
	TelemetryTrackingID            string          `json:"telemetry_tracking_id"`
	VideoWebRTCMode                *int            `json:"video_webrtc_mode"`
	AudioWebRTCMode                *int            `json:"audio_webrtc_mode"`
	CloudRecordingTranscriptOption *int            `json:"cloud_recording_transcript_option"`
}

// Load reads both vector files, failing the test if either is missing, does
// not parse, or holds fewer cases than it should.
func Load(tb testing.TB) []Vector {
	_, here, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(here), "..", "..", "testdata")
	var all []Vector
	for _, f := range []struct {
		file    string
		atLeast int
	}{{"zoom-sdk-vectors.json", 20}, {"refgen-vectors.json", 60}} {
		file, atLeast := f.file, f.atLeast
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			tb.Fatal(err)
		}
		var vs []Vector
		if err := json.Unmarshal(b, &vs); err != nil {
			tb.Fatalf("%s: %v", file, err)
		}
		if len(vs) < atLeast {
			tb.Fatalf("%s: %d vectors, want at least %d", file, len(vs), atLeast)
		}
		all = append(all, vs...)
	}
	return all
}
