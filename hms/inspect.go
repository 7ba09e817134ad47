package hms

import "github.com/sdkjwt/sdkjwt/inspect"

// This file is what package inspect knows of 100ms's tokens.

func init() { inspect.Register(nil, AppKind, ManagementKind) }

// 100ms's kinds of token, as package inspect names and recognises them: an
// access_key and the type the token says it is. Their rules are those every
// token's times meet.
var (
	AppKind        = &inspect.Kind{Name: "hms-app", KeyClaim: "access_key", Env: env, Match: typed("app"), Check: checkTimes}
	ManagementKind = &inspect.Kind{Name: "hms-management", KeyClaim: "access_key", Env: env, Match: typed("management"), Check: checkTimes}
)

// env names the variables of 100ms's key and secret, as its samples do.
var env = []inspect.Env{{Key: "HMS_ACCESS_KEY", Secret: "HMS_APP_SECRET"}}

func typed(typ string) func(*inspect.Claims) bool {
	return func(c *inspect.Claims) bool {
		return c.Has("access_key") && string(c.Raw("type")) == `"`+typ+`"`
	}
}

func checkTimes(c *inspect.Claims) { c.Times(inspect.TimeRules{}) }
