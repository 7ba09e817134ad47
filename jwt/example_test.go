package jwt_test

import (
	"errors"
	"fmt"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// The tokens below are known-good ones made by jsrsasign
// (testdata/zoom-sdk-vectors.json, "video_minimal_host").
const (
	secret  = "Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"
	payload = `{"app_key":"vQ3xR8sTzLmN4pKwYb2Hc","role_type":1,"tpc":"Cool Cars","version":1,"iat":1700000000,"exp":1700007200}`
	token   = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ"
)

func ExampleAppendString() {
	b, _ := jwt.AppendString(nil, "Tom & Jerry <3 \"Zürich\"\n")
	fmt.Println(string(b))
	_, err := jwt.AppendString(nil, "\xff")
	fmt.Println(err)
	// Output:
	// "Tom & Jerry <3 \"Zürich\"\n"
	// not valid UTF-8
}

func ExampleObject() {
	var o jwt.Object
	b := o.Open(nil)
	b = o.String(b, "app_key", "vQ3xR8sTzLmN4pKwYb2Hc")
	b = o.Int(b, "role_type", 1)
	b = o.String(b, "tpc", "Cool Cars")
	b = o.Int(b, "version", 1)
	b = o.Int(b, "iat", 1700000000)
	b = o.Int(b, "exp", 1700007200)
	b, err := o.Close(b)
	fmt.Println(string(b), err)
	// Output:
	// {"app_key":"vQ3xR8sTzLmN4pKwYb2Hc","role_type":1,"tpc":"Cool Cars","version":1,"iat":1700000000,"exp":1700007200} <nil>
}

func ExampleNewSigner() {
	s, err := jwt.NewSigner([]byte(secret))
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Sign([]byte(payload)) == token)
	_, err = jwt.NewSigner(nil)
	fmt.Println(err)
	// Output:
	// true
	// jwt: the HMAC key is empty
}

func ExampleSigner_Sign() {
	s, _ := jwt.NewSigner([]byte(secret))
	fmt.Println(s.Sign([]byte(payload)))
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ
}

func ExampleSigner_Verify() {
	s, _ := jwt.NewSigner([]byte(secret))
	t, err := s.Verify(token)
	fmt.Println(string(t.RawPayload), err)

	wrong, _ := jwt.NewSigner([]byte(secret + "\n")) // a trailing newline is a different key
	_, err = wrong.Verify(token)
	fmt.Println(errors.Is(err, jwt.ErrSignature))
	// Output:
	// {"app_key":"vQ3xR8sTzLmN4pKwYb2Hc","role_type":1,"tpc":"Cool Cars","version":1,"iat":1700000000,"exp":1700007200} <nil>
	// true
}

func ExampleParseUnverified() {
	// Claims as badly typed as some hand-written signers make them: kept as written.
	t, err := jwt.ParseUnverified("eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE3MDAwMDAwMDAuMCwicm9sZSI6IjAifQ.AAAA")
	if err != nil {
		panic(err)
	}
	for _, m := range t.Claims {
		fmt.Printf("%s = %s\n", m.Name, m.Value)
	}
	_, err = jwt.ParseUnverified("eyJhbGciOiJub25lIn0.e30.")
	fmt.Println(err)
	// Output:
	// iat = 1700000000.0
	// role = "0"
	// jwt: alg is not HS256: the header has alg "none"
}
