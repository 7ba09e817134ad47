package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/livekit"
)

// LiveKit configures POST /livekit, LiveKit's standard token endpoint: the
// one LiveKit's client SDKs call (TokenSource's endpoint). A request may
// set only the fields the deployment lets clients choose; any other is
// refused with 403 naming it, as LiveKit's docs ask.
type LiveKit struct {
	Credentials        // the API key and a Signer keyed with the API secret
	ServerURL   string // answered as server_url: the LiveKit server's URL (LIVEKIT_URL)
	// Room, if set, is the only room tokens are for: room_name may be left
	// out or be it. Otherwise room_name is required.
	Room string
	// Allow lists what clients may set beyond room_name,
	// participant_identity and participant_name: participant_metadata,
	// participant_attributes, room_config.
	Allow []string
	// Grant is the video grant every token carries; roomJoin and room are
	// set from the request. Its zero value is LiveKit's default: publish
	// and subscribe.
	Grant livekit.VideoGrant
	// Lifetime is the tokens' lifetime in seconds (0: livekit.DefaultLifetime).
	Lifetime int64
}

// LiveKitFields are the fields of LiveKit's token request.
var LiveKitFields = []string{"room_name", "participant_identity", "participant_name", "participant_metadata", "participant_attributes", "room_config"}

// Route is the route of POST /livekit. With lk nil it is not served.
func (lk *LiveKit) Route() Route {
	r := Route{Path: "/livekit", Kind: "livekit", Properties: LiveKitFields}
	if lk != nil {
		c := *lk
		r.Token = c.token
	}
	return r
}

// token answers a LiveKit token request: 201 {"server_url","participant_token"}.
func (c *LiveKit) token(body []byte, now time.Time) Answer {
	req, err := livekit.ParseTokenRequest(body)
	var ce *jwt.ClaimError
	if errors.As(err, &ce) {
		msg := ce.Rule
		if ce.Value != "" {
			msg += ": " + ce.Value
		}
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{ce.Claim, msg}}}
	}
	var refused []Problem
	for _, f := range req.Set {
		if !slices.Contains(LiveKitFields[:3], f) && !slices.Contains(c.Allow, f) {
			refused = append(refused, Problem{f, "This endpoint does not let clients set " + f})
		}
	}
	if c.Room != "" && req.RoomName != "" && req.RoomName != c.Room {
		refused = append(refused, Problem{"room_name", "This endpoint signs tokens for one room only, not " + quote(req.RoomName)})
	}
	if len(refused) > 0 {
		return Answer{Status: http.StatusForbidden, Refused: refused}
	}
	grant := c.Grant
	grant.RoomJoin, grant.Room = true, req.RoomName
	if grant.Room == "" {
		grant.Room = c.Room
	}
	lifetime := c.Lifetime
	if lifetime == 0 {
		lifetime = livekit.DefaultLifetime
	}
	t := livekit.Token{
		APIKey: c.Key, Identity: req.ParticipantIdentity, Name: req.ParticipantName,
		Metadata: req.ParticipantMetadata, Attributes: req.ParticipantAttributes, Video: &grant,
		RoomConfig: req.RoomConfig, NotBefore: now.Unix(), ExpiresAt: now.Unix() + lifetime,
	}
	token, err := t.Sign(c.Signer)
	if errors.As(err, &ce) {
		field := map[string]string{"sub": "participant_identity", "video.room": "room_name", "name": "participant_name",
			"metadata": "participant_metadata", "attributes": "participant_attributes", "roomConfig": "room_config"}[ce.Claim]
		if field == "" {
			field = "$server"
		}
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{field, ce.Error()}}}
	}
	if err != nil { // jwt.ErrTooLarge: not with a body of at most 16 KiB
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"$request", err.Error()}}}
	}
	var o jwt.Object
	b := o.String(o.Open(nil), "server_url", c.ServerURL)
	b, _ = o.Close(o.String(b, "participant_token", token)) // both valid UTF-8
	return Answer{Status: http.StatusCreated, Body: b, Role: "participant"}
}

// quote quotes a request's text for a reason, cut at 64 bytes.
func quote(s string) string {
	if len(s) > 64 {
		s = strings.ToValidUTF8(s[:64], "") + "…"
	}
	return strconv.Quote(s)
}
