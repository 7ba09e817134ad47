package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// BenchmarkVideoRequest answers the Video request of the sample's README in
// process, without the network.
func BenchmarkVideoRequest(b *testing.B) {
	benchRequest(b, mustNew(b, config(b)), "/video", `{"sessionName":"Cool Cars","role":1,"sessionKey":"session123","userIdentity":"user123"}`, 200)
}

// BenchmarkLiveKitRequest answers a LiveKit token request, as a client SDK
// sends it, in process, without the network: the figure beside
// BenchmarkVideoRequest's.
func BenchmarkLiveKitRequest(b *testing.B) {
	s, err := jwt.NewSigner([]byte("s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw"))
	if err != nil {
		b.Fatal(err)
	}
	cfg := config(b)
	cfg.LiveKit = &LiveKit{Credentials: Credentials{Key: "APIk3yV9xQ2mLp", Signer: s}, ServerURL: "wss://example.livekit.cloud"}
	benchRequest(b, mustNew(b, cfg), "/livekit", `{"room_name":"my-room","participant_identity":"alice","participant_name":"Alice"}`, 201)
}

// benchRequest posts body to path of h, and fails unless h answers status.
func benchRequest(b *testing.B, h http.Handler, path, body string, status int) {
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != status {
			b.Fatal(w.Body.String())
		}
	}
}
