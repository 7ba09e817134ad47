package hms_test

import (
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/sdkjwt/sdkjwt/hms"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// The expected tokens are known-good ones made by 100ms's documented Node
// snippet (testdata/jsonwebtoken/vectors.json), not by this package.

func ExampleApp_Sign() {
	signer, err := jwt.NewSigner([]byte("0vK9sT3mQ7xW2pL8nR4yB6zH1cJ5dF0gA9eU3iO7uY2tX4wV"))
	if err != nil {
		panic(err)
	}
	token, err := hms.App{
		AccessKey: "65f0c8a1d2b3c4e5f6a7b8c9",
		RoomID:    "65f0c9e2a1b2c3d4e5f60718",
		UserID:    "user-123",
		Role:      "host",
		IssuedAt:  1700000000,
		ExpiresAt: 1700000000 + hms.DefaultLifetime,
		JTI:       "3f2b8c4e-9d1a-4e6f-8b7c-2a5d9e0f1c3b", // in use: hms.NewJTI(rand.Reader)
	}.Sign(signer)
	fmt.Println(token, err)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY2Nlc3Nfa2V5IjoiNjVmMGM4YTFkMmIzYzRlNWY2YTdiOGM5Iiwicm9vbV9pZCI6IjY1ZjBjOWUyYTFiMmMzZDRlNWY2MDcxOCIsInVzZXJfaWQiOiJ1c2VyLTEyMyIsInJvbGUiOiJob3N0IiwidHlwZSI6ImFwcCIsInZlcnNpb24iOjIsImlhdCI6MTcwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwODY0MDAsImp0aSI6IjNmMmI4YzRlLTlkMWEtNGU2Zi04YjdjLTJhNWQ5ZTBmMWMzYiJ9.n8ps0iMctsvGAxT4VktpZcV-DnHwdqwCzG3ccJIV1nM <nil>
}

func ExampleManagement_AppendPayload() {
	p, err := hms.Management{AccessKey: "65f0c8a1d2b3c4e5f6a7b8c9", IssuedAt: 1712345678, ExpiresAt: 1712345678 + 3600, JTI: "d1e2f3a4-b5c6-4d7e-9f80-a1b2c3d4e5f6"}.AppendPayload(nil)
	fmt.Println(string(p), err)
	// Output:
	// {"access_key":"65f0c8a1d2b3c4e5f6a7b8c9","type":"management","version":2,"iat":1712345678,"nbf":1712345678,"exp":1712349278,"jti":"d1e2f3a4-b5c6-4d7e-9f80-a1b2c3d4e5f6"} <nil>
}

func ExampleNewJTI() {
	jti, err := hms.NewJTI(rand.Reader)
	fmt.Println(len(jti), jti[14:15], strings.Count(jti, "-"), err)
	// Output:
	// 36 4 4 <nil>
}
