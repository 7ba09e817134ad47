package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
