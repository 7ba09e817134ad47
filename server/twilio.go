package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/twilio"
)

// Twilio configures /token, the token endpoint of twilio/video-quickstart-js
// (server/index.js), which its client calls as GET /token?identity=…: the
// token alone, as text, for a Video grant, valid for TwilioLifetime. A POST
// with a JSON body {"identity":…,"room":…} is answered the same.
//
// Where the quickstart is broken, /token does better: a request without an
// identity, or with one Twilio Video refuses (empty, over 128 characters),
// is refused with 400 naming identity, where the quickstart signs a token
// no client can join with; room, which the quickstart ignores, limits the
// token to that room.
type Twilio struct {
	Credentials        // the API key's SID and a Signer keyed with its secret
	AccountSID  string // sub: TWILIO_ACCOUNT_SID
}

// TwilioLifetime is the quickstart's ttl: MAX_ALLOWED_SESSION_DURATION,
// 14400 seconds, "Max. period that a Participant is allowed to be in a Room".
const TwilioLifetime = 14400

// TwilioFields are the fields of the quickstart's request.
var TwilioFields = []string{"identity", "room"}

// Route is the route of /token. With t nil it is not served.
func (t *Twilio) Route() Route {
	r := Route{Path: "/token", Kind: "twilio", Properties: TwilioFields, Query: true}
	if t != nil {
		c := *t
		r.Token = c.token
	}
	return r
}

var textContentType = "text/plain; charset=utf-8"

// token answers a request: 200 and the token as text.
func (t *Twilio) token(body []byte, now time.Time) Answer {
	var req map[string]json.RawMessage
	if json.Unmarshal(body, &req) != nil || len(body) == 0 || body[0] != '{' {
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"$request", "Request body must be a JSON object"}}}
	}
	field := func(name string) (string, *Problem) {
		var s string
		if raw := req[name]; raw != nil && json.Unmarshal(raw, &s) != nil {
			return "", &Problem{name, "Value " + string(raw) + " not allowed, must be of type string"}
		}
		return s, nil
	}
	identity, p := field("identity")
	if p != nil {
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{*p}}
	}
	room, p := field("room")
	if p != nil {
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{*p}}
	}
	tok := twilio.Token{AccountSID: t.AccountSID, KeySID: t.Key, Identity: identity, IssuedAt: now.Unix(), ExpiresAt: now.Unix() + TwilioLifetime,
		Video: &twilio.Video{Room: room}}
	s, err := tok.Sign(t.Signer)
	if err != nil {
		if ce, ok := err.(*jwt.ClaimError); ok && ce.Claim == "grants.identity" {
			reason := ce.Rule
			if ce.Value != "" {
				reason += ", got " + ce.Value
			}
			return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"identity", reason}}}
		}
		// The credentials were checked at start, and JSON's strings are
		// UTF-8: what is left is a room too long for a token (ErrTooLarge),
		// which a body within MaxBody cannot hold.
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"room", "Value cannot be signed: " + err.Error()}}}
	}
	return Answer{Status: http.StatusOK, Body: []byte(s), ContentType: textContentType, Role: "participant"}
}
