package hms

import (
	"fmt"
	"strconv"

	"github.com/sdkjwt/sdkjwt/inspect"
)

// This file is what package inspect knows of 100ms's tokens.

func init() { inspect.Register(nil, AppKind, ManagementKind) }

// 100ms's kinds of token, as package inspect names and recognises them: an
// access_key and the type the token says it is, or, without a type, a
// room_id for an app token and none for a management token. Their rules
// are those the payloads are signed by (Problems), and the type and
// version every 100ms token carries.
var (
	AppKind = &inspect.Kind{Name: "hms-app", KeyClaim: "access_key", Env: env, Match: typed("app"), Check: checkApp,
		Uses: []string{"join", "api"}, Joins: []string{"room"}, Use: use}
	ManagementKind = &inspect.Kind{Name: "hms-management", KeyClaim: "access_key", Env: env, Match: typed("management"), Check: checkManagement,
		Uses: []string{"api", "join"}, Use: use}
)

// env names the variables of 100ms's key and secret, as its samples do.
var env = []inspect.Env{{Key: "HMS_ACCESS_KEY", Secret: "HMS_APP_SECRET"}}

func typed(typ string) func(*inspect.Claims) bool {
	return func(c *inspect.Claims) bool {
		if !c.Has("access_key") {
			return false
		}
		if c.Has("type") {
			return string(c.Raw("type")) == `"`+typ+`"`
		}
		return c.Has("room_id") == (typ == "app")
	}
}

func checkApp(c *inspect.Claims) {
	iat, exp := c.Times(inspect.TimeRules{})
	typeAndVersion(c, "app")
	a := App{AccessKey: c.String("access_key"), RoomID: c.String("room_id"), UserID: c.String("user_id"), Role: c.String("role"), IssuedAt: iat, ExpiresAt: exp, JTI: c.String("jti")}
	c.Report(a.Problems())
}

func checkManagement(c *inspect.Claims) {
	iat, exp := c.Times(inspect.TimeRules{})
	typeAndVersion(c, "management")
	m := Management{AccessKey: c.String("access_key"), IssuedAt: iat, ExpiresAt: exp, JTI: c.String("jti")}
	c.Report(m.Problems())
}

// use judges a token for what it is presented to: a client SDK's join takes
// an app token, for the room the client joins (--room); the REST API, a
// management token.
func use(c *inspect.Claims) {
	app := string(c.Raw("type")) == `"app"` || !c.Has("type") && c.Has("room_id")
	switch u := c.Use(); {
	case u == "join" && !app:
		c.Add("use-denied", "a management token cannot join a room: 100ms's client SDKs take an app token (type app, room_id, role)")
	case u == "api" && app:
		c.Add("use-denied", "an app token is not a management token: 100ms's REST API takes a token of type management")
	}
	if room, ok := c.Join("room"); ok && app && c.String("room_id") != room {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the room %q (room_id); the client joins %q", c.String("room_id"), room))
	}
}

// typeAndVersion reports a token without its type, or without version 2:
// every token of 100ms's docs and server SDK has both.
func typeAndVersion(c *inspect.Claims, typ string) {
	if !c.Has("type") {
		c.Add("claim-missing", `type is missing: a 100ms token says what it is, "`+typ+`" here`)
	}
	switch n, ok := c.Int("version", "claim-type"); {
	case !ok && !c.Explained("version"):
		c.Add("claim-missing", "version is missing: 100ms's tokens have version 2")
	case ok && n != 2:
		c.Add("claim-value", "version must be 2, got "+strconv.FormatInt(n, 10))
	}
}
