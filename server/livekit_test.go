package server

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/livekit"
)

// liveKitTokens are testdata/livekit's tokens, made by LiveKit's Node
// server SDK, by case name.
func liveKitTokens(t *testing.T) map[string]string {
	m := map[string]string{}
	for _, c := range vectors.LoadLiveKit(t, "../testdata") {
		m[c.Name] = c.Token
	}
	return m
}

func liveKitServer(t *testing.T, lk LiveKit) *httptest.Server {
	s, err := jwt.NewSigner([]byte("s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw"))
	if err != nil {
		t.Fatal(err)
	}
	lk.Credentials = Credentials{Key: "APIk3yV9xQ2mLp", Signer: s}
	lk.ServerURL = "wss://example.livekit.cloud"
	srv := httptest.NewServer(mustNew(t, Config{Routes: routes(nil, &lk, false), Default: "livekit", Now: func() time.Time { return time.Unix(1700000000, 0) }}))
	t.Cleanup(srv.Close)
	return srv
}

// TestLiveKit posts the requests LiveKit's client SDKs send (the body of
// docs.livekit.io's "Endpoint token generation") and compares the tokens
// with those LiveKit's Node SDK made for the same inputs.
func TestLiveKit(t *testing.T) {
	tokens := liveKitTokens(t)
	yes := true
	for _, tc := range []struct {
		name, path, body string
		config           LiveKit
		vector           string
	}{
		{"join", "/livekit", `{"room_name":"my-room","participant_identity":"alice"}`, LiveKit{}, "join-minimal"},
		{"POST / with --sdk livekit", "/", `{"room_name":"my-room","participant_identity":"alice"}`, LiveKit{}, "join-minimal"},
		{"camelCase, as protojson also reads", "/livekit", `{"roomName":"my-room","participantIdentity":"alice"}`, LiveKit{}, "join-minimal"},
		{"the pinned room", "/livekit", `{"participant_identity":"alice"}`, LiveKit{Room: "my-room"}, "join-minimal"},
		{"empty fields set nothing", "/livekit", `{"room_name":"my-room","participant_identity":"alice","participant_name":"","participant_metadata":"","participant_attributes":{},"room_config":{}}`, LiveKit{}, "join-minimal"},
		{"name, metadata, grants, lifetime", "/livekit", `{"room_name":"my-room","participant_identity":"alice","participant_name":"Alice","participant_metadata":"m"}`,
			LiveKit{Allow: []string{"participant_metadata"}, Grant: livekit.VideoGrant{CanPublish: &yes, CanSubscribe: &yes}, Lifetime: 600}, "vendor-doc-example"},
		{"attributes", "/livekit", `{"room_name":"r","participant_identity":"f","participant_attributes":{"team":"blue"}}`, LiveKit{Allow: []string{"participant_attributes"}}, "attributes-one"},
		{"agent dispatch, as the client SDKs package it", "/livekit", `{"room_name":"support","participant_identity":"x","room_config":{"agents":[{"agent_name":"triage"}]}}`, LiveKit{Allow: []string{"room_config"}}, "agent-dispatch"},
	} {
		srv := liveKitServer(t, tc.config)
		a := post(t, srv.URL+tc.path, jsonType, tc.body)
		var got struct{ ServerURL, ParticipantToken string }
		json.Unmarshal([]byte(strings.NewReplacer("server_url", "ServerURL", "participant_token", "ParticipantToken").Replace(a.body)), &got)
		if a.status != 201 || got.ServerURL != "wss://example.livekit.cloud" || got.ParticipantToken != tokens[tc.vector] || !strings.HasPrefix(a.body, `{"server_url":`) {
			t.Errorf("%s: %d %s\nwant the token of %s: %s", tc.name, a.status, a.body, tc.vector, tokens[tc.vector])
		}
	}
}

func TestLiveKitRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		config     LiveKit
		status     int
		want       string
	}{
		{"metadata not allowed", `{"room_name":"r","participant_identity":"a","participant_metadata":"{\"role\":\"admin\"}"}`, LiveKit{}, 403,
			`{"errors":[{"property":"participant_metadata","reason":"This endpoint does not let clients set participant_metadata"}]}`},
		{"attributes and room_config not allowed", `{"room_name":"r","participant_identity":"a","participant_attributes":{"k":"v"},"room_config":{"agents":[{"agent_name":"x"}]}}`, LiveKit{Allow: []string{"participant_metadata"}}, 403,
			`{"errors":[{"property":"participant_attributes","reason":"This endpoint does not let clients set participant_attributes"},{"property":"room_config","reason":"This endpoint does not let clients set room_config"}]}`},
		{"another room", `{"room_name":"other","participant_identity":"a"}`, LiveKit{Room: "r"}, 403,
			`{"errors":[{"property":"room_name","reason":"This endpoint signs tokens for one room only, not \"other\""}]}`},
		{"no room", `{"participant_identity":"a"}`, LiveKit{}, 400,
			`{"errors":[{"property":"room_name","reason":"video.room is required with roomJoin or roomAdmin (the room the grant is for)"}]}`},
		{"no identity", `{"room_name":"r"}`, LiveKit{}, 400,
			`{"errors":[{"property":"participant_identity","reason":"sub is required with a join grant (LiveKit's SDKs refuse to sign a join token without an identity)"}]}`},
		{"unknown field", `{"room_name":"r","participant_identity":"a","room":"x"}`, LiveKit{}, 400,
			`{"errors":[{"property":"room","reason":"is not valid: not a field of LiveKit's token request (room_name, participant_identity, participant_name, participant_metadata, participant_attributes, room_config)"}]}`},
		{"wrong type", `{"room_name":["r"],"participant_identity":"a"}`, LiveKit{}, 400,
			`{"errors":[{"property":"room_name","reason":"is not valid: a JSON string is expected, got [\"r\"]"}]}`},
		{"a field twice", `{"room_name":"r","roomName":"s","participant_identity":"a"}`, LiveKit{}, 400,
			`{"errors":[{"property":"$request","reason":"is not valid: \"roomName\" appears twice"}]}`},
		{"lone surrogate", `{"room_name":"\ud800","participant_identity":"a"}`, LiveKit{}, 400,
			`{"errors":[{"property":"$request","reason":"must hold only text: \\ud800 is half of a UTF-16 surrogate pair, without its other half"}]}`},
		{"lone surrogate beside U+FFFD", `{"room_name":"�\ud800","participant_identity":"a"}`, LiveKit{}, 400, `half of a UTF-16 surrogate pair`},
		{"U+FFFD escaped", `{"room_name":"\ufffd","participant_identity":"a"}`, LiveKit{}, 201, `"participant_token":"eyJ`},
		{"a name not exactly a field's", `{"room__name":"r","participant_identity":"a"}`, LiveKit{}, 400,
			`{"errors":[{"property":"room__name","reason":"is not valid: not a field of LiveKit's token request`},
		{"not UTF-8", "{\"room_name\":\"\xff\"}", LiveKit{}, 400,
			`{"errors":[{"property":"$request","reason":"must be one JSON object in UTF-8"}]}`},
		{"not an object", `[]`, LiveKit{}, 400,
			`{"errors":[{"property":"$request","reason":"is not valid: a JSON object is expected, got []"}]}`},
		{"egress", `{"room_name":"r","participant_identity":"a","room_config":{"egress":{"room":{}}}}`, LiveKit{Allow: []string{"room_config"}}, 400,
			`egress is not signed by sdkjwt`},
	} {
		srv := liveKitServer(t, tc.config)
		a := post(t, srv.URL+"/livekit", jsonType, tc.body)
		if a.status != tc.status || !strings.Contains(a.body, tc.want) {
			t.Errorf("%s: %d %s\nwant %d %s", tc.name, a.status, a.body, tc.status, tc.want)
		}
		if strings.Contains(a.body, `: "}`) || strings.Contains(a.body, `"reason":""`) {
			t.Errorf("%s: a reason ends in nothing: %s", tc.name, a.body)
		}
	}
	srv := liveKitServer(t, LiveKit{})
	if a := post(t, srv.URL+"/livekit", "text/plain", `{}`); a.status != 400 {
		t.Errorf("text/plain: %d %s", a.status, a.body)
	}
	if a := post(t, srv.URL+"/video", jsonType, `{}`); a.status != 404 {
		t.Errorf("/video on a LiveKit-only server: %d %s", a.status, a.body)
	}
}
