package server

import (
	"io"
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
	cfg.Routes = routes(zoomCredentials(b), &LiveKit{Credentials: Credentials{Key: "APIk3yV9xQ2mLp", Signer: s}, ServerURL: "wss://example.livekit.cloud"}, false)
	benchRequest(b, mustNew(b, cfg), "/livekit", `{"room_name":"my-room","participant_identity":"alice","participant_name":"Alice"}`, 201)
}

// benchRequest posts body to path of h, and fails unless h answers status.
// It measures the handler's own work: the request is made once (its body
// read afresh each time) and the answer goes to a writer that keeps only
// its status, so no allocation or copy of httptest's is counted.
func benchRequest(b *testing.B, h http.Handler, path, body string, status int) {
	req := httptest.NewRequest(http.MethodPost, path, nil)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = int64(len(body))
	text := strings.NewReader(body)
	req.Body = io.NopCloser(text)
	w := &statusWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		text.Reset(body)
		clear(w.header)
		h.ServeHTTP(w, req)
		if w.status != status {
			b.Fatalf("status %d, want %d", w.status, status)
		}
	}
}

// statusWriter is a ResponseWriter that keeps the status and drops the body.
type statusWriter struct {
	header http.Header
	status int
}

func (w *statusWriter) Header() http.Header         { return w.header }
func (w *statusWriter) WriteHeader(status int)      { w.status = status }
func (w *statusWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkAgoraRequest answers agora-token-service's GET
// /rtc/{channelName}/{role}/{tokenType}/{rtcuid}/ in process, without the
// network: the figure beside BenchmarkVideoRequest's.
func BenchmarkAgoraRequest(b *testing.B) {
	a := &Agora{AppID: "970CA35de60c44645bbae8a215061b33", Certificate: []byte("5CFd2fd1755d40ecb72977518be15d3b")}
	cfg := config(b)
	cfg.Routes = append(cfg.Routes, a.Routes()...)
	h := mustNew(b, cfg)
	req := httptest.NewRequest(http.MethodGet, "/agora/rtc/test/publisher/uid/42/", nil)
	w := &statusWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		h.ServeHTTP(w, req)
		if w.status != 200 {
			b.Fatalf("status %d", w.status)
		}
	}
}
