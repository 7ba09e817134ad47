package livekit_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/livekit"
)

// tokenOf builds the payload a case describes.
func tokenOf(t *testing.T, c vectors.LiveKitCase) livekit.Token {
	t.Helper()
	tok := livekit.Token{APIKey: c.Key, Identity: c.Identity, Name: c.DisplayName, Metadata: c.Metadata, NotBefore: c.Now, ExpiresAt: c.Now + c.TTL}
	for _, a := range c.Attributes {
		tok.Attributes = append(tok.Attributes, livekit.Attribute{Key: a[0], Value: a[1]})
	}
	if v := c.Video; v != nil {
		tok.Video = &livekit.VideoGrant{RoomCreate: v.RoomCreate, RoomJoin: v.RoomJoin, RoomList: v.RoomList, RoomRecord: v.RoomRecord, RoomAdmin: v.RoomAdmin, Room: v.Room, IngressAdmin: v.IngressAdmin, CanPublish: v.CanPublish, CanPublishSources: v.CanPublishSources, CanSubscribe: v.CanSubscribe, CanPublishData: v.CanPublishData, CanUpdateOwnMetadata: v.CanUpdateOwnMetadata, Hidden: v.Hidden, Agent: v.Agent}
	}
	if c.RoomConfig != nil {
		rc, err := livekit.ParseRoomConfig(c.RoomConfig)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		tok.RoomConfig = rc
	}
	return tok
}

// TestVectors signs every case and compares the token, byte for byte, with
// the one LiveKit's Node server SDK made (testdata/livekit/gen.js).
func TestVectors(t *testing.T) {
	for _, c := range vectors.LoadLiveKit(t, "../testdata") {
		s, err := jwt.NewSigner([]byte(c.Secret))
		if err != nil {
			t.Fatal(err)
		}
		got, err := tokenOf(t, c).Sign(s)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if got != c.Token {
			t.Errorf("%s:\n got %s\nwant %s", c.Name, got, c.Token)
		}
		if ks := inspect.Recognize(c.Token); len(ks) != 1 || ks[0] != livekit.Kind {
			t.Errorf("%s: recognised as %v", c.Name, ks)
		}
	}
}

func TestRules(t *testing.T) {
	yes, no := true, false
	_ = no
	base := func() livekit.Token {
		return livekit.Token{APIKey: "APIkey", Identity: "alice", Video: &livekit.VideoGrant{RoomJoin: true, Room: "r", CanPublish: &yes}, NotBefore: 1700000000, ExpiresAt: 1700021600}
	}
	for _, tc := range []struct {
		name   string
		change func(*livekit.Token)
		claim  string
		kind   error
		want   string
	}{
		{"no key", func(t *livekit.Token) { t.APIKey = "" }, "iss", jwt.ErrRequired, "iss is required"},
		{"join without identity", func(t *livekit.Token) { t.Identity = "" }, "sub", jwt.ErrRequired, "required with a join grant"},
		{"join without room", func(t *livekit.Token) { t.Video.Room = "" }, "video.room", jwt.ErrRequired, "required with roomJoin"},
		{"admin without room", func(t *livekit.Token) { t.Video = &livekit.VideoGrant{RoomAdmin: true} }, "video.room", jwt.ErrRequired, "roomAdmin"},
		{"bad source", func(t *livekit.Token) { t.Video.CanPublishSources = []string{"camera", "screen"} }, "video.canPublishSources", jwt.ErrValue, `got "screen"`},
		{"source case", func(t *livekit.Token) { t.Video.CanPublishSources = []string{"Camera"} }, "video.canPublishSources", jwt.ErrValue, `got "Camera"`},
		{"exp before nbf", func(t *livekit.Token) { t.ExpiresAt = t.NotBefore }, "exp", jwt.ErrTime, "exp must be later than nbf"},
		{"nbf milliseconds", func(t *livekit.Token) { t.NotBefore *= 1000; t.ExpiresAt = t.NotBefore + 1 }, "nbf", jwt.ErrTime, "milliseconds"},
		{"attribute twice", func(t *livekit.Token) { t.Attributes = []livekit.Attribute{{"a", "1"}, {"a", "2"}} }, "attributes", jwt.ErrConflict, `twice, got "a"`},
		{"invalid UTF-8", func(t *livekit.Token) { t.Name = "\xff" }, "name", jwt.ErrValue, "UTF-8"},
		{"restart policy", func(t *livekit.Token) {
			t.RoomConfig = &livekit.RoomConfig{Agents: []livekit.Agent{{Name: "a", RestartPolicy: "never"}}}
		}, "roomConfig", jwt.ErrValue, "JRP_ON_FAILURE or JRP_NEVER"},
	} {
		tok := base()
		tc.change(&tok)
		_, err := tok.AppendPayload(nil)
		var ce *jwt.ClaimError
		if !errors.As(err, &ce) || ce.Claim != tc.claim || !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a %v error for %s saying %q", tc.name, err, tc.kind, tc.claim, tc.want)
		}
	}
	if p, err := base().AppendPayload(nil); err != nil || len(base().Warnings()) != 0 {
		t.Errorf("the base token: %s, %v, warnings %v", p, err, base().Warnings())
	}
	long := base()
	long.ExpiresAt = long.NotBefore + livekit.LongLifetime + 1
	if w := long.Warnings(); len(w) != 1 || !errors.Is(w[0], jwt.ErrWarning) || w[0].Claim != "exp" {
		t.Errorf("a lifetime over 24 hours: warnings %v", w)
	}
}

func TestParseRoomConfig(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"agents":[{"agentName":"a"}]}`, ""},
		{`{"empty_timeout":5,"max_participants":2}`, ""},
		{`{"empty_timeout":5,"emptyTimeout":6}`, `"emptyTimeout" appears twice`}, // one field, as protojson reads it
		{`[]`, "a JSON object is expected"},
		{`{"agents":[]} x`, "not valid JSON"},
		{`{"name":"a","name":"b"}`, `"name" appears twice`},
		{`{"egress":{"room":{}}}`, "egress is not signed by sdkjwt"},
		{`{"agent":[]}`, "agent: not a field of RoomConfiguration"},
		{`{"agents":[{"agentname":"a"}]}`, "agents: agentname: not a field"},
		{`{"agents":{"agentName":"a"}}`, "an array of objects is expected"},
		{`{"emptyTimeout":-1}`, "an integer from 0 to 4294967295"},
		{`{"emptyTimeout":1.5}`, "an integer from 0"},
		{`{"emptyTimeout":"5"}`, ""}, // as protojson reads a uint32
		{`{"emptyTimeout":" 5"}`, "an integer from 0"},
		{`{"syncStreams":null}`, ""}, // not set, as protojson reads null
		{`{"metadata":5}`, "a JSON string is expected"},
		{`{"metadata":"\ud800"}`, "half of a UTF-16 surrogate pair"},
		{`{"metadata":"\ufffd\ud83d\ude00"}`, ""},
		{"{\"metadata\":\"\xff\"}", "not valid UTF-8"},
		{`{"tags":{"a":1}}`, "tags: a: a JSON string is expected"},
		{`{"tags":{"a_b":"1","aB":"2"}}`, ""},
	} {
		_, err := livekit.ParseRoomConfig([]byte(tc.in))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want an error saying %q", tc.in, err, tc.want)
		}
	}
}

func TestRoomConfigCredentials(t *testing.T) {
	for in, want := range map[string]bool{
		`{"agents":[]}`: false,
		`{"egress":{"room":{"fileOutputs":[{"s3":{"accessKey":"AK","secret":"SK"}}]}}}`: true,
		`{"egress":{"room":{"fileOutputs":[{"s3":{"accessKey":"AK","secret":""}}]}}}`:   false,
		`{"egress":{"tracks":{"gcp":{"credentials":"{...}"}}}}`:                         true,
		`{"egress":{"participant":{"segmentOutputs":[{"azure":{"accountKey":"k"}}]}}}`:  true,
		`{"egress":{"room":{"streamOutputs":[{"urls":["rtmp://x/live/KEY"]}]}}}`:        true,
		`{"egress":{"room":{"streamOutputs":[]}}}`:                                      false,
		`{"metadata":"secret","egress":{"room":{"roomName":"secret"}}}`:                 false,
		`not json`: false,
	} {
		if got := livekit.RoomConfigCredentials([]byte(in)); got != want {
			t.Errorf("%s: got %v, want %v", in, got, want)
		}
	}
}

// FuzzParseRoomConfig: any input is refused or read; what is read is
// written as valid JSON that reads back the same.
func FuzzParseRoomConfig(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rc, err := livekit.ParseRoomConfig(data)
		if err != nil {
			return
		}
		tok := livekit.Token{APIKey: "k", RoomConfig: rc, NotBefore: 1700000000, ExpiresAt: 1700000001}
		p, err := tok.AppendPayload(nil)
		if err != nil {
			if tok.Problems() == nil {
				t.Fatalf("%q: %v without a problem", data, err)
			}
			return
		}
		var claims struct{ RoomConfig json.RawMessage }
		if err := json.Unmarshal(p, &claims); err != nil {
			t.Fatalf("%q wrote invalid JSON %s", data, p)
		}
		again, err := livekit.ParseRoomConfig(claims.RoomConfig)
		if err != nil || !reflect.DeepEqual(withDefaults(rc), withDefaults(again)) {
			t.Fatalf("%q: wrote %s, read back %+v, %v", data, claims.RoomConfig, again, err)
		}
	})
}

// withDefaults fills in what writing makes explicit: the default restart
// policy, and empty maps.
func withDefaults(rc *livekit.RoomConfig) livekit.RoomConfig {
	c := *rc
	c.Agents = slices.Clone(c.Agents)
	for i := range c.Agents {
		if c.Agents[i].RestartPolicy == "" {
			c.Agents[i].RestartPolicy = "JRP_ON_FAILURE"
		}
		if c.Agents[i].Attributes == nil {
			c.Agents[i].Attributes = []livekit.Attribute{}
		}
		slices.SortFunc(c.Agents[i].Attributes, func(a, b livekit.Attribute) int { return strings.Compare(a.Key, b.Key) })
	}
	if c.Tags == nil {
		c.Tags = []livekit.Attribute{}
	}
	slices.SortFunc(c.Tags, func(a, b livekit.Attribute) int { return strings.Compare(a.Key, b.Key) })
	return c
}

// TestSwapped: the shapes of livekit-server generate-keys' output (a key
// of "API" and 12 characters, a secret of 43), by hand.
func TestSwapped(t *testing.T) {
	for _, tc := range []struct {
		key, secret string
		want        bool
	}{
		{"APIk3yV9xQ2mLpZ", "s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQwX", false},
		{"s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQwX", "APIk3yV9xQ2mLpZ", true},
		{"devkey", "secret", false},
		{"devkey", "APIk3yV9xQ2mLpZ", true},
		{"APIaaaaaaaaaaaa", "APIbbbbbbbbbbbb", false}, // both keys: not swapped, only wrong
		{"x", "APIk3yV9xQ2mLp", false},                // 14 characters
		{"x", "APIk3yV9xQ2mLp_", false},
		{"x", "apik3yV9xQ2mLpZ", false},
	} {
		if got := livekit.Swapped([]byte(tc.key), []byte(tc.secret)); got != tc.want {
			t.Errorf("Swapped(%q, %q) = %v, want %v", tc.key, tc.secret, got, tc.want)
		}
	}
}
