package jwt_test

import (
	"errors"
	"fmt"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// The tokens below are known-good ones made by jsrsasign
// (testdata/zoomgen/shared-vectors.json, "video_minimal_host").
const (
	secret  = "Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"
	payload = `{"app_key":"vQ3xR8sTzLmN4pKwYb2Hc","role_type":1,"tpc":"Cool Cars","version":1,"iat":1700000000,"exp":1700007200}`
	token   = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ"
)

// Strings are escaped as JavaScript's JSON.stringify escapes them, and text
// that is not valid UTF-8 is refused rather than replaced.
func ExampleObject_String() {
	var o jwt.Object
	b := o.String(o.Open(nil), "tpc", "Tom & Jerry <3 \"Zürich\"\n")
	b, err := o.Close(b)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))
	_, err = o.Close(o.String(o.Open(nil), "tpc", "\xff"))
	fmt.Println(err)
	// Output:
	// {"tpc":"Tom & Jerry <3 \"Zürich\"\n"}
	// jwt: not valid UTF-8: the value of JSON member "tpc"
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
	s, err := jwt.NewSigner([]byte(secret))
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Sign([]byte(payload)))
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ
}

func ExampleSigner_Verify() {
	s, err := jwt.NewSigner([]byte(secret))
	if err != nil {
		panic(err)
	}
	t, err := s.Verify(token)
	fmt.Println(string(t.RawPayload), err)

	wrong, err := jwt.NewSigner([]byte(secret + "\n")) // a trailing newline is a different key
	if err != nil {
		panic(err)
	}
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

// ParseLenient reads what ParseUnverified refuses or misreads, to say what
// is wrong: here a signature written as hex digits, as CryptoJS's toString()
// makes it. Hex digits are base64url too, so ParseUnverified reads 48 bytes.
func ExampleParseLenient() {
	token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjowfQ.6e5f9b7e2a3c0d1f4b8a9c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f"
	strict, err := jwt.ParseUnverified(token)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(strict.Signature))
	t, err := jwt.ParseLenient(token)
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Encodings[2], len(t.Signature), string(t.RawPayload))
	// Output:
	// 48
	// hexadecimal 32 {"role":0}
}

func ExampleSigner_Matches() {
	s, err := jwt.NewSigner([]byte("your-256-bit-secret"))
	if err != nil {
		panic(err)
	}
	// The Meeting SDK sample README's token, its MAC written as padded base64url.
	token := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZGtLZXkiOiJhYmMxMjMiLCJtbiI6IjEyMzQ1Njc4OSIsInJvbGUiOjAsImlhdCI6MTY0NjkzNzU1MywiZXhwIjoxNjQ2OTQ0NzUzLCJhcHBLZXkiOiJhYmMxMjMiLCJ0b2tlbkV4cCI6MTY0Njk0NDc1M30.UcWxbWY-y22wFarBBc9i3lGQuZAsuUpl8GRR8wUah2M="
	t, err := jwt.ParseLenient(token)
	if err != nil {
		panic(err)
	}
	_, err = s.Verify(token)
	fmt.Println(s.Matches(&t.Token), t.Encodings[2], err != nil)
	// Output: true padded base64url true
}
