package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
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
201 {"server_url":…,"participant_token":…}. GET /healthz
answers {"status":"ok"}. It stops on SIGINT or SIGTERM, after answering the
requests under way.

Options:
    --addr HOST:PORT        where to listen (default :$PORT, else :4000)
    --sdk meeting|video|livekit  the kind POST / serves
    --allow-origin ORIGIN   a browser origin that may call (repeatable);
                            without one, any origin may, as in the samples
    --max-role participant  refuse host tokens (default host: both)
    --auth-token-file PATH  require "Authorization: Bearer <the file's token>"
    --max-concurrent N      answer at most N requests at once (default 256)
    --log-format text|json  the request log on stderr (default text)
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
    A key without its secret (or the other way round) refuses to start.

Examples:
    PORT=4000 sdkjwt serve
    sdkjwt serve --sdk video --allow-origin https://app.example --max-role participant
`

func (c *cli) serve(args []string) error {
	var addr, kind, maxRole, authFile, logFormat, maxConcurrent, lkRoom, lkAllow string
	var origins, lkGrants list
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&addr, "addr", "", "")
	fs.StringVar(&kind, "sdk", "", "")
	fs.Var(&origins, "allow-origin", "")
	fs.StringVar(&maxRole, "max-role", "host", "")
	fs.StringVar(&authFile, "auth-token-file", "", "")
	fs.StringVar(&maxConcurrent, "max-concurrent", "256", "")
	fs.StringVar(&logFormat, "log-format", "text", "")
	fs.StringVar(&lkRoom, "livekit-room", "", "")
	fs.StringVar(&lkAllow, "livekit-allow", "", "")
	fs.Var(&lkGrants, "livekit-grant", "")
	if err := c.parse(fs, args, serveUsage); err != nil {
		return err
	}
	cfg := server.Config{AllowOrigins: origins, Default: kind, ParticipantsOnly: maxRole == "participant"}
	var err error
	if cfg.MaxConcurrent, err = strconv.Atoi(maxConcurrent); err != nil || cfg.MaxConcurrent < 1 {
		return &usageError{msg: fmt.Sprintf("--max-concurrent %q: not a positive integer", maxConcurrent)}
	}
	switch {
	case maxRole != "participant" && maxRole != "host":
		return &usageError{msg: fmt.Sprintf("--max-role %q: want participant or host", maxRole)}
	case kind != "" && kind != "meeting" && kind != "video" && kind != "livekit":
		return &usageError{msg: fmt.Sprintf("--sdk %q: want meeting, video or livekit", kind)}
	case logFormat != "text" && logFormat != "json":
		return &usageError{msg: fmt.Sprintf("--log-format %q: want text or json", logFormat)}
	}
	if cfg.Meeting, err = c.credentials(sdk.MeetingWebKind.Env[0]); err != nil {
		return err
	}
	if cfg.Video, err = c.credentials(sdk.VideoKind.Env[0]); err != nil {
		return err
	}
	if cfg.LiveKit, err = c.liveKit(lkRoom, lkAllow, lkGrants); err != nil {
		return err
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
		return errors.New("no credentials: set ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET, ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET, or LIVEKIT_API_KEY and LIVEKIT_API_SECRET")
	case kind != "" && !served[kind]:
		return fmt.Errorf("--sdk %s: its credentials are not set", kind)
	case kind == "" && len(kinds) == 1:
		cfg.Default = kinds[0]
	case kind == "":
		c.warn("the credentials of %s are set: POST / answers 404 unless --sdk names one; POST /%s work", strings.Join(kinds, " and "), strings.Join(kinds, ", /"))
	}
	if authFile != "" {
		if cfg.AuthToken, _, err = c.secret(authFile, nil); err != nil {
			return fmt.Errorf("auth token: %w", err)
		}
	}
	if len(origins) == 0 {
		c.warn("any web page may ask this server for tokens (CORS *), as in Zoom's samples: name yours with --allow-origin")
	}
	logs := &logWriter{w: bufio.NewWriter(c.stderr)}
	defer logs.flush()
	var logHandler slog.Handler = slog.NewTextHandler(logs, nil)
	if logFormat == "json" {
		logHandler = slog.NewJSONHandler(logs, nil)
	}
	cfg.Logger = slog.New(logHandler)
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
	srv := server.NewServer(addr, server.Handler(cfg))
	cfg.Logger.Info("listening", "addr", ln.Addr().String(), "default", cfg.Default)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			logs.flush()
		}
	}()
	go func() {
		<-ctx.Done()
		cfg.Logger.Info("shutting down: answering the requests under way")
		shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-ctx.Done()
	return nil
}

// credentials returns the kind's key and Signer, or nil if neither of its
// variables is set; one without the other is an error.
func (c *cli) credentials(vars inspect.Env) (*server.Credentials, error) {
	switch key, secret := c.getenv(vars.Key), c.getenv(vars.Secret); {
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

// logWriter holds log lines and writes them out at most every 100 ms: a
// write to stderr for every request cost the server a tenth of its rate.
type logWriter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *logWriter) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.w.Flush()
}
