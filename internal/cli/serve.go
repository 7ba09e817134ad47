package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sdkjwt/sdkjwt/server"
)

// option is a line of help's options: the flag, then what it does from the
// 29th column (or after two spaces).
func option(flag, does string) string {
	return fmt.Sprintf("    %-22s  %s\n", flag, does)
}

// serveUsage is serve's help: its own options, and each registered
// vendor's endpoints, options and credentials.
func serveUsage() string {
	var about, options strings.Builder
	var creds []string
	for _, v := range vendors() {
		if s := v.Serve; s != nil {
			about.WriteString(s.About + " ")
			options.WriteString(s.Options)
			var pairs []string
			for _, e := range s.Env {
				pairs = append(pairs, e.Key+" and "+e.Secret)
			}
			creds = append(creds, strings.Join(pairs, ", ")+" ("+s.Credentials+")")
		}
	}
	kinds := strings.Join(servedKinds(), "|")
	return `Usage:
    sdkjwt serve [--addr HOST:PORT] [--sdk ` + kinds + `] [options]

` + wrap("Serves tokens over HTTP as the vendors' token endpoints do. "+about.String()+
		"POST / serves the kind named by --sdk, or the only one whose credentials are set. "+
		`GET /healthz answers {"status":"ok"} while the process runs; GET /readyz {"status":"ready"} until it stops (503 then).`, 76, "") + `
On SIGINT or SIGTERM it stops accepting, answers the requests under way
(for at most --shutdown-timeout), then exits. On SIGHUP it reads its
credential files, the auth token file and the environment's credentials
again; a configuration that is not valid is logged and the one in use kept.

Options:
    --addr HOST:PORT        where to listen (default :$PORT, else :4000)
` + option("--sdk "+kinds, "the kind POST / serves") + `    --allow-origin ORIGIN   a browser origin that may call, as scheme://host[:port]
                            (repeatable); without one, any origin may, as in
                            the samples
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
` + options.String() + `    -h, --help              print this help

Credentials:
` + wrap(strings.Join(creds, "; ")+". Each key and secret may come from a file instead: NAME_FILE, or $CREDENTIALS_DIRECTORY/NAME (sdkjwt help environment). A key without its secret (or the other way round) refuses to start.", 76, "    ") + `

Examples:
    PORT=4000 sdkjwt serve
    sdkjwt serve --sdk video --allow-origin https://app.example --max-role participant
`
}

// serveOptions are serve's flags: what a reload reads again with them.
type serveOptions struct {
	kind, authFile string
	origins        list
	maxConcurrent  int
	rate           float64
	burst          int
	proxies        []netip.Prefix
	routes         []func(c *Call) ([]server.Route, error) // each vendor's, made from its flags
}

// logFormats are serve's --log-format values.
var logFormats = []string{"text", "json"}

func (c *Call) serve(args []string) error {
	var o serveOptions
	var addr, logFormat, metricsAddr, maxConcurrent, maxConns, rate, burst, shutdownTimeout string
	var proxies list
	kinds := servedKinds()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&addr, "addr", "", "")
	fs.Var(choice{&o.kind, kinds}, "sdk", "")
	fs.Var(&o.origins, "allow-origin", "")
	fs.StringVar(&o.authFile, "auth-token-file", "", "")
	fs.StringVar(&maxConcurrent, "max-concurrent", "256", "")
	fs.StringVar(&maxConns, "max-connections", "", "")
	fs.StringVar(&rate, "rate", "", "")
	fs.StringVar(&burst, "burst", "", "")
	fs.Var(&proxies, "trusted-proxy", "")
	fs.StringVar(&shutdownTimeout, "shutdown-timeout", "25s", "")
	fs.StringVar(&metricsAddr, "metrics-addr", "", "")
	logFormat = "text"
	fs.Var(choice{&logFormat, logFormats}, "log-format", "")
	o.routes = servers(fs)
	if err := c.parse(fs, args, serveUsage()); err != nil {
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
	if o.kind != "" && !slices.Contains(kinds, o.kind) {
		return &usageError{msg: fmt.Sprintf("--sdk %q: want %s", o.kind, or(kinds))}
	}
	if !slices.Contains(logFormats, logFormat) {
		return &usageError{msg: fmt.Sprintf("--log-format %q: want %s", logFormat, or(logFormats))}
	}

	// From here on, every line is the log's, in its format, and the log
	// never holds up the server: lines go through a LogSink, and a closed
	// stderr pipe is an error to count, not SIGPIPE (ignored before the
	// first line).
	signal.Ignore(syscall.SIGPIPE)
	sink, log, errorLog := newLogs(c.stderr, logFormat)
	defer sink.Close(2 * time.Second)
	fail := func(err error) error {
		if logFormat != "json" {
			return err // Run's "sdkjwt: error:" line
		}
		log.Error("not started", "error", err.Error())
		return errReported
	}
	cfg, warnings, err := c.serveConfig(&o)
	for _, w := range warnings {
		log.Warn(w)
	}
	if err != nil {
		return fail(err)
	}
	if len(o.origins) == 0 {
		log.Warn("any web page may ask this server for tokens (CORS *), as in the vendors' samples: name yours with --allow-origin")
	}
	endpoint, err := server.New(cfg)
	if err != nil {
		return fail(err)
	}
	if addr == "" {
		addr = ":4000"
		if port := c.getenv("PORT"); port != "" {
			addr = ":" + port
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(err)
	}
	var metricsLn net.Listener
	if metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", metricsAddr); err != nil {
			ln.Close()
			return fail(fmt.Errorf("--metrics-addr: %w", err))
		}
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(signals)
	requests := &server.RequestLog{W: sink, JSON: logFormat == "json"}
	cfg.Log, cfg.DroppedLogLines = requests, sink.Dropped
	if err := endpoint.Reload(cfg); err != nil {
		return fail(err)
	}
	srv := server.NewServer(addr, endpoint)
	srv.ErrorLog = errorLog
	served := make(chan error, 2)
	tokens := server.LimitListener(ln, conns)
	listeners := []*server.Listener{tokens}
	go func() { served <- srv.Serve(tokens) }()
	if metricsLn != nil {
		metrics, l := server.NewServer(metricsAddr, endpoint.Metrics(strings.Fields(version())[1])), server.LimitListener(metricsLn, 64)
		metrics.ErrorLog = srv.ErrorLog
		listeners = append(listeners, l)
		go func() { served <- metrics.Serve(l) }()
		log.Info("metrics", "addr", metricsLn.Addr().String())
	}
	log.Info("listening", "addr", ln.Addr().String(), "default", cfg.Default, "max_connections", conns)

	for {
		select {
		case err := <-served:
			return err
		case s := <-signals:
			if s != syscall.SIGHUP {
				return drain(log, endpoint, grace, listeners)
			}
			// Warnings go to the log: stderr itself may be stalled.
			next, warnings, err := c.serveConfig(&o)
			for _, w := range warnings {
				log.Warn(w)
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

// drain stops the servers: /readyz fails, the listeners close, and for at
// most grace every request that has begun to arrive is answered, with
// Connection: close, and every connection closed once it waits for no
// request (server.Listener.Drain); connections still open after it are
// closed.
func drain(log *slog.Logger, endpoint *server.Endpoint, grace time.Duration, listeners []*server.Listener) error {
	endpoint.Drain()
	log.Info("shutting down: answering the requests under way", "timeout", grace.String())
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var wg sync.WaitGroup
	for _, l := range listeners {
		wg.Go(func() {
			if l.Drain(ctx) != nil {
				log.Warn("shutdown timeout: closing the connections still open", "timeout", grace.String())
			}
		})
	}
	wg.Wait()
	log.Info("stopped")
	return nil
}
