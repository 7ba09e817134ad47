package server

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

var soakRounds = flag.Int("soak", 5, "rounds of TestSoak")

// TestSoak serves rounds of mixed traffic on loopback (tokens, refusals,
// hostile bodies, connections dropped mid-body, rate-limited clients,
// metrics) and checks that goroutines, open descriptors and the heap come
// back to where they were after the first round. -soak N runs N rounds.
func TestSoak(t *testing.T) {
	cfg := hostileConfig(t)
	cfg.Rate, cfg.Burst = 1e6, 1e6 // counted, never refused
	e := mustNew(t, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer("", e)
	go srv.Serve(LimitListener(ln, 256))
	defer srv.Close()
	url := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	round := func() {
		for i := 0; i < 40; i++ {
			body := `{"sessionName":"s","role":` + fmt.Sprint(i%3) + `}`
			res, err := client.Post(url+"/video", jsonType, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		for _, h := range hostileBodies {
			res, err := client.Post(url+h.path, jsonType, strings.NewReader(h.body))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		for i := 0; i < 10; i++ { // a body cut short
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(c, "POST /video HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
			c.Close()
		}
		e.Metrics("soak").ServeHTTP(discard{}, mustGet(t, url+"/metrics"))
		client.CloseIdleConnections()
	}
	type usage struct {
		goroutines, fds int
		heap            uint64
	}
	measure := func() usage {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fds, _ := os.ReadDir("/proc/self/fd")
		return usage{runtime.NumGoroutine(), len(fds), m.HeapInuse}
	}
	// settled waits for the server to close what the clients closed.
	settled := func(base usage) usage {
		u := measure()
		for i := 0; i < 100 && (u.goroutines > base.goroutines || u.fds > base.fds); i++ {
			time.Sleep(20 * time.Millisecond)
			u = measure()
		}
		return u
	}
	round()
	base := measure()
	for r := 0; r < *soakRounds; r++ {
		round()
	}
	u := settled(base)
	t.Logf("after %d rounds: %+v, after the first: %+v", *soakRounds, u, base)
	if u.goroutines > base.goroutines || u.fds > base.fds || u.heap > base.heap*3/2+1<<20 {
		t.Errorf("after %d rounds: %+v, after the first: %+v", *soakRounds, u, base)
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}
