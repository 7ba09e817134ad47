package server

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// The validators of Zoom's auth endpoint samples (zoom/meetingsdk- and
// zoom/videosdk-auth-endpoint-sample; docs/serve.md),
// with their reason strings to the letter, "must in between" included. Each
// returns nil when the value passes; undefined passes all but required.

func required(p string, v value) *Problem {
	if v.kind == undefined {
		return &Problem{p, "Property required, but not present in request body"}
	}
	return nil
}

func zeroOrOne(p string, v value) *Problem {
	switch {
	case v.kind == undefined:
		return nil
	case v.kind != number || math.IsNaN(v.n):
		return &Problem{p, "Value " + v.String() + " not allowed, must be of type number"}
	case v.n != 0 && v.n != 1:
		return &Problem{p, "Value is not valid. Got " + v.String() + ", expected 0,1"}
	}
	return nil
}

func lifetime(p string, v value) *Problem {
	switch {
	case v.kind == undefined:
		return nil
	case v.kind != number || math.IsNaN(v.n):
		return &Problem{p, "Value " + v.String() + " not allowed, must be of type number"}
	case v.n < sdk.MinLifetime || v.n > sdk.MaxLifetime:
		return &Problem{p, "Value must in between " + strconv.Itoa(sdk.MinLifetime) + " and " + strconv.Itoa(sdk.MaxLifetime)}
	case v.n != math.Trunc(v.n): // the samples would sign a fractional exp
		return &Problem{p, "Value " + v.String() + " not allowed, must be a whole number of seconds"}
	}
	return nil
}

func maxLength(max int) func(string, value) *Problem {
	return func(p string, v value) *Problem {
		switch {
		case v.kind == undefined:
			return nil
		case v.kind != str:
			return &Problem{p, "Value " + v.String() + " not allowed, must be of type string"}
		case js.UTF16Len(v.s) > max:
			return &Problem{p, "Value exceed max length. Got " + strconv.Itoa(js.UTF16Len(v.s)) + ", expected less than or equal to " + strconv.Itoa(max)}
		}
		return nil
	}
}

func geoRegions(p string, v value) *Problem {
	if v.kind == undefined {
		return nil
	}
	n, valid := 0, true
	ok := eachItem(v, func(code string) {
		n++
		valid = valid && sdk.IsGeoRegion(code)
	})
	switch {
	case !ok:
		return &Problem{p, "Value " + v.String() + " not allowed, must be of type string or string array"}
	case n == 0:
		return &Problem{p, "Property defined, but not value(s) were present"}
	case !valid:
		return &Problem{p, "One or more value(s) not allowed. Got (" + joinItems(v) + "), expected (" + sdk.GeoRegionCodes + ")"}
	}
	return nil
}

// eachItem calls f with each item of the samples' toStringArray(v): a
// string split at commas, or an array's strings as they are; white space
// removed, empty items dropped. It returns false, having called f for
// none, if v is neither a string nor an array of strings.
func eachItem(v value, f func(item string)) bool {
	clean := func(s string) {
		if js.HasSpace(s) {
			s = strings.Join(strings.FieldsFunc(s, js.IsSpace), "")
		}
		if s != "" {
			f(s)
		}
	}
	switch v.kind {
	case str: // split at commas in one pass: a list may have thousands of items
		s, start, plain := v.s, 0, true
		for i := 0; i <= len(s); i++ {
			if i < len(s) && s[i] != ',' {
				plain = plain && s[i] > ' ' && s[i] < utf8.RuneSelf
				continue
			}
			if !plain {
				clean(s[start:i]) // white space, a control or non-ASCII: the slow way
			} else if i > start {
				f(s[start:i])
			}
			start, plain = i+1, true
		}
		return true
	case array:
		for _, e := range v.arr {
			if e.kind != str {
				return false
			}
		}
		for _, e := range v.arr {
			clean(e.s)
		}
		return true
	}
	return false
}

// joinItems is toStringArray(v).join(",").
func joinItems(v value) string {
	if v.kind == str && !js.HasSpace(v.s) {
		if s := strings.Trim(v.s, ","); !strings.Contains(s, ",,") {
			return s // no item to clean or drop but at the ends
		}
	}
	var b strings.Builder
	eachItem(v, func(item string) {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item)
	})
	return b.String()
}

// text is sdkjwt's own rule for fields the samples sign unchecked
// (telemetryTrackingId): a string, never null or another type.
func text(p string, v value) *Problem {
	if v.kind != undefined && v.kind != str {
		return &Problem{p, "Value " + v.String() + " not allowed, must be of type string"}
	}
	return nil
}

// A prop is a request property either sample reads: an index of fields.
type prop int

const (
	propMeetingNumber prop = iota
	propRole
	propExpirationSeconds
	propVideoWebRtcMode
	propSessionName
	propUserIdentity
	propSessionKey
	propGeoRegions
	propCloudRecordingOption
	propCloudRecordingElection
	propAudioCompatibleMode
	propAudioWebRtcMode
	propTelemetryTrackingId
	nProps
)

// properties are the props' names, as bodies spell them; a body's other
// members are not kept.
var properties = [nProps]string{
	"meetingNumber", "role", "expirationSeconds", "videoWebRtcMode", "sessionName", "userIdentity", "sessionKey",
	"geoRegions", "cloudRecordingOption", "cloudRecordingElection", "audioCompatibleMode", "audioWebRtcMode", "telemetryTrackingId",
}

// fields are a body's properties; one the body lacks is undefined.
type fields [nProps]value

// A rule is one property's validators, in the order the samples run them.
type rule struct {
	p      prop
	checks []func(string, value) *Problem
}

// sampleUserIdentityLen is the video sample's limit on userIdentity, which
// serve answers as the sample does; Zoom's docs allow 36 (sdk.MaxUserKeyLen).
const sampleUserIdentityLen = 35

// Coerced by the samples: a string becomes parseInt(string).
var (
	meetingCoerced = []prop{propRole, propExpirationSeconds, propVideoWebRtcMode}
	videoCoerced   = []prop{propRole, propExpirationSeconds, propCloudRecordingOption, propCloudRecordingElection, propVideoWebRtcMode, propAudioWebRtcMode, propAudioCompatibleMode}
)

var (
	meetingRules = []rule{
		{propRole, []func(string, value) *Problem{zeroOrOne}},
		{propExpirationSeconds, []func(string, value) *Problem{lifetime}},
		{propVideoWebRtcMode, []func(string, value) *Problem{zeroOrOne}},
	}
	videoRules = []rule{
		{propRole, []func(string, value) *Problem{required, zeroOrOne}},
		{propSessionName, []func(string, value) *Problem{required, maxLength(sdk.MaxTopicLen)}},
		{propExpirationSeconds, []func(string, value) *Problem{lifetime}},
		{propUserIdentity, []func(string, value) *Problem{maxLength(sampleUserIdentityLen)}},
		{propSessionKey, []func(string, value) *Problem{maxLength(sdk.MaxSessionKeyLen)}},
		{propGeoRegions, []func(string, value) *Problem{geoRegions}},
		{propCloudRecordingOption, []func(string, value) *Problem{zeroOrOne}},
		{propCloudRecordingElection, []func(string, value) *Problem{zeroOrOne}},
		{propVideoWebRtcMode, []func(string, value) *Problem{zeroOrOne}},
		{propAudioCompatibleMode, []func(string, value) *Problem{zeroOrOne}},
		{propAudioWebRtcMode, []func(string, value) *Problem{zeroOrOne}},
		{propTelemetryTrackingId, []func(string, value) *Problem{text}},
	}
)

// validate coerces the fields the samples coerce, then runs the rules and
// returns every error, in the samples' order.
func validate(f *fields, coerced []prop, rules []rule) []Problem {
	for _, p := range coerced {
		if f[p].kind == str {
			f[p] = value{kind: number, n: js.ParseInt(f[p].s)}
		}
	}
	var errs []Problem
	for _, r := range rules {
		for _, check := range r.checks {
			if e := check(properties[r.p], f[r.p]); e != nil {
				errs = append(errs, *e)
			}
		}
	}
	return errs
}
