// Package livekit builds and signs LiveKit access tokens: the HS256 JWT a
// LiveKit client joins a room with, keyed by a project's API secret.
//
// The header is {"alg":"HS256"} and the claims and their order are those of
// LiveKit's Node server SDK (livekit-server-sdk's AccessToken), so tokens
// compare byte for byte with the ones it makes:
//
//	metadata, attributes, name, video, roomConfig, iss, exp, nbf, sub
//
// each present only when set; there is no iat. The video grant's members
// follow the SDK's VideoGrant type. Errors are [*jwt.ClaimError] values, as
// for every payload sdkjwt signs. docs/livekit.md has the rules and sources.
package livekit

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/jwt"
)

const (
	// DefaultLifetime is the lifetime LiveKit's server SDKs give a token: 6 hours.
	DefaultLifetime = 6 * 60 * 60
	// LongLifetime is the lifetime beyond which Warnings warns: 24 hours.
	LongLifetime = 24 * 60 * 60
	// Leeway is how many seconds of clock difference LiveKit's servers
	// forgive in nbf and exp (auth/verifier.go's tokenLeeway).
	Leeway = 60
	// MinSecretLen is the secret length below which LiveKit's server warns
	// "secret is too short, should be at least 32 characters".
	MinSecretLen = 32
)

// Sources are the names canPublishSources may hold: LiveKit's TrackSource
// values, lower case.
var Sources = []string{"camera", "microphone", "screen_share", "screen_share_audio"}

// Token is the payload of a LiveKit access token.
type Token struct {
	APIKey   string // iss: the API key (required)
	Identity string // sub: the participant's identity (required with a join grant)
	Name     string // name: the participant's display name (optional)
	Metadata string // metadata: text the participant carries (optional)
	// Attributes are the participant's attributes (optional), written in
	// the order JavaScript keeps an object's properties; no key twice.
	Attributes []Attribute
	Video      *VideoGrant // video: what the participant may do (optional)
	// RoomConfig is roomConfig: agent dispatch and the room's settings
	// (optional).
	RoomConfig *RoomConfig
	// NotBefore (nbf) and ExpiresAt (exp) are Unix seconds; ExpiresAt must
	// be later.
	NotBefore, ExpiresAt int64
}

// An Attribute is one of a participant's attributes.
type Attribute struct{ Key, Value string }

// VideoGrant is the video grant: false and empty members are left out.
// CanPublish, CanSubscribe and CanPublishData are pointers because LiveKit
// reads them as true when absent (CanPublishData follows CanPublish), so
// false must be written.
type VideoGrant struct {
	RoomCreate   bool   // roomCreate: create rooms (server API)
	RoomJoin     bool   // roomJoin: join Room
	RoomList     bool   // roomList: list rooms (server API)
	RoomRecord   bool   // roomRecord: start recordings (server API)
	RoomAdmin    bool   // roomAdmin: administer Room (server API)
	Room         string // room: the room's name (required with roomJoin or roomAdmin)
	IngressAdmin bool   // ingressAdmin: manage ingress (server API)
	CanPublish   *bool  // canPublish
	// CanPublishSources (canPublishSources) limits publishing to these
	// Sources.
	CanPublishSources    []string
	CanSubscribe         *bool // canSubscribe
	CanPublishData       *bool // canPublishData
	CanUpdateOwnMetadata bool  // canUpdateOwnMetadata
	Hidden               bool  // hidden: invisible to other participants
	Agent                bool  // agent: connect as an Agents framework worker
}

// AppendPayload checks every rule and, if all hold, appends the payload JSON
// to dst. On error it returns dst unchanged and a *jwt.ClaimError.
func (t Token) AppendPayload(dst []byte) ([]byte, error) {
	if errs := t.Problems(); len(errs) > 0 {
		return dst, errs[0]
	}
	var o jwt.Object
	b := o.Open(dst)
	if t.Metadata != "" {
		b = o.String(b, "metadata", t.Metadata)
	}
	if len(t.Attributes) > 0 {
		attrs := slices.Clone(t.Attributes)
		js.SortProperties(attrs, func(a Attribute) string { return a.Key })
		b = o.Begin(b, "attributes")
		for _, a := range attrs {
			b = o.String(b, a.Key, a.Value)
		}
		b = o.End(b)
	}
	if t.Name != "" {
		b = o.String(b, "name", t.Name)
	}
	if v := t.Video; v != nil {
		b = o.Begin(b, "video")
		b = flag(&o, b, "roomCreate", v.RoomCreate)
		b = flag(&o, b, "roomJoin", v.RoomJoin)
		b = flag(&o, b, "roomList", v.RoomList)
		b = flag(&o, b, "roomRecord", v.RoomRecord)
		b = flag(&o, b, "roomAdmin", v.RoomAdmin)
		if v.Room != "" {
			b = o.String(b, "room", v.Room)
		}
		b = flag(&o, b, "ingressAdmin", v.IngressAdmin)
		b = choice(&o, b, "canPublish", v.CanPublish)
		if len(v.CanPublishSources) > 0 {
			b = o.Strings(b, "canPublishSources", v.CanPublishSources)
		}
		b = choice(&o, b, "canSubscribe", v.CanSubscribe)
		b = choice(&o, b, "canPublishData", v.CanPublishData)
		b = flag(&o, b, "canUpdateOwnMetadata", v.CanUpdateOwnMetadata)
		b = flag(&o, b, "hidden", v.Hidden)
		b = flag(&o, b, "agent", v.Agent)
		b = o.End(b)
	}
	if rc := t.RoomConfig; rc != nil {
		b = rc.append(&o, b)
	}
	b = o.String(b, "iss", t.APIKey)
	b = o.Int(b, "exp", t.ExpiresAt)
	b = o.Int(b, "nbf", t.NotBefore)
	if t.Identity != "" {
		b = o.String(b, "sub", t.Identity)
	}
	b, err := o.Close(b)
	if err != nil {
		return dst, err
	}
	return b, nil
}

// flag writes a grant that is left out when false.
func flag(o *jwt.Object, b []byte, name string, v bool) []byte {
	if !v {
		return b
	}
	return o.Bool(b, name, true)
}

// choice writes a grant that is left out when nil.
func choice(o *jwt.Object, b []byte, name string, v *bool) []byte {
	if v == nil {
		return b
	}
	return o.Bool(b, name, *v)
}

// Sign checks the payload and returns the token, with the header
// {"alg":"HS256"}, signed by s (keyed with the API secret), or a
// *jwt.ClaimError, or an error wrapping jwt.ErrTooLarge for a token longer
// than jwt.MaxTokenSize (metadata, attributes and roomConfig have no limit
// of their own).
func (t Token) Sign(s *jwt.Signer) (string, error) {
	p, err := t.AppendPayload(make([]byte, 0, 512))
	if err == nil {
		err = jwt.CheckSize(jwt.AlgHeader, p)
	}
	if err != nil {
		return "", err
	}
	return s.SignWith(jwt.AlgHeader, p), nil
}

// Problems returns every rule the payload breaks; none means it can be
// signed. AppendPayload and Sign report the first of them.
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, claim, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: claim, Rule: rule, Value: value, Err: kind, Code: code})
	}
	text := func(code, claim, s string) {
		if !utf8.ValidString(s) {
			fail(code, claim, "must be valid UTF-8", strconv.Quote(s), jwt.ErrValue)
		}
	}
	if t.APIKey == "" {
		fail("claim-missing", "iss", "is required (the API key)", "", jwt.ErrRequired)
	}
	text("claim-value", "iss", t.APIKey)
	text("claim-value", "sub", t.Identity)
	text("claim-value", "name", t.Name)
	text("claim-value", "metadata", t.Metadata)
	keys := make(map[string]bool, len(t.Attributes)) // linear, however many
	for _, a := range t.Attributes {
		text("claim-value", "attributes", a.Key+a.Value)
		if keys[a.Key] {
			fail("claim-value", "attributes", "must not name a key twice", strconv.Quote(a.Key), jwt.ErrConflict)
		}
		keys[a.Key] = true
	}
	if v := t.Video; v != nil {
		if v.RoomJoin && t.Identity == "" {
			fail("livekit-identity-missing", "sub", "is required with a join grant (LiveKit's SDKs refuse to sign a join token without an identity)", "", jwt.ErrRequired)
		}
		if (v.RoomJoin || v.RoomAdmin) && v.Room == "" {
			fail("livekit-room-missing", "video.room", "is required with roomJoin or roomAdmin (the room the grant is for)", "", jwt.ErrRequired)
		}
		text("claim-value", "video.room", v.Room)
		for _, s := range v.CanPublishSources {
			if !slices.Contains(Sources, s) {
				fail("livekit-source-invalid", "video.canPublishSources", "must hold only "+strings.Join(Sources, ", "), strconv.Quote(s), jwt.ErrValue)
			}
		}
	}
	if rc := t.RoomConfig; rc != nil {
		const code = "livekit-room-config-invalid"
		text(code, "roomConfig", rc.Name+rc.Metadata)
		for _, tag := range rc.Tags {
			text(code, "roomConfig", tag.Key+tag.Value)
		}
		for _, a := range rc.Agents {
			text(code, "roomConfig", a.Name+a.Metadata+a.Deployment)
			for _, at := range a.Attributes {
				text(code, "roomConfig", at.Key+at.Value)
			}
			if a.RestartPolicy != "" && !slices.Contains(restartPolicies, a.RestartPolicy) {
				fail(code, "roomConfig", "has agents whose restartPolicy is "+strings.Join(restartPolicies, " or "), strconv.Quote(a.RestartPolicy), jwt.ErrValue)
			}
		}
	}
	if err := jwt.CheckNotBefore(t.NotBefore, t.ExpiresAt); err != nil {
		all = append(all, err.(*jwt.ClaimError))
	}
	return all
}

// Warnings returns what LiveKit may regret though the token can be
// signed, each a *jwt.ClaimError wrapping jwt.ErrWarning: a lifetime over
// LongLifetime.
func (t Token) Warnings() []*jwt.ClaimError {
	if d := jwt.Sub(t.ExpiresAt, t.NotBefore); d > LongLifetime {
		return []*jwt.ClaimError{{Claim: "exp", Rule: "is more than 24 hours after nbf: a leaked token stays good that long (LiveKit checks exp only when a client connects)", Value: strconv.FormatInt(d, 10) + " seconds (" + jwt.Span(d) + ")", Err: jwt.ErrWarning, Code: "livekit-lifetime-long"}}
	}
	return nil
}

// RoomConfigCredentials reports whether a roomConfig's egress carries what
// LiveKit's SDKs refuse to put in a token (RoomConfiguration's
// CheckCredentials): a storage secret (S3 or Alibaba OSS secret, GCP
// credentials, Azure account key) or a stream output, whose URLs hold
// stream keys.
func RoomConfigCredentials(config []byte) bool {
	var rc struct{ Egress any }
	return json.Unmarshal(config, &rc) == nil && credentials(rc.Egress)
}

// credentials reports whether v, a decoded JSON value, has a member named
// as a credential whose value is not empty.
func credentials(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for name, m := range v {
			switch name {
			case "secret", "credentials", "accountKey", "account_key", "streamOutputs", "stream_outputs":
				if a, isArray := m.([]any); m != nil && m != "" && !(isArray && len(a) == 0) {
					return true
				}
			}
			if credentials(m) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(v, credentials)
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Swapped reports whether key and secret look swapped by the shapes of the
// credentials LiveKit generates (livekit-server generate-keys, LiveKit
// Cloud; github.com/livekit/protocol/utils): a key is "API" and 12 letters
// and digits (NewGuid(APIKeyPrefix)), a secret 43 or so (RandomSecret,
// base62 of 32 bytes). It is true when the secret has a key's shape and
// the key has not. Operators may write credentials of any shape: a pair of
// other shapes is never called swapped.
func Swapped(key, secret []byte) bool { return generatedKey(secret) && !generatedKey(key) }

func generatedKey(b []byte) bool {
	if len(b) != 15 || string(b[:3]) != "API" {
		return false
	}
	for _, c := range b[3:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
