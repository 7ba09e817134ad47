// Package server is the HTTP endpoint of `sdkjwt serve`: a drop-in for Zoom's
// meetingsdk-auth-endpoint-sample and videosdk-auth-endpoint-sample (same
// request bodies, same validation errors to the letter, same answers), on
// net/http, with the hardening the samples lack.
//
// POST /meeting and POST /video serve each kind, POST / the default one.
// Answers are JSON: 200 {"signature":…[,"sdkKey":…]}, 400 {"errors":[{"property":…,"reason":…}]},
// and the same shape for 401, 404, 405, 413 and 503, with property "$request".
//
// POST /livekit is LiveKit's standard token endpoint (see [LiveKit]): 201
// {"server_url":…,"participant_token":…}, and errors in the same shape,
// 403 for a field the deployment does not let clients set.
package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// MaxBody is the largest request body read; a larger one is answered 413.
const MaxBody = 16 << 10

// Credentials are one kind's SDK key and a Signer keyed with its secret.
type Credentials struct {
	Key    string
	Signer *jwt.Signer
}

// Config says what a Handler serves and how.
type Config struct {
	Meeting, Video *Credentials // nil: that kind is not served
	LiveKit        *LiveKit     // nil: POST /livekit is not served
	Default        string       // "meeting", "video" or "livekit": the kind POST / serves ("": none)
	// AllowOrigins lists the origins that may call from a browser. Empty
	// means any origin ("*"), the samples' policy.
	AllowOrigins []string
	// ParticipantsOnly refuses host tokens (role 1).
	ParticipantsOnly bool
	// AuthToken, if set, must come as "Authorization: Bearer <token>".
	AuthToken []byte
	// MaxConcurrent caps the requests being answered at once; more get 503.
	MaxConcurrent int
	Logger        *slog.Logger     // nil: no log
	Now           func() time.Time // the clock of iat; nil: time.Now
}

// NewServer returns an http.Server for h with timeouts set.
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

// Handler returns the endpoint's handler.
func Handler(cfg Config) http.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 256
	}
	h := &handler{cfg: cfg, slots: make(chan struct{}, cfg.MaxConcurrent)}
	if len(cfg.AuthToken) > 0 {
		sum := sha256.Sum256(cfg.AuthToken)
		h.authToken = &sum
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) { h.token(w, r, cfg.Default) })
	mux.HandleFunc("/meeting", func(w http.ResponseWriter, r *http.Request) { h.token(w, r, "meeting") })
	mux.HandleFunc("/video", func(w http.ResponseWriter, r *http.Request) { h.token(w, r, "video") })
	mux.HandleFunc("/livekit", func(w http.ResponseWriter, r *http.Request) { h.token(w, r, "livekit") })
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		h.write(w, http.StatusOK, []byte(`{"status":"ok"}`), "", "")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, http.StatusNotFound, "No such path: POST /meeting, /video, /livekit or /")
	})
	return h.log(h.cors(mux))
}

// log logs each request once answered: method, path, status, latency, and
// the kind and role of a token issued. Never a body, a token or a secret.
func (h *handler) log(next http.Handler) http.Handler {
	if h.cfg.Logger == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &record{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		h.cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", rec.status),
			slog.Duration("latency", time.Since(start)), slog.String("kind", rec.kind), slog.String("role", rec.role))
	})
}

// record keeps what log reports of an answer.
type record struct {
	http.ResponseWriter
	status     int
	kind, role string
}

func (r *record) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

type handler struct {
	cfg       Config
	slots     chan struct{}      // one per request being answered
	authToken *[sha256.Size]byte // SHA-256 of cfg.AuthToken, if set
}

// cors answers preflight requests and adds the allow-origin header, as the
// samples' cors() does, for the configured origins only when there are some.
func (h *handler) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := "*"
		if len(h.cfg.AllowOrigins) > 0 {
			w.Header().Add("Vary", "Origin")
			origin = ""
			for _, o := range h.cfg.AllowOrigins {
				if o == r.Header.Get("Origin") {
					origin = o
				}
			}
		}
		if origin != "" {
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
		next.ServeHTTP(w, r)
	})
}

// token answers a request for a token of kind.
func (h *handler) token(w http.ResponseWriter, r *http.Request, kind string) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "OPTIONS, POST")
		h.fail(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed, use POST")
		return
	}
	select {
	case h.slots <- struct{}{}:
		defer func() { <-h.slots }()
	default:
		w.Header().Set("Retry-After", "1")
		h.fail(w, http.StatusServiceUnavailable, "Too many requests at once, retry shortly")
		return
	}
	if h.authToken != nil {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		// Compared as SHA-256 sums in constant time: how long a wrong token
		// takes says nothing of the right one, not even its length.
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], h.authToken[:]) != 1 {
			w.Header().Set("WWW-Authenticate", "Bearer")
			h.fail(w, http.StatusUnauthorized, "Authorization: Bearer <token> required")
			return
		}
	}
	var creds *Credentials
	switch kind {
	case "meeting":
		creds = h.cfg.Meeting
	case "video":
		creds = h.cfg.Video
	case "livekit":
		if h.cfg.LiveKit != nil {
			creds = &h.cfg.LiveKit.Credentials
		}
	}
	switch {
	case kind == "":
		h.fail(w, http.StatusNotFound, "POST / has no default kind here: POST /meeting, /video or /livekit, or start the server with --sdk")
		return
	case creds == nil:
		h.fail(w, http.StatusNotFound, "This server does not sign "+kind+" tokens")
		return
	}
	if mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		h.fail(w, http.StatusBadRequest, "Content-Type must be application/json")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		h.fail(w, http.StatusRequestEntityTooLarge, "Request body larger than "+strconv.Itoa(MaxBody)+" bytes")
		return
	case err != nil:
		h.fail(w, http.StatusBadRequest, "Request body could not be read")
		return
	}
	if kind == "livekit" {
		h.livekit(w, body, h.cfg.LiveKit)
		return
	}
	fields, ok := parseBody(body)
	if !ok {
		h.fail(w, http.StatusBadRequest, "Request body must be one JSON object")
		return
	}
	iat := h.cfg.Now().Unix()
	var token, role string
	var errs []apiError
	if kind == "meeting" {
		token, role, errs = h.meeting(fields, creds, iat)
	} else {
		token, role, errs = h.video(fields, creds, iat)
	}
	if len(errs) > 0 {
		h.write(w, http.StatusBadRequest, errorBody(errs), kind, "")
		return
	}
	var o jwt.Object
	b := o.String(o.Open(nil), "signature", token)
	if kind == "meeting" {
		b = o.String(b, "sdkKey", creds.Key)
	}
	b, _ = o.Close(b) // the token and key were signed: valid UTF-8
	h.write(w, http.StatusOK, b, kind, role)
}

// fail answers a request-level error in the samples' error shape.
func (h *handler) fail(w http.ResponseWriter, status int, reason string) {
	h.write(w, status, errorBody([]apiError{{"$request", reason}}), "", "")
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

// write sends a JSON answer, and tells the log the kind and role issued.
func (h *handler) write(w http.ResponseWriter, status int, body []byte, kind, role string) {
	if rec, ok := w.(*record); ok {
		rec.kind, rec.role = kind, role
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
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

func (h *handler) meeting(f map[string]value, c *Credentials, iat int64) (token, role string, errs []apiError) {
	errs = validate(f, meetingCoerced, meetingRules)
	mn, r := f["meetingNumber"], f["role"]
	if (mn.kind == undefined) != (r.kind == undefined) {
		errs = append([]apiError{{"$schema", "If one of the following properties is present, all or none must be present: meetingNumber, role"}}, errs...)
	}
	if mn.kind != undefined && mn.kind != str && mn.kind != number {
		errs = append(errs, apiError{"meetingNumber", "Value " + mn.String() + " not allowed, must be of type string or number"})
	}
	errs = append(errs, h.maxRole(r)...)
	if len(errs) > 0 {
		return "", "", errs
	}
	m := sdk.Meeting{Key: c.Key, IssuedAt: iat, ExpiresAt: iat + lifetimeOf(f)}
	if mn.kind != undefined {
		m.MN, m.Role, role = mn.String(), sdk.Int(int(r.n)), roleName(r.n)
	}
	m.VideoWebRTCMode = opt(f["videoWebRtcMode"])
	token, errs = signed(m.Sign(c.Signer))
	return token, role, errs
}

func (h *handler) video(f map[string]value, c *Credentials, iat int64) (token, role string, errs []apiError) {
	errs = append(validate(f, videoCoerced, videoRules), h.maxRole(f["role"])...)
	if len(errs) > 0 {
		return "", "", errs
	}
	audio := f["audioWebRtcMode"]
	if audio.kind == undefined {
		audio = f["audioCompatibleMode"] // the deprecated name, as the sample reads it
	}
	var geo string
	if g := f["geoRegions"]; g.kind != undefined {
		list, _ := stringList(g)
		geo = strings.Join(list, ",")
	}
	v := sdk.Video{
		Key: c.Key, Role: int(f["role"].n), Topic: f["sessionName"].s,
		IssuedAt: iat, ExpiresAt: iat + lifetimeOf(f),
		UserIdentity: f["userIdentity"].s, SessionKey: f["sessionKey"].s, GeoRegions: geo,
		CloudRecordingOption: opt(f["cloudRecordingOption"]), CloudRecordingElection: opt(f["cloudRecordingElection"]),
		TelemetryTrackingID: f["telemetryTrackingId"].s,
		VideoWebRTCMode:     opt(f["videoWebRtcMode"]), AudioWebRTCMode: opt(audio),
	}
	token, errs = signed(v.Sign(c.Signer))
	return token, roleName(f["role"].n), errs
}

// maxRole refuses host tokens when the server signs participant tokens only.
func (h *handler) maxRole(r value) []apiError {
	if h.cfg.ParticipantsOnly && r.kind == number && r.n == 1 {
		return []apiError{{"role", "Value is not valid. Got 1, expected 0: this server signs participant tokens only"}}
	}
	return nil
}

// lifetimeOf is expirationSeconds, else the samples' default of 2 hours.
func lifetimeOf(f map[string]value) int64 {
	if e := f["expirationSeconds"]; e.kind == number {
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
