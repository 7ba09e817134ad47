// Package server is the HTTP endpoint of `sdkjwt serve`: the token endpoints
// of the vendors' samples (the same request bodies, the same validation
// errors to the letter, the same answers), on net/http, with the hardening
// the samples lack.
//
// Each vendor's endpoint is a [Route]: a path, the kind it signs, and the
// function that answers a request's body. The Zoom routes ([Meeting],
// [Video]) are a drop-in for Zoom's meetingsdk- and
// videosdk-auth-endpoint-sample: 200 {"signature":…[,"sdkKey":…]}; LiveKit's
// ([LiveKit.Route]) is LiveKit's standard token endpoint: 201
// {"server_url":…,"participant_token":…}; Twilio's ([Twilio.Route]) is
// twilio/video-quickstart-js's GET /token?identity=…, answered with the
// token as text; Agora's ([Agora.Routes]) are agora-token-service's
// POST /getToken and GET /rtc/…/, /rtm/…/, /rte/…/, /chat/…/. POST / serves
// the default kind.
// A refusal is {"errors":[{"property":…,"reason":…}]}, with property
// "$request" for what is wrong with the request as a whole (401, 403, 404,
// 405, 413, 429, 503).
//
// GET /healthz answers while the process runs; GET /readyz only while an
// [Endpoint] has credentials and is not draining (see [Endpoint.Drain]).
package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Credentials are one kind's key and a Signer keyed with its secret.
type Credentials struct {
	Key    string
	Signer *jwt.Signer
}

// A Route is one vendor's token endpoint: POST Path answers a request's JSON
// body with a token, or with the reasons it refuses it.
type Route struct {
	Path string // e.g. "/video"
	Kind string // e.g. "video": what Config.Default names, and the log and metrics say
	// Token answers a body read whole (at most MaxBody bytes, sent as
	// application/json, nested and counted within bounds) at now. Nil: the
	// server has no credentials for the kind, and answers 404.
	Token func(body []byte, now time.Time) Answer
	// Properties are the request properties its refusals may name: the
	// values the refusals metric counts by.
	Properties []string
	// Query, if set, makes GET Path answered too, as the sample it stands
	// for is called (Twilio's quickstart: GET /token?identity=…): the
	// query's parameters, each given once and in UTF-8, are the body, a
	// JSON object of strings.
	Query bool
	// Get, if set, makes Path answered on GET only, its query's parameters
	// and its wildcards ({name}, one path segment each, which Path may
	// hold) the body, as with Query; a wildcard's value wins over a
	// parameter of its name. A Path ending in "/" matches that path alone
	// (without the slash, it is redirected there). Agora's token service:
	// GET /rtc/{channelName}/{role}/{tokenType}/{rtcuid}/?expiry=….
	Get bool
	// Alias, if set, is a second path the route answers at when its Kind
	// is Config.Default: where the sample it stands for has it, beside the
	// vendor's own prefix (Agora's /getToken beside /agora/getToken).
	Alias string
}

// An Answer is what a Route's Token answers.
type Answer struct {
	Status int
	Body   []byte // the JSON answer; with Refused, the refusal as the sample words it
	// Refused says why the request is refused: answered as
	// {"errors":[…]}, or as Body if set; its first property is the one
	// the metrics count.
	Refused []Problem
	Role    string // the role of the token issued, for the log and metrics
	// ContentType of Body: "" for JSON; "text/plain; charset=utf-8" for
	// a sample that answers the token alone.
	ContentType string
}

// A Problem is one reason a request is refused: {"property":…,"reason":…}.
type Problem struct{ Property, Reason string }

// Config says what an [Endpoint] serves and how.
type Config struct {
	// Routes are the token endpoints, each at its own path, not "/",
	// "/healthz" or "/readyz".
	Routes []Route
	// Default is the Kind of the route POST / serves ("": none): the
	// first route of that kind. Its routes are also answered at their
	// Alias.
	Default string
	// AllowOrigins lists the origins that may call from a browser, each
	// scheme://host[:port] as browsers send it in Origin. Empty means any
	// origin ("*"), the samples' policy.
	AllowOrigins []string
	// AuthTokens, if any, are the tokens callers may send as
	// "Authorization: Bearer <token>": several, so that callers can move
	// from one to the next without a gap.
	AuthTokens [][]byte
	// MaxConcurrent caps the requests being answered at once; more get 503.
	// A request takes its place once its body has been read, so slow
	// clients do not hold one.
	MaxConcurrent int
	// Rate, if above 0, is the requests per second each client address may
	// make to the token paths, with bursts of Burst (at least 1); more get
	// 429 with Retry-After.
	Rate  float64
	Burst int
	// TrustedProxies are the peers whose X-Forwarded-For names the client
	// for Rate. Without them, the client is the peer.
	TrustedProxies []netip.Prefix
	Log            *RequestLog      // nil: no log
	Now            func() time.Time // the clock of the tokens and of Rate; nil: time.Now
	// DroppedLogLines, if set, reports the log lines dropped so far (see
	// [LogSink]), for the metrics.
	DroppedLogLines func() uint64
}

// Check returns an error naming what in the configuration New and Reload
// would refuse.
func (cfg *Config) Check() error {
	served, paths := 0, []string{"/", "/healthz", "/readyz"}
	for _, r := range cfg.Routes {
		for _, path := range []string{r.Path, r.Alias} {
			if path == "" && path == r.Alias {
				continue
			}
			if !validPath(path, r.Get) || slices.Contains(paths, path) || r.Kind == "" {
				return fmt.Errorf("route %q (kind %q): want a path of its own and a kind", path, r.Kind)
			}
			paths = append(paths, path)
		}
		if r.Token != nil {
			served++
		}
	}
	if err := registers(cfg.Routes); err != nil {
		return err
	}
	if served == 0 {
		return errors.New("no credentials: no kind to serve")
	}
	if d := cfg.Default; d != "" && !slices.ContainsFunc(cfg.Routes, func(r Route) bool { return r.Kind == d && r.Token != nil }) {
		return fmt.Errorf("default kind %q: its credentials are not set", d)
	}
	for _, o := range cfg.AllowOrigins {
		if err := CheckOrigin(o); err != nil {
			return err
		}
	}
	for i, t := range cfg.AuthTokens {
		if err := checkAuthToken(t); err != nil {
			return fmt.Errorf("auth token %d of %d: %w", i+1, len(cfg.AuthTokens), err)
		}
	}
	if cfg.Rate < 0 || cfg.Rate > 0 && cfg.Burst < 1 {
		return fmt.Errorf("rate %v per second with burst %d: want a rate of 0 (none) or above, with a burst of 1 or more", cfg.Rate, cfg.Burst)
	}
	return nil
}

// validPath reports whether path is a route's path: "/" and segments of
// printable ASCII without braces, but for a Get route's wildcards, each a
// whole segment: {name}.
func validPath(path string, get bool) bool {
	if !strings.HasPrefix(path, "/") || strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return false
	}
	for _, seg := range strings.Split(path[1:], "/") {
		inner, open := strings.CutPrefix(seg, "{")
		name, closed := strings.CutSuffix(inner, "}")
		if open && closed && get && name != "" && !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) {
			continue
		}
		if strings.ContainsAny(seg, "{}") {
			return false
		}
	}
	return true
}

// registers returns an error if http.ServeMux would refuse the routes'
// patterns (a wildcard named twice, two patterns for the same paths): it
// panics on them.
func registers(routes []Route) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("routes: %v", r)
		}
	}()
	mux := http.NewServeMux()
	for _, r := range routes {
		for _, path := range []string{r.Path, r.Alias} {
			if path != "" {
				mux.HandleFunc(pattern(path), http.NotFound)
			}
		}
	}
	return nil
}

// pattern is the ServeMux pattern of a route's path: one that ends in "/"
// matches that path alone.
func pattern(path string) string {
	if strings.HasSuffix(path, "/") {
		return path + "{$}"
	}
	return path
}

// NewServer returns an http.Server for h with timeouts set: a request's
// header must arrive within 5 s and its body within 10 s of the start.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ConnState:         connState,
	}
}

// CheckOrigin returns an error unless o is an origin as browsers send it
// (scheme://host[:port], lower case, no path and no default port): any
// other string would never match a request's Origin.
func CheckOrigin(o string) error {
	u, err := url.Parse(o)
	ok := err == nil && u.Scheme != "" && u.Host != "" && u.User == nil && u.Path == "" && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery && !u.OmitHost
	if ok {
		ok = o == strings.ToLower(u.Scheme)+"://"+strings.ToLower(u.Host) && !strings.HasSuffix(o, ":")
		port := u.Port()
		ok = ok && (port == "" || port[0] != '0') && !(u.Scheme == "https" && port == "443") && !(u.Scheme == "http" && port == "80")
	}
	if !ok {
		return fmt.Errorf("origin %q: want scheme://host[:port] as a browser sends it in Origin (https://app.example, http://localhost:3000): lower case, no path or trailing slash, no default port", o)
	}
	return nil
}

// checkAuthToken refuses a bearer token no request could carry.
func checkAuthToken(t []byte) error {
	switch {
	case len(t) == 0:
		return errors.New("empty")
	case strings.TrimFunc(string(t), unicode.IsSpace) != string(t):
		return errors.New("has whitespace around it, which a request's Authorization header cannot carry")
	case strings.ContainsFunc(string(t), func(r rune) bool { return r < 0x21 || r > 0x7e }):
		return errors.New("holds a character other than printable ASCII (RFC 6750's b64token is made of letters, digits and -._~+/=)")
	}
	return nil
}
