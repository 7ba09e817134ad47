// Package vectors reads the known-good tokens in testdata/, for tests only.
//
// Every token there was made by an independent implementation, which
// .ci/run runs again and compares: testdata/zoomgen/gen.js composes Zoom's
// payloads as Zoom's official samples compose them and signs them with
// jsrsasign (shared-vectors.json, the shared set of 20 cases, also compared
// with ../shared/vectors when present; sdk-vectors.json, ours; vectors.json,
// the Cobrowse SDK, API and hold tokens); testdata/livekit holds LiveKit
// tokens made by its Node server SDK (LoadLiveKit). No file here is written
// by sdkjwt.
package vectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// A Vector is one case: the inputs, and what the generator made of them.
type Vector struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"` // "meeting" or "video"; zoomgen: "cobrowse", "api" or "video-hold"
	Key         string `json:"key"`
	Secret      string `json:"secret"`
	IAT         int64  `json:"iat"`
	Exp         int64  `json:"exp"`
	Fields      Fields `json:"fields"`
	HeaderJSON  string `json:"header_json"`
	PayloadJSON string `json:"payload_json"`
	Token       string `json:"token"`
	// Set in our own cases only (the generator passes them through):
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
	// zoomgen's cases
	UserID     string `json:"user_id"`
	UserName   string `json:"user_name"`
	EnableBYOP *int   `json:"enable_byop"`
	Base       string `json:"base"` // video-hold: the sdk-vectors.json case the token adds hold to
	Hold       *int   `json:"hold"`
}

// Load reads the Meeting and Video vector files from dir, the repository's testdata
// directory as a path relative to the calling test's package ("../testdata"),
// failing the test if either is missing, does not parse, or holds fewer
// cases than it should.
func Load(tb testing.TB, dir string) []Vector {
	return load(tb, dir, file{"zoomgen/shared-vectors.json", 20}, file{"zoomgen/sdk-vectors.json", 60})
}

// LoadZoomgen reads dir/zoomgen/vectors.json likewise.
func LoadZoomgen(tb testing.TB, dir string) []Vector {
	return load(tb, dir, file{"zoomgen/vectors.json", 25})
}

// A file of vectors under testdata, and the least number of cases it holds.
type file struct {
	name    string
	atLeast int
}

func load(tb testing.TB, dir string, files ...file) []Vector {
	var all []Vector
	for _, f := range files {
		file, atLeast := f.name, f.atLeast
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
