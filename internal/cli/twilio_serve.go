package cli

import (
	"errors"
	"flag"

	"github.com/sdkjwt/sdkjwt/server"
	"github.com/sdkjwt/sdkjwt/twilio"
)

// twilioServe returns what makes /token, twilio/video-quickstart-js's
// token endpoint; it has no flags of its own.
func twilioServe(*flag.FlagSet) func(c *Call) ([]server.Route, error) {
	return func(c *Call) ([]server.Route, error) {
		tw, err := c.twilioEndpoint()
		return []server.Route{tw.Route()}, err
	}
}

// twilioEndpoint returns /token's configuration, or nil if neither
// TWILIO_API_KEY nor TWILIO_API_SECRET is set.
func (c *Call) twilioEndpoint() (*server.Twilio, error) {
	creds, err := c.credentials(twilio.Kind.Env[0])
	if creds == nil || err != nil {
		return nil, err
	}
	sid, err := c.lookup("TWILIO_ACCOUNT_SID")
	if err != nil {
		return nil, err
	}
	if !twilio.SID("AC", sid) {
		return nil, errors.New("TWILIO_ACCOUNT_SID must be an Account SID (AC and 32 hexadecimal digits) when TWILIO_API_KEY and TWILIO_API_SECRET are set: refusing to start, every token would be refused")
	}
	if !twilio.SID("SK", creds.Key) {
		return nil, errors.New("TWILIO_API_KEY must be an API key SID (SK and 32 hexadecimal digits): refusing to start, every token would be refused")
	}
	return &server.Twilio{Credentials: *creds, AccountSID: sid}, nil
}
