package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeRefuses: serve's start-up errors, before it listens.
func TestServeRefuses(t *testing.T) {
	dir := t.TempDir()
	spaced, fifo := filepath.Join(dir, "spaced"), filepath.Join(dir, "fifo")
	if err := os.WriteFile(spaced, []byte("t0ken\n t0ken2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	video := map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		msg  string
	}{
		{nil, nil, exitError, "error: no endpoint to serve: set ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET, ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET, LIVEKIT_API_KEY and LIVEKIT_API_SECRET, AGORA_APP_ID and AGORA_APP_CERTIFICATE, TWILIO_API_KEY and TWILIO_API_SECRET or JITSI_APP_ID and JITSI_APP_SECRET"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k"}, nil, exitError, "error: ZOOM_VIDEO_SDK_KEY is set but ZOOM_VIDEO_SDK_SECRET is not: refusing to start, every request would fail"},
		{map[string]string{"ZOOM_MEETING_SDK_SECRET": marker}, nil, exitError, "error: ZOOM_MEETING_SDK_SECRET is set but ZOOM_MEETING_SDK_KEY is not: refusing to start"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--sdk", "meeting"}, exitError, "error: --sdk meeting: not served: its credentials are not set"},
		{nil, []string{"--sdk", "cobrowse"}, exitUsage, `error: --sdk "cobrowse": want meeting, video, livekit, agora, twilio or jitsi`},
		{nil, []string{"--max-role", "admin"}, exitUsage, `error: --max-role "admin": want participant or host`},
		{nil, []string{"--log-format", "xml"}, exitUsage, `error: --log-format "xml": want text or json`},
		{nil, []string{"--max-concurrent", "0"}, exitUsage, `error: --max-concurrent "0": not a positive integer`},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--auth-token-file", "/nonexistent"}, exitError, "error: auth token: secret file: no such file"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--addr", "256.0.0.1:1"}, exitError, "256.0.0.1"},
		{liveKitEnv(""), nil, exitError, "POST /livekit is not served: LIVEKIT_URL is not set: the LiveKit endpoint answers it as server_url"},
		{liveKitEnv(""), []string{"--sdk", "livekit"}, exitError, "error: --sdk livekit: not served"},
		{liveKitEnv(""), []string{"--livekit-room", "r"}, exitError, "error: LIVEKIT_URL is not set"},
		{map[string]string{"LIVEKIT_API_SECRET": marker}, nil, exitError, "error: LIVEKIT_API_SECRET is set but LIVEKIT_API_KEY is not"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--livekit-room", "r"}, exitError, "error: --livekit-room, --livekit-allow and --livekit-grant need LIVEKIT_API_KEY and LIVEKIT_API_SECRET"},
		{liveKitEnv("wss://x"), []string{"--livekit-allow", "participant_identity"}, exitUsage, `error: --livekit-allow "participant_identity": want participant_metadata, participant_attributes, room_config`},
		{liveKitEnv("wss://x"), []string{"--livekit-grant", "canPublish=no"}, exitUsage, `error: --livekit-grant "canPublish=no": want NAME=true or NAME=false`},
		{liveKitEnv("wss://x"), []string{"--livekit-grant", "canPublishSources=camera,screen"}, exitUsage, `"screen" is not one of camera, microphone, screen_share, screen_share_audio`},
		{liveKitEnv("wss://x"), []string{"--livekit-grant", "roomAdmin"}, exitUsage, `error: --livekit-grant "roomAdmin": want canPublish, canSubscribe`},
		{liveKitEnv("wss://x"), []string{"--sdk", "video"}, exitError, "error: --sdk video: not served: its credentials are not set"},
		{liveKitEnv("x.livekit.cloud"), nil, exitError, `error: LIVEKIT_URL "x.livekit.cloud": want the server's URL with its scheme`},
		{nil, []string{"--allow-origin", "https://app.example/"}, exitUsage, `error: --allow-origin: origin "https://app.example/": want scheme://host[:port]`},
		{nil, []string{"--allow-origin", "app.example"}, exitUsage, `error: --allow-origin: origin "app.example"`},
		{video, []string{"--auth-token-file", spaced}, exitError, "error: --auth-token-file " + spaced + ": auth token 2 of 2: has whitespace around it"},
		{video, []string{"--auth-token-file", fifo}, exitError, "error: auth token: secret file: " + fifo + " is a named pipe (FIFO)"},
		{video, []string{"--max-connections", "99999999999"}, exitUsage, `error: --max-connections "99999999999": want a positive integer below the process's file limit`},
		{video, []string{"--rate", "10"}, exitUsage, `error: --rate "10": want requests a second, such as 10/s`},
		{video, []string{"--rate", "0/s"}, exitUsage, `error: --rate "0/s"`},
		{video, []string{"--burst", "5"}, exitUsage, `error: --burst "5": want a positive integer, with --rate`},
		{video, []string{"--rate", "5/s", "--trusted-proxy", "10.0.0.1"}, exitUsage, `error: --trusted-proxy "10.0.0.1": want a CIDR`},
		{video, []string{"--trusted-proxy", "10.0.0.0/8"}, exitUsage, `error: --trusted-proxy is for --rate`},
		{video, []string{"--shutdown-timeout", "0s"}, exitUsage, `error: --shutdown-timeout "0s"`},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker, "ZOOM_VIDEO_SDK_SECRET_FILE": spaced}, nil, exitError, "error: both ZOOM_VIDEO_SDK_SECRET and ZOOM_VIDEO_SDK_SECRET_FILE are set: set one"},
	} {
		r := sdkjwt(t, tc.env, "", append([]string{"serve"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.msg) || strings.Contains(r.stderr, marker) {
			t.Errorf("%v %q: %+v, want exit %d and %q", tc.env, tc.args, r, tc.code, tc.msg)
		}
	}
}

func liveKitEnv(url string) map[string]string {
	return map[string]string{"LIVEKIT_API_KEY": "APIkey", "LIVEKIT_API_SECRET": marker, "LIVEKIT_URL": url}
}

// process is sdkjwt serve running as a process of its own.
type process struct {
	cmd    *exec.Cmd
	addr   string // where it listens
	start  string // its log until it listened
	logs   *bufio.Reader
	stderr *os.File // the read end of its stderr pipe
	exited chan error
}

// startServe starts sdkjwt serve with a Video key and secret and args,
// and reads its log until it listens.
func startServe(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0", "--allow-origin", "https://app.example"}, args...)...)
	cmd.Env = append([]string{"SDKJWT_TEST_MAIN=1", "ZOOM_VIDEO_SDK_KEY=vQ3xR8sTzLmN4pKwYb2Hc", "ZOOM_VIDEO_SDK_SECRET=" + marker}, env...)
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	p := &process{cmd: cmd, logs: bufio.NewReader(r), stderr: r, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		r.Close()
	})
	for p.addr == "" {
		line, err := p.logs.ReadString('\n')
		if err != nil {
			t.Fatalf("serve's log ended before it listened: %v", err)
		}
		p.start += line
		if _, a, ok := strings.Cut(line, "msg=listening addr="); ok {
			p.addr = strings.Fields(a)[0]
		}
	}
	return p
}

// stop sends SIGTERM and waits for the process to exit, at most 20 s.
func (p *process) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("serve exited: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not exit 20 s after SIGTERM")
	}
}

func (p *process) post(t *testing.T, path, body string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

const videoBody = `{"sessionName":"Cool Cars","role":1,"sessionKey":"session123","userIdentity":"user123"}`

// TestServeDrain: a request whose body comes after SIGTERM is answered in
// full before the process exits.
func TestServeDrain(t *testing.T) {
	p := startServe(t, nil)
	c, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /video HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(videoBody), videoBody[:10])
	time.Sleep(200 * time.Millisecond) // the server reads the header: the request is under way
	p.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(c, videoBody[10:])
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to the request under way: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"signature":"eyJ`) {
		t.Errorf("request under way: %d %s", res.StatusCode, body)
	}
	if err := <-p.exited; err != nil {
		t.Errorf("serve exited: %v", err)
	}
}

// TestServeDrainKeptAlive: on SIGTERM, every request whose bytes arrived
// on a kept-alive connection is answered, with Connection: close: on each
// of 64 connections one request is answered, then the next is written
// before the signal (on one, half its header, the rest after); all 64 get
// an answer.
func TestServeDrainKeptAlive(t *testing.T) {
	p := startServe(t, nil)
	request := fmt.Sprintf("POST /video HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(videoBody), videoBody)
	conns := make([]net.Conn, 64)
	readers := make([]*bufio.Reader, len(conns))
	for i := range conns {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i], readers[i] = c, bufio.NewReader(c)
		fmt.Fprint(c, request)
		res, err := http.ReadResponse(readers[i], nil)
		if err != nil || res.StatusCode != 200 || res.Close {
			t.Fatalf("first request on connection %d: %v %v", i, res, err)
		}
		io.Copy(io.Discard, res.Body)
	}
	// Now idle and kept alive: the next requests arrive, then the signal.
	fmt.Fprint(conns[0], request[:20])
	time.Sleep(100 * time.Millisecond) // the server has read the half header: the connection is still idle
	for _, c := range conns[1:] {
		fmt.Fprint(c, request)
	}
	p.cmd.Process.Signal(syscall.SIGTERM) // some not read yet, some answered already
	time.Sleep(100 * time.Millisecond)
	fmt.Fprint(conns[0], request[20:])
	answered := 0
	for i, r := range readers {
		conns[i].SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Errorf("connection %d: no answer: %v", i, err)
			continue
		}
		io.Copy(io.Discard, res.Body)
		if res.StatusCode != 200 || i == 0 && !res.Close { // answered in the drain: closed after
			t.Errorf("connection %d: %d, Connection: close %v", i, res.StatusCode, res.Close)
		}
		answered++
	}
	if answered != len(conns) {
		t.Errorf("%d of %d requests answered", answered, len(conns))
	}
	if err := <-p.exited; err != nil {
		t.Errorf("serve exited: %v", err)
	}
}

// TestServeShutdownTimeout: a request that never completes keeps the
// process no longer than --shutdown-timeout.
func TestServeShutdownTimeout(t *testing.T) {
	p := startServe(t, nil, "--shutdown-timeout", "300ms")
	c, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /video HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	time.Sleep(200 * time.Millisecond)
	p.stop(t)
	rest, _ := io.ReadAll(p.logs)
	if !strings.Contains(string(rest), "shutdown timeout: closing the connections still open") {
		t.Errorf("log after SIGTERM:\n%s", rest)
	}
}

// TestServeStalledLog: with stderr on a pipe nobody reads, requests are
// answered and SIGTERM stops the process; then the dropped lines are
// counted in the log.
func TestServeStalledLog(t *testing.T) {
	p := startServe(t, nil, "--metrics-addr", "127.0.0.1:0")
	var wg sync.WaitGroup
	for range 4 { // 12,000 lines, about 1.5 MB: more than the pipe and the sink hold
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3000; i++ {
				res, err := http.Get("http://" + p.addr + "/healthz")
				if err != nil {
					t.Errorf("healthz %d: %v", i, err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	if code, body := p.post(t, "/video", videoBody); code != 200 {
		t.Fatalf("a token with the log stalled: %d %s", code, body)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	rest, _ := io.ReadAll(p.logs) // the log flows again
	if err := <-p.exited; err != nil {
		t.Errorf("serve exited: %v", err)
	}
	if !strings.Contains(string(rest), "log lines dropped: the log could not keep up") {
		t.Errorf("no count of dropped lines in the log:\n%.2000s", rest)
	}
}

// TestServeClosedLog: when the log's reader goes away, the server keeps
// answering (no SIGPIPE), and stops on SIGTERM.
func TestServeClosedLog(t *testing.T) {
	p := startServe(t, nil)
	p.stderr.Close()
	for i := 0; i < 50; i++ {
		if code, body := p.post(t, "/video", videoBody); code != 200 {
			t.Fatalf("request %d with the log closed: %d %s", i, code, body)
		}
		time.Sleep(time.Millisecond) // let the log write, and fail
	}
	p.stop(t)
}

// TestServeWithoutLiveKitURL: LiveKit's key and secret exported without
// LIVEKIT_URL leave /livekit out, with a warning, and the Zoom endpoints
// start.
func TestServeWithoutLiveKitURL(t *testing.T) {
	p := startServe(t, []string{"LIVEKIT_API_KEY=APIkey", "LIVEKIT_API_SECRET=" + marker}, "--sdk", "video")
	if !strings.Contains(p.start, "POST /livekit is not served: LIVEKIT_URL is not set") {
		t.Errorf("no warning at start:\n%s", p.start)
	}
	if code, body := p.post(t, "/video", videoBody); code != 200 {
		t.Errorf("/video: %d %s", code, body)
	}
	if code, body := p.post(t, "/livekit", `{"room_name":"r","participant_identity":"i"}`); code != 404 {
		t.Errorf("/livekit: %d %s, want 404", code, body)
	}
	p.stop(t)
}

// TestServeJSONLogFromTheStart: with --log-format json, every line serve
// writes is JSON, the start-up warnings and a refusal to start included.
func TestServeJSONLogFromTheStart(t *testing.T) {
	env := map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": " " + marker} // warns: white space
	r := sdkjwt(t, env, "", "serve", "--log-format", "json", "--auth-token-file", "/nonexistent")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != exitError || r.stdout != "" || len(lines) != 2 {
		t.Fatalf("%+v", r)
	}
	for i, want := range []string{"WARN whitespace", "ERROR auth token"} {
		var line struct{ Level, Msg, Error string }
		level, word, _ := strings.Cut(want, " ")
		if err := json.Unmarshal([]byte(lines[i]), &line); err != nil || line.Level != level || !strings.Contains(line.Msg+line.Error, word) {
			t.Errorf("line %d: %q (%v), want a JSON %s line about %s", i+1, lines[i], err, level, word)
		}
	}
}

// TestServeLogClosedAtStart: with stderr a pipe whose reader is gone
// before serve starts, its start-up warning (no --allow-origin) does not
// kill it with SIGPIPE: it answers, and stops on SIGTERM.
func TestServeLogClosedAtStart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	cmd := exec.Command(os.Args[0], "serve", "--addr", addr)
	cmd.Env = []string{"SDKJWT_TEST_MAIN=1", "ZOOM_VIDEO_SDK_KEY=vQ3xR8sTzLmN4pKwYb2Hc", "ZOOM_VIDEO_SDK_SECRET=" + marker}
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	for i := 0; ; i++ {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("serve exited before it answered: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if i == 200 {
			t.Fatal("serve did not answer in 10 s")
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := <-exited; err != nil {
		t.Errorf("serve exited: %v", err)
	}
}

// TestServeReload: SIGHUP reads the auth token file again; an invalid one
// is logged and the tokens in use kept.
func TestServeReload(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("0ld-t0ken\n")
	p := startServe(t, nil, "--auth-token-file", file)
	hup := func(want string) {
		t.Helper()
		p.cmd.Process.Signal(syscall.SIGHUP)
		defer time.AfterFunc(20*time.Second, func() { p.cmd.Process.Kill() }).Stop() // no hanging test
		for {
			line, err := p.logs.ReadString('\n')
			if err != nil {
				t.Fatalf("log ended: %v", err)
			}
			if strings.Contains(line, "msg=reloaded") || strings.Contains(line, `msg="reload refused`) {
				if !strings.Contains(line, want) {
					t.Errorf("reload: %s", line)
				}
				return
			}
		}
	}
	auth := func(token string) int {
		code, _ := p.post(t, "/video", videoBody, "Authorization", "Bearer "+token)
		return code
	}
	write("0ld-t0ken\nn3w-t0ken\n")
	hup("msg=reloaded")
	if auth("0ld-t0ken") != 200 || auth("n3w-t0ken") != 200 {
		t.Error("after reload, both tokens are not accepted")
	}
	write("n3w-t0ken \n")
	hup(`msg="reload refused: the configuration in use is kept" error="--auth-token-file ` + file + `: auth token 1 of 1: has whitespace around it`)
	if auth("0ld-t0ken") != 200 {
		t.Error("a refused reload dropped the tokens in use")
	}
	write("n3w-t0ken\n")
	hup("msg=reloaded")
	if auth("0ld-t0ken") != 401 || auth("n3w-t0ken") != 200 {
		t.Error("after reload, the old token is still accepted")
	}
	p.stop(t)
}

// TestServeMetricsAndHealthcheck: --metrics-addr serves the metrics on its
// own listener, and healthcheck exits 0 while the server is ready.
func TestServeMetricsAndHealthcheck(t *testing.T) {
	r, w, _ := os.Pipe()
	defer r.Close()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--allow-origin", "https://app.example")
	cmd.Env = []string{"SDKJWT_TEST_MAIN=1", "ZOOM_VIDEO_SDK_KEY=k3y", "ZOOM_VIDEO_SDK_SECRET=" + marker}
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	defer cmd.Process.Kill()
	logs := bufio.NewReader(r)
	var addr, metricsAddr string
	for addr == "" {
		line, err := logs.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if _, a, ok := strings.Cut(line, "msg=metrics addr="); ok {
			metricsAddr = strings.TrimSpace(a)
		}
		if _, a, ok := strings.Cut(line, "msg=listening addr="); ok {
			addr = strings.Fields(a)[0]
			if !strings.Contains(line, "max_connections=") {
				t.Errorf("listening: %s", line)
			}
		}
	}
	res, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "sdkjwt_build_info{") || !strings.Contains(string(body), "sdkjwt_requests_in_flight 0") {
		t.Errorf("metrics:\n%s", body)
	}
	if res, err := http.Get("http://" + addr + "/metrics"); err != nil || res.StatusCode != 404 {
		t.Errorf("/metrics on the token listener: %v %v", res.Status, err)
	}
	if r := sdkjwt(t, nil, "", "healthcheck", "--url", "http://"+addr+"/readyz"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("healthcheck: %+v", r)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if r := sdkjwt(t, nil, "", "healthcheck", "--url", "http://"+addr+"/readyz", "--timeout", "2s"); r.code != exitError || !strings.Contains(r.stderr, "error: not ready: ") {
		t.Errorf("healthcheck of a stopped server: %+v", r)
	}
}

// TestHealthcheck: 200 is ready; anything else, or no answer, is not.
func TestHealthcheck(t *testing.T) {
	status := 200
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			status = 404
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	if r := sdkjwt(t, map[string]string{"PORT": port}, "", "healthcheck"); r.code != 0 {
		t.Errorf("ready, by $PORT: %+v", r)
	}
	status = 503
	if r := sdkjwt(t, nil, "", "healthcheck", "--url", srv.URL+"/readyz"); r.code != exitError || !strings.Contains(r.stderr, "answered 503 Service Unavailable") {
		t.Errorf("draining: %+v", r)
	}
	for _, args := range [][]string{{"--url", "ftp://x"}, {"--timeout", "0"}, {"extra"}} {
		if r := sdkjwt(t, nil, "", append([]string{"healthcheck"}, args...)...); r.code != exitUsage {
			t.Errorf("%q: %+v", args, r)
		}
	}
}

// TestErrorLogFormat: net/http's own lines are written in the log's format.
func TestErrorLogFormat(t *testing.T) {
	var b strings.Builder
	sink, _, errorLog := newLogs(&b, "json")
	errorLog.Print("http: Accept error: accept tcp: too many open files; retrying in 5ms")
	sink.Close(5 * time.Second)
	var line struct{ Level, Msg string }
	if err := json.Unmarshal([]byte(b.String()), &line); err != nil || line.Level != "WARN" || !strings.HasPrefix(line.Msg, "http: Accept error") {
		t.Errorf("%q: %v", b.String(), err)
	}
}
