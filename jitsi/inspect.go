package jitsi

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Jitsi's tokens, judged as the
// Prosody token plugin (token/util.lib.lua with luajwtjitsi) and
// jitsi-meet's web client (validateJwt) judge them.

func init() { inspect.Register(codes, Kind, JaaSKind) }

// claims are those the plugin and the web client read.
var claims = []string{"aud", "iss", "sub", "room", "exp", "nbf", "iat", "context", "moderator", "jti"}

// Kind is a self-hosted Jitsi deployment's token: HS256 with the app
// secret, or RS256 with a kid (asap_key_server).
var Kind = &inspect.Kind{
	Name:           "jitsi",
	KeyClaim:       "iss", // the app id
	Env:            []inspect.Env{{Key: "JITSI_APP_ID", Secret: "JITSI_APP_SECRET"}},
	Algs:           []string{"HS256", "RS256"},
	OwnAlg:         true,
	Match:          func(c *inspect.Claims) bool { return isJitsi(c) && !jaas(c) },
	Check:          func(c *inspect.Claims) { check(c, false) },
	Uses:           []string{"join"},
	Joins:          []string{"room", "tenant", "issuer", "audience"},
	Use:            use,
	Hints:          map[inspect.Code]string{"signature-mismatch": "Prosody says \"Invalid signature\""},
	OptionalHeader: []string{"kid"},
}

// JaaSKind is 8x8's JaaS token: RS256, its sub a JaaS AppID.
var JaaSKind = &inspect.Kind{
	Name:           "jaas",
	KeyClaim:       "iss", // "chat": the AppID is sub
	Algs:           []string{"RS256"},
	OwnAlg:         true,
	Match:          func(c *inspect.Claims) bool { return isJitsi(c) && jaas(c) },
	Check:          func(c *inspect.Claims) { check(c, true) },
	Uses:           []string{"join"},
	Joins:          []string{"room"},
	Use:            use,
	OptionalHeader: []string{"kid"},
}

var codes = []inspect.CodeInfo{
	{Code: "jitsi-typ", Severity: inspect.Error, Hint: `write the header's typ as exactly "JWT": the Prosody plugin refuses any other ("Invalid typ")`},
	{Code: "jitsi-alg", Severity: inspect.Error, Hint: "sign with the algorithm the server is set up for: HS256 with app_secret, RS256 with a key its asap_key_server holds (JaaS: RS256 only)"},
	{Code: "jitsi-alg-unchecked", Severity: inspect.Warning, Hint: "the server takes it only if set up for it (signature_algorithm); sdkjwt checks HS256 and RS256 signatures only"},
	{Code: "jitsi-no-exp", Severity: inspect.Warning, Hint: "set exp: the Prosody plugin lets a token without one in for ever, and the web client reports expInvalid"},
	{Code: "jitsi-context", Severity: inspect.Warning, Hint: "add context (with context.features for JaaS): the server takes the token, and jitsi-meet's web client reports contextNotFound (featuresNotFound)"},
	{Code: "jitsi-feature", Severity: inspect.Warning, Hint: "name features of the web client's list (branding, calendar, create-polls, file-upload, flip, inbound-call, livestreaming, live-translation, lobby, moderation, outbound-call, recording, room, screen-sharing, send-groupchat, send-private-message, list-visitors, sip-inbound-call, sip-outbound-call, transcription), each true, false, \"true\" or \"false\""},
	{Code: "jitsi-user", Severity: inspect.Error, Hint: "write context.user's id, name, email and avatar as strings: a number or null makes the server's presence code fail"},
	{Code: "jitsi-sub", Severity: inspect.Warning, Hint: "write sub as the lower-case tenant or domain, or *"},
	{Code: "jitsi-kid", Severity: inspect.Error, Hint: "put the key's name in the header's kid: the server fetches the public key by it (JaaS: the AppID, a slash, the API key's id)"},
	{Code: "jitsi-accepted", Severity: inspect.Error, Hint: "make iss the server's app_id (or one of asap_accepted_issuers) and aud one of asap_accepted_audiences"},
	{Code: "jaas-claims", Severity: inspect.Error, Hint: `JaaS takes aud "jitsi", iss "chat" and sub the AppID (vpaas-magic-cookie-…)`},
}

// isJitsi reports whether the claims are a Jitsi token's: a room, and no
// claim the plugin and the client do not read.
func isJitsi(c *inspect.Claims) bool { return c.Has("room") && c.Has("aud") && c.Within(claims) }

// jaas reports whether the token is JaaS's: its sub, or its kid, a JaaS AppID.
func jaas(c *inspect.Claims) bool {
	var kid, sub string
	json.Unmarshal(c.Header("kid"), &kid)
	json.Unmarshal(c.Raw("sub"), &sub) // not String: Match adds no finding
	return strings.HasPrefix(sub, JaaSPrefix) || strings.HasPrefix(kid, JaaSPrefix)
}

func check(c *inspect.Claims, isJaaS bool) {
	var alg, kid string
	json.Unmarshal(c.Header("alg"), &alg)
	json.Unmarshal(c.Header("kid"), &kid)
	if string(c.Header("typ")) != `"JWT"` {
		c.Add("jitsi-typ", fmt.Sprintf("the header's typ is %s: luajwtjitsi takes exactly \"JWT\"", shown(c.Header("typ"))))
	}
	switch {
	case isJaaS && alg != "RS256":
		c.Add("jitsi-alg", fmt.Sprintf("the header's alg is %s: JaaS verifies RS256 only", shown(c.Header("alg"))))
	case slices.Contains([]string{"HS384", "HS512", "RS384", "RS512"}, alg):
		c.Add("jitsi-alg-unchecked", "the header's alg is "+alg+": a server set up with signature_algorithm = \""+alg+"\" takes it; its signature was not checked")
	case alg != "HS256" && alg != "RS256":
		c.Add("jitsi-alg", fmt.Sprintf("the header's alg is %s: luajwtjitsi verifies HS256, HS384, HS512, RS256, RS384 and RS512 only", shown(c.Header("alg"))))
	}
	if strings.HasPrefix(alg, "RS") && kid == "" {
		c.Add("jitsi-kid", "the token is "+alg+" and its header has no kid: the server cannot find the public key (\"'kid' claim is missing\")")
	}
	sub := c.String("sub")
	if isJaaS && kid != "" && kid[:max(strings.IndexByte(kid, '/'), 0)] != sub {
		c.Add("jitsi-kid", fmt.Sprintf("the kid %q does not start with the sub %q and a slash: the web client reports kidMismatch", kid, sub))
	}
	for _, name := range []string{"iss", "aud", "room"} {
		if !c.Has(name) {
			c.Add("claim-missing", fmt.Sprintf("%s is missing: the Prosody plugin refuses the token (\"'%s' claim is missing\")", name, name))
		}
	}
	iss, aud := c.String("iss"), c.String("aud")
	c.String("room")
	if isJaaS {
		for _, m := range [...]struct{ name, got, want string }{{"aud", aud, JaaSAudience}, {"iss", iss, JaaSIssuer}} {
			if m.got != m.want {
				c.Add("jaas-claims", fmt.Sprintf("%s is %q: JaaS takes %q (the web client reports %sInvalid)", m.name, m.got, m.want, m.name))
			}
		}
		if !strings.HasPrefix(sub, JaaSPrefix) {
			c.Add("jaas-claims", fmt.Sprintf("sub is %q: JaaS takes the AppID (%s…)", sub, JaaSPrefix))
		}
	} else if sub != "" && sub != "*" && sub != strings.ToLower(sub) {
		c.Add("jitsi-sub", fmt.Sprintf("sub is %q: the docs ask for the lower-case tenant or domain", sub))
	}
	times(c)
	context(c, isJaaS)
}

// times judges exp and nbf as luajwtjitsi does: each, when present, a JSON
// number; no leeway: refused from exp on, and before nbf.
func times(c *inspect.Claims) {
	nbf, exp := int64(-1<<63), int64(1<<63-1)
	for _, name := range []string{"nbf", "exp", "iat"} {
		raw := c.Raw(name)
		if raw == nil {
			continue
		}
		if _, err := strconv.ParseFloat(string(raw), 64); err != nil {
			c.Add("claim-type", fmt.Sprintf("%s must be a JSON number, got %s (luajwtjitsi: \"%s must be number\")", name, raw, name))
			c.Explain(name)
			continue
		}
		n, _ := strconv.ParseFloat(string(raw), 64)
		// luajwtjitsi compares the clock's whole seconds with the number:
		// refused from exp on, and before nbf, fractions rounded up.
		switch name {
		case "nbf":
			nbf = int64(math.Ceil(n))
		case "exp":
			exp = int64(math.Ceil(n))
		}
	}
	if !c.Has("exp") {
		c.Add("jitsi-no-exp", "exp is missing: the Prosody plugin takes the token for ever; jitsi-meet's web client reports expInvalid")
	}
	for _, e := range jwt.CheckNowLeeway(nbf, exp, c.Now(), 0) {
		c.Add(inspect.Code(e.Code), e.Error())
	}
}

// context judges context as the web client and the server read it.
func context(c *inspect.Claims, isJaaS bool) {
	var ctx struct {
		User     map[string]json.RawMessage
		Features map[string]json.RawMessage
	}
	raw := c.Raw("context")
	if raw == nil || json.Unmarshal(raw, &ctx) != nil {
		c.Add("jitsi-context", "context is missing or not an object: the web client reports contextNotFound")
		return
	}
	for _, name := range []string{"id", "name", "email", "avatar"} {
		if v, ok := ctx.User[name]; ok && v[0] != '"' {
			c.Add("jitsi-user", fmt.Sprintf("context.user.%s is %s, not a string", name, v))
		}
	}
	if isJaaS && ctx.Features == nil {
		c.Add("jitsi-context", "context.features is missing: the web client reports featuresNotFound for a JaaS token")
	}
	names := make([]string, 0, len(ctx.Features))
	for name := range ctx.Features {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch v := string(ctx.Features[name]); {
		case !slices.Contains(Features, name):
			c.Add("jitsi-feature", fmt.Sprintf("context.features has %q, which the web client does not know (featureInvalid)", name))
		case v != "true" && v != "false" && v != `"true"` && v != `"false"`:
			c.Add("jitsi-feature", fmt.Sprintf("context.features.%s is %s, not true, false, \"true\" or \"false\" (featureValueInvalid)", name, v))
		}
	}
}

// use compares the room, tenant and the server's accepted lists with the
// token, as the plugin compares them: the room lower-cased, * for any.
func use(c *inspect.Claims) {
	if room, ok := c.Join("room"); ok && c.Has("room") {
		if r := c.String("room"); r != "*" && !strings.EqualFold(r, room) {
			c.Add("join-mismatch", fmt.Sprintf("the token is for the room %q; the client joins %q (the plugin compares them lower-cased)", r, room))
		}
	}
	if tenant, ok := c.Join("tenant"); ok && c.Has("sub") {
		if s := c.String("sub"); s != "*" && !strings.EqualFold(s, tenant) {
			c.Add("join-mismatch", fmt.Sprintf("the token is for the tenant or domain %q (sub); the client joins under %q", s, tenant))
		}
	}
	for _, m := range [...]struct{ flag, claim string }{{"issuer", "iss"}, {"audience", "aud"}} {
		list, ok := c.Join(m.flag)
		if v := c.String(m.claim); ok && list != "*" && !slices.Contains(strings.Split(list, ","), v) {
			c.Add("jitsi-accepted", fmt.Sprintf("%s is %q, not one the server accepts (%s): \"Invalid %s ('%s' claim)\"", m.claim, v, list, map[string]string{"iss": "issuer", "aud": "audience"}[m.claim], m.claim))
		}
	}
}

func shown(v []byte) string {
	if v == nil {
		return "missing"
	}
	return string(v)
}
