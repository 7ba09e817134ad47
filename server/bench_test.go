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
	h := Handler(config(b))
	body := `{"sessionName":"Cool Cars","role":1,"sessionKey":"session123","userIdentity":"user123"}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/video", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Body.String())
		}
	}
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
	h := Handler(cfg)
	body := `{"room_name":"my-room","participant_identity":"alice","participant_name":"Alice"}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/livekit", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 201 {
			b.Fatal(w.Body.String())
		}
	}
}
