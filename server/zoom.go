package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// This file is Zoom's endpoints: its auth endpoint samples' requests
// (zoom_body.go reads them, zoom_request.go holds their rules and reasons)
// signed by package sdk, answered as the samples answer.

// Meeting is the route of Zoom's meetingsdk-auth-endpoint-sample, POST
// /meeting: 200 {"signature":…,"sdkKey":…}. With c nil it is not served;
// with participantsOnly it refuses host tokens (role 1).
func Meeting(c *Credentials, participantsOnly bool) Route {
	return zoomRoute("meeting", c, participantsOnly)
}

// Video is the route of Zoom's videosdk-auth-endpoint-sample, POST /video:
// 200 {"signature":…}. With c nil it is not served; with participantsOnly
// it refuses host tokens (role_type 1).
func Video(c *Credentials, participantsOnly bool) Route {
	return zoomRoute("video", c, participantsOnly)
}

func zoomRoute(kind string, c *Credentials, participantsOnly bool) Route {
	r := Route{Path: "/" + kind, Kind: kind, Properties: zoomProperties}
	if c != nil {
		z, meeting := &zoom{*c, participantsOnly}, kind == "meeting"
		r.Token = func(body []byte, now time.Time) Answer { return z.token(body, now, meeting) }
	}
	return r
}

// zoomProperties are what Zoom's refusals name: the samples' properties,
// and $schema for their rule that mn and role go together.
var zoomProperties = append([]string{"$schema"}, properties[:]...)

// zoom is one Zoom endpoint's configuration.
type zoom struct {
	Credentials
	participantsOnly bool
}

// token reads body, signs a Meeting token (meeting) or a Video one, and
// answers {"signature":…}, with "sdkKey" for a Meeting token, as the
// samples answer. The signing methods are called directly, not through a
// func value, so that the body's fields stay on the stack.
func (z *zoom) token(body []byte, now time.Time, meeting bool) Answer {
	f, errs, ok := parseBody(body)
	if !ok {
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"$request", "Request body must be one JSON object"}}}
	}
	var token, role string
	switch {
	case len(errs) > 0:
	case meeting:
		token, role, errs = z.meeting(&f, now.Unix())
	default:
		token, role, errs = z.video(&f, now.Unix())
	}
	if len(errs) > 0 {
		return Answer{Status: http.StatusBadRequest, Refused: errs}
	}
	var o jwt.Object
	b := o.String(o.Open(make([]byte, 0, len(token)+len(z.Key)+40)), "signature", token)
	if meeting {
		b = o.String(b, "sdkKey", z.Key)
	}
	b, _ = o.Close(b) // the token and key were signed: valid UTF-8
	return Answer{Status: http.StatusOK, Body: b, Role: role}
}

// claimProperty maps a payload claim back to the request property it came from.
var claimProperty = map[string]string{
	"mn": "meetingNumber", "role": "role", "role_type": "role", "tpc": "sessionName", "exp": "expirationSeconds",
	"user_identity": "userIdentity", "session_key": "sessionKey", "geo_regions": "geoRegions",
	"cloud_recording_option": "cloudRecordingOption", "cloud_recording_election": "cloudRecordingElection",
	"telemetry_tracking_id": "telemetryTrackingId", "video_webrtc_mode": "videoWebRtcMode", "audio_webrtc_mode": "audioWebRtcMode",
}

// signed turns the sdk's answer into the endpoint's.
func signed(token string, err error) (string, []Problem) {
	if err == nil {
		return token, nil
	}
	var fe *jwt.ClaimError
	if errors.As(err, &fe) {
		p := claimProperty[fe.Claim]
		if p == "" {
			p = "$server" // a claim the server sets: its configuration
		}
		return "", []Problem{{p, fe.Error()}}
	}
	return token, nil
}

func (z *zoom) meeting(f *fields, iat int64) (token, role string, errs []Problem) {
	errs = validate(f, meetingCoerced, meetingRules)
	mn, r := f[propMeetingNumber], f[propRole]
	if (mn.kind == undefined) != (r.kind == undefined) {
		errs = append([]Problem{{"$schema", "If one of the following properties is present, all or none must be present: meetingNumber, role"}}, errs...)
	}
	if mn.kind != undefined && mn.kind != str && mn.kind != number {
		errs = append(errs, Problem{"meetingNumber", "Value " + mn.String() + " not allowed, must be of type string or number"})
	}
	errs = append(errs, z.maxRole(r)...)
	if len(errs) > 0 {
		return "", "", errs
	}
	m := sdk.Meeting{Key: z.Key, IssuedAt: iat, ExpiresAt: iat + lifetimeOf(f)}
	if mn.kind != undefined {
		m.MN, m.Role, role = mn.String(), sdk.Int(int(r.n)), roleName(r.n)
	}
	m.VideoWebRTCMode = opt(f[propVideoWebRtcMode])
	token, errs = signed(m.Sign(z.Signer))
	return token, role, errs
}

func (z *zoom) video(f *fields, iat int64) (token, role string, errs []Problem) {
	errs = append(validate(f, videoCoerced, videoRules), z.maxRole(f[propRole])...)
	if len(errs) > 0 {
		return "", "", errs
	}
	audio := f[propAudioWebRtcMode]
	if audio.kind == undefined {
		audio = f[propAudioCompatibleMode] // the deprecated name, as the sample reads it
	}
	geo := joinItems(f[propGeoRegions])
	v := sdk.Video{
		Key: z.Key, Role: int(f[propRole].n), Topic: f[propSessionName].s,
		IssuedAt: iat, ExpiresAt: iat + lifetimeOf(f),
		UserIdentity: f[propUserIdentity].s, SessionKey: f[propSessionKey].s, GeoRegions: geo,
		CloudRecordingOption: opt(f[propCloudRecordingOption]), CloudRecordingElection: opt(f[propCloudRecordingElection]),
		TelemetryTrackingID: f[propTelemetryTrackingId].s,
		VideoWebRTCMode:     opt(f[propVideoWebRtcMode]), AudioWebRTCMode: opt(audio),
	}
	token, errs = signed(v.Sign(z.Signer))
	return token, roleName(f[propRole].n), errs
}

// maxRole refuses host tokens when the server signs participant tokens only.
func (z *zoom) maxRole(r value) []Problem {
	if z.participantsOnly && r.kind == number && r.n == 1 {
		return []Problem{{"role", "Value is not valid. Got 1, expected 0: this server signs participant tokens only"}}
	}
	return nil
}

// lifetimeOf is expirationSeconds, else the samples' default of 2 hours.
func lifetimeOf(f *fields) int64 {
	if e := f[propExpirationSeconds]; e.kind == number {
		return int64(e.n)
	}
	return 2 * 60 * 60
}

func opt(v value) sdk.OptInt {
	if v.kind == number {
		return sdk.Int(int(v.n))
	}
	return sdk.OptInt{}
}

func roleName(n float64) string {
	if n == 1 {
		return "host"
	}
	return "participant"
}
