// This program is the consumer that .ci/run builds in a module of its own,
// with sdkjwt vendored, offline: the steps are in README, "Vendoring".
// It prints the token of testdata/zoomgen/shared-vectors.json "video_minimal_host".
package main

import (
	"fmt"
	"os"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

func main() {
	signer, err := jwt.NewSigner([]byte(os.Getenv("ZOOM_VIDEO_SDK_SECRET")))
	if err != nil {
		panic(err)
	}
	token, err := sdk.Video{
		Key: os.Getenv("ZOOM_VIDEO_SDK_KEY"), Role: sdk.Host, Topic: "Cool Cars",
		IssuedAt: 1700000000, ExpiresAt: 1700007200,
	}.Sign(signer)
	if err != nil {
		panic(err)
	}
	fmt.Println(token)
}
