package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"github.com/sdkjwt/sdkjwt/jwt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sdkjwt/sdkjwt/internal/flat"
)

// MaxBody is the largest request body read; a larger one is answered 413.
const MaxBody = 16 << 10

// maxDepth bounds how deeply a body's arrays and objects may nest: a
// request needs 5 levels at most (LiveKit's room_config.agents[].attributes);
// a body of 8,000 nested arrays would cost encoding/json a hundred times
// more than a usual one.
const maxDepth = 16

// maxItems bounds the members and elements of a body: a request needs a
// few dozen (LiveKit's, with 64 attributes and 16 agents, some 600); a body
// of 8,000 would cost a hundred times a usual one to decode.
const maxItems = 1024

// An Endpoint is the handler of serve. Its configuration can be replaced
// while it serves ([Endpoint.Reload]).
type Endpoint struct {
	state    atomic.Pointer[state]
	draining atomic.Bool
	metrics  *metrics
}

// state is what one Config makes: replaced whole by Reload.
type state struct {
	cfg        Config
	mux        *http.ServeMux
	paths      []string            // the paths the metrics name; others are "other"
	properties []string            // the refused properties the metrics name
	noDefault  string              // the answer to POST / without a default kind
	authTokens [][sha256.Size]byte // SHA-256 of each of cfg.AuthTokens
	slots      chan struct{}       // one per request being answered
	limiter    *limiter            // nil: no rate limit
}

// New returns the endpoint for cfg, or an error naming what in cfg is wrong
// (Config.Check).
func New(cfg Config) (*Endpoint, error) {
	e := &Endpoint{metrics: newMetrics()}
	if err := e.Reload(cfg); err != nil {
		return nil, err
	}
	return e, nil
}

// Reload replaces the configuration; requests under way finish with the
// old one. An invalid cfg is refused (Config.Check) and the old one kept.
// MaxConcurrent and the rate limit's counts start afresh only if their
// numbers change.
func (e *Endpoint) Reload(cfg Config) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 256
	}
	cfg.Routes = slices.Clone(cfg.Routes)
	s := &state{cfg: cfg, mux: http.NewServeMux(), paths: []string{"/", "/healthz", "/readyz"}, properties: []string{"$request", "$server"}}
	for _, t := range cfg.AuthTokens {
		s.authTokens = append(s.authTokens, sha256.Sum256(t))
	}
	var def *Route // the route of POST /
	var posts, gets, served []string
	for i := range s.cfg.Routes {
		r := &s.cfg.Routes[i]
		wild := wildcards(r.Path)
		handle := func(path string) {
			s.mux.HandleFunc(pattern(path), func(w http.ResponseWriter, req *http.Request) { s.token(w, req, r, path, wild) })
			s.paths = append(s.paths, path)
			if r.Get {
				gets = append(gets, path)
			} else {
				posts = append(posts, path)
			}
		}
		handle(r.Path)
		if r.Kind == cfg.Default && cfg.Default != "" {
			if def == nil {
				def = r
			}
			if r.Alias != "" {
				handle(r.Alias)
			}
		}
		if r.Token != nil && !r.Get {
			served = append(served, r.Path)
		}
		s.properties = append(s.properties, r.Properties...)
	}
	s.noDefault = "POST / has no default kind here: POST " + or(served) + ", or start the server with --sdk"
	if def == nil {
		def = &Route{Path: "/"} // no kind: 404 once the request is checked
	}
	s.mux.HandleFunc("/{$}", func(w http.ResponseWriter, req *http.Request) { s.token(w, req, def, "/", nil) })
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, []byte(`{"status":"ok"}`), "", "")
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if e.draining.Load() {
			fail(w, http.StatusServiceUnavailable, "Draining: the server is stopping")
			return
		}
		write(w, http.StatusOK, []byte(`{"status":"ready"}`), "", "")
	})
	noPath := "No such path: POST " + strings.Join(posts, ", ") + " or /"
	if len(gets) > 0 {
		noPath += "; GET " + strings.Join(gets, ", ")
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, noPath)
	})
	old := e.state.Load()
	if old != nil && old.cfg.MaxConcurrent == cfg.MaxConcurrent {
		s.slots = old.slots
	} else {
		s.slots = make(chan struct{}, cfg.MaxConcurrent)
	}
	if cfg.Rate > 0 {
		if old != nil && old.limiter != nil && old.cfg.Rate == cfg.Rate && old.cfg.Burst == cfg.Burst {
			s.limiter = old.limiter
		} else {
			s.limiter = newLimiter(cfg.Rate, cfg.Burst, maxClients)
		}
	}
	e.state.Store(s)
	return nil
}

// wildcards returns the names of path's wildcards: {name} segments.
func wildcards(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			names = append(names, strings.TrimSuffix(name, "}"))
		}
	}
	return names
}

// or joins paths as "/a, /b or /c".
func or(paths []string) string {
	if len(paths) < 2 {
		return strings.Join(paths, "")
	}
	return strings.Join(paths[:len(paths)-1], ", ") + " or " + paths[len(paths)-1]
}

// Drain makes GET /readyz answer 503, so that load balancers stop sending
// requests while the server finishes those under way. It cannot be undone.
func (e *Endpoint) Drain() { e.draining.Store(true) }

// ServeHTTP answers one request.
func (e *Endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if e.draining.Load() {
		w.Header().Set("Connection", "close") // the last answer on this connection
	}
	s := e.state.Load()
	e.metrics.inFlight.Add(1)
	rec := &record{ResponseWriter: w, status: http.StatusOK}
	s.cors(rec, r)
	e.metrics.inFlight.Add(-1)
	end := time.Now()
	latency := end.Sub(start)
	path := rec.path
	if path == "" {
		path = known(r.URL.Path, s.paths)
	}
	e.metrics.observe(path, rec.status, rec.kind, rec.role, known(rec.property, s.properties), latency)
	if l := s.cfg.Log; l != nil {
		l.log(end, r.Method, r.URL.Path, rec.status, latency, rec.kind, rec.role)
	}
}

// known is v if set holds it, else "other"; "" stays "".
func known(v string, set []string) string {
	if v == "" || slices.Contains(set, v) {
		return v
	}
	return "other"
}

// record keeps what the log and the metrics report of an answer. Never a
// body, a token or a secret.
type record struct {
	http.ResponseWriter
	status               int
	kind, role, property string
	path                 string // the route's path, wildcards and all; "": the request's, if known
}

func (r *record) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// cors answers preflight requests and adds the allow-origin header, as the
// samples' cors() does, for the configured origins only when there are some.
func (s *state) cors(w *record, r *http.Request) {
	cfg := &s.cfg
	origin := "*"
	if len(cfg.AllowOrigins) > 0 {
		w.Header().Add("Vary", "Origin")
		origin = ""
		for _, o := range cfg.AllowOrigins {
			if o == r.Header.Get("Origin") {
				origin = o
			}
		}
	}
	switch origin {
	case "*":
		w.Header()["Access-Control-Allow-Origin"] = anyOrigin
	case "":
	default:
		w.Header().Set("Access-Control-Allow-Origin", origin)
	}
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
		if hdr := r.Header.Get("Access-Control-Request-Headers"); hdr != "" {
			w.Header().Set("Access-Control-Allow-Headers", hdr)
			w.Header().Add("Vary", "Access-Control-Request-Headers")
		}
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// authorized reports whether r carries one of the bearer tokens. The
// scheme's case does not matter (RFC 9110 §11.1). Tokens are compared as
// SHA-256 sums in constant time, every one of them: how long a wrong token
// takes says nothing of the right ones, not even their length.
func (s *state) authorized(r *http.Request) bool {
	scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	sum := sha256.Sum256([]byte(strings.TrimLeft(got, " ")))
	ok := 0
	for _, t := range s.authTokens {
		ok |= subtle.ConstantTimeCompare(sum[:], t[:])
	}
	return strings.EqualFold(scheme, "Bearer") && ok == 1
}

// token answers a request to route: the checks every token request passes,
// in the order that costs an attacker most and the server least, then the
// route's answer.
func (s *state) token(w http.ResponseWriter, r *http.Request, route *Route, path string, wild []string) {
	cfg := &s.cfg
	if rec, ok := w.(*record); ok {
		rec.path = path
	}
	query := (route.Query || route.Get) && r.Method == http.MethodGet
	if r.Method != http.MethodPost && !query || route.Get && !query {
		if route.Get {
			w.Header().Set("Allow", "GET, OPTIONS")
			fail(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed, use GET")
		} else if route.Query {
			w.Header().Set("Allow", "GET, OPTIONS, POST")
			fail(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed, use GET or POST")
		} else {
			w.Header().Set("Allow", "OPTIONS, POST")
			fail(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed, use POST")
		}
		return
	}
	if s.limiter != nil {
		if wait := s.limiter.take(clientAddr(r, cfg.TrustedProxies), cfg.Now()); wait > 0 {
			w.Header().Set("Retry-After", strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10))
			fail(w, http.StatusTooManyRequests, "Too many requests from this client, retry after the time in Retry-After")
			return
		}
	}
	if len(s.authTokens) > 0 && !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", "Bearer")
		fail(w, http.StatusUnauthorized, "Authorization: Bearer <token> required")
		return
	}
	switch {
	case route.Kind == "":
		fail(w, http.StatusNotFound, s.noDefault)
		return
	case route.Token == nil:
		fail(w, http.StatusNotFound, "This server does not sign "+route.Kind+" tokens")
		return
	}
	var body []byte
	var err error
	if query {
		var refused string
		if body, refused = queryBody(r.URL.RawQuery, wild, r); refused != "" {
			fail(w, http.StatusBadRequest, refused)
			return
		}
	} else if mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		fail(w, http.StatusBadRequest, "Content-Type must be application/json")
		return
	} else {
		// The body is read whole (at most MaxBody bytes, within the
		// server's read timeout) before a slot is taken: a slow client
		// holds its connection, never the capacity that answers the others.
		body, err = readBody(w, r)
	}
	if err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			w.Header().Set("Connection", "close") // the rest of the body is not read
			fail(w, http.StatusRequestEntityTooLarge, "Request body larger than "+strconv.Itoa(MaxBody)+" bytes")
		} else {
			fail(w, http.StatusBadRequest, "Request body could not be read in time")
		}
		return
	}
	switch depth, items := flat.Measure(body); {
	case depth > maxDepth:
		fail(w, http.StatusBadRequest, "Request body nested deeper than "+strconv.Itoa(maxDepth)+" levels")
		return
	case items > maxItems:
		fail(w, http.StatusBadRequest, "Request body holds more than "+strconv.Itoa(maxItems)+" members and elements")
		return
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		w.Header().Set("Retry-After", "1")
		fail(w, http.StatusServiceUnavailable, "Too many requests at once, retry shortly")
		return
	}
	a := route.Token(body, cfg.Now())
	// A token is a credential: no cache keeps it, nor a refusal in its place.
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case len(a.Refused) > 0 && a.Body == nil:
		refuse(w, a.Status, a.Refused, route.Kind)
	case len(a.Refused) > 0:
		if rec, ok := w.(*record); ok {
			rec.property = a.Refused[0].Property
		}
		writeAs(w, a.Status, a.ContentType, a.Body, route.Kind, "")
	default:
		writeAs(w, a.Status, a.ContentType, a.Body, route.Kind, a.Role)
	}
}

// queryBody reads a query string, and the values of r's wildcards named
// wild, as the JSON object a route's Token reads: its parameters as
// strings, a wildcard's value in place of a parameter of its name. A
// parameter given twice, text that is not UTF-8, or a query that does not
// parse is refused, with the reason.
func queryBody(raw string, wild []string, r *http.Request) (body []byte, refused string) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, "Query string could not be parsed: " + err.Error()
	}
	for _, name := range wild {
		q[name] = []string{r.PathValue(name)}
	}
	names := slices.Sorted(maps.Keys(q))
	var o jwt.Object
	b := o.Open(nil)
	for _, name := range names {
		if len(q[name]) > 1 {
			return nil, "Query parameter " + strconv.Quote(name) + " given more than once"
		}
		b = o.String(b, name, q[name][0])
	}
	if b, err = o.Close(b); err != nil && len(wild) > 0 {
		return nil, "Query string or path is not UTF-8"
	} else if err != nil {
		return nil, "Query string is not UTF-8"
	}
	return b, ""
}

// readBody reads r's body, at most MaxBody bytes: into one buffer of the
// size Content-Length announces (net/http reads no further), else as it
// comes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	switch n := r.ContentLength; {
	case n > MaxBody:
		return nil, &http.MaxBytesError{Limit: MaxBody}
	case n >= 0:
		body := make([]byte, n)
		_, err := io.ReadFull(r.Body, body)
		return body, err
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
}
