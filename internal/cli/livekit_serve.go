package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/livekit"
	"github.com/sdkjwt/sdkjwt/server"
)

// liveKitServe registers serve's LiveKit flags and returns what makes
// POST /livekit.
func liveKitServe(fs *flag.FlagSet) func(c *Call) ([]server.Route, error) {
	var room, allow string
	var grants list
	fs.StringVar(&room, "livekit-room", "", "")
	fs.StringVar(&allow, "livekit-allow", "", "")
	fs.Var(&grants, "livekit-grant", "")
	return func(c *Call) ([]server.Route, error) {
		lk, err := c.liveKit(room, allow, grants)
		return []server.Route{lk.Route()}, err
	}
}

// checkServerURL refuses a LIVEKIT_URL that a LiveKit client cannot
// connect to: one without its scheme.
func checkServerURL(url string) error {
	for _, scheme := range []string{"wss://", "ws://", "https://", "http://"} {
		if strings.HasPrefix(url, scheme) && len(url) > len(scheme) {
			return nil
		}
	}
	return fmt.Errorf("LIVEKIT_URL %q: want the server's URL with its scheme, wss://… (or ws://, https://, http://), as LiveKit's clients connect to it", url)
}

// liveKit returns the LiveKit endpoint's configuration, or nil if neither
// LIVEKIT_API_KEY nor LIVEKIT_API_SECRET is set, or (with a warning) if
// LIVEKIT_URL is not set and no --livekit- flag asks for the endpoint.
func (c *Call) liveKit(room, allow string, grants []string) (*server.LiveKit, error) {
	creds, err := c.credentials(livekit.Kind.Env[0])
	if creds == nil || err != nil {
		if room != "" || allow != "" || len(grants) > 0 {
			err = errors.Join(err, errors.New("--livekit-room, --livekit-allow and --livekit-grant need LIVEKIT_API_KEY and LIVEKIT_API_SECRET"))
		}
		return nil, err
	}
	lk := &server.LiveKit{Credentials: *creds, ServerURL: c.getenv("LIVEKIT_URL"), Room: room}
	if lk.ServerURL == "" {
		const why = "LIVEKIT_URL is not set: the LiveKit endpoint answers it as server_url, the server clients connect to (wss://…)"
		if room != "" || allow != "" || len(grants) > 0 {
			return nil, errors.New(why)
		}
		// The other vendors' endpoints still start.
		c.warn("POST /livekit is not served: %s", why)
		return nil, nil
	}
	if err := checkServerURL(lk.ServerURL); err != nil {
		return nil, err
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
