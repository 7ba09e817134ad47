package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jitsi"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// Jitsi configures POST /jitsi, a token endpoint for a self-hosted Jitsi
// Meet deployment's users: {"room","user_id","user_name","email","avatar"}
// answered {"token":…}, HS256 with the app secret. Jitsi has no standard
// endpoint; this one follows /livekit's field policy: a request may set only
// the fields the deployment lets clients choose, and moderator never unless
// allowed.
type Jitsi struct {
	Credentials        // the app id (iss) and a Signer keyed with the app secret
	Subject     string // sub: the tenant or domain, or "*"
	Audience    string // aud ("" for "jitsi")
	// Room, if set, is the only room tokens are for: room may be left out
	// or be it. Otherwise room is required.
	Room string
	// Moderator makes every token a moderator's; AllowModerator lets a
	// request ask ("moderator":true). Otherwise a request that asks is
	// refused with 403.
	Moderator, AllowModerator bool
	// Features is context.features of every token.
	Features []jitsi.Feature
	// Lifetime is the tokens' lifetime in seconds (0: 3 hours, 8x8's sample's).
	Lifetime int64
}

// JitsiFields are the fields of a Jitsi token request.
var JitsiFields = []string{"room", "user_id", "user_name", "email", "avatar", "moderator"}

// Route is the route of POST /jitsi. With j nil it is not served.
func (j *Jitsi) Route() Route {
	r := Route{Path: "/jitsi", Kind: "jitsi", Properties: JitsiFields}
	if j != nil {
		c := *j
		r.Token = c.token
	}
	return r
}

// jitsiRequest is a token request: strings and one boolean, nothing else.
type jitsiRequest struct {
	Room      string `json:"room"`
	UserID    string `json:"user_id"`
	UserName  string `json:"user_name"`
	Email     string `json:"email"`
	Avatar    string `json:"avatar"`
	Moderator bool   `json:"moderator"`
}

// token answers a Jitsi token request: 200 {"token":…}.
func (c *Jitsi) token(body []byte, now time.Time) Answer {
	var req jitsiRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"$request", "The body must be a JSON object of " + strings.Join(JitsiFields, ", ") + ": " + err.Error()}}}
	}
	var refused []Problem
	if req.Moderator && !c.AllowModerator && !c.Moderator {
		refused = append(refused, Problem{"moderator", "This endpoint does not let clients ask to be moderators"})
	}
	if c.Room != "" && req.Room != "" && req.Room != c.Room {
		refused = append(refused, Problem{"room", "This endpoint signs tokens for one room only, not " + quote(req.Room)})
	}
	if len(refused) > 0 {
		return Answer{Status: http.StatusForbidden, Refused: refused}
	}
	if req.Room == "*" { // the operator may pin *; a client may not ask for every room
		return Answer{Status: http.StatusForbidden, Refused: []Problem{{"room", "This endpoint does not sign tokens for every room (*)"}}}
	}
	if req.Room == "" {
		req.Room = c.Room
	}
	if req.Room == "" {
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"room", "The room is required"}}}
	}
	lifetime, aud := c.Lifetime, c.Audience
	if lifetime == 0 {
		lifetime = 3 * 60 * 60
	}
	if aud == "" {
		aud = jitsi.JaaSAudience
	}
	moderator := c.Moderator || req.Moderator
	t := jitsi.Token{Audience: aud, Issuer: c.Key, Subject: c.Subject, Room: req.Room,
		IssuedAt: now.Unix(), NotBefore: now.Unix() - 10, ExpiresAt: now.Unix() + lifetime,
		User: jitsi.User{ID: req.UserID, Name: req.UserName, Email: req.Email, Avatar: req.Avatar}, Features: c.Features}
	if c.Moderator || c.AllowModerator {
		t.User.Moderator = &moderator
	}
	token, err := t.Sign(c.Signer)
	var ce *jwt.ClaimError
	if errors.As(err, &ce) {
		field := map[string]string{"room": "room", "context.user.id": "user_id", "context.user.name": "user_name",
			"context.user.email": "email", "context.user.avatar": "avatar"}[ce.Claim]
		if field == "" {
			field = "$server"
		}
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{field, ce.Error()}}}
	}
	if err != nil { // jwt.ErrTooLarge: not with a body of at most 16 KiB
		return Answer{Status: http.StatusBadRequest, Refused: []Problem{{"$request", err.Error()}}}
	}
	role := "participant"
	if moderator {
		role = "moderator"
	}
	var o jwt.Object
	b, _ := o.Close(o.String(o.Open(nil), "token", token))
	return Answer{Status: http.StatusOK, Body: b, Role: role}
}
