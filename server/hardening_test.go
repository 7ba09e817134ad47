package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestUnderAttack: honest clients get tokens while 300 connections send
// their bodies a byte at a time and 2,000 more send half a header and
// stall (fewer if the file limit is too low for both ends of each).
func TestUnderAttack(t *testing.T) {
	slowBodies, slowHeaders := 300, 2000
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < 5000 {
		scale := float64(lim.Cur-400) / 4800
		slowBodies, slowHeaders = int(300*scale), int(2000*scale)
		t.Logf("file limit %d: %d slow bodies and %d slow headers", lim.Cur, slowBodies, slowHeaders)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer("", mustNew(t, config(t)))
	go srv.Serve(LimitListener(ln, slowBodies+slowHeaders+64))
	defer srv.Close()
	addr := ln.Addr().String()
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := 0; i < slowBodies+slowHeaders; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
		if i < slowBodies {
			fmt.Fprintf(c, "POST /video HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 16000\r\n\r\n{")
		} else {
			fmt.Fprintf(c, "POST /video HTTP/1.1\r\nHost: x\r\n")
		}
	}
	time.Sleep(100 * time.Millisecond) // let the server read what they sent
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for i := 0; i < 20; i++ {
		res, err := client.Post("http://"+addr+"/video", jsonType, strings.NewReader(`{"sessionName":"s","role":0}`))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("honest request %d: %d %s", i, res.StatusCode, body)
		}
	}
}

// TestLimitListener: with room for two connections, a third waits until
// one closes.
func TestLimitListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := LimitListener(ln, 2)
	defer l.Close()
	accepted := make(chan net.Conn, 3)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first, second := <-accepted, <-accepted
	select {
	case <-accepted:
		t.Fatal("a third connection was accepted while two were open")
	case <-time.After(50 * time.Millisecond):
	}
	first.Close()
	first.Close() // twice: releases one place only
	third := <-accepted
	second.Close()
	third.Close()
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v", err)
	}
}

// TestAuthTokens: the scheme in any case, any of several tokens, and
// tokens no request could carry refused at start.
func TestAuthTokens(t *testing.T) {
	cfg := config(t)
	cfg.AuthTokens = [][]byte{[]byte("0ld-t0ken"), []byte("n3w-t0ken")}
	srv := httptest.NewServer(mustNew(t, cfg))
	defer srv.Close()
	body := `{"sessionName":"s","role":0}`
	for _, h := range []string{"Bearer 0ld-t0ken", "Bearer n3w-t0ken", "bearer n3w-t0ken", "BEARER  n3w-t0ken"} {
		if a := post(t, srv.URL+"/video", jsonType, body, "Authorization", h); a.status != 200 {
			t.Errorf("%q: %d %s", h, a.status, a.body)
		}
	}
	for _, h := range []string{"", "Bearer", "Bearer ", "Bearer n3w-t0ke", "Basic n3w-t0ken", "Bearern3w-t0ken", "n3w-t0ken"} {
		if a := post(t, srv.URL+"/video", jsonType, body, "Authorization", h); a.status != 401 {
			t.Errorf("%q: %d %s", h, a.status, a.body)
		}
	}
	for _, tok := range []string{"", " t0ken", "t0ken ", "t0ken\r", "t0\x00ken", "tök"} {
		cfg.AuthTokens = [][]byte{[]byte("good"), []byte(tok)}
		if _, err := New(cfg); err == nil || !strings.HasPrefix(err.Error(), "auth token 2 of 2: ") || strings.Contains(err.Error(), "t0") {
			t.Errorf("%q: %v", tok, err)
		}
	}
}

// TestCheckOrigin: only what a browser sends in Origin is accepted.
func TestCheckOrigin(t *testing.T) {
	for _, o := range []string{"https://app.example", "http://localhost:3000", "https://[::1]:8443", "capacitor://localhost", "chrome-extension://abcdefgh"} {
		if err := CheckOrigin(o); err != nil {
			t.Errorf("%q: %v", o, err)
		}
	}
	for _, o := range []string{"app.example", "https://app.example/", "https://app.example/x", "https://App.example", "HTTPS://app.example",
		"https://app.example:443", "http://app.example:80", "https://app.example:", "https://u@app.example", "https://app.example?x", "https://app.example#x", "*", "null", "", "https://"} {
		if err := CheckOrigin(o); err == nil {
			t.Errorf("%q accepted", o)
		}
	}
	cfg := config(t)
	cfg.AllowOrigins = []string{"https://app.example/"}
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), `origin "https://app.example/": want scheme://host[:port]`) {
		t.Errorf("New: %v", err)
	}
}

// TestReadyAndReload: /readyz until Drain; Reload replaces the
// configuration and keeps the old one when the new one is invalid.
func TestReadyAndReload(t *testing.T) {
	cfg := config(t)
	e := mustNew(t, cfg)
	srv := httptest.NewServer(e)
	defer srv.Close()
	if a := do(t, mustGet(t, srv.URL+"/readyz")); a.status != 200 || a.body != `{"status":"ready"}` {
		t.Errorf("readyz: %d %s", a.status, a.body)
	}
	next := cfg
	next.Routes = routes(zoomCredentials(t), nil, true)
	if err := e.Reload(next); err != nil {
		t.Fatal(err)
	}
	host := `{"sessionName":"s","role":1}`
	if a := post(t, srv.URL+"/video", jsonType, host); a.status != 400 {
		t.Errorf("after Reload, a host token: %d %s", a.status, a.body)
	}
	bad := cfg
	bad.AllowOrigins = []string{"app.example"}
	if err := e.Reload(bad); err == nil {
		t.Error("an invalid configuration was taken")
	}
	bad = Config{}
	if err := e.Reload(bad); err == nil || err.Error() != "no credentials: no kind to serve" {
		t.Errorf("no credentials: %v", err)
	}
	if a := post(t, srv.URL+"/video", jsonType, host); a.status != 400 {
		t.Errorf("after a refused Reload, a host token: %d %s", a.status, a.body)
	}
	e.Drain()
	if a := do(t, mustGet(t, srv.URL+"/readyz")); a.status != 503 {
		t.Errorf("readyz while draining: %d %s", a.status, a.body)
	}
	if a := do(t, mustGet(t, srv.URL+"/healthz")); a.status != 200 {
		t.Errorf("healthz while draining: %d %s", a.status, a.body)
	}
}

// TestRateLimit: each client has Burst requests, then one per 1/Rate s;
// X-Forwarded-For names the client only when the peer is a trusted proxy.
func TestRateLimit(t *testing.T) {
	cfg := config(t)
	now := time.Unix(1700000000, 0)
	cfg.Now = func() time.Time { return now }
	cfg.Rate, cfg.Burst = 0.5, 2
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	e := mustNew(t, cfg)
	ask := func(peer string, xff ...string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/video", strings.NewReader(`{"sessionName":"s","role":0}`))
		req.Header.Set("Content-Type", jsonType)
		req.RemoteAddr = peer
		for _, x := range xff {
			req.Header.Add("X-Forwarded-For", x)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		return w.Code, w.Header().Get("Retry-After")
	}
	for i, want := range []int{200, 200, 429} {
		if got, _ := ask("192.0.2.1:1000"); got != want {
			t.Errorf("request %d: %d, want %d", i, got, want)
		}
	}
	if _, after := ask("192.0.2.1:1001"); after != "2" {
		t.Errorf("Retry-After %q, want 2", after)
	}
	now = now.Add(2 * time.Second)
	if got, _ := ask("192.0.2.1:1000"); got != 200 {
		t.Errorf("after 2 s: %d", got)
	}
	if got, _ := ask("192.0.2.2:1000", "192.0.2.1"); got != 200 { // an untrusted peer's header is ignored
		t.Errorf("another peer: %d", got)
	}
	// Through the proxy: the client is the nearest untrusted hop.
	for i, want := range []int{200, 200, 429} {
		if got, _ := ask("10.1.2.3:1000", "198.51.100.7, 203.0.113.9", "10.0.0.2"); got != want {
			t.Errorf("via proxy %d: %d, want %d", i, got, want)
		}
	}
	if got, _ := ask("10.1.2.3:1000", "203.0.113.10"); got != 200 {
		t.Errorf("another client via the proxy: %d", got)
	}
	// IPv6 clients are counted by /64.
	ask("[2001:db8:1:2::1]:1000")
	ask("[2001:db8:1:2::2]:1000")
	if got, _ := ask("[2001:db8:1:2:ffff::3]:1000"); got != 429 {
		t.Errorf("third address of one /64: %d", got)
	}
	if got, _ := ask("[2001:db8:1:3::1]:1000"); got != 200 {
		t.Errorf("another /64: %d", got)
	}
	if got, _ := ask("not an address"); got != 200 {
		t.Errorf("no address: %d", got)
	}
}

// TestLimiterBounded: a flood of addresses never holds more than max.
func TestLimiterBounded(t *testing.T) {
	l := newLimiter(1, 1, 100)
	now := time.Unix(1700000000, 0)
	for i := 0; i < 10000; i++ {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		if wait := l.take(a, now); wait != 0 {
			t.Fatalf("new client %d waits %v", i, wait)
		}
		if len(l.clients) > 100 {
			t.Fatalf("%d clients held", len(l.clients))
		}
		if i%1000 == 0 {
			now = now.Add(time.Second)
		}
	}
}

// TestMetrics: the counts after a few requests, in Prometheus's text
// format, with bounded label values.
func TestMetrics(t *testing.T) {
	cfg := config(t)
	cfg.DroppedLogLines = func() uint64 { return 7 }
	e := mustNew(t, cfg)
	srv := httptest.NewServer(e)
	defer srv.Close()
	post(t, srv.URL+"/video", jsonType, `{"sessionName":"s","role":1}`)
	post(t, srv.URL+"/meeting", jsonType, `{"meetingNumber":"1","role":0}`)
	post(t, srv.URL+"/video", jsonType, `{"sessionName":"s","role":3}`)
	post(t, srv.URL+"/video", jsonType, `{"role":0,"\u0000x":{"y":"\ud800"}}`)
	post(t, srv.URL+"/x/y/z", jsonType, `{}`)
	do(t, mustGet(t, srv.URL+"/healthz"))
	w := httptest.NewRecorder()
	e.Metrics("v1.2.3").ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	got := w.Body.String()
	for _, want := range []string{
		"# TYPE sdkjwt_requests_total counter\n",
		`sdkjwt_requests_total{path="/video",status="200"} 1` + "\n",
		`sdkjwt_requests_total{path="/video",status="400"} 2` + "\n",
		`sdkjwt_requests_total{path="other",status="404"} 1` + "\n",
		`sdkjwt_requests_total{path="/healthz",status="200"} 1` + "\n",
		`sdkjwt_tokens_total{kind="meeting",role="participant"} 1` + "\n",
		`sdkjwt_tokens_total{kind="video",role="host"} 1` + "\n",
		`sdkjwt_refusals_total{property="role"} 1` + "\n",
		`sdkjwt_refusals_total{property="sessionName"} 1` + "\n",
		`sdkjwt_refusals_total{property="$request"} 1` + "\n",
		`sdkjwt_request_duration_seconds_bucket{le="+Inf"} 6` + "\n",
		"sdkjwt_request_duration_seconds_count 6\n",
		"sdkjwt_requests_in_flight 0\n",
		"sdkjwt_log_lines_dropped_total 7\n",
		`sdkjwt_build_info{version="v1.2.3",goversion="go`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("metrics lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "/x/y/z") || strings.Contains(got, "\\u0000x") {
		t.Errorf("a label value came from a request:\n%s", got)
	}
}

// stalled is a writer that blocks until released, like a pipe nobody reads.
type stalled struct {
	release chan struct{}
	mu      sync.Mutex
	out     bytes.Buffer
	writes  int
	fail    bool
}

func (s *stalled) Write(p []byte) (int, error) {
	<-s.release
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	if s.fail {
		return 0, errors.New("broken pipe")
	}
	return s.out.Write(p)
}

// TestLogSink: a stalled log drops lines and counts them, never holding up
// a request; once it flows again, the count is logged.
func TestLogSink(t *testing.T) {
	w := &stalled{release: make(chan struct{})}
	sink := NewLogSink(w, 1000, func(n uint64) []byte { return fmt.Appendf(nil, "dropped %d\n", n) })
	cfg := config(t)
	cfg.Log = &RequestLog{W: sink}
	cfg.DroppedLogLines = sink.Dropped
	srv := httptest.NewServer(mustNew(t, cfg))
	defer srv.Close()
	for i := 0; i < 50; i++ { // each line is about 120 bytes: most are dropped
		if a := do(t, mustGet(t, srv.URL+"/healthz")); a.status != 200 {
			t.Fatalf("healthz %d: %d", i, a.status)
		}
	}
	close(w.release)
	do(t, mustGet(t, srv.URL+"/healthz"))
	srv.Close() // every request logged
	sink.Close(5 * time.Second)
	w.mu.Lock()
	out := w.out.String()
	w.mu.Unlock()
	dropped := sink.Dropped()
	var n uint64
	requests := strings.Count(out, "msg=request")
	_, report, _ := strings.Cut(out, "\ndropped ")
	if _, err := fmt.Sscanf(report, "%d\n", &n); err != nil || n < 30 || n > dropped || uint64(requests)+dropped != 51 {
		t.Errorf("%d lines written, %d dropped, the log says %d:\n%s", requests, dropped, n, out)
	}
}

// TestLogSinkGathers: after a write, the sink waits before the next one, so
// the lines logged meanwhile go out in one system call, not one each. The
// pause here is an hour: the result does not depend on timing. (The sleeps
// only give a sink without a pause the time to write each line alone.)
func TestLogSinkGathers(t *testing.T) {
	w := &stalled{release: make(chan struct{}, 1)}
	sink := newLogSink(w, 1<<20, nil, time.Hour)
	w.release <- struct{}{}
	sink.Write([]byte("first\n"))
	w.release <- struct{}{} // accepted once the first write has begun
	close(w.release)
	for i := range 20 {
		sink.Write(fmt.Appendf(nil, "line %d\n", i))
		time.Sleep(time.Millisecond)
	}
	sink.Close(5 * time.Second) // the pause ends: the rest goes out
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.writes != 2 || strings.Count(w.out.String(), "\n") != 21 {
		t.Errorf("%d writes, want 2 (one line, then 20 at once):\n%s", w.writes, w.out.String())
	}
}

// TestLogSinkBroken: a write that fails drops its lines; Close gives up on
// a writer stalled for good.
func TestLogSinkBroken(t *testing.T) {
	w := &stalled{release: make(chan struct{}), fail: true}
	close(w.release)
	sink := NewLogSink(w, 1<<10, func(n uint64) []byte { return nil })
	sink.Write([]byte("a\nb\n"))
	sink.Close(5 * time.Second)
	if n := sink.Dropped(); n != 2 {
		t.Errorf("%d dropped, want 2", n)
	}
	forever := NewLogSink(&stalled{release: make(chan struct{})}, 1<<10, nil)
	forever.Write([]byte("x\n"))
	forever.Close(10 * time.Millisecond) // returns
}
