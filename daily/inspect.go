package daily

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Daily's tokens.

func init() { inspect.Register(codes, Kind) }

// claims are the abbreviations Daily documents for self-signed tokens,
// with iat: those sdkjwt writes and ij, sro, mjh and p, which it reads.
var claims = append([]string{"iat", "nbf", "exp", "d", "r", "ud", "u", "rome", "er", "eje", "uil", "ij", "sro", "mjh", "p"}, Options...)

// Kind is a Daily self-signed meeting token, as package inspect names and
// recognises it: a domain id (d) and no claim Daily does not document.
var Kind = &inspect.Kind{
	Name: "daily",
	Env:  []inspect.Env{{Key: "DAILY_DOMAIN_ID", Secret: "DAILY_API_KEY"}},
	Match: func(c *inspect.Claims) bool {
		return c.Has("d") && c.Within(claims)
	},
	Check: check,
	Uses:  []string{"join"},
	Joins: []string{"room"},
	Use:   use,
}

var codes = []inspect.CodeInfo{
	{Code: "daily-domain", Severity: inspect.Error, Hint: "set d to the domain_id of your domain's configuration (GET /v1/): Daily requires it, and a token is never valid on another domain"},
	{Code: "daily-user-id", Severity: inspect.Error, Hint: "shorten ud (user_id) to 36 characters: a UUID fits"},
	{Code: "daily-value", Severity: inspect.Error, Hint: "write the property as Daily's meeting token reference types it: booleans true or false, er one of cloud, cloud-audio-only, local, raw-tracks, eje a number of seconds, p an object"},
	{Code: "daily-any-room", Severity: inspect.Warning, Hint: "set r to the room the token is for: without it the token opens every room of the domain"},
	{Code: "daily-no-exp", Severity: inspect.Warning, Hint: "set exp: Daily's docs say a token without one is valid for ever"},
}

func check(c *inspect.Claims) {
	iat, exp := c.Times(inspect.TimeRules{OptionalExp: true})
	t := Token{DomainID: c.String("d"), Room: c.String("r"), IssuedAt: iat, ExpiresAt: exp,
		UserID: c.String("ud"), UserName: c.String("u"), Redirect: c.String("rome"), Lang: c.String("uil")}
	if c.Has("d") && t.DomainID == "" && !c.Explained("d") {
		c.Add("daily-domain", "d is empty: it must be the domain_id")
		c.Explain("d")
	}
	// Types Daily's reference gives the properties: a finding of their own.
	for _, name := range Options {
		if raw := c.Raw(name); raw != nil && string(raw) != "true" && string(raw) != "false" {
			c.Add("daily-value", fmt.Sprintf("%s must be true or false, got %s", name, raw))
			c.Explain(name)
		}
	}
	if raw := c.Raw("er"); raw != nil && !c.Explained("er") {
		var one string
		var many []string
		if json.Unmarshal(raw, &one) == nil {
			t.Recording = one
		} else if json.Unmarshal(raw, &many) != nil || slices.ContainsFunc(many, func(s string) bool { return !slices.Contains(Recordings, s) }) {
			c.Add("daily-value", "er (enable_recording) must be one of cloud, cloud-audio-only, local, raw-tracks, or an array of them, got "+string(raw))
		}
	}
	if c.Has("eje") {
		if n, ok := c.Int("eje", "daily-value"); ok {
			t.EjectAfterElapsed = n
		}
	}
	if raw := c.Raw("p"); raw != nil && raw[0] != '{' {
		c.Add("daily-value", "p (permissions) must be an object, got "+string(raw))
	}
	c.Report(t.Problems())
	for _, w := range t.Warnings() {
		if w.Claim != "exp" || !c.Has("exp") { // an unreadable exp is not none
			c.Report([]*jwt.ClaimError{w})
		}
	}
}

// use compares the room the client joins (--room) with r.
func use(c *inspect.Claims) {
	if room, ok := c.Join("room"); ok && c.Has("r") && c.String("r") != room {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the room %q (r); the client joins %q", c.String("r"), room))
	}
}
