package vectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// A LiveKitCase is one case of testdata/livekit/cases.json, and the token
// LiveKit's Node server SDK made of it (testdata/livekit/gen.js).
type LiveKitCase struct {
	Name        string          `json:"name"`
	Key         string          `json:"key"`
	Secret      string          `json:"secret"`
	Now         int64           `json:"now"`
	TTL         int64           `json:"ttl"`
	Identity    string          `json:"identity"`
	DisplayName string          `json:"displayName"`
	Metadata    string          `json:"metadata"`
	Attributes  [][2]string     `json:"attributes"`
	Video       *LiveKitVideo   `json:"video"`
	RoomConfig  json.RawMessage `json:"roomConfig"`
	Token       string          `json:"-"`
}

// LiveKitVideo is a case's video grant; absent members are false or nil.
type LiveKitVideo struct {
	RoomCreate           bool     `json:"roomCreate"`
	RoomJoin             bool     `json:"roomJoin"`
	RoomList             bool     `json:"roomList"`
	RoomRecord           bool     `json:"roomRecord"`
	RoomAdmin            bool     `json:"roomAdmin"`
	Room                 string   `json:"room"`
	IngressAdmin         bool     `json:"ingressAdmin"`
	CanPublish           *bool    `json:"canPublish"`
	CanPublishSources    []string `json:"canPublishSources"`
	CanSubscribe         *bool    `json:"canSubscribe"`
	CanPublishData       *bool    `json:"canPublishData"`
	CanUpdateOwnMetadata bool     `json:"canUpdateOwnMetadata"`
	Hidden               bool     `json:"hidden"`
	Agent                bool     `json:"agent"`
}

// LoadLiveKit reads the cases and their tokens from dir/livekit.
func LoadLiveKit(tb testing.TB, dir string) []LiveKitCase {
	tb.Helper()
	var cases []LiveKitCase
	var tokens []struct{ Name, Token string }
	for file, v := range map[string]any{"cases.json": &cases, "vectors.json": &tokens} {
		data, err := os.ReadFile(filepath.Join(dir, "livekit", file))
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			tb.Fatalf("%s: %v", file, err)
		}
	}
	if len(cases) != len(tokens) || len(cases) < 30 {
		tb.Fatalf("%d cases and %d tokens: want the same number, at least 30", len(cases), len(tokens))
	}
	for i := range cases {
		if cases[i].Name != tokens[i].Name {
			tb.Fatalf("case %d is %q, its token %q", i, cases[i].Name, tokens[i].Name)
		}
		cases[i].Token = tokens[i].Token
	}
	return cases
}
