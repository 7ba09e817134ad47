package vonage

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Vonage Video's tokens: the
// OpenTok JWT, the Vonage application's RS256 token and the legacy T1.

func init() { inspect.Register(codes, JWTKind, AppKind, T1Kind) }

var env = []inspect.Env{{Key: "VONAGE_API_KEY", Secret: "VONAGE_API_SECRET"}}

// JWTKind is the OpenTok JWT: HS256 with a project's API secret.
var JWTKind = &inspect.Kind{
	Name:     "vonage",
	KeyClaim: "iss", // the API key
	Env:      env,
	Match:    func(c *inspect.Claims) bool { return c.Has("ist") && c.Has("session_id") },
	Check:    func(c *inspect.Claims) { check(c, "jwt") },
	Uses:     []string{"join"},
	Joins:    []string{"session"},
	Use:      use,
}

// AppKind is a Vonage application's token: RS256 with its private key.
var AppKind = &inspect.Kind{
	Name:     "vonage-app",
	KeyClaim: "application_id",
	Algs:     []string{"RS256"},
	OwnAlg:   true,
	Match:    func(c *inspect.Claims) bool { return c.Has("session_id") },
	Check:    func(c *inspect.Claims) { check(c, "app") },
	Uses:     []string{"join"},
	Joins:    []string{"session"},
	Use:      use,
}

// T1Kind is the legacy T1 token: HMAC-SHA1 with a project's API secret.
var T1Kind = &inspect.Kind{
	Name:   "vonage-t1",
	Env:    env,
	Decode: decodeT1,
	Uses:   []string{"join"},
	Joins:  []string{"session"},
}

var codes = []inspect.CodeInfo{
	{Code: "vonage-role", Severity: inspect.Error, Hint: "give the role publisher, publisheronly, subscriber or moderator"},
	{Code: "vonage-session", Severity: inspect.Error, Hint: "make the token for a session of the same project: a session id encodes the API key it was created with"},
	{Code: "vonage-lifetime", Severity: inspect.Error, Hint: "give an expireTime at most 30 days after the token is made"},
	{Code: "vonage-data", Severity: inspect.Warning, Hint: "keep connection_data to 1000 characters, Vonage's documented limit (its Node SDK takes 1024), and initial_layout_class_list to 1024"},
	{Code: "vonage-claims", Severity: inspect.Error, Hint: "make the token with Vonage's SDKs or sdkjwt vonage: an OpenTok JWT has ist \"project\", a Vonage application's sub \"video\" and RS256, both scope \"session.connect\""},
	{Code: "vonage-default-exp", Severity: inspect.Info, Hint: "if the token was meant to last otherwise, check the expireTime given: @vonage/jwt replaces one in the past with now + 15 minutes, and opentok's Vonage branch ignores it (a day), without a word"},
	{Code: "vonage-malformed", Severity: inspect.Error, Hint: "copy the whole T1 token: T1== and base64 of partner_id=…&sig=…:…"},
}

func check(c *inspect.Claims, family string) {
	iat, exp := c.Times(inspect.TimeRules{})
	if family == "app" {
		var alg string
		json.Unmarshal(c.Header("alg"), &alg)
		if alg != "RS256" {
			c.Add("vonage-claims", fmt.Sprintf("the header's alg is %q: a Vonage application's token is RS256, signed with its private key", alg))
		}
		if s := c.String("sub"); s != "video" {
			c.Add("vonage-claims", fmt.Sprintf("sub is %q, not \"video\"", s))
		}
		switch exp - iat {
		case 15 * 60:
			c.Add("vonage-default-exp", "exp is 15 minutes after iat: @vonage/jwt's default lifetime, and what it makes of an expireTime in the past")
		case DefaultLifetime:
			c.Add("vonage-default-exp", "exp is a day after iat: the SDKs' default, and what opentok's Vonage branch always makes, whatever expireTime says")
		}
	} else {
		if s := c.String("ist"); s != "project" {
			c.Add("vonage-claims", fmt.Sprintf("ist is %q, not \"project\"", s))
		}
		if key, ok := SessionAPIKey(c.String("session_id")); c.String("iss") != "" && (!ok || key != c.String("iss")) {
			c.Add("vonage-session", fmt.Sprintf("the session id encodes the API key %q, and the token is for %q", key, c.String("iss")))
		}
	}
	rules(c.Add, c.String("role"), c.String("scope"), c.String("connection_data"), c.String("initial_layout_class_list"), iat, exp)
}

// rules adds the findings every family shares.
func rules(add func(inspect.Code, string), role, scope, data, layout string, iat, exp int64) {
	if !slices.Contains(Roles, role) {
		add("vonage-role", fmt.Sprintf("role is %q: the roles are %s", role, strings.Join(Roles, ", ")))
	}
	if scope != "session.connect" {
		add("vonage-claims", fmt.Sprintf("scope is %q, not \"session.connect\"", scope))
	}
	if life := exp - iat; life > MaxLifetime {
		add("vonage-lifetime", "the token lasts "+jwt.Span(life)+": at most 30 days")
	}
	if n := jsLen(data); n > MaxData {
		add("vonage-data", fmt.Sprintf("connection_data is %d characters: Vonage documents at most 1000", n))
	}
	if n := jsLen(layout); n > MaxLayout {
		add("vonage-data", fmt.Sprintf("initial_layout_class_list is %d characters: at most 1024", n))
	}
}

// use compares the session the client connects to (--session) with the token's.
func use(c *inspect.Claims) {
	if s, ok := c.Join("session"); ok && c.String("session_id") != s {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the session %q; the client connects to %q", c.String("session_id"), s))
	}
}

// MaxT1 bounds a T1 token: its data is some hundreds of bytes.
const MaxT1 = 8 << 10

func decodeT1(token string, now int64, add func(inspect.Code, string)) (*inspect.Decoded, bool) {
	if !strings.HasPrefix(token, "T1==") {
		return nil, false
	}
	fail := func(why string) (*inspect.Decoded, bool) {
		add("vonage-malformed", "the T1 token "+why)
		return &inspect.Decoded{}, true
	}
	if len(token) > MaxT1 {
		return fail("is longer than " + strconv.Itoa(MaxT1) + " bytes")
	}
	raw, err := base64.StdEncoding.DecodeString(token[4:])
	if err != nil {
		return fail("is not base64 after T1==: " + err.Error())
	}
	head, data, ok := strings.Cut(string(raw), ":")
	h, herr := url.ParseQuery(head)
	q, qerr := url.ParseQuery(data)
	sig, serr := hex.DecodeString(h.Get("sig"))
	if !ok || herr != nil || qerr != nil || serr != nil || len(sig) != sha1.Size || h.Get("partner_id") == "" {
		return fail("is not partner_id=…&sig=<40 hex digits>:<data>")
	}
	iat, _ := strconv.ParseInt(q.Get("create_time"), 10, 64)
	exp, eerr := strconv.ParseInt(q.Get("expire_time"), 10, 64)
	if eerr != nil {
		return fail("has no expire_time")
	}
	if key, ok := SessionAPIKey(q.Get("session_id")); !ok || key != h.Get("partner_id") {
		add("vonage-session", fmt.Sprintf("the session id encodes the API key %q, and the token is for %q", key, h.Get("partner_id")))
	}
	rules(add, q.Get("role"), q.Get("scope"), q.Get("connection_data"), q.Get("initial_layout_class_list"), iat, exp)
	if exp <= now {
		add("expired", fmt.Sprintf("expire_time %d (%s) has passed, %s ago", exp, inspect.UTC(exp), jwt.Span(now-exp)))
	}
	content := map[string]string{"partner_id": h.Get("partner_id"), "sig": h.Get("sig")}
	for k := range q {
		content[k] = q.Get(k)
	}
	session := q.Get("session_id")
	return &inspect.Decoded{
		Key:     h.Get("partner_id"),
		Content: inspect.Content(content),
		Times:   []inspect.Time{{Claim: "create_time", Unix: iat}, {Claim: "expire_time", Unix: exp}},
		Matches: func(secret []byte) bool {
			m := hmac.New(sha1.New, secret)
			m.Write([]byte(data))
			return hmac.Equal(m.Sum(nil), sig)
		},
		Use: func(use string, join func(string) string, add func(inspect.Code, string)) {
			if s := join("session"); s != "" && s != session {
				add("join-mismatch", fmt.Sprintf("the token is for the session %q; the client connects to %q", session, s))
			}
		},
	}, true
}
