package inspect_test

import (
	"fmt"
	"os"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
	_ "github.com/sdkjwt/sdkjwt/sdk" // Zoom's kinds of token
)

// The token in the README of Zoom's videosdk-auth-endpoint-sample, signed
// with "your-256-bit-secret" (jwt.io's default), inspected a minute after it
// was issued.
const readmeToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoiVklERU9fU0RLX0tFWSIsImlhdCI6MTY0NjI0ODc5NiwiZXhwIjoxNjQ2MjU1OTk2LCJ0cGMiOiJDb29sIENhcnMiLCJ1c2VyX2lkZW50aXR5IjoidXNlcjEyMyIsInNlc3Npb25fa2V5Ijoic2Vzc2lvbjEyMyIsInJvbGVfdHlwZSI6MH0.Y6C65mZUxTZFeGiOI6oW5q2UkIXe3nLTK0MVNkfiJ9c"

var aMinuteLater = time.Unix(1646248796+60, 0)

// withSecret inspects readmeToken with secret.
func withSecret(secret string) *inspect.Report {
	return inspect.Inspect(readmeToken, inspect.Options{Now: aMinuteLater, Secret: []byte(secret)})
}

func ExampleInspect() {
	r := inspect.Inspect("Bearer "+readmeToken, inspect.Options{Now: aMinuteLater})
	fmt.Println(r.Kind.Name, r.Signature)
	for _, f := range r.Findings {
		fmt.Println(f.Severity, f.Code+":", f.Message)
	}
	// Output:
	// zoom-video unchecked
	// error claim-missing: version is missing: Zoom's docs require it, set to 1
	// warning signature-unchecked: no secret was given, so the signature was NOT checked: this token may be forged or signed with the wrong secret
}

// With a secret, Inspect checks the signature and, when it does not match,
// names the mistake that explains it.
func ExampleInspect_secret() {
	r := withSecret("your-256-bit-secret\n") // as read from a file, newline and all
	fmt.Println(r.Signature)
	f := r.Findings[len(r.Findings)-1]
	fmt.Println(f.Code+":", f.Message)
	fmt.Println("hint:", f.Hint)
	// Output:
	// invalid
	// secret-whitespace: the secret given has white space around it, and the token was signed without it
	// hint: remove the white space or newline around the secret where the token is signed (env files, echo without -n)
}

func ExampleReport_Failed() {
	r := withSecret("your-256-bit-secret")
	fmt.Println(r.Signature, r.Failed()) // valid, but version is missing
	// Output: valid true
}

func ExampleReport_JSON() {
	os.Stdout.Write(inspect.Inspect("Cool Cars", inspect.Options{Now: aMinuteLater}).JSON())
	// Output:
	// {"verdict":"REFUSED — 1 error: not-a-jwt","kind":"unknown","header":null,"payload":null,"signature":"unchecked","findings":[{"code":"not-a-jwt","severity":"error","message":"this is not a JWT: want three dot-separated segments","hint":"a JWT is three base64url parts joined by dots (eyJ….eyJ….…): copy the whole token, without quotes"}]}
}

func ExampleReport_Text() {
	r := withSecret("your-256-bit-secret")
	fmt.Print(r.Text())
	// Output:
	// REFUSED — 1 error: claim-missing
	//
	// findings:
	//     error   claim-missing: version is missing: Zoom's docs require it, set to 1
	//             hint: add the claim the vendor's docs require
	//     info    signature-valid: the signature matches the secret
	//             hint: if the token is still refused, the key and secret may belong to another app, or another finding explains it
	//
	// kind:       zoom-video
	// signature:  VALID
	// header:
	//     {
	//       "alg": "HS256",
	//       "typ": "JWT"
	//     }
	// payload:
	//     {
	//       "app_key": "VIDEO_SDK_KEY",
	//       "iat": 1646248796,
	//       "exp": 1646255996,
	//       "tpc": "Cool Cars",
	//       "user_identity": "user123",
	//       "session_key": "session123",
	//       "role_type": 0
	//     }
	// times (now 1646248856, 2022-03-02 19:20:56 UTC):
	//     iat       1646248796  2022-03-02 19:19:56 UTC  1 minute ago
	//     exp       1646255996  2022-03-02 21:19:56 UTC  in 1 hour 59 minutes
	//     exp - iat 7200 seconds (2 hours)
}

// A token whose key claim is the secret (key and secret swapped where it was
// made) is reported, and the secret is redacted wherever the report would
// show it.
func ExampleInspect_secretInToken() {
	const secret = "Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Ex"
	// testdata/inspect/vectors.json, case secret-in-token (Node's crypto)
	token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoiWms3UXBXbTJyVHg5THNWYjROY1loNkpkRmcxUmE4RXgiLCJyb2xlX3R5cGUiOjAsInRwYyI6IkNvb2wgQ2FycyIsInZlcnNpb24iOjEsImlhdCI6MTcwMDAwMDAxMCwiZXhwIjoxNzAwMDA3MjEwfQ.-NVCkQ2O8BxF4SKmTPlSJCLWJfHxQveO5LIMqzIztW0"
	r := inspect.Inspect(token, inspect.Options{Now: time.Unix(1700000030, 0), Secret: []byte(secret), Key: "VIDEO_SDK_KEY_abc123"})
	fmt.Println(r.Verdict())
	fmt.Printf("%s\n", r.Payload)
	// Output:
	// REFUSED — 2 errors: secret-in-token, key-secret-swapped
	// {"app_key":"[REDACTED: the secret]","role_type":0,"tpc":"Cool Cars","version":1,"iat":1700000010,"exp":1700007210}
}
