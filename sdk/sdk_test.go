package sdk

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// notSignable are vectors sdkjwt deliberately does not reproduce.
var notSignable = map[string]string{
	"meeting_mn_as_number": "sdkjwt always emits mn as a JSON string, as Zoom's examples do (docs/zoom.md)",
}

func opt(p *int) OptInt {
	if p == nil {
		return OptInt{}
	}
	return Int(*p)
}

func appendPayload(t *testing.T, v vectors.Vector) ([]byte, error) {
	f := v.Fields
	switch v.Kind {
	case "video":
		return videoOf(t, v).AppendPayload(nil)
	case "meeting":
		m := Meeting{Key: v.Key, Role: opt(f.Role), IssuedAt: v.IAT, ExpiresAt: v.Exp, TokenExp: f.TokenExp, VideoWebRTCMode: opt(f.VideoWebRTCMode)}
		if f.MN != nil && json.Unmarshal(f.MN, &m.MN) != nil {
			t.Fatalf("%s: mn %s is not a string", v.Name, f.MN)
		}
		if v.InputMN != "" {
			m.MN = v.InputMN
		}
		return m.AppendPayload(nil)
	}
	t.Fatalf("%s: kind %q", v.Name, v.Kind)
	return nil, nil
}

// videoOf is the Video payload of a video vector's inputs.
func videoOf(t *testing.T, v vectors.Vector) Video {
	f := v.Fields
	{
		var geo string
		if f.GeoRegions != nil && json.Unmarshal(f.GeoRegions, &geo) != nil {
			var list []string
			if err := json.Unmarshal(f.GeoRegions, &list); err != nil {
				t.Fatal(err)
			}
			geo = strings.Join(list, ",")
		}
		return Video{
			Key: v.Key, Role: f.RoleType, Topic: f.Tpc, IssuedAt: v.IAT, ExpiresAt: v.Exp,
			UserIdentity: f.UserIdentity, UserKey: f.UserKey, SessionKey: f.SessionKey, GeoRegions: geo,
			CloudRecordingOption: opt(f.CloudRecordingOption), CloudRecordingElection: opt(f.CloudRecordingElection),
			TelemetryTrackingID: f.TelemetryTrackingID, VideoWebRTCMode: opt(f.VideoWebRTCMode),
			AudioWebRTCMode: opt(f.AudioWebRTCMode), CloudRecordingTranscriptOption: opt(f.CloudRecordingTranscriptOption),
		}
	}
}

// TestVectors builds every vector's payload from its inputs and compares the
// payload and the signed token byte for byte with the independent ones, or
// checks that the claim the case breaks is the one refused.
func TestVectors(t *testing.T) {
	signed, refused := 0, 0
	for _, v := range vectors.Load(t, "../testdata") {
		if why, ok := notSignable[v.Name]; ok {
			t.Logf("%s: not signed: %s", v.Name, why)
			delete(notSignable, v.Name)
			continue
		}
		payload, err := appendPayload(t, v)
		if v.Reject != "" {
			var fe *jwt.ClaimError
			if !errors.As(err, &fe) || fe.Claim != v.Reject {
				t.Errorf("%s: got %v, want an error about %s", v.Name, err, v.Reject)
			}
			refused++
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
			continue
		}
		if string(payload) != v.PayloadJSON {
			t.Errorf("%s: payload\n got %s\nwant %s", v.Name, payload, v.PayloadJSON)
		}
		s, err := jwt.NewSigner([]byte(v.Secret))
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Sign(payload); got != v.Token {
			t.Errorf("%s: token\n got %s\nwant %s", v.Name, got, v.Token)
		}
		signed++
	}
	if len(notSignable) > 0 {
		t.Errorf("stale notSignable entries: %v", notSignable)
	}
	if signed < 50 || refused < 10 {
		t.Errorf("only %d vectors signed and %d refused", signed, refused)
	}
}

// TestSignMatchesAppendPayload: Sign is AppendPayload plus jwt.Signer.Sign.
func TestSignMatchesVectors(t *testing.T) {
	s, _ := jwt.NewSigner([]byte("Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"))
	// video_minimal_host and meeting_web_attendee_mn_string in testdata/zoomgen/shared-vectors.json.
	v, err := Video{Key: "vQ3xR8sTzLmN4pKwYb2Hc", Role: Host, Topic: "Cool Cars", IssuedAt: 1700000000, ExpiresAt: 1700007200}.Sign(s)
	if want := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ"; err != nil || v != want {
		t.Errorf("Video.Sign = %s, %v", v, err)
	}
	m, err := Meeting{Key: "vQ3xR8sTzLmN4pKwYb2Hc", MN: "123456789", Role: Int(Participant), IssuedAt: 1700000000, ExpiresAt: 1700007200}.Sign(s)
	if want := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBLZXkiOiJ2UTN4UjhzVHpMbU40cEt3WWIySGMiLCJzZGtLZXkiOiJ2UTN4UjhzVHpMbU40cEt3WWIySGMiLCJtbiI6IjEyMzQ1Njc4OSIsInJvbGUiOjAsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDA3MjAwLCJ0b2tlbkV4cCI6MTcwMDAwNzIwMH0.O0svZ9aRRzA0_WPO88p0zJzL-5B0KJiXRq9jG9aV9qg"; err != nil || m != want {
		t.Errorf("Meeting.Sign = %s, %v", m, err)
	}
	if tok, err := (Video{}).Sign(s); tok != "" || !errors.Is(err, jwt.ErrRequired) {
		t.Errorf("Video{}.Sign = %q, %v", tok, err)
	}
	if tok, err := (Meeting{}).Sign(s); tok != "" || !errors.Is(err, jwt.ErrRequired) {
		t.Errorf("Meeting{}.Sign = %q, %v", tok, err)
	}
}

const iat = 1700000000

func goodVideo() Video {
	return Video{Key: "key", Topic: "t", IssuedAt: iat, ExpiresAt: iat + 7200}
}

func goodMeeting() Meeting {
	return Meeting{Key: "key", MN: "123456789", Role: Int(Host), IssuedAt: iat, ExpiresAt: iat + 7200}
}

// TestErrors: each rule, the claim it names, its sentinel, and the message
// (which must quote the offending value).
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(*Video, *Meeting) // one of the two is used: the non-nil edit
		video   bool
		field   string
		sent    error
		message string
	}{
		{"video key", func(v *Video, _ *Meeting) { v.Key = "" }, true, "app_key", jwt.ErrRequired, "app_key is required (the Video SDK key)"},
		{"video key UTF-8", func(v *Video, _ *Meeting) { v.Key = "k\xff" }, true, "app_key", jwt.ErrValue, `app_key must be valid UTF-8, got "k\xff"`},
		{"role_type", func(v *Video, _ *Meeting) { v.Role = -1 }, true, "role_type", jwt.ErrValue, "role_type must be 0 or 1, got -1"},
		{"tpc missing", func(v *Video, _ *Meeting) { v.Topic = "" }, true, "tpc", jwt.ErrRequired, "tpc is required (the session name)"},
		{"tpc UTF-8", func(v *Video, _ *Meeting) { v.Topic = "\xc3(" }, true, "tpc", jwt.ErrValue, `tpc must be valid UTF-8, got "\xc3("`},
		{"tpc long", func(v *Video, _ *Meeting) { v.Topic = strings.Repeat("ü", 201) }, true, "tpc", jwt.ErrLength, "tpc must be at most 200 UTF-16 code units, got 201 in \"üüü"},
		{"iat zero", func(v *Video, _ *Meeting) { v.IssuedAt, v.ExpiresAt = 0, 7200 }, true, "iat", jwt.ErrTime, "iat must be Unix time in seconds (1 to 9999999999; a 13-digit value is milliseconds), got 0"},
		{"iat milliseconds", func(v *Video, _ *Meeting) { v.IssuedAt, v.ExpiresAt = 1700000000000, 1700007200000 }, true, "iat", jwt.ErrTime, "got 1700000000000"},
		{"exp before iat", func(v *Video, _ *Meeting) { v.ExpiresAt = iat - 1 }, true, "exp", jwt.ErrTime, "exp must be 1800 to 172800 seconds (30 minutes to 48 hours) after iat, got -1 seconds (iat 1700000000, exp 1699999999)"},
		{"exp 1799", func(v *Video, _ *Meeting) { v.ExpiresAt = iat + 1799 }, true, "exp", jwt.ErrTime, "got 1799 seconds"},
		{"exp 172801", func(v *Video, _ *Meeting) { v.ExpiresAt = iat + 172801 }, true, "exp", jwt.ErrTime, "got 172801 seconds"},
		{"user_identity", func(v *Video, _ *Meeting) { v.UserIdentity = strings.Repeat("😀", 18) + "a" }, true, "user_identity", jwt.ErrLength, "user_identity must be at most 36 UTF-16 code units, got 37 in"},
		{"hold 3", func(v *Video, _ *Meeting) { v.Hold = Int(3) }, true, "hold", jwt.ErrValue, "hold must be 0, 1 or 2, got 3"},
		{"session_key", func(v *Video, _ *Meeting) { v.SessionKey = strings.Repeat("s", 37) }, true, "session_key", jwt.ErrLength, "got 37 in"},
		{"geo empty", func(v *Video, _ *Meeting) { v.GeoRegions = " , ,\u3000" }, true, "geo_regions", jwt.ErrValue, `geo_regions must be a comma-separated list of AU,BR,CA,CN,DE,HK,IN,JP,MX,NL,SG,US, got " , ,\u3000"`},
		{"geo unknown", func(v *Video, _ *Meeting) { v.GeoRegions = "US, EU" }, true, "geo_regions", jwt.ErrValue, `got "EU" in "US, EU"`},
		{"geo not a JS space", func(v *Video, _ *Meeting) { v.GeoRegions = "U\u0085S" }, true, "geo_regions", jwt.ErrValue, `got "U\u0085S"`},
		{"geo across a comma", func(v *Video, _ *Meeting) { v.GeoRegions = "U,S" }, true, "geo_regions", jwt.ErrValue, `got "U" in "U,S"`},
		{"cloud_recording_option", func(v *Video, _ *Meeting) { v.CloudRecordingOption = Int(2) }, true, "cloud_recording_option", jwt.ErrValue, "must be 0 or 1, got 2"},
		{"cloud_recording_election", func(v *Video, _ *Meeting) { v.CloudRecordingElection = Int(-1) }, true, "cloud_recording_election", jwt.ErrValue, "got -1"},
		{"telemetry UTF-8", func(v *Video, _ *Meeting) { v.TelemetryTrackingID = "\xff" }, true, "telemetry_tracking_id", jwt.ErrValue, "valid UTF-8"},
		{"audio_webrtc_mode", func(v *Video, _ *Meeting) { v.AudioWebRTCMode = Int(7) }, true, "audio_webrtc_mode", jwt.ErrValue, "got 7"},
		{"video_webrtc_mode", func(v *Video, _ *Meeting) { v.VideoWebRTCMode = Int(7) }, true, "video_webrtc_mode", jwt.ErrValue, "got 7"},
		{"transcript", func(v *Video, _ *Meeting) { v.CloudRecordingTranscriptOption = Int(3) }, true, "cloud_recording_transcript_option", jwt.ErrValue, "must be 0, 1 or 2, got 3"},

		{"meeting key", func(_ *Video, m *Meeting) { m.Key = "" }, false, "appKey", jwt.ErrRequired, "appKey is required (the SDK Key or Client ID)"},
		{"mn letters", func(_ *Video, m *Meeting) { m.MN = "123 abc" }, false, "mn", jwt.ErrValue, `mn must be digits (spaces and dashes are removed), got "123 abc"`},
		{"mn only dashes", func(_ *Video, m *Meeting) { m.MN = " - " }, false, "mn", jwt.ErrValue, `got " - "`},
		{"mn plus sign", func(_ *Video, m *Meeting) { m.MN = "+123" }, false, "mn", jwt.ErrValue, `got "+123"`},
		{"mn full-width digits", func(_ *Video, m *Meeting) { m.MN = "１２３" }, false, "mn", jwt.ErrValue, `got "１２３"`},
		{"mn without role", func(_ *Video, m *Meeting) { m.Role = OptInt{} }, false, "role", jwt.ErrConflict, "role is required with mn (a web token has both; a native token neither)"},
		{"role without mn", func(_ *Video, m *Meeting) { m.MN = "" }, false, "role", jwt.ErrConflict, "role needs mn (a web token has both; a native token neither), got 1"},
		{"role 2", func(_ *Video, m *Meeting) { m.Role = Int(2) }, false, "role", jwt.ErrValue, "role must be 0 or 1, got 2"},
		{"meeting exp", func(_ *Video, m *Meeting) { m.ExpiresAt = iat + 172801 }, false, "exp", jwt.ErrTime, "got 172801 seconds"},
		{"tokenExp short", func(_ *Video, m *Meeting) { m.TokenExp = iat + 1799 }, false, "tokenExp", jwt.ErrTime, "tokenExp must be at least 1800 seconds after iat, got 1799 seconds (tokenExp 1700001799)"},
		{"meeting video_webrtc_mode", func(_ *Video, m *Meeting) { m.VideoWebRTCMode = Int(2) }, false, "video_webrtc_mode", jwt.ErrValue, "got 2"},
	} {
		v, m := goodVideo(), goodMeeting()
		tc.edit(&v, &m)
		var out []byte
		var err error
		if tc.video {
			out, err = v.AppendPayload([]byte("dst"))
		} else {
			out, err = m.AppendPayload([]byte("dst"))
		}
		var fe *jwt.ClaimError
		if !errors.As(err, &fe) || fe.Claim != tc.field || !errors.Is(err, tc.sent) {
			t.Errorf("%s: got %v, want %s and %v", tc.name, err, tc.field, tc.sent)
			continue
		}
		if !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: message %q does not contain %q", tc.name, err, tc.message)
		}
		if string(out) != "dst" {
			t.Errorf("%s: dst changed to %q", tc.name, out)
		}
	}
}

// Optional claims: absent when zero, present (even as 0) when set.
func TestOptionalClaims(t *testing.T) {
	v := goodVideo()
	p, _ := v.AppendPayload(nil)
	if want := `{"app_key":"key","role_type":0,"tpc":"t","version":1,"iat":1700000000,"exp":1700007200}`; string(p) != want {
		t.Errorf("got %s, want %s", p, want)
	}
	m := Meeting{Key: "k", IssuedAt: iat, ExpiresAt: iat + 1800, VideoWebRTCMode: Int(0)}
	p, _ = m.AppendPayload(nil)
	if want := `{"appKey":"k","sdkKey":"k","iat":1700000000,"exp":1700001800,"tokenExp":1700001800,"video_webrtc_mode":0}`; string(p) != want {
		t.Errorf("got %s, want %s", p, want)
	}
}

func TestCheckTopic(t *testing.T) {
	for tpc, bad := range map[string]string{
		"Cool Cars":                        "",
		`a-z_0:9 !#$%&()+;<=.>?@[]^{}|~,\`: "",
		"Grüße":                            `'ü'`,
		"a/b":                              `'/'`,
		`say "hi"`:                         `'"'`,
		"tab\there":                        `'\t'`,
		"it's":                             `'\''`,
	} {
		err := CheckTopic(tpc)
		if bad == "" {
			if err != nil {
				t.Errorf("%q: %v", tpc, err)
			}
			continue
		}
		var fe *jwt.ClaimError
		if !errors.As(err, &fe) || !errors.Is(err, jwt.ErrWarning) || fe.Claim != "tpc" || !strings.HasPrefix(fe.Value, bad+" in ") {
			t.Errorf("%q: got %v, want %s", tpc, err, bad)
		}
	}
}

// FuzzPayloads: any inputs give either a *jwt.ClaimError or a payload that
// encoding/json reads back with the same values.
func FuzzPayloads(f *testing.F) {
	f.Add("Cool Cars", "user123", " US , CA,,", "123 456-789", int64(7200))
	f.Add("😀\u2028<>&\x00", "\xff", "U\u0085S", "--", int64(1799))
	f.Fuzz(func(t *testing.T, topic, user, geo, mn string, life int64) {
		v := Video{Key: "k", Topic: topic, UserIdentity: user, GeoRegions: geo, IssuedAt: iat, ExpiresAt: iat + life}
		p, err := v.AppendPayload(nil)
		var fe *jwt.ClaimError
		if err != nil {
			if !errors.As(err, &fe) || p != nil {
				t.Fatalf("%v, %q", err, p)
			}
		} else {
			var got struct {
				Tpc          string `json:"tpc"`
				UserIdentity string `json:"user_identity"`
				GeoRegions   string `json:"geo_regions"`
			}
			if err := json.Unmarshal(p, &got); err != nil || got.Tpc != topic || got.UserIdentity != user || got.GeoRegions != geoRegions(geo) {
				t.Fatalf("%s: %v %+v", p, err, got)
			}
		}
		m := Meeting{Key: "k", MN: mn, IssuedAt: iat, ExpiresAt: iat + life}
		if mn != "" {
			m.Role = Int(Host)
		}
		p, err = m.AppendPayload(nil)
		if err != nil {
			if !errors.As(err, &fe) {
				t.Fatal(err)
			}
			return
		}
		var got struct {
			MN string `json:"mn"`
		}
		if err := json.Unmarshal(p, &got); err != nil || got.MN != meetingNumber(mn) || strings.Trim(got.MN, "0123456789") != "" {
			t.Fatalf("%s: %v %+v", p, err, got)
		}
	})
}

// Problems lists every broken rule where Sign stops at the first.
func TestProblems(t *testing.T) {
	v := Video{Role: 2, Topic: strings.Repeat("t", 201), IssuedAt: 1700000000, ExpiresAt: 1700000000 + 60, SessionKey: strings.Repeat("s", 37), GeoRegions: "US,XX"}
	var fields []string
	for _, e := range v.Problems() {
		fields = append(fields, e.Claim)
	}
	if want := []string{"app_key", "role_type", "tpc", "exp", "session_key", "geo_regions"}; !slices.Equal(fields, want) {
		t.Errorf("Video: %q, want %q", fields, want)
	}
	if _, err := v.Sign(nil); err == nil || err.Error() != v.Problems()[0].Error() {
		t.Errorf("Sign reports %v, not the first problem", err)
	}
	m := Meeting{Key: "k", MN: "12a", IssuedAt: 1700000000, ExpiresAt: 1700000000 + 7200, TokenExp: 1700000000 + 60, VideoWebRTCMode: Int(3)}
	fields = nil
	for _, e := range m.Problems() {
		fields = append(fields, e.Claim)
	}
	if want := []string{"mn", "tokenExp", "video_webrtc_mode"}; !slices.Equal(fields, want) {
		t.Errorf("Meeting: %q, want %q", fields, want)
	}
	if (Video{Key: "k", Topic: "t", IssuedAt: 1700000000, ExpiresAt: 1700007200}).Problems() != nil {
		t.Error("a valid Video has problems")
	}
}

// TestZoomgenVectors builds the Cobrowse SDK, API and hold tokens of
// testdata/zoomgen (jsrsasign) from their inputs and compares them byte for
// byte, or checks that the claim the case breaks is the one refused.
func TestZoomgenVectors(t *testing.T) {
	bases := map[string]vectors.Vector{}
	for _, v := range vectors.Load(t, "../testdata") {
		bases[v.Name] = v
	}
	kinds := map[string]int{}
	for _, v := range vectors.LoadZoomgen(t, "../testdata") {
		f := v.Fields
		var payload []byte
		var err error
		switch v.Kind {
		case "cobrowse":
			payload, err = Cobrowse{Key: v.Key, Role: f.RoleType, UserID: f.UserID, UserName: f.UserName, IssuedAt: v.IAT, ExpiresAt: v.Exp, BYOP: opt(f.EnableBYOP)}.AppendPayload(nil)
		case "api":
			payload, err = API{Key: v.Key, IssuedAt: v.IAT, ExpiresAt: v.Exp}.AppendPayload(nil)
		case "video-hold":
			base, ok := bases[f.Base]
			if !ok {
				t.Fatalf("%s: no vector %s", v.Name, f.Base)
			}
			video := videoOf(t, base)
			video.Hold = opt(f.Hold)
			payload, err = video.AppendPayload(nil)
		default:
			t.Fatalf("%s: kind %q", v.Name, v.Kind)
		}
		kinds[v.Kind]++
		if v.Reject != "" {
			var fe *jwt.ClaimError
			if !errors.As(err, &fe) || fe.Claim != v.Reject {
				t.Errorf("%s: got %v, want an error about %s", v.Name, err, v.Reject)
			}
			continue
		}
		if err != nil || string(payload) != v.PayloadJSON {
			t.Errorf("%s: payload\n got %s, %v\nwant %s", v.Name, payload, err, v.PayloadJSON)
			continue
		}
		s, err := jwt.NewSigner([]byte(v.Secret))
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Sign(payload); got != v.Token {
			t.Errorf("%s: token\n got %s\nwant %s", v.Name, got, v.Token)
		}
	}
	if kinds["cobrowse"] < 15 || kinds["api"] < 5 || kinds["video-hold"] < 5 {
		t.Errorf("too few vectors: %v", kinds)
	}
}

func TestWarnings(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*Video)
		fields []string
	}{
		{"none", func(*Video) {}, nil},
		{"charset", func(v *Video) { v.Topic = "Café" }, []string{"tpc"}},
		{"both ids", func(v *Video) { v.UserIdentity, v.UserKey = "a", "b" }, []string{"user_key"}},
		{"recording on a participant", func(v *Video) {
			v.Role, v.CloudRecordingOption, v.CloudRecordingTranscriptOption = Participant, Int(0), Int(1)
		}, []string{"cloud_recording_option", "cloud_recording_transcript_option"}},
		{"recording on the host", func(v *Video) { v.Role, v.CloudRecordingOption = Host, Int(1) }, nil},
	} {
		v := goodVideo()
		tc.edit(&v)
		var got []string
		for _, w := range v.Warnings() {
			if !errors.Is(w, jwt.ErrWarning) {
				t.Errorf("%s: %v does not wrap jwt.ErrWarning", tc.name, w)
			}
			got = append(got, w.Claim)
		}
		if !slices.Equal(got, tc.fields) {
			t.Errorf("%s: warnings about %q, want %q", tc.name, got, tc.fields)
		}
		if len(v.Problems()) != 0 {
			t.Errorf("%s: a warning is also a broken rule: %v", tc.name, v.Problems())
		}
	}
	if w := (API{Key: "k", IssuedAt: 1700000000, ExpiresAt: 1700003600}).Warnings(); len(w) != 0 {
		t.Errorf("API, 1 hour: %v", w)
	}
	if w := (API{Key: "k", IssuedAt: 1700000000, ExpiresAt: 1700003601}).Warnings(); len(w) != 1 || w[0].Claim != "exp" {
		t.Errorf("API, 1 hour and 1 second: %v", w)
	}
}

func TestCheckMN(t *testing.T) {
	for mn, ok := range map[string]bool{"123456789": true, "12345678901234567890": true, "0": true, "": false, "123 456": false, "123-456": false, "1e9": false, "１２３": false, "+1": false} {
		if err := CheckMN(mn); (err == nil) != ok || err != nil && !errors.Is(err, jwt.ErrValue) {
			t.Errorf("CheckMN(%q) = %v", mn, err)
		}
	}
	// The signer removes spaces and dashes, then applies the same rule: a
	// 20-digit mn it signs is one CheckMN accepts.
	m := goodMeeting()
	m.MN = "1234 5678-9012 3456 7890"
	if _, err := m.AppendPayload(nil); err != nil || CheckMN(meetingNumber(m.MN)) != nil {
		t.Errorf("20 digits: %v", err)
	}
}
