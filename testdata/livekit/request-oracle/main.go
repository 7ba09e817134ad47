// Command request-oracle is test data only, not part of sdkjwt: it asks
// protojson, with LiveKit's own TokenSourceRequest message
// (github.com/livekit/protocol/livekit, the type LiveKit's client SDKs
// send to a token endpoint), whether it reads each request body of
// cases.json, and prints a verdict for each: what sdkjwt's
// livekit.ParseTokenRequest must agree with (livekit's TestRequestOracle).
//
//	go run . < cases.json > vectors.json
//
// A case is {name, body}; a verdict is {name, accepted, error}.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/encoding/protojson"
)

type verdict struct {
	Name     string `json:"name"`
	Accepted bool   `json:"accepted"`
	Error    string `json:"error,omitempty"`
}

func main() {
	var cases []struct{ Name, Body string }
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	var out []verdict
	for _, c := range cases {
		v := verdict{Name: c.Name, Accepted: true}
		if err := protojson.Unmarshal([]byte(c.Body), new(livekit.TokenSourceRequest)); err != nil {
			v.Accepted, v.Error = false, err.Error()
		}
		out = append(out, v)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Println(string(b))
}
