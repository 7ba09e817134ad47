package server

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/jwt"
)

var hostileDir = flag.String("hostile", "", "write the hostile bodies to this directory")

// hostileBodies are bodies within MaxBody that cost the most to answer,
// one of each shape: long lists, many members, deep nesting, long
// strings and numbers, escapes, and what LiveKit's endpoint expands.
var hostileBodies = func() []struct{ name, path, body string } {
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	list := func(item string, n int) string { return strings.TrimSuffix(rep(item+",", n), ",") }
	members := func(f func(i int) string, size int) string {
		var b strings.Builder
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f(i))
		}
		return b.String()
	}
	return []struct{ name, path, body string }{
		{"geoRegions string", "/video", `{"sessionName":"s","role":1,"geoRegions":"` + rep("US,", 5400) + `"}`},
		{"geoRegions array", "/video", `{"sessionName":"s","role":1,"geoRegions":[` + list(`"US"`, 3200) + `]}`},
		{"geoRegions refused", "/video", `{"sessionName":"s","role":1,"geoRegions":"` + rep("XX,", 5400) + `"}`},
		{"sessionName too long", "/video", `{"sessionName":"` + rep("x", 16300) + `","role":1}`},
		{"non-BMP userIdentity", "/video", `{"sessionName":"s","role":1,"userIdentity":"` + rep("😀", 4000) + `"}`},
		{"escapes", "/video", `{"sessionName":"` + rep(`\u0041`, 2700) + `","role":1}`},
		{"unknown members", "/video", `{"sessionName":"s","role":1,` + members(func(i int) string { return fmt.Sprintf(`"m%d":0`, i) }, 16200) + `}`},
		{"nested arrays", "/video", `{"sessionName":"s","role":` + rep("[", 8000) + rep("]", 8000) + `}`},
		{"nested objects", "/video", `{"sessionName":"s","role":1,"x":` + rep(`{"a":`, 2700) + "0" + rep("}", 2700) + `}`},
		{"array of many", "/video", `{"sessionName":"s","role":[` + list("0", 8000) + `]}`},
		{"white space before role", "/video", `{"sessionName":"s","role":"` + rep(" ", 16300) + `1"}`},
		{"long number", "/meeting", `{"meetingNumber":` + rep("1", 16300) + `,"role":0}`},
		{"long role digits", "/meeting", `{"meetingNumber":"1","role":"` + rep("1", 16300) + `"}`},
		{"LiveKit attributes", "/livekit", `{"room_name":"r","participant_identity":"a","participant_attributes":{` + members(func(i int) string { return fmt.Sprintf(`"k%d":"v"`, i) }, 16200) + `}}`},
		{"LiveKit agents", "/livekit", `{"room_name":"r","participant_identity":"a","room_config":{"agents":[` + list("{}", 5400) + `]}}`},
		{"LiveKit tags", "/livekit", `{"room_name":"r","participant_identity":"a","room_config":{"tags":{` + members(func(i int) string { return fmt.Sprintf(`"%d":""`, i) }, 16200) + `}}}`},
		{"LiveKit metadata", "/livekit", `{"room_name":"r","participant_identity":"a","participant_metadata":"` + rep("m", 16200) + `"}`},
		{"LiveKit unknown", "/livekit", `{"room_name":"r",` + members(func(i int) string { return fmt.Sprintf(`"x%d":0`, i) }, 16200) + `}`},
	}
}()

// hostileConfig serves every kind, LiveKit with every field allowed.
func hostileConfig(t testing.TB) Config {
	cfg := config(t)
	s, err := jwt.NewSigner([]byte("s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Routes = routes(zoomCredentials(t), &LiveKit{Credentials: Credentials{Key: "APIk3yV9xQ2mLp", Signer: s}, ServerURL: "wss://example.livekit.cloud", Allow: LiveKitFields[3:]}, false)
	return cfg
}

// BenchmarkHostile answers each hostile body in process; .ci/bench
// compares their cost with the sample's README body's over HTTP.
func BenchmarkHostile(b *testing.B) {
	h := mustNew(b, hostileConfig(b))
	for _, tc := range hostileBodies {
		b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(tc.body)))
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
				req.Header.Set("Content-Type", jsonType)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
			}
		})
	}
}

// TestHostileBodies: each is within MaxBody and gets an answer. With
// -hostile DIR, it writes each body to DIR/N.json and its path to
// DIR/N.path, for .ci/bench to post them.
func TestHostileBodies(t *testing.T) {
	h := mustNew(t, hostileConfig(t))
	for i, tc := range hostileBodies {
		if *hostileDir != "" {
			name := filepath.Join(*hostileDir, fmt.Sprintf("%02d", i))
			if os.WriteFile(name+".json", []byte(tc.body), 0o644) != nil || os.WriteFile(name+".path", []byte(tc.path+" "+tc.name), 0o644) != nil {
				t.Fatal("cannot write to -hostile")
			}
		}
		if len(tc.body) > MaxBody {
			t.Errorf("%s: %d bytes", tc.name, len(tc.body))
		}
		req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", jsonType)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		t.Logf("%s: %d bytes, %d %.100s (%d bytes)", tc.name, len(tc.body), w.Code, w.Body, w.Body.Len())
	}
}
