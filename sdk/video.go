package sdk

import (
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// Video is the payload of a Video SDK token.
//
// The payload's claims, in this order (Zoom's videosdk-auth-endpoint-sample;
// user_key, which the sample does not emit yet, follows user_identity, and
// cloud_recording_transcript_option and hold come last):
//
//	app_key, role_type, tpc, version, iat, exp, user_identity, user_key,
//	session_key, geo_regions, cloud_recording_option, cloud_recording_election,
//	telemetry_tracking_id, video_webrtc_mode, audio_webrtc_mode,
//	cloud_recording_transcript_option, hold
//
// version is always 1. For the optional claims, the zero value leaves the
// claim out (an empty string included).
type Video struct {
	Key   string // app_key: the Video SDK key (required)
	Role  int    // role_type: Participant or Host
	Topic string // tpc: the session name, 1 to MaxTopicLen UTF-16 code units (required)
	// IssuedAt (iat) and ExpiresAt (exp) are Unix seconds;
	// MinLifetime <= ExpiresAt-IssuedAt <= MaxLifetime.
	IssuedAt, ExpiresAt int64
	// UserKey (user_key) identifies the user, at most MaxUserKeyLen.
	// UserIdentity (user_identity) is its old name, with the same limit;
	// setting both is allowed but warned about (see Warnings).
	UserIdentity, UserKey string
	SessionKey            string // session_key: at most MaxSessionKeyLen
	// GeoRegions (geo_regions) is a comma-separated list of AU BR CA CN DE HK
	// IN JP MX NL SG US. As in the sample, all whitespace is removed and
	// empty items are dropped ("US, DE," is "US,DE"); duplicates are kept.
	GeoRegions                     string
	CloudRecordingOption           OptInt // cloud_recording_option: 0 or 1
	CloudRecordingElection         OptInt // cloud_recording_election: 0 or 1
	TelemetryTrackingID            string // telemetry_tracking_id: any text
	VideoWebRTCMode                OptInt // video_webrtc_mode: 0 or 1
	AudioWebRTCMode                OptInt // audio_webrtc_mode: 0 or 1
	CloudRecordingTranscriptOption OptInt // cloud_recording_transcript_option: 0, 1 or 2
	// Hold (hold, Web SDK 2.6.10 and later), in the token of the first user
	// to join: 1 or 2 make the session refuse clients without OnHold
	// support; 0 is allowed, as "off".
	Hold OptInt
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (v Video) AppendPayload(dst []byte) ([]byte, error) { return v.appendPayload(dst) }

// appendPayload is AppendPayload on a pointer, so that Sign does not copy
// the struct a second time.
func (v *Video) appendPayload(dst []byte) ([]byte, error) {
	var c checker
	geo := v.check(&c)
	if c.err != nil {
		return dst, c.err
	}
	// The members always present, in the sample's order, as constant
	// fragments around their values; the others after them, if given.
	var o jwt.Object
	b := append(dst, `{"app_key":`...)
	b = o.Value(b, "app_key", v.Key)
	b = append(b, `,"role_type":`...)
	b = strconv.AppendInt(b, int64(v.Role), 10)
	b = append(b, `,"tpc":`...)
	b = o.Value(b, "tpc", v.Topic)
	b = append(b, `,"version":1,"iat":`...)
	b = strconv.AppendInt(b, v.IssuedAt, 10)
	b = append(b, `,"exp":`...)
	b = strconv.AppendInt(b, v.ExpiresAt, 10)
	if v.UserIdentity != "" {
		b = o.String(b, "user_identity", v.UserIdentity)
	}
	if v.UserKey != "" {
		b = o.String(b, "user_key", v.UserKey)
	}
	if v.SessionKey != "" {
		b = o.String(b, "session_key", v.SessionKey)
	}
	if geo != "" {
		b = o.String(b, "geo_regions", geo)
	}
	if n, ok := v.CloudRecordingOption.Get(); ok {
		b = o.Int(b, "cloud_recording_option", int64(n))
	}
	if n, ok := v.CloudRecordingElection.Get(); ok {
		b = o.Int(b, "cloud_recording_election", int64(n))
	}
	if v.TelemetryTrackingID != "" {
		b = o.String(b, "telemetry_tracking_id", v.TelemetryTrackingID)
	}
	if n, ok := v.VideoWebRTCMode.Get(); ok {
		b = o.Int(b, "video_webrtc_mode", int64(n))
	}
	if n, ok := v.AudioWebRTCMode.Get(); ok {
		b = o.Int(b, "audio_webrtc_mode", int64(n))
	}
	if n, ok := v.CloudRecordingTranscriptOption.Get(); ok {
		b = o.Int(b, "cloud_recording_transcript_option", int64(n))
	}
	if n, ok := v.Hold.Get(); ok {
		b = o.Int(b, "hold", int64(n))
	}
	return o.Close(b)
}

// Problems returns every rule the payload breaks, in claim order; none
// means it can be signed. AppendPayload and Sign report the first of them.
func (v Video) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	v.check(&checker{all: &all})
	return all
}

// check applies every rule, and returns geo_regions normalised.
func (v *Video) check(c *checker) (geo string) {
	if v.Key == "" {
		c.fail("appkey-missing", "app_key", "is required (the Video SDK key)", "", jwt.ErrRequired)
	}
	c.text("", "app_key", v.Key, 0)
	c.between("role-type-invalid", "role_type", v.Role, Participant, Host)
	if v.Topic == "" {
		c.fail("tpc-missing", "tpc", "is required (the session name)", "", jwt.ErrRequired)
	}
	c.text("tpc-too-long", "tpc", v.Topic, MaxTopicLen)
	c.times(v.IssuedAt, v.ExpiresAt, MinLifetime, MaxLifetime)
	c.text("user-identity-too-long", "user_identity", v.UserIdentity, MaxUserKeyLen)
	c.text("user-identity-too-long", "user_key", v.UserKey, MaxUserKeyLen)
	c.text("session-key-too-long", "session_key", v.SessionKey, MaxSessionKeyLen)
	if v.GeoRegions != "" {
		geo = geoRegions(v.GeoRegions)
		c.geo(v.GeoRegions, geo)
	}
	c.oneOf("claim-value", "cloud_recording_option", v.CloudRecordingOption, 1)
	c.oneOf("claim-value", "cloud_recording_election", v.CloudRecordingElection, 1)
	c.text("", "telemetry_tracking_id", v.TelemetryTrackingID, 0)
	c.oneOf("claim-value", "video_webrtc_mode", v.VideoWebRTCMode, 1)
	c.oneOf("claim-value", "audio_webrtc_mode", v.AudioWebRTCMode, 1)
	c.oneOf("claim-value", "cloud_recording_transcript_option", v.CloudRecordingTranscriptOption, 2)
	c.oneOf("hold-undocumented", "hold", v.Hold, 2)
	return geo
}

// Warnings returns what Zoom may refuse or ignore though no documented rule
// forbids it, each a *jwt.ClaimError wrapping jwt.ErrWarning: a tpc character outside
// the documented set (CheckTopic), user_identity and user_key both set,
// cloud recording options on a participant's token (Zoom: "Requires host"),
// and exp exactly 1800 seconds after iat.
func (v Video) Warnings() []*jwt.ClaimError {
	all := edge("exp", v.IssuedAt, v.ExpiresAt)
	if err := CheckTopic(v.Topic); err != nil {
		all = append(all, err.(*jwt.ClaimError))
	}
	if v.UserIdentity != "" && v.UserKey != "" {
		all = append(all, &jwt.ClaimError{Claim: "user_key", Rule: "is the new name of user_identity, and both are set: Zoom documents one field, so set only user_key", Value: strconv.Quote(v.UserKey), Err: jwt.ErrWarning, Code: "user-identity-and-key"})
	}
	if v.Role != Host {
		for _, o := range []struct {
			name string
			v    OptInt
		}{{"cloud_recording_option", v.CloudRecordingOption}, {"cloud_recording_transcript_option", v.CloudRecordingTranscriptOption}} {
			if n, ok := o.v.Get(); ok {
				all = append(all, &jwt.ClaimError{Claim: o.name, Rule: "requires the host (role_type 1), Zoom's docs say, and this token is a participant's", Value: strconv.Itoa(n), Err: jwt.ErrWarning, Code: "recording-needs-host"})
			}
		}
	}
	return all
}

// Sign checks the payload and returns the token signed by s, or a
// *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge (see jwt.CheckSize).
func (v Video) Sign(s *jwt.Signer) (string, error) {
	var buf [1024]byte // on the stack: payloads up to 1 KiB cost no allocation
	p, err := v.appendPayload(buf[:0])
	return sign(s, p, err)
}

// GeoRegionCodes lists the values Zoom accepts in geo_regions, case-sensitive.
const GeoRegionCodes = "AU,BR,CA,CN,DE,HK,IN,JP,MX,NL,SG,US"

// IsGeoRegion reports whether code is one of GeoRegionCodes.
func IsGeoRegion(code string) bool {
	switch code { // GeoRegionCodes, which TestIsGeoRegion compares
	case "AU", "BR", "CA", "CN", "DE", "HK", "IN", "JP", "MX", "NL", "SG", "US":
		return true
	}
	return false
}

// geoRegions normalises a geo_regions list as the sample does: every
// JavaScript whitespace character removed, empty items dropped, joined by ",".
func geoRegions(s string) string {
	if !js.HasSpace(s) {
		if t := strings.Trim(s, ","); !strings.Contains(t, ",,") {
			return t // no item to clean or drop but at the ends: no copy
		}
	}
	s = strings.Map(func(r rune) rune {
		if js.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ',' }), ",")
}

// geo checks a normalised geo_regions list (raw is what the caller gave).
func (c *checker) geo(raw, list string) {
	const rule = "must be a comma-separated list of " + GeoRegionCodes
	if list == "" {
		c.fail("geo-region-invalid", "geo_regions", rule, strconv.Quote(raw), jwt.ErrValue)
	}
	for i, start := 0, 0; i <= len(list); i++ { // a byte at a time: a list may have thousands of items
		if i < len(list) && list[i] != ',' {
			continue
		}
		if code := list[start:i]; !IsGeoRegion(code) {
			c.fail("geo-region-invalid", "geo_regions", rule, strconv.Quote(code)+" in "+strconv.Quote(raw), jwt.ErrValue)
		}
		start = i + 1
	}
}

// topicSymbols are the characters besides ASCII letters and digits that
// Zoom's docs allow in tpc: space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , \
const topicSymbols = " !#$%&()+-:;<=.>?@[]^_{}|~,\\"

// CheckTopic reports, as a *jwt.ClaimError wrapping jwt.ErrWarning, the first
// character of tpc outside the set Zoom's docs list (ASCII letters, digits,
// space and topicSymbols), or returns nil. It is a warning, not a rule: Zoom
// does not say that it refuses other characters, and people use them.
func CheckTopic(tpc string) error {
	for _, r := range tpc {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r < 0x80 && strings.ContainsRune(topicSymbols, r) {
			continue
		}
		return &jwt.ClaimError{Claim: "tpc", Rule: "has a character outside those Zoom documents (letters, digits, space and " + topicSymbols[1:] + ")", Value: strconv.QuoteRune(r) + " in " + strconv.Quote(tpc), Err: jwt.ErrWarning, Code: "tpc-charset"}
	}
	return nil
}
