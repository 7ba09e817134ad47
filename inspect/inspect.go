// Package inspect explains a token offline: what kind of token it is, what
// it claims, and each reason Zoom (or 100ms) would refuse it, as findings
// with stable codes. It is what sdkjwt inspect prints.
//
// Zoom's payload rules are not restated here: the claims are read into an
// sdk.Video, sdk.Meeting, sdk.Cobrowse or sdk.API and checked by the code
// that checks them before signing (their Problems and Warnings methods, and
// sdk.CheckNow for the times). This package adds what a signer cannot
// get wrong by construction: JSON types, missing claims, encodings, times
// against now, and which mistake with the secret explains a bad signature.
package inspect

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// A Kind is what a token is for.
type Kind string

// The kinds Inspect recognises.
const (
	ZoomMeetingWeb    Kind = "zoom-meeting-web"          // Meeting SDK for Web: mn and role
	ZoomMeetingNative Kind = "zoom-meeting-native"       // Meeting SDK on Windows, macOS, iOS, Android, Linux
	ZoomVideo         Kind = "zoom-video"                // Video SDK
	ZoomCobrowse      Kind = "zoom-cobrowse"             // Cobrowse SDK
	ZoomAPI           Kind = "zoom-api"                  // Build platform API token (iss, iat, exp)
	HMSApp            Kind = "hms-app"                   // 100ms auth token
	HMSManagement     Kind = "hms-management"            // 100ms management token
	ZoomLegacy        Kind = "zoom-legacy-web-signature" // the pre-JWT Web SDK signature: not a JWT
	Unknown           Kind = "unknown"                   // none of these
)

// A Severity says how much a finding matters.
type Severity string

// Error: Zoom documents the rule, or the token certainly fails. Warning: it
// may fail. Info: worth knowing.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// A Finding is one thing Inspect or Verify found.
type Finding struct {
	Code     string   // stable, e.g. "iat-float"; see README for the list
	Severity Severity // the code's severity
	Message  string   // what is wrong, with the values from the token
	Hint     string   // what to change
}

// A Time is a claim holding a time, and its value in Unix seconds.
type Time struct {
	Claim string
	Unix  int64
}

// A Report is what Inspect and Verify found out about one token.
type Report struct {
	Kind      Kind
	Header    []byte // the decoded header JSON as written; nil if not a JWT
	Payload   []byte // the decoded payload JSON as written; nil if not a JWT
	Signature string // "valid", "invalid", or "unchecked" until Verify runs
	Findings  []Finding
	Times     []Time // iat, nbf, exp and tokenExp, when they hold a number
	Now       int64  // the Unix time findings were judged against

	token  *jwt.Lenient
	key    string            // the key the token names (appKey, app_key, access_key)
	claims map[string][]byte // the last value of each claim, as JSON.parse keeps
	seen   map[string]bool   // claims already explained by a finding
}

// Failed reports whether any finding is an error.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Inspect decodes token, tolerating surrounding white space and a "Bearer "
// prefix, and reports its kind and findings judged at now. The signature is
// "unchecked", with a warning, until Verify is called. Any input, however
// malformed, gets a Report: one that is not a JWT has a not-a-jwt or
// legacy-web-signature finding.
func Inspect(token string, now time.Time) *Report {
	r := &Report{Kind: Unknown, Signature: "unchecked", Now: now.Unix(), seen: map[string]bool{}}
	token = strings.TrimSpace(token)
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	t, err := jwt.ParseLenient(token)
	if err != nil {
		if len(token) <= jwt.MaxTokenSize && legacy(r, token) {
			return r
		}
		msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "jwt: "), "malformed token: ")
		r.add("not-a-jwt", "this is not a JWT: "+msg)
		return r
	}
	r.token, r.Header, r.Payload = t, t.RawHeader, t.RawPayload
	r.claims = map[string][]byte{}
	for _, m := range t.Claims {
		r.claims[m.Name] = m.Value
	}
	r.structure()
	r.kind()
	switch r.Kind {
	case ZoomVideo:
		r.video()
	case ZoomMeetingWeb, ZoomMeetingNative:
		r.meeting()
	case ZoomCobrowse:
		r.cobrowse()
	case ZoomAPI:
		r.api()
	case HMSApp, HMSManagement:
		r.times(false)
	}
	r.add("signature-unchecked", "no secret was given, so the signature was NOT checked: this token may be forged or signed with the wrong secret")
	r.sort()
	return r
}

// structure reports the header, the encodings and repeated names.
func (r *Report) structure() {
	var alg, typ []byte
	for _, m := range r.token.Header {
		switch m.Name {
		case "alg":
			alg = m.Value
		case "typ":
			typ = m.Value
		}
	}
	if string(alg) != `"HS256"` {
		r.add("alg-not-hs256", "the header's alg is "+shown(alg)+", not \"HS256\": Zoom verifies HS256 only")
	}
	if string(typ) != `"JWT"` {
		r.add("typ-not-jwt", "the header's typ is "+shown(typ)+", not \"JWT\"")
	}
	cut := len(r.token.Signature) != sha256.Size
	for i, name := range [3]string{"header", "payload", "signature"} {
		// A cut signature has stray bits at its end: its length says it all.
		if e := r.token.Encodings[i]; e != jwt.Canonical && !(i == 2 && cut && e == jwt.NonCanonical) {
			code := "non-canonical-base64"
			if i == 2 {
				code = "signature-encoding"
			}
			r.add(code, "the "+name+" segment is "+e.String()+", not base64url without padding")
		}
	}
	for _, d := range r.token.Duplicates {
		r.add("duplicate-key", "the token names a member twice: "+d)
	}
	// Whatever the encoding, an HMAC-SHA256 is 32 bytes: a shorter one was
	// cut (by a copy, a URL or a form field), a longer one has more appended.
	if cut {
		r.add("signature-length", fmt.Sprintf("the signature is %d bytes, but an HS256 signature (HMAC-SHA256) is exactly 32: the token was cut short or has something appended", len(r.token.Signature)))
	}
}

// shown is a JSON value for a message, or "missing".
func shown(v []byte) string {
	if v == nil {
		return "missing"
	}
	return string(v)
}

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
func (r *Report) count(names []string) int {
	n := 0
	for _, name := range names {
		if r.claims[name] != nil {
			n++
		}
	}
	return n
}

func (r *Report) kind() {
	v, m, cb := r.count(videoOnly), r.count(meetingOnly), r.count(cobrowseOnly)
	shared := r.count(keyAndRole)
	switch typ := string(r.claims["type"]); {
	case r.claims["access_key"] != nil && typ == `"app"`:
		r.Kind = HMSApp
	case r.claims["access_key"] != nil && typ == `"management"`:
		r.Kind = HMSManagement
	case v+shared > 0 && m > 0:
		r.add("mixed-sdk-claims", fmt.Sprintf("the token mixes Video SDK claims (%d, such as app_key, tpc, role_type) with Meeting SDK claims (%d, such as appKey, mn, role)", v+shared, m))
		r.Kind = ZoomVideo
		if m > v+shared {
			r.Kind = ZoomMeetingWeb
		}
	case v == 0 && (cb > 0 || shared > 0 && string(r.claims["role_type"]) == "2"):
		r.Kind = ZoomCobrowse // role_type 2, an agent, is Cobrowse's alone
	case v+shared > 0:
		r.Kind = ZoomVideo
	case m > 0:
		r.Kind = ZoomMeetingNative
	case r.claims["iss"] != nil && r.count(apiClaims) == len(r.claims):
		r.Kind = ZoomAPI
	}
	if r.Kind == ZoomMeetingNative && (r.claims["mn"] != nil || r.claims["role"] != nil) {
		r.Kind = ZoomMeetingWeb
	}
	switch r.Kind {
	case ZoomVideo, ZoomCobrowse:
		r.key = r.str("app_key")
	case ZoomMeetingWeb, ZoomMeetingNative:
		r.key = r.str("appKey")
	case ZoomAPI:
		r.key = r.str("iss")
	case HMSApp, HMSManagement:
		r.key = r.str("access_key")
	}
}

// unknown reports the claims in none of the lists of the kind's own, in
// token order, unless the token mixes the SDKs' claims (mixed-sdk-claims
// says it all).
func (r *Report) unknown(own ...[]string) {
	if r.count(videoOnly)+r.count(keyAndRole) > 0 && r.count(meetingOnly) > 0 {
		return
	}
	for _, m := range r.token.Claims {
		if !slices.ContainsFunc(own, func(names []string) bool { return slices.Contains(names, m.Name) }) {
			r.add("claim-unknown", fmt.Sprintf("%q is not a claim Zoom documents for this SDK, so it is probably ignored", m.Name))
			r.seen[m.Name] = true
		}
	}
}

func (r *Report) video() {
	r.unknown(videoOnly, keyAndRole, zoomShared)
	iat, exp := r.times(true)
	v := sdk.Video{IssuedAt: iat, ExpiresAt: exp}
	v.Key = r.str("app_key")
	v.Role = r.role("role_type is missing (required since Video SDK 1.2.0)")
	v.Topic = r.str("tpc")
	if n, ok := r.integer("version", "claim-type"); !ok && !r.seen["version"] {
		r.add("claim-missing", "version is missing: Zoom's docs require it, set to 1")
	} else if ok && n != 1 {
		r.add("claim-value", "version must be 1, got "+strconv.FormatInt(n, 10))
	}
	v.UserIdentity = r.str("user_identity")
	v.UserKey = r.str("user_key")
	v.SessionKey = r.str("session_key")
	v.GeoRegions = r.str("geo_regions")
	v.CloudRecordingOption = r.option("cloud_recording_option")
	v.CloudRecordingElection = r.option("cloud_recording_election")
	v.TelemetryTrackingID = r.str("telemetry_tracking_id")
	v.VideoWebRTCMode = r.option("video_webrtc_mode")
	v.AudioWebRTCMode = r.option("audio_webrtc_mode")
	v.CloudRecordingTranscriptOption = r.option("cloud_recording_transcript_option")
	v.Hold = r.option("hold")
	r.problems(v.Problems(), iat, exp)
	r.problems(v.Warnings(), iat, exp)
	if r.claims["audio_compatible_mode"] != nil {
		r.add("audio-compatible-mode-deprecated", "audio_compatible_mode is deprecated: audio_webrtc_mode replaces it, Zoom's docs say")
	}
}

// role reads role_type, with the message to give if it is missing.
func (r *Report) role(missing string) int {
	role, ok := r.integer("role_type", "role-type-invalid")
	if !ok && !r.seen["role_type"] {
		r.add("role-type-missing", missing)
		r.seen["role_type"] = true
	}
	return int(role)
}

func (r *Report) cobrowse() {
	r.unknown(cobrowseOnly, keyAndRole, timeClaims)
	iat, exp := r.times(true)
	cb := sdk.Cobrowse{IssuedAt: iat, ExpiresAt: exp}
	cb.Key = r.str("app_key")
	cb.Role = r.role("role_type is missing: 1 for a customer, 2 for an agent")
	cb.UserID = r.str("user_id")
	cb.UserName = r.str("user_name")
	cb.BYOP = r.option("enable_byop")
	r.problems(cb.Problems(), iat, exp)
}

func (r *Report) api() {
	r.add("zoom-api-token", "this is a Zoom Build platform API token (iss, iat, exp): the bearer token of the Video SDK API, Cobrowse SDK API, Account Settings API and AI Services (Scribe, Summarizer, Translator), signed with the Build platform API secret")
	iat, exp := r.times(false)
	a := sdk.API{Key: r.key, IssuedAt: iat, ExpiresAt: exp}
	r.problems(a.Problems(), iat, exp)
	if !r.seen["iat"] && !r.seen["exp"] { // the lifetime of readable times only
		r.problems(a.Warnings(), iat, exp)
	}
}

func (r *Report) meeting() {
	r.unknown(meetingOnly, zoomShared)
	iat, exp := r.times(true)
	m := sdk.Meeting{IssuedAt: iat, ExpiresAt: exp}
	m.Key = r.str("appKey")
	if m.Key == "" && !r.seen["appKey"] {
		if sdkKey := r.str("sdkKey"); sdkKey != "" {
			r.add("appkey-missing", "appKey is missing; the token has only sdkKey, which Web SDK 5.0 and later do not read")
			r.seen["appKey"] = true
		}
	}
	// mn may be a string or a number; either way digits only, as written
	// (the signer removes spaces and dashes; Zoom does not).
	if raw := r.claims["mn"]; raw != nil {
		var mn string
		if json.Unmarshal(raw, &mn) != nil {
			mn = string(raw) // a number's text, or another type
		}
		if err := sdk.CheckMN(mn); err != nil {
			r.add("mn-not-digits", "mn must be the meeting number in digits only, got "+string(raw))
			r.seen["mn"] = true
			mn = "0" // present, so that role is still judged against it
		}
		m.MN = mn
	}
	if r.claims["role"] != nil {
		role, _ := r.integer("role", "role-invalid")
		m.Role = sdk.Int(int(role))
	}
	if tokenExp, ok := r.integer("tokenExp", "claim-type"); ok {
		m.TokenExp = tokenExp
	} else if !r.seen["tokenExp"] {
		r.add("tokenexp-missing", "tokenExp is missing: the Meeting SDK needs it, at least "+itoa(sdk.MinLifetime)+" seconds after iat (the samples set it to exp)")
	}
	m.VideoWebRTCMode = r.option("video_webrtc_mode")
	r.problems(m.Problems(), iat, exp)
}

// times reports iat and exp against now, by sdk.CheckNow; with zoom set,
// exp's distance from iat is left to the payload's own rules, else it must
// only be positive.
func (r *Report) times(zoom bool) (iat, exp int64) {
	iat, hasIat := r.integer("iat", "")
	exp, hasExp := r.integer("exp", "claim-type")
	for _, name := range [...]string{"iat", "nbf", "exp", "tokenExp"} {
		if n, ok := r.number(name); ok {
			r.Times = append(r.Times, Time{name, n})
		}
	}
	switch {
	case !hasIat && r.Kind == ZoomAPI:
		r.add("api-iat-missing", "iat is missing: Zoom's docs write API tokens with iat (now - 30 seconds) and exp")
		r.seen["iat"] = true
	case !hasIat && !r.seen["iat"]:
		r.add("iat-missing", "iat is missing: the time the token was issued, in Unix seconds")
		r.seen["iat"] = true
	case r.seen["iat"]:
	case sdk.CheckIssuedAt(iat) != nil && iat > 0: // too large
		r.add("iat-milliseconds", fmt.Sprintf("iat is %d: that is milliseconds, Zoom wants seconds", iat))
		r.seen["iat"] = true
	case sdk.CheckIssuedAt(iat) != nil:
		r.add("claim-value", sdk.CheckIssuedAt(iat).Error())
		r.seen["iat"] = true
	}
	// What makes the token dead at now, of the times that are readable.
	i, e := iat, exp
	if !hasIat || r.seen["iat"] {
		i = math.MinInt64
	}
	switch {
	case !hasExp && !r.seen["exp"]:
		r.add("exp-missing", "exp is missing: the time the token expires, in Unix seconds")
		r.seen["exp"] = true
		e = math.MaxInt64
	case !hasExp:
		e = math.MaxInt64
	case sdk.CheckIssuedAt(exp) != nil && exp > 0: // the same range as iat's
		r.add("exp-milliseconds", fmt.Sprintf("exp is %d: that is milliseconds, Zoom wants seconds", exp))
		r.seen["exp"] = true
		e = math.MaxInt64
	}
	for _, fe := range sdk.CheckNow(i, e, r.Now) {
		if fe.Field == "iat" {
			r.add("iat-future", fe.Error())
		} else {
			r.add("expired", fe.Error())
		}
	}
	// Java's Math.round(float) makes iat a multiple of 128, up to 64
	// seconds off, into the future as often as not.
	if i != math.MinInt64 && iat%128 == 0 && (r.Now-iat > sdk.Skew || iat-r.Now > sdk.Skew && iat-r.Now <= 64) {
		r.add("iat-quantized", fmt.Sprintf("iat %d is a multiple of 128, as Java's Math.round(float) makes it: such an iat is up to 64 seconds off the real time, often in the future", iat))
	}
	if i != math.MinInt64 && e != math.MaxInt64 && !zoom {
		if err := sdk.CheckLifetime(iat, exp, 1, 0); err != nil {
			r.add("exp-before-iat", err.Error())
			r.seen["exp"] = true
		}
	}
	return iat, exp
}

// problems turns the payload rules a token breaks into findings, except
// for claims already explained.
func (r *Report) problems(errs []*sdk.FieldError, iat, exp int64) {
	for _, e := range errs {
		if r.seen[e.Field] {
			continue
		}
		r.seen[e.Field] = true
		code := ""
		switch e.Field {
		case "app_key", "appKey":
			code = "appkey-missing" // a string, so only missing can be wrong
		case "role_type":
			code = "role-type-invalid"
		case "role":
			code = "role-invalid"
			if errors.Is(e, sdk.ErrConflict) && r.claims["mn"] != nil {
				code = "mn-without-role"
			} else if errors.Is(e, sdk.ErrConflict) {
				code = "role-without-mn"
			}
		case "tpc":
			code = "tpc-too-long"
			if errors.Is(e, sdk.ErrRequired) {
				code = "tpc-missing"
			} else if errors.Is(e, sdk.ErrWarning) {
				code = "tpc-charset"
			}
		case "exp":
			switch d := exp - iat; {
			case errors.Is(e, sdk.ErrWarning):
				code = "api-lifetime-long"
			case d <= 0:
				code = "exp-before-iat"
			case d < sdk.MinLifetime:
				code = "exp-window-too-short"
			default:
				code = "exp-window-too-long"
			}
		case "tokenExp":
			code = "tokenexp-too-short"
		case "mn":
			code = "mn-not-digits"
		case "user_identity", "user_key":
			code = "user-identity-too-long"
			if errors.Is(e, sdk.ErrWarning) {
				code = "user-identity-and-key"
			}
		case "cloud_recording_option", "cloud_recording_transcript_option":
			code = "claim-value"
			if errors.Is(e, sdk.ErrWarning) {
				code = "recording-needs-host"
			}
		case "hold":
			code = "hold-undocumented"
		case "session_key":
			code = "session-key-too-long"
		case "geo_regions":
			code = "geo-region-invalid"
		case "iss":
			code = "claim-missing"
		default:
			code = "claim-value"
		}
		r.add(code, e.Error())
	}
}

// str returns a string claim. A claim of another type gets a claim-type
// finding and "" (a missing claim is left to the payload's rules).
func (r *Report) str(name string) string {
	raw := r.claims[name]
	var s string
	if raw == nil {
		return ""
	}
	if json.Unmarshal(raw, &s) != nil {
		if !r.seen[name] {
			r.add("claim-type", fmt.Sprintf("%q must be a JSON string, got %s", name, raw))
			r.seen[name] = true
		}
		return ""
	}
	return s
}

// number returns the value of a claim written as a JSON number, integer or
// not, or as a string of one, truncated to an integer.
func (r *Report) number(name string) (int64, bool) {
	raw := r.claims[name]
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(-1<<62 < f && f < 1<<62) { // NaN and infinities fail too
		return 0, false
	}
	return int64(f), true
}

// integer returns a claim that must be a JSON integer. Written otherwise,
// it gets a finding (code; for iat, iat-string or iat-float) and, when it
// still holds a number, that number.
func (r *Report) integer(name, code string) (int64, bool) {
	raw := r.claims[name]
	if raw == nil {
		return 0, false
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, true
	}
	n, ok := r.number(name)
	switch {
	case name == "iat" && raw[0] == '"':
		code = "iat-string"
	case name == "iat" && ok:
		code = "iat-float"
	case name == "iat":
		code = "claim-type"
	}
	if !r.seen[name] {
		r.add(code, fmt.Sprintf("%s must be a JSON integer, got %s", name, raw))
		r.seen[name] = true
	}
	return n, ok
}

// option returns an optional integer claim as the payload types hold it.
func (r *Report) option(name string) sdk.OptInt {
	if n, ok := r.integer(name, "claim-type"); ok {
		return sdk.Int(int(n))
	}
	return sdk.OptInt{}
}

// legacy recognises the pre-JWT Web SDK signature: base64 of
// "key.mn.timestamp.role.hash" (marketplace.zoom.us/docs/sdk/native-sdks/web/signature/).
func legacy(r *Report, s string) bool {
	s = strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimRight(s, "="))
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return false
	}
	parts := strings.SplitN(string(b), ".", 6)
	if len(parts) != 5 || sdk.CheckMN(parts[1]) != nil || !digits(parts[2]) || (parts[3] != "0" && parts[3] != "1") {
		return false
	}
	ms, _ := strconv.ParseInt(parts[2], 10, 64)
	r.Kind = ZoomLegacy
	r.add("legacy-web-signature", fmt.Sprintf("this is the legacy Web SDK signature (key %q, meeting %s, role %s, timestamp %s ms = %s), not a JWT: Zoom replaced it with the SDK JWT", parts[0], parts[1], parts[3], parts[2], time.UnixMilli(ms).UTC().Format(timeLayout)))
	return true
}

// digits reports whether s is a decimal number that fits an int64.
func digits(s string) bool { return s != "" && len(s) < 19 && strings.Trim(s, "0123456789") == "" }

// Verify checks the signature with secret. If it does not match, it tries
// the mistakes that most often explain that, in order: whitespace around
// the secret (secret-whitespace), a key as the secret (key-secret-swapped:
// the token's own key, then key), the secret as jsrsasign reads it
// (jsrsasign-hex-secret), else signature-mismatch. A token whose key claim
// is the secret itself carries it in clear (secret-in-token); one whose key
// differs from key was made with another app's credentials (key-mismatch).
// A nil secret leaves the signature unchecked. Verify does nothing to a
// Report that is not of a JWT; call it at most once.
//
// The secret never appears in the report: where the token carries it, the
// header, payload and findings show it redacted.
func (r *Report) Verify(secret []byte, key string) {
	if r.token == nil {
		return
	}
	defer r.sort()
	inToken := secret != nil && r.key != "" && (r.key == string(secret) || r.key == string(bytes.TrimSpace(secret)))
	if inToken {
		r.add("secret-in-token", "the token's key claim is the secret itself, sent in clear to every client that gets the token: the key and secret were swapped where the token is made")
	} else if key != "" && r.key != "" && key != r.key {
		r.add("key-mismatch", fmt.Sprintf("the token is for the key %q, not %q: it was made with another app's credentials", r.key, key))
	}
	if secret == nil {
		return
	}
	defer r.redact(secret)
	r.remove("signature-unchecked")
	r.Signature = "invalid"
	if len(r.token.Signature) != sha256.Size {
		return // signature-length says why; no secret can match
	}
	if r.matches(secret) {
		if r.token.Encodings[2] == jwt.Canonical {
			r.Signature = "valid"
			r.add("signature-valid", "the signature matches the secret")
			return
		}
		for i := range r.Findings {
			if r.Findings[i].Code == "signature-encoding" {
				r.Findings[i].Message += " (the MAC in it is right for this secret: only its encoding is wrong)"
			}
		}
		return
	}
	trimmed := bytes.TrimSpace(secret)
	for _, trial := range []struct {
		code, message string
		key           []byte
	}{
		{"secret-whitespace", "the secret given has white space around it, and the token was signed without it", trimmed},
		{"secret-whitespace", "the token was signed with a newline after the secret, as read unchanged from a file or an env file", append(trimmed[:len(trimmed):len(trimmed)], '\n')},
		{"secret-whitespace", "the token was signed with a CR LF after the secret, as read unchanged from a file or an env file", append(trimmed[:len(trimmed):len(trimmed)], '\r', '\n')},
		{"key-secret-swapped", "the token was signed with its key as the secret", []byte(r.key)},
		{"key-secret-swapped", "the token was signed with the key as the secret", []byte(key)},
		{"jsrsasign-hex-secret", "the token was signed with the secret as jsrsasign reads a string (Zoom's Node samples): " + jsrsasignReading(secret), jsrsasignKey(secret)},
	} {
		if len(trial.key) > 0 && !bytes.Equal(trial.key, secret) && r.matches(trial.key) {
			r.add(trial.code, trial.message)
			return
		}
	}
	r.add("signature-mismatch", "the signature does not match the secret, nor any usual mistake with it")
}

var itoa = strconv.Itoa

func (r *Report) matches(key []byte) bool {
	s, err := jwt.NewSigner(key)
	return err == nil && s.Matches(&r.token.Token)
}

// jsrsasignKey is the HMAC key jsrsasign's KJUR.jws.JWS.sign derives from a
// string secret (kjur/jsrsasign src/crypto-1.1.js, Mac.setPassword): hex-decoded if it has an even
// length and only hexadecimal digits, else one byte per UTF-16 code unit,
// its low byte. Zoom uses the secret's UTF-8 bytes.
func jsrsasignKey(secret []byte) []byte {
	s := string(secret)
	if len(s)%2 == 0 && strings.Trim(s, "0123456789abcdefABCDEF") == "" {
		b, _ := hex.DecodeString(s)
		return b
	}
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u))
	}
	return b
}

func jsrsasignReading(secret []byte) string {
	if s := string(secret); len(s)%2 == 0 && strings.Trim(s, "0123456789abcdefABCDEF") == "" {
		return "an even number of hex digits is decoded as hex"
	}
	return "each character is cut to one byte"
}

// Rules for the message texts: a hint says what to change, in the terms of
// the code people write.
var codes = map[string]struct {
	severity Severity
	hint     string
}{
	"not-a-jwt":                        {Error, "a JWT is three base64url parts joined by dots (eyJ….eyJ….…): copy the whole token, without quotes"},
	"legacy-web-signature":             {Error, "sign an SDK JWT with the Meeting SDK key and secret: sdkjwt meeting --mn NUMBER --role 0"},
	"zoom-api-token":                   {Info, "sign it with the Build platform API key and secret (ZOOM_API_KEY, ZOOM_API_SECRET), not SDK credentials; Zoom Workplace REST APIs (api.zoom.us/v2) take OAuth instead, since JWT apps were retired on 2023-09-08"},
	"api-iat-missing":                  {Warning, "add iat, the current time in Unix seconds minus 30, as Zoom's docs do"},
	"api-lifetime-long":                {Warning, "Zoom suggests API tokens live at most one hour: make a new one when it expires"},
	"alg-not-hs256":                    {Error, `sign with HMAC-SHA256: the header is {"alg":"HS256","typ":"JWT"}`},
	"typ-not-jwt":                      {Warning, `Zoom's header is {"alg":"HS256","typ":"JWT"}`},
	"duplicate-key":                    {Error, "write each member once: JSON parsers disagree on which copy counts"},
	"non-canonical-base64":             {Error, "encode the header and payload as base64url without padding: '-' and '_' for '+' and '/', no '='"},
	"iat-missing":                      {Error, "add iat, the current time in Unix seconds"},
	"iat-float":                        {Error, "write iat as an integer: int(time.time()) in Python, not float(...); Math.floor(Date.now() / 1000) in JavaScript"},
	"iat-string":                       {Error, "write iat as a JSON number, not a string (Zoom: \"iat value is long format, not a string\")"},
	"iat-milliseconds":                 {Error, "divide by 1000 and round down: Math.floor(Date.now() / 1000), not Date.now()"},
	"iat-future":                       {Error, "sync the signing server's clock (NTP), or backdate iat by 30 to 120 seconds (sdkjwt --iat -30s)"},
	"iat-quantized":                    {Warning, "in Java, use Instant.now().getEpochSecond() or System.currentTimeMillis() / 1000, not Math.round(...)"},
	"exp-missing":                      {Error, "add exp, the expiry in Unix seconds"},
	"exp-milliseconds":                 {Error, "divide by 1000 and round down: exp is Unix seconds, as iat is"},
	"exp-before-iat":                   {Error, "set exp to iat plus the lifetime, " + itoa(sdk.MinLifetime) + " to " + itoa(sdk.MaxLifetime) + " seconds for Zoom"},
	"exp-window-too-short":             {Error, "set exp at least " + itoa(sdk.MinLifetime) + " seconds after iat"},
	"exp-window-too-long":              {Error, "set exp at most " + itoa(sdk.MaxLifetime) + " seconds after iat, computed from the same iat"},
	"expired":                          {Error, "make a new token for each join; a token is good only until exp"},
	"tokenexp-missing":                 {Error, "add tokenExp, at least " + itoa(sdk.MinLifetime) + " seconds after iat; the samples set it to exp"},
	"tokenexp-too-short":               {Error, "set tokenExp at least " + itoa(sdk.MinLifetime) + " seconds after iat; the samples set it to exp"},
	"appkey-missing":                   {Error, "add the SDK key or Client ID: appKey for the Meeting SDK, app_key for the Video and Cobrowse SDKs"},
	"mn-not-digits":                    {Error, "write the meeting number as digits only, without spaces or dashes"},
	"mn-without-role":                  {Error, "a web token has both mn and role (0 participant, 1 host); a native token has neither"},
	"role-without-mn":                  {Warning, "a web token has both mn and role (0 participant, 1 host); a native token has neither"},
	"role-invalid":                     {Error, "write role as the number 0 (participant) or 1 (host)"},
	"role-type-missing":                {Error, "add role_type, a number: for the Video SDK 0 (participant) or 1 (host); for the Cobrowse SDK 1 (customer) or 2 (agent)"},
	"role-type-invalid":                {Error, "write role_type as a number: for the Video SDK 0 (participant) or 1 (host); for the Cobrowse SDK 1 (customer) or 2 (agent)"},
	"tpc-missing":                      {Error, "add tpc, the session name the client joins with"},
	"tpc-too-long":                     {Error, "shorten tpc, the session name, to " + itoa(sdk.MaxTopicLen) + " characters"},
	"tpc-charset":                      {Warning, "use only the characters Zoom documents for session names, listed above"},
	"user-identity-too-long":           {Error, "shorten user_key (or user_identity, its old name) to " + itoa(sdk.MaxUserKeyLen) + " characters"},
	"user-identity-and-key":            {Warning, "set only user_key: user_identity is its old name, and Zoom documents one field"},
	"recording-needs-host":             {Warning, "set cloud recording options in the host's token (role_type 1), or leave them out"},
	"hold-undocumented":                {Warning, "set hold to 1 or 2 (the values Zoom documents), or leave it out"},
	"audio-compatible-mode-deprecated": {Warning, "write audio_webrtc_mode instead (1 to enable WebRTC audio)"},
	"session-key-too-long":             {Error, "shorten session_key to " + itoa(sdk.MaxSessionKeyLen) + " characters"},
	"geo-region-invalid":               {Error, "write geo_regions as a comma-separated list of " + sdk.GeoRegionCodes},
	"mixed-sdk-claims":                 {Error, "a Meeting SDK token has appKey, mn, role, tokenExp; a Video SDK token app_key, tpc, role_type, version: make the one the SDK needs, with that SDK's key and secret"},
	"claim-missing":                    {Error, "add the claim Zoom's docs require"},
	"claim-type":                       {Error, "write the claim with the JSON type Zoom documents: numbers unquoted and integer, names as strings"},
	"claim-value":                      {Error, "use a value Zoom's docs allow for the claim"},
	"claim-unknown":                    {Info, "check the name: Zoom's claims are snake_case in Video SDK tokens (user_identity, not userIdentity)"},
	"signature-valid":                  {Info, "if Zoom still refuses the token, the key and secret may belong to another app, or another finding explains it"},
	"signature-unchecked":              {Warning, "give the secret to check it: the environment variable of the token's kind, or --secret-file PATH"},
	"signature-mismatch":               {Error, "sign with the secret paired with this key (the SDK or Client Secret of the same app, not an API or OAuth secret)"},
	"signature-encoding":               {Error, "encode the HMAC-SHA256 bytes as base64url without padding, not as hex or standard base64"},
	"signature-length":                 {Error, "copy the whole token: its signature is 43 base64url characters (32 bytes)"},
	"secret-in-token":                  {Error, "rotate the secret now (every client that got a token has it); then give the key (the shorter credential) as the key and the new secret as the secret"},
	"secret-whitespace":                {Error, "remove the white space or newline around the secret where the token is signed (env files, echo without -n)"},
	"key-mismatch":                     {Error, "sign with the key and secret of the app the client joins with; Meeting SDK and Video SDK credentials are not interchangeable"},
	"key-secret-swapped":               {Error, "swap them: the secret is the other, longer credential"},
	"jsrsasign-hex-secret":             {Error, "pass the secret to KJUR.jws.JWS.sign as {utf8: secret}, so that its UTF-8 bytes are the key, as Zoom reads it"},
}

// maxSame caps the findings of one code (repeated or unknown names), so
// that a token of thousands of them gets a report of a readable size.
const maxSame = 10

func (r *Report) add(code, message string) {
	n := 0
	for _, f := range r.Findings {
		if f.Code == code {
			n++
		}
	}
	switch {
	case n > maxSame:
		return
	case n == maxSame:
		message = "… and more of the same (only the first 10 are listed)"
	}
	c := codes[code]
	r.Findings = append(r.Findings, Finding{Code: code, Severity: c.severity, Message: message, Hint: c.hint})
}

// severities in the order a report lists them.
var severities = []Severity{Error, Warning, Info}

// sort puts the findings in severity order, keeping the order of each.
func (r *Report) sort() {
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		return slices.Index(severities, a.Severity) - slices.Index(severities, b.Severity)
	})
}

// redact replaces the secret (and the secret without surrounding white
// space) wherever the report would show it: as a string in the header or
// payload, and in a finding's message. Texts shorter than 8 bytes are
// redacted only where a whole string equals them, so that a short test
// secret does not cut words and numbers apart.
func (r *Report) redact(secret []byte) {
	for _, s := range [][]byte{secret, bytes.TrimSpace(secret)} {
		if len(s) == 0 {
			continue
		}
		r.Header, r.Payload = redactJSON(r.Header, s), redactJSON(r.Payload, s)
		for i := range r.Findings {
			f := &r.Findings[i]
			f.Message = strings.ReplaceAll(f.Message, strconv.Quote(string(s)), `"`+Redacted+`"`)
			if len(s) >= 8 {
				f.Message = strings.ReplaceAll(f.Message, string(s), Redacted)
			}
		}
	}
}

// Redacted is what a report shows where the token carries the secret.
const Redacted = "[REDACTED: the secret]"

// redactJSON replaces, in the JSON text b, each string equal to secret with
// Redacted, and in longer strings each occurrence of it, as written or as
// JSON escapes it.
func redactJSON(b, secret []byte) []byte {
	escaped, _ := json.Marshal(string(secret))
	escaped = escaped[1 : len(escaped)-1]
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			out = append(out, b[i])
			continue
		}
		j := i + 1 // the closing quote: b is valid JSON
		for b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		lit := b[i : j+1]
		var s string
		if json.Unmarshal(lit, &s) == nil && s == string(secret) {
			lit = []byte(`"` + Redacted + `"`)
		} else if len(secret) >= 8 {
			lit = bytes.ReplaceAll(bytes.ReplaceAll(lit, secret, []byte(Redacted)), escaped, []byte(Redacted))
		}
		out = append(out, lit...)
		i = j
	}
	return out
}

// remove removes the findings with code.
func (r *Report) remove(code string) {
	r.Findings = slices.DeleteFunc(r.Findings, func(f Finding) bool { return f.Code == code })
}
