package sdk

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Zoom's tokens: how to tell
// them apart, and their rules as findings. The rules themselves are those
// of the payload types (their Problems and Warnings methods).

func init() {
	inspect.Register(codes, VideoKind, MeetingWebKind, MeetingNativeKind, CobrowseKind, APIKind, LegacyKind)
}

// Credentials' environment variables: the pair of the kind's SDK first,
// then the pair of Zoom's Cobrowse sample, which the others accept too.
var (
	videoEnv   = []inspect.Env{{Key: "ZOOM_VIDEO_SDK_KEY", Secret: "ZOOM_VIDEO_SDK_SECRET"}, {Key: "ZOOM_SDK_KEY", Secret: "ZOOM_SDK_SECRET"}}
	meetingEnv = []inspect.Env{{Key: "ZOOM_MEETING_SDK_KEY", Secret: "ZOOM_MEETING_SDK_SECRET"}, {Key: "ZOOM_SDK_KEY", Secret: "ZOOM_SDK_SECRET"}}
)

// Zoom's kinds of token, as package inspect names and recognises them.
var (
	VideoKind = &inspect.Kind{Name: "zoom-video", KeyClaim: "app_key", Env: videoEnv, Match: isVideo, Check: checkVideo,
		Uses: sdkUses, Joins: []string{"topic"}, Use: useSDK}
	MeetingWebKind = &inspect.Kind{Name: "zoom-meeting-web", KeyClaim: "appKey", Env: meetingEnv, Match: isMeetingWeb, Check: checkMeeting,
		Uses: sdkUses, Joins: []string{"mn"}, Use: useSDK}
	MeetingNativeKind = &inspect.Kind{Name: "zoom-meeting-native", KeyClaim: "appKey", Env: meetingEnv, Match: isMeetingNative, Check: checkMeeting,
		Uses: sdkUses, Use: useSDK}
	CobrowseKind = &inspect.Kind{Name: "zoom-cobrowse", KeyClaim: "app_key", Env: []inspect.Env{{Key: "ZOOM_SDK_KEY", Secret: "ZOOM_SDK_SECRET"}}, Match: isCobrowse, Check: checkCobrowse,
		Uses: sdkUses, Use: useSDK}
	APIKind = &inspect.Kind{Name: "zoom-api", KeyClaim: "iss", Env: []inspect.Env{{Key: "ZOOM_API_KEY", Secret: "ZOOM_API_SECRET"}}, Match: isAPI, Check: checkAPI,
		Uses: []string{"api"}} // --use join: use-wrong-token
	// LegacyKind is the Web SDK's signature before the SDK JWT, which
	// inspect recognises to say so.
	LegacyKind = &inspect.Kind{Name: "zoom-legacy-web-signature", Decode: legacy}
)

// Claims by which the kinds are told apart: those of one SDK only (Zoom's
// docs, its samples and changelogs), those the Video and Cobrowse SDKs
// share, and those of an API token (aud as the retired JWT apps' had it).
var (
	videoOnly    = []string{"tpc", "version", "user_identity", "user_key", "session_key", "geo_regions", "cloud_recording_option", "cloud_recording_election", "telemetry_tracking_id", "audio_webrtc_mode", "audio_compatible_mode", "cloud_recording_transcript_option", "hold"}
	cobrowseOnly = []string{"user_id", "user_name", "enable_byop"}
	keyAndRole   = []string{"app_key", "role_type"} // Video and Cobrowse
	meetingOnly  = []string{"appKey", "sdkKey", "mn", "role", "tokenExp"}
	timeClaims   = []string{"iat", "exp"}
	zoomShared   = []string{"iat", "exp", "video_webrtc_mode"} // Video and Meeting
	apiClaims    = []string{"iss", "exp", "iat", "aud"}
)

// count returns how many of names the token has.
func count(c *inspect.Claims, names []string) int {
	n := 0
	for _, name := range names {
		if c.Has(name) {
			n++
		}
	}
	return n
}

// The kinds' Match functions exclude one another. A token with claims of
// both the Video and Meeting SDKs (mixed-sdk-claims) is of the one it has
// more claims of, Video when even; else one with Cobrowse's claims, or an
// agent's role_type, and none of Video's is a Cobrowse token.
func sdkCounts(c *inspect.Claims) (video, meeting int) {
	return count(c, videoOnly) + count(c, keyAndRole), count(c, meetingOnly)
}

func mixed(c *inspect.Claims) bool {
	v, m := sdkCounts(c)
	return v > 0 && m > 0
}

func isCobrowse(c *inspect.Claims) bool {
	agent := count(c, keyAndRole) > 0 && string(c.Raw("role_type")) == "2" // role_type 2 is Cobrowse's alone
	// user_id alone is not Cobrowse's: Stream's tokens are user_id and times.
	own := count(c, keyAndRole) > 0 || c.Has("user_name") || c.Has("enable_byop")
	return !mixed(c) && count(c, videoOnly) == 0 && own && (count(c, cobrowseOnly) > 0 || agent)
}

func isVideo(c *inspect.Claims) bool {
	v, m := sdkCounts(c)
	return v > 0 && m <= v && !isCobrowse(c)
}

func isMeeting(c *inspect.Claims) bool {
	v, m := sdkCounts(c)
	// role alone is not Meeting's: Stream's call tokens have one too.
	own := c.Has("appKey") || c.Has("sdkKey") || c.Has("mn") || c.Has("tokenExp")
	return m > v && own && !isCobrowse(c)
}

func isMeetingWeb(c *inspect.Claims) bool {
	return isMeeting(c) && (mixed(c) || c.Has("mn") || c.Has("role"))
}

func isMeetingNative(c *inspect.Claims) bool { return isMeeting(c) && !isMeetingWeb(c) }

// isAPI: iss, and no claim but those of an API token.
func isAPI(c *inspect.Claims) bool { return c.Has("iss") && count(c, apiClaims) == c.Len() }

// unknown reports the claims in none of the kind's lists, in token order,
// unless the token mixes the SDKs' claims (mixed-sdk-claims says it all).
func unknown(c *inspect.Claims, own ...[]string) {
	if mixed(c) {
		v, m := sdkCounts(c)
		c.Add("mixed-sdk-claims", fmt.Sprintf("the token mixes Video SDK claims (%d, such as app_key, tpc, role_type) with Meeting SDK claims (%d, such as appKey, mn, role)", v, m))
		return
	}
	for _, name := range c.Names() {
		if !slices.ContainsFunc(own, func(names []string) bool { return slices.Contains(names, name) }) {
			c.Add("claim-unknown", fmt.Sprintf("%q is not a claim Zoom documents for this SDK, so it is probably ignored", name))
			c.Explain(name)
		}
	}
}

// option reads an optional integer claim as the payload types hold it.
func option(c *inspect.Claims, name string) OptInt {
	if n, ok := c.Int(name, "claim-type"); ok {
		return Int(int(n))
	}
	return OptInt{}
}

// role reads role_type, with the message to give if it is missing.
func role(c *inspect.Claims, missing string) int {
	role, ok := c.Int("role_type", "role-type-invalid")
	if !ok && !c.Explained("role_type") {
		c.Add("role-type-missing", missing)
		c.Explain("role_type")
	}
	return int(role)
}

func checkVideo(c *inspect.Claims) {
	unknown(c, videoOnly, keyAndRole, zoomShared)
	iat, exp := c.Times(inspect.TimeRules{OwnLifetime: true})
	v := Video{IssuedAt: iat, ExpiresAt: exp}
	v.Key = c.String("app_key")
	v.Role = role(c, "role_type is missing (required since Video SDK 1.2.0)")
	v.Topic = c.String("tpc")
	if n, ok := c.Int("version", "claim-type"); !ok && !c.Explained("version") {
		c.Add("claim-missing", "version is missing: Zoom's docs require it, set to 1")
	} else if ok && n != 1 {
		c.Add("claim-value", "version must be 1, got "+strconv.FormatInt(n, 10))
	}
	v.UserIdentity = c.String("user_identity")
	v.UserKey = c.String("user_key")
	v.SessionKey = c.String("session_key")
	v.GeoRegions = c.String("geo_regions")
	v.CloudRecordingOption = option(c, "cloud_recording_option")
	v.CloudRecordingElection = option(c, "cloud_recording_election")
	v.TelemetryTrackingID = c.String("telemetry_tracking_id")
	v.VideoWebRTCMode = option(c, "video_webrtc_mode")
	v.AudioWebRTCMode = option(c, "audio_webrtc_mode")
	v.CloudRecordingTranscriptOption = option(c, "cloud_recording_transcript_option")
	v.Hold = option(c, "hold")
	c.Report(v.Problems())
	c.Report(v.Warnings())
	if c.Has("audio_compatible_mode") {
		c.Add("audio-compatible-mode-deprecated", "audio_compatible_mode is deprecated: audio_webrtc_mode replaces it, Zoom's docs say")
	}
}

func checkCobrowse(c *inspect.Claims) {
	unknown(c, cobrowseOnly, keyAndRole, timeClaims)
	iat, exp := c.Times(inspect.TimeRules{OwnLifetime: true})
	cb := Cobrowse{IssuedAt: iat, ExpiresAt: exp}
	cb.Key = c.String("app_key")
	cb.Role = role(c, "role_type is missing: 1 for a customer, 2 for an agent")
	cb.UserID = c.String("user_id")
	cb.UserName = c.String("user_name")
	cb.BYOP = option(c, "enable_byop")
	c.Report(cb.Problems())
	c.Report(cb.Warnings())
}

func checkAPI(c *inspect.Claims) {
	c.Add("zoom-api-token", "this is a Zoom Build platform API token (iss, iat, exp): the bearer token of the Video SDK API, Cobrowse SDK API, Account Settings API and AI Services (Scribe, Summarizer, Translator), signed with the Build platform API secret")
	if !c.Has("iat") {
		c.Add("api-iat-missing", "iat is missing: Zoom's docs write API tokens with iat (now - 30 seconds) and exp")
		c.Explain("iat")
	}
	iat, exp := c.Times(inspect.TimeRules{})
	a := API{Key: c.String("iss"), IssuedAt: iat, ExpiresAt: exp}
	c.Report(a.Problems())
	if !c.Explained("iat") && !c.Explained("exp") { // the lifetime of readable times only
		c.Report(a.Warnings())
	}
}

func checkMeeting(c *inspect.Claims) {
	unknown(c, meetingOnly, zoomShared)
	iat, exp := c.Times(inspect.TimeRules{OwnLifetime: true})
	m := Meeting{IssuedAt: iat, ExpiresAt: exp}
	m.Key = c.String("appKey")
	if m.Key == "" && !c.Explained("appKey") && c.String("sdkKey") != "" {
		c.Add("appkey-missing", "appKey is missing; the token has only sdkKey, which Web SDK 5.0 and later do not read")
		c.Explain("appKey")
	}
	// mn may be a string or a number; either way digits only, as written
	// (the signer removes spaces and dashes; Zoom does not).
	if raw := c.Raw("mn"); raw != nil {
		var mn string
		if json.Unmarshal(raw, &mn) != nil {
			mn = string(raw) // a number's text, or another type
		}
		if err := CheckMN(mn); err != nil {
			c.Add("mn-not-digits", "mn must be the meeting number in digits only, got "+string(raw))
			c.Explain("mn")
			mn = "0" // present, so that role is still judged against it
		}
		m.MN = mn
	}
	if c.Has("role") {
		role, _ := c.Int("role", "role-invalid")
		m.Role = Int(int(role))
	}
	if tokenExp, ok := c.Int("tokenExp", "claim-type"); ok {
		m.TokenExp = tokenExp
	} else if !c.Explained("tokenExp") {
		c.Add("tokenexp-missing", "tokenExp is missing: the Meeting SDK needs it, at least "+strconv.Itoa(MinLifetime)+" seconds after iat (the samples set it to exp)")
	}
	m.VideoWebRTCMode = option(c, "video_webrtc_mode")
	c.Report(m.Problems())
	// tokenExp at the time of use, unless a finding on exp or tokenExp
	// says more (unreadable, too short for iat) or the token has expired.
	judge := c.Has("tokenExp") && !c.Explained("exp") && !c.Explained("tokenExp") && jwt.Sub(m.ExpiresAt, c.Now()) > 0
	c.Report(m.Warnings())
	if e := m.CheckUse(c.Now()); e != nil && judge {
		if isMeetingNative(c) {
			c.Add(inspect.Code(e.Code), e.Error())
		} else {
			c.Add("tokenexp-soon", e.Error()+": a native Meeting SDK refuses such a token; whether the Web SDK does is not documented")
		}
	}
}

// sdkUses are what an SDK token is presented to: an SDK's join, or (by
// mistake) a Zoom API.
var sdkUses = []string{"join", "api"}

// useSDK judges an SDK token for its use: an API refuses it; a join is for
// the session (tpc, --topic) or meeting (mn, --mn) the token names.
func useSDK(c *inspect.Claims) {
	if c.Use() == "api" {
		c.Add("use-denied", "an SDK token is not an API token: the Video SDK, Cobrowse SDK and Build platform APIs take a token of iss, iat and exp signed with the Build platform API secret")
		return
	}
	if topic, ok := c.Join("topic"); ok && c.Has("tpc") && c.String("tpc") != topic {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the session %q (tpc); the client joins %q: the SDK refuses a topic other than the token's", c.String("tpc"), topic))
	}
	if mn, ok := c.Join("mn"); ok && c.Has("mn") {
		var tokenMN string
		if json.Unmarshal(c.Raw("mn"), &tokenMN) != nil {
			tokenMN = string(c.Raw("mn"))
		}
		if meetingNumber(mn) != tokenMN {
			c.Add("join-mismatch", fmt.Sprintf("the token is for meeting %s (mn); the client joins %s", tokenMN, meetingNumber(mn)))
		}
	}
}

// legacy recognises the pre-JWT Web SDK signature: base64 of
// "key.mn.timestamp.role.hash" (marketplace.zoom.us/docs/sdk/native-sdks/web/signature/).
func legacy(token string, _ int64, add func(inspect.Code, string)) (*inspect.Decoded, bool) {
	s := strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimRight(token, "="))
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	parts := strings.SplitN(string(b), ".", 6)
	if len(parts) != 5 || CheckMN(parts[1]) != nil || len(parts[2]) >= 19 || !digits(parts[2]) || (parts[3] != "0" && parts[3] != "1") {
		return nil, false
	}
	ms, _ := strconv.ParseInt(parts[2], 10, 64)
	add("legacy-web-signature", fmt.Sprintf("this is the legacy Web SDK signature (key %q, meeting %s, role %s, timestamp %s ms = %s), not a JWT: Zoom replaced it with the SDK JWT", parts[0], parts[1], parts[3], parts[2], time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05 UTC")))
	return &inspect.Decoded{}, true
}

// codes are the findings of Zoom's rules. Their hints name Zoom's limits
// from the constants above.
var codes = []inspect.CodeInfo{
	{Code: "legacy-web-signature", Severity: inspect.Error, Hint: "sign an SDK JWT with the Meeting SDK key and secret, with mn and role"},
	{Code: "zoom-api-token", Severity: inspect.Info, Hint: "sign it with the Build platform API key and secret, not SDK credentials; Zoom Workplace REST APIs (api.zoom.us/v2) take OAuth instead, since JWT apps were retired on 2023-09-08"},
	{Code: "api-iat-missing", Severity: inspect.Warning, Hint: "add iat, the current time in Unix seconds minus 30, as Zoom's docs do"},
	{Code: "api-lifetime-long", Severity: inspect.Warning, Hint: "Zoom suggests API tokens live at most one hour: make a new one when it expires"},
	{Code: "exp-window-too-short", Severity: inspect.Error, Hint: "set exp at least " + strconv.Itoa(MinLifetime) + " seconds after iat"},
	{Code: "exp-window-edge", Severity: inspect.Warning, Hint: "give a lifetime above " + strconv.Itoa(MinLifetime) + " seconds (the samples' default is 2 hours): Zoom documents at least " + strconv.Itoa(MinLifetime) + ", and a native Meeting SDK has refused exactly " + strconv.Itoa(MinLifetime)},
	{Code: "exp-window-too-long", Severity: inspect.Error, Hint: "set exp at most " + strconv.Itoa(MaxLifetime) + " seconds after iat, computed from the same iat"},
	{Code: "tokenexp-missing", Severity: inspect.Error, Hint: "add tokenExp, at least " + strconv.Itoa(MinLifetime) + " seconds after iat; the samples set it to exp"},
	{Code: "tokenexp-too-short", Severity: inspect.Error, Hint: "set tokenExp at least " + strconv.Itoa(MinLifetime) + " seconds after iat; the samples set it to exp"},
	{Code: "tokenexp-too-soon", Severity: inspect.Error, Hint: "make the token just before it is used, with tokenExp at least " + strconv.Itoa(MinLifetime) + " seconds after that time (the samples' default lifetime is 2 hours)"},
	{Code: "tokenexp-soon", Severity: inspect.Warning, Hint: "make the token just before it is used, with tokenExp at least " + strconv.Itoa(MinLifetime) + " seconds after that time (the samples' default lifetime is 2 hours)"},
	{Code: "appkey-missing", Severity: inspect.Error, Hint: "add the SDK key or Client ID: appKey for the Meeting SDK, app_key for the Video and Cobrowse SDKs"},
	{Code: "mn-not-digits", Severity: inspect.Error, Hint: "write the meeting number as digits only, without spaces or dashes"},
	{Code: "mn-without-role", Severity: inspect.Error, Hint: "a web token has both mn and role (0 participant, 1 host); a native token has neither"},
	{Code: "role-without-mn", Severity: inspect.Warning, Hint: "a web token has both mn and role (0 participant, 1 host); a native token has neither"},
	{Code: "role-invalid", Severity: inspect.Error, Hint: "write role as the number 0 (participant) or 1 (host)"},
	{Code: "role-type-missing", Severity: inspect.Error, Hint: "add role_type, a number: for the Video SDK 0 (participant) or 1 (host); for the Cobrowse SDK 1 (customer) or 2 (agent)"},
	{Code: "role-type-invalid", Severity: inspect.Error, Hint: "write role_type as a number: for the Video SDK 0 (participant) or 1 (host); for the Cobrowse SDK 1 (customer) or 2 (agent)"},
	{Code: "tpc-missing", Severity: inspect.Error, Hint: "add tpc, the session name the client joins with"},
	{Code: "tpc-too-long", Severity: inspect.Error, Hint: "shorten tpc, the session name, to " + strconv.Itoa(MaxTopicLen) + " characters"},
	{Code: "tpc-charset", Severity: inspect.Warning, Hint: "use only the characters Zoom documents for session names, listed above"},
	{Code: "user-identity-too-long", Severity: inspect.Error, Hint: "shorten user_key (or user_identity, its old name) to " + strconv.Itoa(MaxUserKeyLen) + " characters"},
	{Code: "user-identity-and-key", Severity: inspect.Warning, Hint: "set only user_key: user_identity is its old name, and Zoom documents one field"},
	{Code: "recording-needs-host", Severity: inspect.Warning, Hint: "set cloud recording options in the host's token (role_type 1), or leave them out"},
	{Code: "hold-undocumented", Severity: inspect.Warning, Hint: "set hold to 1 or 2 (the values Zoom documents), or leave it out"},
	{Code: "audio-compatible-mode-deprecated", Severity: inspect.Warning, Hint: "write audio_webrtc_mode instead (1 to enable WebRTC audio)"},
	{Code: "session-key-too-long", Severity: inspect.Error, Hint: "shorten session_key to " + strconv.Itoa(MaxSessionKeyLen) + " characters"},
	{Code: "geo-region-invalid", Severity: inspect.Error, Hint: "write geo_regions as a comma-separated list of " + GeoRegionCodes},
	{Code: "mixed-sdk-claims", Severity: inspect.Error, Hint: "a Meeting SDK token has appKey, mn, role, tokenExp; a Video SDK token app_key, tpc, role_type, version: make the one the SDK needs, with that SDK's key and secret"},
}
