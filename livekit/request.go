package livekit

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/flat"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// TokenRequest is what LiveKit's client SDKs post to a token endpoint (its
// TokenSourceRequest; docs.livekit.io, "Endpoint token generation"), every
// field optional. Set lists the fields the request gave a value, in
// snake_case, in their order: a field sent empty ("", {}) sets nothing.
type TokenRequest struct {
	RoomName, ParticipantIdentity, ParticipantName, ParticipantMetadata string
	ParticipantAttributes                                               []Attribute
	RoomConfig                                                          *RoomConfig
	Set                                                                 []string
}

// ParseTokenRequest reads a request body as protojson reads LiveKit's
// TokenSourceRequest: one JSON object in UTF-8 whose members are its
// fields, named exactly snake_case as LiveKit's docs write them or
// lowerCamelCase, each once, null for not set, without lone surrogates. A
// field of the wrong type, another name, or room_config that
// ParseRoomConfig refuses is a *jwt.ClaimError naming the field.
func ParseTokenRequest(body []byte) (*TokenRequest, error) {
	if r, ok := parseFlatRequest(body); ok {
		return r, nil
	}
	return parseTokenRequestSlow(body)
}

// parseTokenRequestSlow is ParseTokenRequest by encoding/json.
func parseTokenRequestSlow(body []byte) (*TokenRequest, error) {
	if !utf8.Valid(body) || !json.Valid(body) {
		return nil, &jwt.ClaimError{Claim: "$request", Rule: "must be one JSON object in UTF-8", Err: jwt.ErrValue, Code: "claim-value"}
	}
	if esc := loneSurrogate(body); esc != "" {
		return nil, &jwt.ClaimError{Claim: "$request", Rule: "must hold only text: " + esc + " is half of a UTF-16 surrogate pair, without its other half", Err: jwt.ErrValue, Code: "claim-value"}
	}
	r := new(TokenRequest)
	var field string // the field being read, for the error
	err := members(body, "", true, func(name string, v json.RawMessage) error {
		field = name
		var err error
		switch fieldName(name) {
		case "roomName":
			err = str(v, &r.RoomName)
		case "participantIdentity":
			err = str(v, &r.ParticipantIdentity)
		case "participantName":
			err = str(v, &r.ParticipantName)
		case "participantMetadata":
			err = str(v, &r.ParticipantMetadata)
		case "participantAttributes":
			err = stringMap(v, &r.ParticipantAttributes)
		case "roomConfig":
			rc, e := ParseRoomConfig(v)
			if e != nil {
				return errors.New(e.(*jwt.ClaimError).Value)
			}
			if !reflect.DeepEqual(*rc, RoomConfig{}) {
				r.RoomConfig = rc
			}
		default:
			return errors.New("not a field of LiveKit's token request (room_name, participant_identity, participant_name, participant_metadata, participant_attributes, room_config)")
		}
		if err == nil && string(v) != `""` && string(v) != "{}" && (name != "room_config" && name != "roomConfig" || r.RoomConfig != nil) {
			r.Set = append(r.Set, snake(fieldName(name)))
		}
		return err
	})
	if err != nil {
		if inner := errors.Unwrap(err); field != "" && inner != nil {
			return nil, &jwt.ClaimError{Claim: field, Rule: "is not valid", Value: inner.Error(), Err: jwt.ErrValue, Code: "claim-value"}
		}
		return nil, &jwt.ClaimError{Claim: "$request", Rule: "is not valid", Value: err.Error(), Err: jwt.ErrValue, Code: "claim-value"}
	}
	return r, nil
}

// parseFlatRequest reads the usual request by hand (flat.Reader): strings
// without escapes, participant_attributes a flat map, no room_config, each
// field once. It returns false on anything else, for ParseTokenRequest's
// decoder to decide (FuzzTokenRequest).
func parseFlatRequest(body []byte) (*TokenRequest, bool) {
	r := flat.NewReader(string(body))
	if !r.Byte('{') {
		return nil, false
	}
	req := new(TokenRequest)
	var seen []string
	for first := true; !r.Byte('}'); first = false {
		if !first && !r.Byte(',') {
			return nil, false
		}
		name, ok := r.String()
		field := fieldName(name)
		if !ok || field == "" || !r.Byte(':') || slices.Contains(seen, field) {
			return nil, false
		}
		seen = append(seen, field)
		set := false
		if field == "participantAttributes" {
			// An empty map is left to the decoder, which tells "{}" (not
			// set) from "{ }" (set) as ParseTokenRequest always has.
			if req.ParticipantAttributes, ok = readFlatMap(r); !ok || req.ParticipantAttributes == nil {
				return nil, false
			}
			set = true
		} else {
			var s *string
			switch field {
			case "roomName":
				s = &req.RoomName
			case "participantIdentity":
				s = &req.ParticipantIdentity
			case "participantName":
				s = &req.ParticipantName
			case "participantMetadata":
				s = &req.ParticipantMetadata
			default:
				return nil, false
			}
			if *s, ok = r.String(); !ok || strings.ContainsRune(*s, utf8.RuneError) {
				return nil, false
			}
			set = *s != ""
		}
		if set {
			req.Set = append(req.Set, snake(field))
		}
	}
	return req, r.End()
}

// snake turns a lowerCamelCase field name into snake_case.
func snake(name string) string {
	var b []byte
	for i := 0; i < len(name); i++ {
		if c := name[i]; 'A' <= c && c <= 'Z' {
			b = append(b, '_', c+'a'-'A')
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}
