package livekit

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of LiveKit's tokens. LiveKit's
// server reads a token with golang-jwt (HS256 only, iss equal to the key,
// exp required, 60 seconds of leeway) into Go structs with encoding/json:
// a member of the wrong JSON type makes it refuse the token, and an
// unknown member is ignored. Names match case-insensitively, as
// encoding/json matches them.

func init() { inspect.Register(codes, Kind) }

// Kind is LiveKit's access token, as package inspect names and recognises
// it: an iss and LiveKit's nbf or grants.
var Kind = &inspect.Kind{
	Name:     "livekit",
	KeyClaim: "iss",
	Env:      []inspect.Env{{Key: "LIVEKIT_API_KEY", Secret: "LIVEKIT_API_SECRET", Swapped: Swapped}},
	Match: func(c *inspect.Claims) bool {
		// grants is Twilio's: a Twilio token without its cty is not LiveKit's;
		// a room and an aud are Jitsi's.
		return c.Has("iss") && !c.Has("grants") && !(c.Has("room") && c.Has("aud")) && (c.Has("nbf") || c.Has("video") || c.Has("roomConfig") || c.Has("sip"))
	},
	Check:    check,
	AlgOnly:  true,
	LastWins: true,
	Uses:     uses,
	Joins:    []string{"room", "identity"},
	Use:      use,
}

// uses are what a LiveKit token is presented to: a client's connection, or
// one of the server APIs its grants open.
var uses = []string{"join", "room-create", "room-list", "room-admin", "room-record", "ingress-admin", "sip-admin", "sip-call"}

// use judges a token for what it is presented to: a client's connection
// needs roomJoin and the room, and each server API its grant, as LiveKit's
// server checks them (its auth package's grants); the room and identity
// the client means are the token's.
func use(c *inspect.Claims) {
	var t struct {
		Sub   string
		Video VideoGrant
		SIP   struct{ Admin, Call bool }
	}
	json.Unmarshal(c.Payload(), &t) // as LiveKit's server reads it; a claim of the wrong type is Check's
	v := t.Video
	grant, need := map[string]bool{
		"join": v.RoomJoin && v.Room != "", "room-create": v.RoomCreate, "room-list": v.RoomList, "room-admin": v.RoomAdmin && v.Room != "",
		"room-record": v.RoomRecord, "ingress-admin": v.IngressAdmin, "sip-admin": t.SIP.Admin, "sip-call": t.SIP.Call,
	}, map[string]string{
		"join": "video.roomJoin and video.room", "room-create": "video.roomCreate", "room-list": "video.roomList", "room-admin": "video.roomAdmin and video.room",
		"room-record": "video.roomRecord", "ingress-admin": "video.ingressAdmin", "sip-admin": "sip.admin", "sip-call": "sip.call",
	}
	if u := c.Use(); u != "" && !grant[u] {
		c.Add("use-denied", fmt.Sprintf("the token cannot serve %s: it needs %s, and grants %s", u, need[u], granted(grant)))
	}
	if room, ok := c.Join("room"); ok && v.Room != room {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the room %q (video.room); the client means %q", v.Room, room))
	}
	if id, ok := c.Join("identity"); ok && t.Sub != id {
		c.Add("join-mismatch", fmt.Sprintf("the token is for the identity %q (sub); the client means %q", t.Sub, id))
	}
}

// granted lists what a token serves, or says it serves nothing.
func granted(grant map[string]bool) string {
	var served []string
	for _, u := range uses {
		if grant[u] {
			served = append(served, u)
		}
	}
	if len(served) == 0 {
		return "none of them"
	}
	return "only " + strings.Join(served, ", ")
}

var codes = []inspect.CodeInfo{
	{Code: "livekit-identity-missing", Severity: inspect.Error, Hint: "set the participant's identity (sub): LiveKit refuses a join without one"},
	{Code: "livekit-join-missing", Severity: inspect.Warning, Hint: `add "roomJoin":true and the room to the video grant, unless the token is for the server API`},
	{Code: "livekit-room-missing", Severity: inspect.Error, Hint: `name the room in the video grant ("room"): roomJoin and roomAdmin are for one room`},
	{Code: "livekit-grant-unknown", Severity: inspect.Warning, Hint: "LiveKit ignores grant names it does not know: check the spelling against its VideoGrant (canPublishSources, canPublishData, roomJoin, …)"},
	{Code: "livekit-source-invalid", Severity: inspect.Warning, Hint: "canPublishSources takes camera, microphone, screen_share and screen_share_audio; LiveKit grants nothing for another name"},
	{Code: "livekit-publish-denied", Severity: inspect.Info, Hint: "if the participant must publish (camera, microphone, screen), leave canPublish out or set it true"},
	{Code: "livekit-subscribe-denied", Severity: inspect.Info, Hint: "if the participant must see and hear the others, leave canSubscribe out or set it true"},
	{Code: "livekit-exp-missing", Severity: inspect.Warning, Hint: "add exp, the expiry in Unix seconds (LiveKit's SDKs: 6 hours after nbf): without it the token is good for ever on LiveKit's released servers, and refused by those built from its newest protocol"},
	{Code: "livekit-lifetime-long", Severity: inspect.Warning, Hint: "give tokens a short life (LiveKit's SDKs: 6 hours) and make a new one for each connection; exp is checked only when a client connects"},
	{Code: "livekit-room-config-invalid", Severity: inspect.Error, Hint: "write roomConfig as LiveKit's RoomConfiguration: its field names, in camelCase or snake_case, and their JSON types"},
	{Code: "livekit-room-config-credentials", Severity: inspect.Warning, Hint: "rotate the storage credentials or stream keys in roomConfig's egress (every client with the token can read them), and start egress from your server instead"},
}

// claims are the payload members LiveKit's server reads.
var claims = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "identity", "name", "kind", "kindDetails", "video", "sip", "agent", "inference", "observability", "roomConfig", "roomPreset", "sha256", "metadata", "attributes"}

func check(c *inspect.Claims) {
	for _, name := range c.Names() {
		if !slices.ContainsFunc(claims, func(k string) bool { return strings.EqualFold(k, name) }) && !c.Explained(name) {
			c.Add("claim-unknown", fmt.Sprintf("%q is not a claim LiveKit reads, so it is ignored", name))
			c.Explain(name)
		}
	}
	nbf, exp := c.Times(inspect.TimeRules{Leeway: Leeway})
	if last(c, "exp") == nil {
		c.Add("livekit-exp-missing", "exp is missing: LiveKit's released servers (protocol v1.50.4) accept the token, which then never expires; those built from protocol since #1706 (2026-08-10) refuse it")
	}
	s, refused := readServed(c.Payload())
	if refused != "" {
		c.Add("claim-type", refused+": LiveKit's server cannot read the token and refuses it")
	}
	identity := s.Sub
	if identity == "" {
		identity = s.Jti // as protocol/auth's ParseAPIToken takes it
	}
	t := Token{APIKey: s.Iss, Identity: identity, Name: s.Name, Metadata: s.Metadata, NotBefore: nbf, ExpiresAt: exp}
	if v := s.Video; v != nil {
		t.Video = &VideoGrant{RoomCreate: v.RoomCreate, RoomJoin: v.RoomJoin, RoomList: v.RoomList, RoomRecord: v.RoomRecord, RoomAdmin: v.RoomAdmin,
			Room: v.Room, IngressAdmin: v.IngressAdmin, CanPublish: v.CanPublish, CanPublishSources: v.CanPublishSources, CanSubscribe: v.CanSubscribe,
			CanPublishData: v.CanPublishData, CanUpdateOwnMetadata: v.CanUpdateOwnMetadata, Hidden: v.Hidden, Agent: v.Agent}
	}
	unknownGrants(c)
	if s.RoomConfig != nil && string(s.RoomConfig) != "null" && refused == "" {
		unknown, why := servedRoomConfig(s.RoomConfig)
		for _, name := range unknown {
			c.Add("claim-unknown", name+" is not a field of RoomConfiguration, so LiveKit's server ignores it")
		}
		if why != "" {
			c.Add("livekit-room-config-invalid", why+": LiveKit's server cannot read the token and refuses it")
			c.Explain("roomConfig")
		} else if RoomConfigCredentials(s.RoomConfig) {
			c.Add("livekit-room-config-credentials", "roomConfig's egress carries storage credentials or stream keys, which every client holding the token can read")
		}
	}
	var errs []*jwt.ClaimError
	for _, e := range t.Problems() {
		if e.Claim != "nbf" && e.Claim != "exp" { // Times judged them, as LiveKit's server does
			errs = append(errs, e)
		}
	}
	if nbf != 0 && exp != 0 && !c.Explained("nbf") && !c.Explained("exp") {
		errs = append(errs, t.Warnings()...) // the lifetime
	}
	if refused != "" { // the server reads nothing more of the token
		return
	}
	c.Report(errs)
	if refused != "" {
		return
	}
	if v := t.Video; v == nil || !v.RoomJoin && !v.RoomCreate && !v.RoomList && !v.RoomRecord && !v.RoomAdmin && !v.IngressAdmin && !v.Agent {
		c.Add("livekit-join-missing", "the token grants no roomJoin (video.roomJoin), so it cannot join a room")
	}
	if v := t.Video; v != nil && v.CanPublish != nil && !*v.CanPublish {
		c.Add("livekit-publish-denied", "canPublish is false: the participant cannot publish tracks or (unless canPublishData says so) data")
	}
	if v := t.Video; v != nil && v.CanSubscribe != nil && !*v.CanSubscribe {
		c.Add("livekit-subscribe-denied", "canSubscribe is false: the participant cannot receive the others' tracks")
	}
}

// last returns the value of the claim's last member in any case, as
// encoding/json reads it, or nil if there is none or it is null.
func last(c *inspect.Claims, name string) []byte {
	var v []byte
	for _, n := range c.Names() {
		if strings.EqualFold(n, name) {
			v = c.Raw(n)
		}
	}
	if string(v) == "null" {
		return nil
	}
	return v
}

// unknownGrants reports the video grant's names LiveKit's server does not
// know: it ignores them.
func unknownGrants(c *inspect.Claims) {
	var grants map[string]json.RawMessage
	if json.Unmarshal(last(c, "video"), &grants) != nil {
		return
	}
	for _, name := range sortedKeys(grants) {
		if !slices.ContainsFunc(grantNames, func(k string) bool { return strings.EqualFold(k, name) }) {
			c.Add("livekit-grant-unknown", fmt.Sprintf("video.%s is not a grant LiveKit knows, so it is ignored%s", name, suggest(name)))
		}
	}
}

// grantNames are the video grant's members (protocol/auth's VideoGrant).
var grantNames = []string{"roomCreate", "roomList", "roomRecord", "roomAdmin", "roomJoin", "room", "canPublish", "canSubscribe", "canPublishData",
	"canPublishSources", "canUpdateOwnMetadata", "ingressAdmin", "hidden", "recorder", "agent", "canSubscribeMetrics", "canManageAgentSession", "destinationRoom"}

// suggest names the grant an unknown name was probably meant to be: the
// nearest by edit distance, ignoring case and underscores, if within 3.
func suggest(name string) string {
	plain := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	best, bestD := "", 4
	for _, k := range grantNames {
		if d := distance(plain, strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// distance is the Levenshtein distance of a and b, in bytes; a is short
// (a grant name from a token, cut at 64 bytes).
func distance(a, b string) int {
	a = a[:min(len(a), 64)]
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
