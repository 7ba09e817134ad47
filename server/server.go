// Package server is the HTTP endpoint of `sdkjwt serve`: a drop-in for Zoom's
// meetingsdk-auth-endpoint-sample and videosdk-auth-endpoint-sample (same
// request bodies, same validation errors to the letter, same answers), on
// net/http, with the hardening the samples lack.
//
// POST /meeting and POST /video serve each kind, POST / the default one.
// Answers are JSON: 200 {"signature":…[,"sdkKey":…]}, 400 {"errors":[{"property":…,"reason":…}]},
// and the same shape for 401, 404, 405, 413, 429 and 503, with property "$request".
//
// POST /livekit is LiveKit's standard token endpoint (see [LiveKit]): 201
// {"server_url":…,"participant_token":…}, and errors in the same shape,
// 403 for a field the deployment does not let clients set.
//
// GET /healthz answers while the process runs; GET /readyz only while an
// [Endpoint] has credentials and is not draining (see [Endpoint.Drain]).
package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/sdkjwt/sdkjwt/internal/flat"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
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

// Credentials are one kind's SDK key and a Signer keyed with its secret.
type Credentials struct {
	Key    string
	Signer *jwt.Signer
}

// Config says what an [Endpoint] serves and how.
type Config struct {
	Meeting, Video *Credentials // nil: that kind is not served
	LiveKit        *LiveKit     // nil: POST /livekit is not served
	Default        string       // "meeting", "video" or "livekit": the kind POST / serves ("": none)
	// AllowOrigins lists the origins that may call from a browser, each
	// scheme://host[:port] as browsers send it in Origin. Empty means any
	// origin ("*"), the samples' policy.
	AllowOrigins []string
	// ParticipantsOnly refuses host tokens (role 1).
	ParticipantsOnly bool
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
	Now            func() time.Time // the clock of iat and Rate; nil: time.Now
	// DroppedLogLines, if set, reports the log lines dropped so far (see
	// [LogSink]), for the metrics.
	DroppedLogLines func() uint64
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
	}
}

// An Endpoint is the handler of serve. Its configuration can be replaced
// while it serves ([Endpoint.Reload]).
type Endpoint struct {
	state    atomic.Pointer[state]
	draining atomic.Bool
	mux      *http.ServeMux
	metrics  *metrics
}

// state is what one Config makes: replaced whole by Reload.
type state struct {
	cfg        Config
	authTokens [][sha256.Size]byte // SHA-256 of each of cfg.AuthTokens
	slots      chan struct{}       // one per request being answered
	limiter    *limiter            // nil: no rate limit
}

// New returns the endpoint for cfg, or an error naming what in cfg is wrong.
func New(cfg Config) (*Endpoint, error) {
	e := &Endpoint{mux: http.NewServeMux(), metrics: newMetrics()}
	if err := e.Reload(cfg); err != nil {
		return nil, err
	}
	token := func(kind string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { e.token(w, r, kind) }
	}
	e.mux.HandleFunc("/{$}", token(""))
	e.mux.HandleFunc("/meeting", token("meeting"))
	e.mux.HandleFunc("/video", token("video"))
	e.mux.HandleFunc("/livekit", token("livekit"))
	e.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, []byte(`{"status":"ok"}`), "", "")
	})
	e.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if e.draining.Load() {
			fail(w, http.StatusServiceUnavailable, "Draining: the server is stopping")
			return
		}
		write(w, http.StatusOK, []byte(`{"status":"ready"}`), "", "")
	})
	e.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "No such path: POST /meeting, /video, /livekit or /")
	})
	return e, nil
}

// Reload replaces the configuration; requests under way finish with the
// old one. An invalid cfg is refused and the old one kept. MaxConcurrent
// and the rate limit's counts start afresh only if their numbers change.
func (e *Endpoint) Reload(cfg Config) error {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 256
	}
	s := &state{cfg: cfg}
	if cfg.Meeting == nil && cfg.Video == nil && cfg.LiveKit == nil {
		return errors.New("no credentials: no kind to serve")
	}
	if d := cfg.Default; d != "" && (d != "meeting" || cfg.Meeting == nil) && (d != "video" || cfg.Video == nil) && (d != "livekit" || cfg.LiveKit == nil) {
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
		s.authTokens = append(s.authTokens, sha256.Sum256(t))
	}
	if cfg.Rate < 0 || cfg.Rate > 0 && cfg.Burst < 1 {
		return fmt.Errorf("rate %v per second with burst %d: want a rate of 0 (none) or above, with a burst of 1 or more", cfg.Rate, cfg.Burst)
	}
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

// Drain makes GET /readyz answer 503, so that load balancers stop sending
// requests while the server finishes those under way. It cannot be undone.
func (e *Endpoint) Drain() { e.draining.Store(true) }

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

// ServeHTTP answers one request.
func (e *Endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	e.metrics.inFlight.Add(1)
	rec := &record{ResponseWriter: w, status: http.StatusOK}
	e.cors(rec, r)
	e.metrics.inFlight.Add(-1)
	end := time.Now()
	latency := end.Sub(start)
	e.metrics.observe(r.URL.Path, rec.status, rec.kind, rec.role, rec.property, latency)
	if l := e.state.Load().cfg.Log; l != nil {
		l.log(end, r.Method, r.URL.Path, rec.status, latency, rec.kind, rec.role)
	}
}

// record keeps what the log and the metrics report of an answer. Never a
// body, a token or a secret.
type record struct {
	http.ResponseWriter
	status               int
	kind, role, property string
}

func (r *record) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// cors answers preflight requests and adds the allow-origin header, as the
// samples' cors() does, for the configured origins only when there are some.
func (e *Endpoint) cors(w *record, r *http.Request) {
	cfg := &e.state.Load().cfg
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
	e.mux.ServeHTTP(w, r)
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

// token answers a request for a token of kind ("": the default kind).
func (e *Endpoint) token(w http.ResponseWriter, r *http.Request, kind string) {
	s := e.state.Load()
	cfg := &s.cfg
	if kind == "" {
		kind = cfg.Default
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "OPTIONS, POST")
		fail(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed, use POST")
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
	var creds *Credentials
	switch kind {
	case "meeting":
		creds = cfg.Meeting
	case "video":
		creds = cfg.Video
	case "livekit":
		if cfg.LiveKit != nil {
			creds = &cfg.LiveKit.Credentials
		}
	}
	switch {
	case kind == "":
		fail(w, http.StatusNotFound, "POST / has no default kind here: POST /meeting, /video or /livekit, or start the server with --sdk")
		return
	case creds == nil:
		fail(w, http.StatusNotFound, "This server does not sign "+kind+" tokens")
		return
	}
	if mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		fail(w, http.StatusBadRequest, "Content-Type must be application/json")
		return
	}
	// The body is read whole (at most MaxBody bytes, within the server's
	// read timeout) before a slot is taken: a slow client holds its
	// connection, never the capacity that answers the others.
	body, err := readBody(w, r)
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
	if kind == "livekit" {
		s.livekit(w, body, cfg.LiveKit)
		return
	}
	f, errs, ok := parseBody(body)
	if !ok {
		fail(w, http.StatusBadRequest, "Request body must be one JSON object")
		return
	}
	iat := cfg.Now().Unix()
	var token, role string
	if len(errs) == 0 {
		if kind == "meeting" {
			token, role, errs = s.meeting(&f, creds, iat)
		} else {
			token, role, errs = s.video(&f, creds, iat)
		}
	}
	if len(errs) > 0 {
		refuse(w, http.StatusBadRequest, errs, kind)
		return
	}
	var o jwt.Object
	b := o.String(o.Open(make([]byte, 0, len(token)+len(creds.Key)+40)), "signature", token)
	if kind == "meeting" {
		b = o.String(b, "sdkKey", creds.Key)
	}
	b, _ = o.Close(b) // the token and key were signed: valid UTF-8
	write(w, http.StatusOK, b, kind, role)
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

// fail answers a request-level error in the samples' error shape.
func fail(w http.ResponseWriter, status int, reason string) {
	refuse(w, status, []apiError{{"$request", reason}}, "")
}

// refuse answers errs, and tells the metrics the first property refused.
func refuse(w http.ResponseWriter, status int, errs []apiError, kind string) {
	if rec, ok := w.(*record); ok {
		rec.property = errs[0].property
	}
	write(w, status, errorBody(errs), kind, "")
}

func errorBody(errs []apiError) []byte {
	b := []byte(`{"errors":[`)
	for i, e := range errs {
		if i > 0 {
			b = append(b, ',')
		}
		var o jwt.Object
		b = o.String(o.Open(b), "property", e.property)
		b = o.String(b, "reason", e.reason)
		b, _ = o.Close(b) // reasons quote request text, which JSON decoding made valid UTF-8
	}
	return append(b, "]}"...)
}

// The values of headers every answer carries are made once, not per
// answer: net/http only reads them (it copies the handler's header before
// adding its own).
var (
	jsonContentType = []string{"application/json; charset=utf-8"}
	anyOrigin       = []string{"*"}
)

// write sends a JSON answer, and tells the log the kind and role issued.
func write(w http.ResponseWriter, status int, body []byte, kind, role string) {
	if rec, ok := w.(*record); ok {
		rec.kind, rec.role = kind, role
	}
	w.Header()["Content-Type"] = jsonContentType
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// claimProperty maps a payload claim back to the request property it came from.
var claimProperty = map[string]string{
	"mn": "meetingNumber", "role": "role", "role_type": "role", "tpc": "sessionName", "exp": "expirationSeconds",
	"user_identity": "userIdentity", "session_key": "sessionKey", "geo_regions": "geoRegions",
	"cloud_recording_option": "cloudRecordingOption", "cloud_recording_election": "cloudRecordingElection",
	"telemetry_tracking_id": "telemetryTrackingId", "video_webrtc_mode": "videoWebRtcMode", "audio_webrtc_mode": "audioWebRtcMode",
}

// signed turns the sdk's answer into the endpoint's.
func signed(token string, err error) (string, []apiError) {
	if err == nil {
		return token, nil
	}
	var fe *jwt.ClaimError
	if errors.As(err, &fe) {
		p := claimProperty[fe.Claim]
		if p == "" {
			p = "$server" // a claim the server sets: its configuration
		}
		return "", []apiError{{p, fe.Error()}}
	}
	return token, nil
}

func (s *state) meeting(f *fields, c *Credentials, iat int64) (token, role string, errs []apiError) {
	errs = validate(f, meetingCoerced, meetingRules)
	mn, r := f[propMeetingNumber], f[propRole]
	if (mn.kind == undefined) != (r.kind == undefined) {
		errs = append([]apiError{{"$schema", "If one of the following properties is present, all or none must be present: meetingNumber, role"}}, errs...)
	}
	if mn.kind != undefined && mn.kind != str && mn.kind != number {
		errs = append(errs, apiError{"meetingNumber", "Value " + mn.String() + " not allowed, must be of type string or number"})
	}
	errs = append(errs, s.maxRole(r)...)
	if len(errs) > 0 {
		return "", "", errs
	}
	m := sdk.Meeting{Key: c.Key, IssuedAt: iat, ExpiresAt: iat + lifetimeOf(f)}
	if mn.kind != undefined {
		m.MN, m.Role, role = mn.String(), sdk.Int(int(r.n)), roleName(r.n)
	}
	m.VideoWebRTCMode = opt(f[propVideoWebRtcMode])
	token, errs = signed(m.Sign(c.Signer))
	return token, role, errs
}

func (s *state) video(f *fields, c *Credentials, iat int64) (token, role string, errs []apiError) {
	errs = append(validate(f, videoCoerced, videoRules), s.maxRole(f[propRole])...)
	if len(errs) > 0 {
		return "", "", errs
	}
	audio := f[propAudioWebRtcMode]
	if audio.kind == undefined {
		audio = f[propAudioCompatibleMode] // the deprecated name, as the sample reads it
	}
	geo := joinItems(f[propGeoRegions])
	v := sdk.Video{
		Key: c.Key, Role: int(f[propRole].n), Topic: f[propSessionName].s,
		IssuedAt: iat, ExpiresAt: iat + lifetimeOf(f),
		UserIdentity: f[propUserIdentity].s, SessionKey: f[propSessionKey].s, GeoRegions: geo,
		CloudRecordingOption: opt(f[propCloudRecordingOption]), CloudRecordingElection: opt(f[propCloudRecordingElection]),
		TelemetryTrackingID: f[propTelemetryTrackingId].s,
		VideoWebRTCMode:     opt(f[propVideoWebRtcMode]), AudioWebRTCMode: opt(audio),
	}
	token, errs = signed(v.Sign(c.Signer))
	return token, roleName(f[propRole].n), errs
}

// maxRole refuses host tokens when the server signs participant tokens only.
func (s *state) maxRole(r value) []apiError {
	if s.cfg.ParticipantsOnly && r.kind == number && r.n == 1 {
		return []apiError{{"role", "Value is not valid. Got 1, expected 0: this server signs participant tokens only"}}
	}
	return nil
}

// lifetimeOf is expirationSeconds, else the samples' default of 2 hours.
func lifetimeOf(f *fields) int64 {
	if e := f[propExpirationSeconds]; e.kind == number {
		return int64(e.n)
	}
	return 2 * 60 * 60
}

func opt(v value) sdk.OptInt {
	if v.kind == number {
		return sdk.Int(int(v.n))
	}
	return sdk.OptInt{}
}

func roleName(n float64) string {
	if n == 1 {
		return "host"
	}
	return "participant"
}
