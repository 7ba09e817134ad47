package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"slices"

	"github.com/sdkjwt/sdkjwt/agora"
	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/server"
)

// agoraServiceEnv are agora-token-service's names of the credentials,
// read when sdkjwt's are not set, so that its deployments start unchanged.
var agoraServiceEnv = inspect.Env{Key: "APP_ID", Secret: "APP_CERTIFICATE"}

// agoraServe registers serve's Agora flags and returns what makes the
// routes of agora-token-service.
func agoraServe(fs *flag.FlagSet) func(c *Call) ([]server.Route, error) {
	var channel, maxTTL, maxRole string
	fs.StringVar(&channel, "agora-channel", "", "")
	fs.StringVar(&maxTTL, "agora-max-ttl", "", "")
	fs.Var(choice{&maxRole, agoraRoles}, "agora-max-role", "")
	return func(c *Call) ([]server.Route, error) {
		a, err := c.agoraEndpoint()
		if a == nil || err != nil {
			if err == nil && (channel != "" || maxTTL != "" || maxRole != "") {
				err = errors.New("--agora-channel, --agora-max-ttl and --agora-max-role need AGORA_APP_ID and AGORA_APP_CERTIFICATE")
			}
			return a.Routes(), err
		}
		a.Channel, a.SubscriberOnly = channel, maxRole == "subscriber"
		if maxRole != "" && !slices.Contains(agoraRoles, maxRole) {
			return nil, &usageError{msg: fmt.Sprintf("--agora-max-role %q: want %s", maxRole, or(agoraRoles))}
		}
		if maxTTL != "" {
			d, err := seconds(maxTTL)
			if err != nil || d < 1 || d > agora.MaxLifetime {
				return nil, &usageError{msg: fmt.Sprintf("--agora-max-ttl %q: want a duration from 1s to 24h", maxTTL)}
			}
			a.MaxExpire = uint32(d)
		}
		if channel != "" {
			t := agora.Token{Services: []agora.Service{agora.RTCService(channel, "", false, 1)}}
			for _, p := range t.Problems() {
				if p.Claim == "rtc.channel" {
					return nil, &usageError{msg: "--agora-channel: " + p.Error()}
				}
			}
		}
		return a.Routes(), nil
	}
}

// agoraEndpoint returns the Agora routes' configuration, or nil if none of
// the credentials' variables is set: AGORA_APP_ID and
// AGORA_APP_CERTIFICATE, else agora-token-service's APP_ID and
// APP_CERTIFICATE (with a warning).
func (c *Call) agoraEndpoint() (*server.Agora, error) {
	for _, vars := range []inspect.Env{agora.Kind.Env[0], agoraServiceEnv} {
		id, err := c.lookup(vars.Key)
		if err != nil {
			return nil, err
		}
		file, err := c.credentialFile(vars.Secret)
		if err != nil {
			return nil, err
		}
		switch set := c.getenv(vars.Secret) != "" || file != ""; {
		case id == "" && !set:
			continue
		case id == "" || !set:
			have, lack := vars.Key, vars.Secret
			if id == "" {
				have, lack = vars.Secret, vars.Key
			}
			return nil, fmt.Errorf("%s is set but %s is not: refusing to start, every request would fail", have, lack)
		}
		if vars.Key == agoraServiceEnv.Key {
			c.warn("Agora's credentials are read from APP_ID and APP_CERTIFICATE, agora-token-service's names; sdkjwt's are AGORA_APP_ID and AGORA_APP_CERTIFICATE")
		}
		cert, _, err := c.secret("", []inspect.Env{vars})
		if err != nil {
			return nil, err
		}
		t := agora.Token{AppID: id}
		if p := t.Problems(); len(p) > 0 && p[0].Claim == "appId" {
			return nil, fmt.Errorf("%s: %w", vars.Key, p[0])
		}
		if _, err := t.Sign(cert); errors.Is(err, agora.ErrCertificate) {
			return nil, fmt.Errorf("%s: %w", vars.Secret, err)
		}
		if bytes.EqualFold([]byte(id), cert) {
			return nil, fmt.Errorf("%s is %s: the certificate is the other credential (Agora Console shows it under the project's Security)", vars.Secret, vars.Key)
		}
		return &server.Agora{AppID: id, Certificate: cert}, nil
	}
	return nil, nil
}
