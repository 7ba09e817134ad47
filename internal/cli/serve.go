package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/livekit"
	"github.com/sdkjwt/sdkjwt/sdk"
	"github.com/sdkjwt/sdkjwt/server"
)

const serveUsage = `Usage:
    sdkjwt serve [--addr HOST:PORT] [--sdk meeting|video|livekit] [options]

Serves signatures over HTTP as Zoom's meetingsdk-auth-endpoint-sample and
videosdk-auth-endpoint-sample do: the same request bodies, the same errors,
the same answers. POST /meeting and POST /video serve each kind; POST / the
kind named by --sdk, or the only one whose credentials are set. POST
/livekit is LiveKit's standard token endpoint, which LiveKit's client SDKs
call: {"room_name","participant_identity","participant_name",…} answered
201 {"server_url":…,"participant_token":…}. GET /healthz answers
{"status":"ok"} while the process runs; GET /readyz {"status":"ready"}
until it stops (503 then).

On SIGINT or SIGTERM it stops accepting, answers the requests under way
(for at most --shutdown-timeout), then exits. On SIGHUP it reads its
credential files, the auth token file and the environment's credentials
again; a configuration that is not valid is logged and the one in use kept.

Options:
    --addr HOST:PORT        where to listen (default :$PORT, else :4000)
    --sdk meeting|video|livekit  the kind POST / serves
    --allow-origin ORIGIN   a browser origin that may call, as scheme://host[:port]
                            (repeatable); without one, any origin may, as in
                            the samples
    --max-role participant  refuse host tokens (default host: both)
    --auth-token-file PATH  require "Authorization: Bearer <token>", with one
                            of the tokens in PATH (one a line)
    --max-concurrent N      answer at most N requests at once (default 256)
    --max-connections N     hold at most N connections open (default 4096,
                            or less if the file limit is lower)
    --rate N/s              at most N requests a second per client address to
                            the token paths, else 429 (default: no limit)
    --burst N               the requests a client may make at once (default:
                            the rate, rounded up)
    --trusted-proxy CIDR    a proxy whose X-Forwarded-For names the client for
                            --rate (repeatable)
    --shutdown-timeout D    how long to answer the requests under way on
                            SIGTERM (default 25s)
    --metrics-addr HOST:PORT  serve Prometheus metrics at /metrics there, on a
                            listener of its own
    --log-format text|json  the log on stderr (default text)
    --livekit-room ROOM     sign LiveKit tokens for ROOM only (room_name may
                            be left out); without it, room_name is required
    --livekit-allow FIELDS  the LiveKit request fields clients may set beyond
                            room_name, participant_identity, participant_name:
                            participant_metadata, participant_attributes,
                            room_config (comma-separated); any other set is
                            refused with 403
    --livekit-grant G=V     a video grant every LiveKit token carries
                            (repeatable): canPublish=false, canSubscribe=false,
                            canPublishData=false, canUpdateOwnMetadata,
                            hidden, canPublishSources=camera,microphone
    -h, --help              print this help

Credentials:
    ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET, ZOOM_VIDEO_SDK_KEY and
    ZOOM_VIDEO_SDK_SECRET, as the samples read them; LIVEKIT_API_KEY,
    LIVEKIT_API_SECRET and LIVEKIT_URL (answered as server_url) for LiveKit.
    Each key and secret may come from a file instead: NAME_FILE, or
    $CREDENTIALS_DIRECTORY/NAME (sdkjwt help environment). A key without
    its secret (or the other way round) refuses to start.

Examples:
    PORT=4000 sdkjwt serve
    sdkjwt serve --sdk video --allow-origin https://app.example --max-role participant
`

// serveOptions are serve's flags: what a reload reads again with them.
type serveOptions struct {
	kind, maxRole, authFile, lkRoom, lkAllow string
	origins, lkGrants                        list
	maxConcurrent                            int
	rate                                     float64
	burst                                    int
	proxies                                  []netip.Prefix
}

func (c *cli) serve(args []string) error {
	var o serveOptions
	var addr, logFormat, metricsAddr, maxConcurrent, maxConns, rate, burst, shutdownTimeout string
	var proxies list
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&addr, "addr", "", "")
	fs.StringVar(&o.kind, "sdk", "", "")
	fs.Var(&o.origins, "allow-origin", "")
	fs.StringVar(&o.maxRole, "max-role", "host", "")
	fs.StringVar(&o.authFile, "auth-token-file", "", "")
	fs.StringVar(&maxConcurrent, "max-concurrent", "256", "")
	fs.StringVar(&maxConns, "max-connections", "", "")
	fs.StringVar(&rate, "rate", "", "")
	fs.StringVar(&burst, "burst", "", "")
	fs.Var(&proxies, "trusted-proxy", "")
	fs.StringVar(&shutdownTimeout, "shutdown-timeout", "25s", "")
	fs.StringVar(&metricsAddr, "metrics-addr", "", "")
	fs.StringVar(&logFormat, "log-format", "text", "")
	fs.StringVar(&o.lkRoom, "livekit-room", "", "")
	fs.StringVar(&o.lkAllow, "livekit-allow", "", "")
	fs.Var(&o.lkGrants, "livekit-grant", "")
	if err := c.parse(fs, args, serveUsage); err != nil {
		return err
	}
	var err error
	if o.maxConcurrent, err = strconv.Atoi(maxConcurrent); err != nil || o.maxConcurrent < 1 {
		return &usageError{msg: fmt.Sprintf("--max-concurrent %q: not a positive integer", maxConcurrent)}
	}
	fileLimit := fileLimit()
	conns := min(4096, fileLimit-64)
	if maxConns != "" {
		if conns, err = strconv.Atoi(maxConns); err != nil || conns < 1 || conns > fileLimit-64 {
			return &usageError{msg: fmt.Sprintf("--max-connections %q: want a positive integer below the process's file limit (%d) less 64", maxConns, fileLimit)}
		}
	}
	grace, err := time.ParseDuration(shutdownTimeout)
	if err != nil || grace <= 0 {
		return &usageError{msg: fmt.Sprintf("--shutdown-timeout %q: want a duration such as 25s", shutdownTimeout)}
	}
	if rate != "" {
		n, ok := strings.CutSuffix(rate, "/s")
		if o.rate, err = strconv.ParseFloat(n, 64); !ok || err != nil || !(o.rate > 0) || math.IsInf(o.rate, 0) {
			return &usageError{msg: fmt.Sprintf("--rate %q: want requests a second, such as 10/s or 0.5/s", rate)}
		}
		o.burst = int(math.Min(math.Ceil(o.rate), 1e6))
	}
	if burst != "" {
		if o.burst, err = strconv.Atoi(burst); err != nil || o.burst < 1 || rate == "" {
			return &usageError{msg: fmt.Sprintf("--burst %q: want a positive integer, with --rate", burst)}
		}
	}
	for _, p := range proxies {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("--trusted-proxy %q: want a CIDR such as 10.0.0.0/8 or 192.0.2.7/32", p)}
		}
		o.proxies = append(o.proxies, prefix.Masked())
	}
	if len(o.proxies) > 0 && rate == "" {
		return &usageError{msg: "--trusted-proxy is for --rate: without it, no client address is used"}
	}
	for _, origin := range o.origins {
		if err := server.CheckOrigin(origin); err != nil {
			return &usageError{msg: "--allow-origin: " + err.Error()}
		}
	}
	switch {
	case o.maxRole != "participant" && o.maxRole != "host":
		return &usageError{msg: fmt.Sprintf("--max-role %q: want participant or host", o.maxRole)}
	case o.kind != "" && o.kind != "meeting" && o.kind != "video" && o.kind != "livekit":
		return &usageError{msg: fmt.Sprintf("--sdk %q: want meeting, video or livekit", o.kind)}
	case logFormat != "text" && logFormat != "json":
		return &usageError{msg: fmt.Sprintf("--log-format %q: want text or json", logFormat)}
	}
	cfg, err := c.serveConfig(&o)
	if err != nil {
		return err
	}
	if len(o.origins) == 0 {
		c.warn("any web page may ask this server for tokens (CORS *), as in Zoom's samples: name yours with --allow-origin")
	}
	endpoint, err := server.New(cfg)
	if err != nil {
		return err
	}
	if addr == "" {
		addr = ":4000"
		if port := c.getenv("PORT"); port != "" {
			addr = ":" + port
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var metricsLn net.Listener
	if metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", metricsAddr); err != nil {
			ln.Close()
			return fmt.Errorf("--metrics-addr: %w", err)
		}
	}

	// From here on, the log never holds up the server: lines go through a
	// LogSink, and a closed stderr pipe is an error to count, not SIGPIPE.
	signal.Ignore(syscall.SIGPIPE)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(signals)
	sink, log, errorLog := newLogs(c.stderr, logFormat)
	defer sink.Close(2 * time.Second)
	requests := &server.RequestLog{W: sink, JSON: logFormat == "json"}
	cfg.Log, cfg.DroppedLogLines = requests, sink.Dropped
	if err := endpoint.Reload(cfg); err != nil {
		return err
	}
	srv := server.NewServer(addr, endpoint)
	srv.ErrorLog = errorLog
	served := make(chan error, 2)
	go func() { served <- srv.Serve(server.LimitListener(ln, conns)) }()
	var metrics *http.Server
	if metricsLn != nil {
		metrics = server.NewServer(metricsAddr, endpoint.Metrics(strings.Fields(version())[1]))
		metrics.ErrorLog = srv.ErrorLog
		go func() { served <- metrics.Serve(server.LimitListener(metricsLn, 64)) }()
		log.Info("metrics", "addr", metricsLn.Addr().String())
	}
	log.Info("listening", "addr", ln.Addr().String(), "default", cfg.Default, "max_connections", conns)

	for {
		select {
		case err := <-served:
			return err
		case s := <-signals:
			if s != syscall.SIGHUP {
				return drain(log, endpoint, grace, srv, metrics)
			}
			// Warnings go to the log too: stderr itself may be stalled.
			var warnings bytes.Buffer
			stderr := c.stderr
			c.stderr = &warnings
			next, err := c.serveConfig(&o)
			c.stderr = stderr
			for _, w := range strings.Split(strings.TrimSpace(warnings.String()), "\n") {
				if w != "" {
					log.Warn(strings.TrimPrefix(w, "sdkjwt: warning: "))
				}
			}
			if err == nil {
				next.Log, next.DroppedLogLines = requests, sink.Dropped
				err = endpoint.Reload(next)
			}
			if err != nil {
				log.Error("reload refused: the configuration in use is kept", "error", err.Error())
			} else {
				log.Info("reloaded")
			}
		}
	}
}

// newLogs returns serve's log: a LogSink on w, the logger that writes to
// it in format (text or json), and a log.Logger for net/http's own lines,
// written as warnings in the same format.
func newLogs(w io.Writer, format string) (*server.LogSink, *slog.Logger, *stdlog.Logger) {
	handler := func(w io.Writer) slog.Handler {
		if format == "json" {
			return slog.NewJSONHandler(w, nil)
		}
		return slog.NewTextHandler(w, nil)
	}
	sink := server.NewLogSink(w, 1<<20, func(n uint64) []byte {
		var b bytes.Buffer
		slog.New(handler(&b)).Warn("log lines dropped: the log could not keep up", "dropped", n)
		return b.Bytes()
	})
	return sink, slog.New(handler(sink)), slog.NewLogLogger(handler(sink), slog.LevelWarn)
}

// drain stops the servers: /readyz fails, the listeners close, and the
// requests under way are answered for at most grace; connections still
// open after it are closed.
func drain(log *slog.Logger, endpoint *server.Endpoint, grace time.Duration, servers ...*http.Server) error {
	endpoint.Drain()
	log.Info("shutting down: answering the requests under way", "timeout", grace.String())
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	for _, srv := range servers {
		if srv == nil {
			continue
		}
		if err := srv.Shutdown(ctx); err != nil {
			log.Warn("shutdown timeout: closing the connections still open", "timeout", grace.String())
			srv.Close()
		}
	}
	log.Info("stopped")
	return nil
}

// serveConfig reads what serve's configuration holds beyond its flags:
// the credentials, from the environment and their files, and the auth
// token file. SIGHUP calls it again.
func (c *cli) serveConfig(o *serveOptions) (server.Config, error) {
	cfg := server.Config{AllowOrigins: o.origins, Default: o.kind, ParticipantsOnly: o.maxRole == "participant",
		MaxConcurrent: o.maxConcurrent, Rate: o.rate, Burst: o.burst, TrustedProxies: o.proxies}
	var err error
	if cfg.Meeting, err = c.credentials(sdk.MeetingWebKind.Env[0]); err != nil {
		return cfg, err
	}
	if cfg.Video, err = c.credentials(sdk.VideoKind.Env[0]); err != nil {
		return cfg, err
	}
	if cfg.LiveKit, err = c.liveKit(o.lkRoom, o.lkAllow, o.lkGrants); err != nil {
		return cfg, err
	}
	served := map[string]bool{"meeting": cfg.Meeting != nil, "video": cfg.Video != nil, "livekit": cfg.LiveKit != nil}
	var kinds []string
	for _, k := range []string{"meeting", "video", "livekit"} {
		if served[k] {
			kinds = append(kinds, k)
		}
	}
	switch {
	case len(kinds) == 0:
		return cfg, errors.New("no credentials: set ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET, ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET, or LIVEKIT_API_KEY and LIVEKIT_API_SECRET")
	case o.kind != "" && !served[o.kind]:
		return cfg, fmt.Errorf("--sdk %s: its credentials are not set", o.kind)
	case o.kind == "" && len(kinds) == 1:
		cfg.Default = kinds[0]
	case o.kind == "":
		c.warn("the credentials of %s are set: POST / answers 404 unless --sdk names one; POST /%s work", strings.Join(kinds, " and "), strings.Join(kinds, ", /"))
	}
	if o.authFile != "" {
		b, _, err := c.secret(o.authFile, nil)
		if err != nil {
			return cfg, fmt.Errorf("auth token: %w", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			cfg.AuthTokens = append(cfg.AuthTokens, []byte(line))
		}
		clear(b)
	}
	if _, err := server.New(cfg); err != nil { // what Reload would refuse, named now
		return cfg, fmt.Errorf("--auth-token-file %s: %w", o.authFile, err)
	}
	return cfg, nil
}

// credentials returns the kind's key and Signer, or nil if neither of its
// variables is set; one without the other is an error.
func (c *cli) credentials(vars inspect.Env) (*server.Credentials, error) {
	key, err := c.lookup(vars.Key)
	if err != nil {
		return nil, err
	}
	secretFile, err := c.credentialFile(vars.Secret)
	if err != nil {
		return nil, err
	}
	switch secret := c.getenv(vars.Secret) + secretFile; {
	case key == "" && secret == "":
		return nil, nil
	case key == "" || secret == "":
		set, unset := vars.Key, vars.Secret
		if key == "" {
			set, unset = vars.Secret, vars.Key
		}
		return nil, fmt.Errorf("%s is set but %s is not: refusing to start, every request would fail", set, unset)
	}
	k, s, err := c.signer(&common{}, []inspect.Env{vars})
	if err != nil {
		return nil, err
	}
	return &server.Credentials{Key: k, Signer: s}, nil
}

// liveKit returns the LiveKit endpoint's configuration, or nil if neither
// LIVEKIT_API_KEY nor LIVEKIT_API_SECRET is set.
func (c *cli) liveKit(room, allow string, grants []string) (*server.LiveKit, error) {
	creds, err := c.credentials(livekit.Kind.Env[0])
	if creds == nil || err != nil {
		if room != "" || allow != "" || len(grants) > 0 {
			err = errors.Join(err, errors.New("--livekit-room, --livekit-allow and --livekit-grant need LIVEKIT_API_KEY and LIVEKIT_API_SECRET"))
		}
		return nil, err
	}
	lk := &server.LiveKit{Credentials: *creds, ServerURL: c.getenv("LIVEKIT_URL"), Room: room}
	if lk.ServerURL == "" {
		return nil, errors.New("LIVEKIT_URL is not set: the LiveKit endpoint answers it as server_url, the server clients connect to (wss://…)")
	}
	if allow != "" {
		lk.Allow = strings.Split(allow, ",")
	}
	for _, f := range lk.Allow {
		if !slices.Contains(server.LiveKitFields[3:], f) {
			return nil, &usageError{msg: fmt.Sprintf("--livekit-allow %q: want %s", f, strings.Join(server.LiveKitFields[3:], ", "))}
		}
	}
	for _, g := range grants {
		name, value, hasValue := strings.Cut(g, "=")
		on, err := strconv.ParseBool(value)
		switch p := map[string]**bool{"canPublish": &lk.Grant.CanPublish, "canSubscribe": &lk.Grant.CanSubscribe, "canPublishData": &lk.Grant.CanPublishData}[name]; {
		case name == "canPublishSources" && hasValue:
			lk.Grant.CanPublishSources = strings.Split(value, ",")
			for _, s := range lk.Grant.CanPublishSources {
				if !slices.Contains(livekit.Sources, s) {
					return nil, &usageError{msg: fmt.Sprintf("--livekit-grant %q: %q is not one of %s", g, s, strings.Join(livekit.Sources, ", "))}
				}
			}
		case hasValue && err != nil, name == "canPublishSources":
			return nil, &usageError{msg: fmt.Sprintf("--livekit-grant %q: want NAME=true or NAME=false (canPublishSources=LIST)", g)}
		case p != nil:
			on = on || !hasValue
			*p = &on
		case name == "canUpdateOwnMetadata":
			lk.Grant.CanUpdateOwnMetadata = on || !hasValue
		case name == "hidden":
			lk.Grant.Hidden = on || !hasValue
		default:
			return nil, &usageError{msg: fmt.Sprintf("--livekit-grant %q: want canPublish, canSubscribe, canPublishData, canUpdateOwnMetadata, hidden or canPublishSources", g)}
		}
	}
	return lk, nil
}

// list is a flag that may be repeated (--allow-origin, --livekit-grant,
// livekit's --attribute).
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

const healthcheckUsage = `Usage:
    sdkjwt healthcheck [--url URL] [--timeout D]

Asks a running sdkjwt serve whether it is ready: GET URL, by default
http://127.0.0.1:$PORT/readyz (port 4000 without PORT). Exits 0 if it
answers 200 within the timeout, else 1 with the reason on stderr. For
images with no curl (FROM scratch):

    HEALTHCHECK CMD ["/sdkjwt", "healthcheck"]

Options:
    --url URL      what to ask (http or https)
    --timeout D    how long to wait for the answer (default 5s)
    -h, --help     print this help
`

func (c *cli) healthcheck(args []string) error {
	var url, timeout string
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.StringVar(&url, "url", "", "")
	fs.StringVar(&timeout, "timeout", "5s", "")
	if err := c.parse(fs, args, healthcheckUsage); err != nil {
		return err
	}
	wait, err := time.ParseDuration(timeout)
	if err != nil || wait <= 0 {
		return &usageError{msg: fmt.Sprintf("--timeout %q: want a duration such as 5s", timeout)}
	}
	if url == "" {
		url = "http://127.0.0.1:4000/readyz"
		if port := c.getenv("PORT"); port != "" {
			url = "http://127.0.0.1:" + port + "/readyz"
		}
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return &usageError{msg: fmt.Sprintf("--url %q: want an http:// or https:// URL", url)}
	}
	client := &http.Client{Timeout: wait, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(url)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 4096))
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %s", url, res.Status)
	}
	return nil
}
