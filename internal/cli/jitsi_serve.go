package cli

import (
	"errors"
	"flag"

	"github.com/sdkjwt/sdkjwt/jitsi"
	"github.com/sdkjwt/sdkjwt/server"
)

// jitsiServe registers serve's Jitsi flags and returns what makes
// POST /jitsi.
func jitsiServe(fs *flag.FlagSet) func(c *Call) ([]server.Route, error) {
	var sub, room string
	var moderator, allowModerator bool
	var features list
	fs.StringVar(&sub, "jitsi-sub", "", "")
	fs.StringVar(&room, "jitsi-room", "", "")
	fs.BoolVar(&moderator, "jitsi-moderator", false, "")
	fs.BoolVar(&allowModerator, "jitsi-allow-moderator", false, "")
	fs.Var(&features, "jitsi-feature", "")
	return func(c *Call) ([]server.Route, error) {
		j, err := c.jitsiEndpoint(sub, room, moderator, allowModerator, features)
		return []server.Route{j.Route()}, err
	}
}

// jitsiEndpoint returns POST /jitsi's configuration, or nil if neither
// JITSI_APP_ID nor JITSI_APP_SECRET is set.
func (c *Call) jitsiEndpoint(sub, room string, moderator, allowModerator bool, features []string) (*server.Jitsi, error) {
	flags := sub != "" || room != "" || moderator || allowModerator || len(features) > 0
	creds, err := c.credentials(jitsi.Kind.Env[0])
	if creds == nil || err != nil {
		if flags {
			err = errors.Join(err, errors.New("the --jitsi- flags need JITSI_APP_ID and JITSI_APP_SECRET"))
		}
		return nil, err
	}
	if sub == "" {
		return nil, &usageError{msg: "--jitsi-sub is required with JITSI_APP_ID and JITSI_APP_SECRET", hint: "give the tenant or domain the Prosody plugin compares sub with (--jitsi-sub meet.example.com), or * for every one"}
	}
	j := &server.Jitsi{Credentials: *creds, Subject: sub, Room: room, Moderator: moderator, AllowModerator: allowModerator}
	if j.Features, err = jitsiFeatures("--jitsi-feature", features); err != nil {
		return nil, err
	}
	// The rules of the tokens it will sign, checked once at start.
	probe := jitsi.Token{Audience: "jitsi", Issuer: creds.Key, Subject: sub, Room: "r", IssuedAt: 1, ExpiresAt: 2, Features: j.Features}
	if p := probe.Problems(); len(p) > 0 {
		return nil, p[0]
	}
	return j, nil
}
