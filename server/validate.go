package server

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// An apiError is one item of a 400 answer: {"property":…,"reason":…}.
type apiError struct{ property, reason string }

// The validators of Zoom's auth endpoint samples (zoom/meetingsdk- and
// zoom/videosdk-auth-endpoint-sample; docs/serve.md),
// with their reason strings to the letter, "must in between" included. Each
// returns nil when the value passes; undefined passes all but required.

func required(p string, v value) *apiError {
	if v.kind == undefined {
		return &apiError{p, "Property required, but not present in request body"}
	}
	return nil
}

func zeroOrOne(p string, v value) *apiError {
	switch {
	case v.kind == undefined:
		return nil
	case v.kind != number || math.IsNaN(v.n):
		return &apiError{p, "Value " + v.String() + " not allowed, must be of type number"}
	case v.n != 0 && v.n != 1:
		return &apiError{p, "Value is not valid. Got " + v.String() + ", expected 0,1"}
	}
	return nil
}

func lifetime(p string, v value) *apiError {
	switch {
	case v.kind == undefined:
		return nil
	case v.kind != number || math.IsNaN(v.n):
		return &apiError{p, "Value " + v.String() + " not allowed, must be of type number"}
	case v.n < sdk.MinLifetime || v.n > sdk.MaxLifetime:
		return &apiError{p, "Value must in between " + strconv.Itoa(sdk.MinLifetime) + " and " + strconv.Itoa(sdk.MaxLifetime)}
	case v.n != math.Trunc(v.n): // the samples would sign a fractional exp
		return &apiError{p, "Value " + v.String() + " not allowed, must be a whole number of seconds"}
	}
	return nil
}

func maxLength(max int) func(string, value) *apiError {
	return func(p string, v value) *apiError {
		switch {
		case v.kind == undefined:
			return nil
		case v.kind != str:
			return &apiError{p, "Value " + v.String() + " not allowed, must be of type string"}
		case js.UTF16Len(v.s) > max:
			return &apiError{p, "Value exceed max length. Got " + strconv.Itoa(js.UTF16Len(v.s)) + ", expected less than or equal to " + strconv.Itoa(max)}
		}
		return nil
	}
}

func geoRegions(p string, v value) *apiError {
	if v.kind == undefined {
		return nil
	}
	list, ok := stringList(v)
	switch {
	case !ok:
		return &apiError{p, "Value " + v.String() + " not allowed, must be of type string or string array"}
	case len(list) == 0:
		return &apiError{p, "Property defined, but not value(s) were present"}
	}
	for _, code := range list {
		if !slices.Contains(strings.Split(sdk.GeoRegionCodes, ","), code) {
			return &apiError{p, "One or more value(s) not allowed. Got (" + strings.Join(list, ",") + "), expected (" + sdk.GeoRegionCodes + ")"}
		}
	}
	return nil
}

// stringList is the samples' toStringArray: a string split at commas, or an
// array's strings as they are; white space removed, empty items dropped.
func stringList(v value) ([]string, bool) {
	items := strings.Split(v.s, ",")
	if v.kind == array {
		items = items[:0]
		for _, e := range v.arr {
			if e.kind != str {
				return nil, false
			}
			items = append(items, e.s)
		}
	} else if v.kind != str {
		return nil, false
	}
	var list []string
	for _, s := range items {
		if s = strings.Join(strings.FieldsFunc(s, js.IsSpace), ""); s != "" {
			list = append(list, s)
		}
	}
	return list, true
}

// text is sdkjwt's own rule for fields the samples sign unchecked
// (telemetryTrackingId): a string, never null or another type.
func text(p string, v value) *apiError {
	if v.kind != undefined && v.kind != str {
		return &apiError{p, "Value " + v.String() + " not allowed, must be of type string"}
	}
	return nil
}

// A rule is one property's validators, in the order the samples run them.
type rule struct {
	property string
	checks   []func(string, value) *apiError
}

// sampleUserIdentityLen is the video sample's limit on userIdentity, which
// serve answers as the sample does; Zoom's docs allow 36 (sdk.MaxUserKeyLen).
const sampleUserIdentityLen = 35

// Coerced by the samples: a string becomes parseInt(string).
var (
	meetingCoerced = []string{"role", "expirationSeconds", "videoWebRtcMode"}
	videoCoerced   = []string{"role", "expirationSeconds", "cloudRecordingOption", "cloudRecordingElection", "videoWebRtcMode", "audioWebRtcMode", "audioCompatibleMode"}
)

var (
	meetingRules = []rule{
		{"role", []func(string, value) *apiError{zeroOrOne}},
		{"expirationSeconds", []func(string, value) *apiError{lifetime}},
		{"videoWebRtcMode", []func(string, value) *apiError{zeroOrOne}},
	}
	videoRules = []rule{
		{"role", []func(string, value) *apiError{required, zeroOrOne}},
		{"sessionName", []func(string, value) *apiError{required, maxLength(sdk.MaxTopicLen)}},
		{"expirationSeconds", []func(string, value) *apiError{lifetime}},
		{"userIdentity", []func(string, value) *apiError{maxLength(sampleUserIdentityLen)}},
		{"sessionKey", []func(string, value) *apiError{maxLength(sdk.MaxSessionKeyLen)}},
		{"geoRegions", []func(string, value) *apiError{geoRegions}},
		{"cloudRecordingOption", []func(string, value) *apiError{zeroOrOne}},
		{"cloudRecordingElection", []func(string, value) *apiError{zeroOrOne}},
		{"videoWebRtcMode", []func(string, value) *apiError{zeroOrOne}},
		{"audioCompatibleMode", []func(string, value) *apiError{zeroOrOne}},
		{"audioWebRtcMode", []func(string, value) *apiError{zeroOrOne}},
		{"telemetryTrackingId", []func(string, value) *apiError{text}},
	}
)

// validate coerces the fields the samples coerce, then runs the rules and
// returns every error, in the samples' order.
func validate(fields map[string]value, coerced []string, rules []rule) []apiError {
	for _, p := range coerced {
		if v := fields[p]; v.kind == str {
			fields[p] = value{kind: number, n: js.ParseInt(v.s)}
		}
	}
	var errs []apiError
	for _, r := range rules {
		for _, check := range r.checks {
			if e := check(r.property, fields[r.property]); e != nil {
				errs = append(errs, *e)
			}
		}
	}
	return errs
}
