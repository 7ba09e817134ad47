package twilio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Twilio's tokens: a JWT whose
// header says cty "twilio-fpa;v=1", judged by the rules the token is signed
// by (Problems), read from its claims.

func init() { inspect.Register(codes, Kind) }

// Kind is a Twilio Access Token, as package inspect names and recognises
// it: a grants claim, which no other vendor's token has, and a header of
// Twilio's members only (cty, which must be "twilio-fpa;v=1", and twr).
var Kind = &inspect.Kind{
	Name:           "twilio",
	KeyClaim:       "iss",
	Env:            []inspect.Env{{Key: "TWILIO_API_KEY", Secret: "TWILIO_API_SECRET", Swapped: Swapped, LongKey: true}},
	OptionalHeader: []string{"cty", "twr"},
	Match:          func(c *inspect.Claims) bool { return c.Has("grants") },
	Check:          check,
	Hints: map[inspect.Code]string{"expired": "Twilio error 20104", "nbf-future": "Twilio error 20105",
		"signature-mismatch": "Twilio error 20107: sign with the API key's secret, not the Auth Token", "iat-future": "Twilio error 20105"},
	Uses:  []string{"video", "voice", "chat", "sync"},
	Joins: []string{"room"},
	Use:   use,
}

// Swapped reports whether the secret has the shape of an API key SID and
// the key has not: the two given the wrong way round.
func Swapped(key, secret []byte) bool { return SID("SK", string(secret)) && !SID("SK", string(key)) }

var codes = []inspect.CodeInfo{
	{Code: "twilio-cty", Severity: inspect.Error, Hint: `give the header cty "twilio-fpa;v=1", as Twilio's helpers write it (Twilio errors 20101, 20160)`},
	{Code: "twilio-identity", Severity: inspect.Error, Hint: "give every token an identity; for Twilio Video at most 128 characters, a character beyond ASCII counted as 2 (Twilio errors 53200, 53201)"},
	{Code: "twilio-lifetime", Severity: inspect.Error, Hint: "give a ttl of at most 86400 seconds (24 hours), in seconds, not milliseconds (Twilio errors 20104, 20157)"},
	{Code: "twilio-sid", Severity: inspect.Error, Hint: "sign with an API key: iss is its SID (SK…), sub the Account SID (AC…), and the secret the API key's secret, never the Auth Token (Twilio errors 20103, 20107)"},
	{Code: "twilio-region", Severity: inspect.Warning, Hint: "use an API key of the US1 region for a client SDK that connects to US1, the default, or connect the SDK to the key's region"},
	{Code: "twilio-no-grant", Severity: inspect.Warning, Hint: "add the grant of the SDK the token is for: video, voice, chat (Conversations) or data_sync (Twilio error 20101)"},
}

// grantNames are the members of grants that Twilio's helpers write.
var grantNames = []string{"identity", "video", "voice", "chat", "data_sync", "task_router", "player"}

func check(c *inspect.Claims) {
	iat, exp := c.Times(inspect.TimeRules{OwnLifetime: true, OptionalIat: true})
	t := Token{KeySID: c.String("iss"), AccountSID: c.String("sub"), IssuedAt: iat, ExpiresAt: exp}
	if nbf, ok := c.Int("nbf", "claim-type"); ok {
		for _, e := range jwt.CheckNowLeeway(nbf, math.MaxInt64, c.Now(), jwt.Skew) {
			c.Add(inspect.Code(e.Code), e.Error())
		}
	}
	g, ok := grants(c)
	if ok {
		t.Identity = g.identity
		if g.video != nil {
			t.Video = &Video{}
		}
	}
	for _, e := range t.Problems() {
		switch {
		case !c.Has("iat") && (e.Claim == "iat" || e.Code == "exp-before-iat" || e.Code == "twilio-lifetime"):
			// Without iat (Twilio's Go helper writes none), the lifetime is not judged.
		case e.Claim == "grants.identity" && !ok:
		case e.Code == "twilio-lifetime" && (exp-iat)%1000 == 0:
			c.Report([]*jwt.ClaimError{{Claim: e.Claim, Rule: e.Rule + " (a ttl in milliseconds?)", Value: e.Value, Err: e.Err, Code: e.Code}})
		default:
			c.Report([]*jwt.ClaimError{e})
		}
	}
	if !c.Has("jti") {
		c.Add("claim-missing", "jti is missing: Twilio's helpers write the API key SID, a hyphen and the issue second")
	}
	var cty, r string
	if json.Unmarshal(c.Header("cty"), &cty) != nil || cty != "twilio-fpa;v=1" {
		c.Add("twilio-cty", fmt.Sprintf("the header's cty is %s: Twilio reads an Access Token by its cty, \"twilio-fpa;v=1\"", or(c.Header("cty"), "missing")))
	}
	if json.Unmarshal(c.Header("twr"), &r) == nil && r != "us1" {
		c.Add("twilio-region", fmt.Sprintf("the token is for the region %q (twr): Twilio's Video docs ask client SDKs for an API key of the US1 region, and a client that connects to US1 refuses a key of another", r))
	}
	if ok && len(g.names) == 0 {
		c.Add("twilio-no-grant", "the token grants nothing but an identity: each SDK needs its grant")
	}
	for _, name := range g.unknown {
		c.Add("claim-unknown", fmt.Sprintf("grants.%s is not a grant Twilio's helpers write, so it is probably ignored", name))
	}
}

// granted is what check reads of the grants claim.
type granted struct {
	identity string
	video    *struct {
		Room string `json:"room"`
	}
	names   []string // the grants it holds, identity aside, in order
	unknown []string
}

// grants reads the grants claim: an object holding identity and one member
// per grant. It reports a claim of another shape, and whether it read one.
func grants(c *inspect.Claims) (granted, bool) {
	var g granted
	raw := c.Raw("grants")
	if raw == nil {
		c.Add("claim-missing", "grants is missing: a Twilio Access Token holds the identity and its grants in it")
		return g, false
	}
	members, ok := object(raw)
	if !ok {
		c.Add("claim-type", "grants must be a JSON object, got "+string(raw))
		return g, false
	}
	for _, m := range members {
		switch {
		case m.Name == "identity":
			if json.Unmarshal(m.Value, &g.identity) != nil {
				c.Add("claim-type", "grants.identity must be a JSON string, got "+string(m.Value))
				return g, false
			}
		case !slices.Contains(grantNames, m.Name):
			g.unknown = append(g.unknown, m.Name)
		case m.Value[0] != '{':
			c.Add("claim-type", "grants."+m.Name+" must be a JSON object, got "+string(m.Value))
		default:
			g.names = append(g.names, m.Name)
			if m.Name == "video" && json.Unmarshal(m.Value, &g.video) != nil {
				c.Add("claim-type", "grants.video.room must be a JSON string, got "+string(m.Value))
			}
		}
	}
	return g, true
}

func or(b []byte, s string) string {
	if b == nil {
		return s
	}
	return string(b)
}

// object returns the members of a JSON object in their order.
func object(raw []byte) ([]jwt.Member, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var ms []jwt.Member
	for d.More() {
		t, err := d.Token()
		name, ok := t.(string)
		var v json.RawMessage
		if err != nil || !ok || d.Decode(&v) != nil {
			return nil, false
		}
		ms = append(ms, jwt.Member{Name: name, Value: v})
	}
	return ms, true
}

// use judges the token for the SDK it is presented to, which needs its
// grant, and the room the client joins against the Video grant's.
func use(c *inspect.Claims) {
	name := map[string]string{"video": "video", "voice": "voice", "chat": "chat", "sync": "data_sync"}[c.Use()]
	var held []string
	members, _ := object(c.Raw("grants"))
	var room *string
	for _, m := range members {
		if m.Name == "identity" {
			continue
		}
		held = append(held, m.Name)
		if m.Name == "video" {
			var v struct {
				Room *string `json:"room"`
			}
			if json.Unmarshal(m.Value, &v) == nil {
				room = v.Room
			}
		}
	}
	if name != "" && !slices.Contains(held, name) {
		has := "no grant"
		if len(held) > 0 {
			has = "only " + strings.Join(held, ", ")
		}
		c.Add("use-denied", fmt.Sprintf("the token cannot serve %s: it needs the %s grant, and holds %s", c.Use(), name, has))
	}
	if want, ok := c.Join("room"); ok && room != nil && *room != "" && *room != want {
		c.Add("join-mismatch", fmt.Sprintf("the token's Video grant is for the room %q; the client joins %q", *room, want))
	}
}
