package sdk_test

import (
	"errors"
	"fmt"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// The expected outputs are known-good payloads and tokens made by jsrsasign
// (testdata/zoomgen/shared-vectors.json), not by this package.

func ExampleVideo_Sign() {
	signer, err := jwt.NewSigner([]byte("Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"))
	if err != nil {
		panic(err)
	}
	token, err := sdk.Video{
		Key:       "vQ3xR8sTzLmN4pKwYb2Hc",
		Role:      sdk.Host,
		Topic:     "Cool Cars",
		IssuedAt:  1700000000,
		ExpiresAt: 1700000000 + 2*60*60,
	}.Sign(signer)
	fmt.Println(token, err)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ <nil>
}

func ExampleMeeting_Sign() {
	signer, err := jwt.NewSigner([]byte("Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"))
	if err != nil {
		panic(err)
	}
	token, err := sdk.Meeting{
		Key:       "vQ3xR8sTzLmN4pKwYb2Hc",
		MN:        "123 456 789", // as pasted from Zoom's UI
		Role:      sdk.Int(sdk.Participant),
		IssuedAt:  1700000000,
		ExpiresAt: 1700007200,
	}.Sign(signer)
	fmt.Println(token, err)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBLZXkiOiJ2UTN4UjhzVHpMbU40cEt3WWIySGMiLCJzZGtLZXkiOiJ2UTN4UjhzVHpMbU40cEt3WWIySGMiLCJtbiI6IjEyMzQ1Njc4OSIsInJvbGUiOjAsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDA3MjAwLCJ0b2tlbkV4cCI6MTcwMDAwNzIwMH0.O0svZ9aRRzA0_WPO88p0zJzL-5B0KJiXRq9jG9aV9qg <nil>
}

func ExampleVideo_AppendPayload() {
	p, err := sdk.Video{
		Key: "vQ3xR8sTzLmN4pKwYb2Hc", Role: sdk.Host, Topic: "daily-standup",
		IssuedAt: 1700000000, ExpiresAt: 1700007200,
		UserIdentity: "user123", SessionKey: "session123",
	}.AppendPayload(nil)
	fmt.Println(string(p), err)
	// Output:
	// {"app_key":"vQ3xR8sTzLmN4pKwYb2Hc","role_type":1,"tpc":"daily-standup","version":1,"iat":1700000000,"exp":1700007200,"user_identity":"user123","session_key":"session123"} <nil>
}

func ExampleMeeting_AppendPayload() {
	// A native-SDK token: no mn, no role.
	p, err := sdk.Meeting{Key: "vQ3xR8sTzLmN4pKwYb2Hc", IssuedAt: 1712345678, ExpiresAt: 1712352878}.AppendPayload(nil)
	fmt.Println(string(p), err)
	// Output:
	// {"appKey":"vQ3xR8sTzLmN4pKwYb2Hc","sdkKey":"vQ3xR8sTzLmN4pKwYb2Hc","iat":1712345678,"exp":1712352878,"tokenExp":1712352878} <nil>
}

// A broken rule is a *jwt.ClaimError naming the claim, wrapping a sentinel.
func ExampleVideo_AppendPayload_claimError() {
	_, err := sdk.Video{Key: "k", Topic: "t", IssuedAt: 1700000000, ExpiresAt: 1700000000 + 1799}.AppendPayload(nil)
	var fe *jwt.ClaimError
	if errors.As(err, &fe) {
		fmt.Println(fe.Claim, errors.Is(err, jwt.ErrTime))
	}
	fmt.Println(err)
	// Output:
	// exp true
	// exp must be 1800 to 172800 seconds (30 minutes to 48 hours) after iat, got 1799 seconds (iat 1700000000, exp 1700001799)
}

func ExampleCheckTopic() {
	fmt.Println(sdk.CheckTopic("Cool Cars"))
	fmt.Println(sdk.CheckTopic("R&D/QA"))
	// Output:
	// <nil>
	// tpc has a character outside those Zoom documents (letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,\), got '/' in "R&D/QA"
}

func ExampleInt() {
	v := sdk.Video{Key: "k", Topic: "t", IssuedAt: 1700000000, ExpiresAt: 1700007200,
		VideoWebRTCMode: sdk.Int(0), // present, as 0
		// AudioWebRTCMode left zero: absent
	}
	p, err := v.AppendPayload(nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(p))
	n, ok := v.AudioWebRTCMode.Get()
	fmt.Println(n, ok)
	// Output:
	// {"app_key":"k","role_type":0,"tpc":"t","version":1,"iat":1700000000,"exp":1700007200,"video_webrtc_mode":0}
	// 0 false
}

func ExampleGeoRegionCodes() {
	fmt.Println(sdk.GeoRegionCodes)
	// Output:
	// AU,BR,CA,CN,DE,HK,IN,JP,MX,NL,SG,US
}

// Problems lists every rule a payload breaks; Sign stops at the first.
func ExampleVideo_Problems() {
	v := sdk.Video{Key: "VIDEO_SDK_KEY", Role: 2, Topic: "Cool Cars", IssuedAt: 1700000000, ExpiresAt: 1700000600}
	for _, p := range v.Problems() {
		fmt.Println(p)
	}
	// Output:
	// role_type must be 0 or 1, got 2
	// exp must be 1800 to 172800 seconds (30 minutes to 48 hours) after iat, got 600 seconds (iat 1700000000, exp 1700000600)
}

func ExampleMeeting_Problems() {
	m := sdk.Meeting{Key: "MEETING_SDK_KEY", MN: "123 4567 8901", IssuedAt: 1700000000, ExpiresAt: 1700007200}
	fmt.Println(m.Problems())
	// Output: [role is required with mn (a web token has both; a native token neither)]
}
