package cli

import (
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

const apiUsage = `Usage:
    sdkjwt api [options]

Signs a Zoom Build platform API token and prints it on stdout: the bearer
token (Authorization: Bearer …) of Zoom's Video SDK API, Cobrowse SDK API,
Account Settings API and AI Services (Scribe, Summarizer, Translator). Its
payload is {"iss": API key, "iat", "exp"}, as Zoom's docs write it.

It is signed with the Build platform API secret, not an SDK secret. Zoom
Workplace REST APIs (api.zoom.us/v2) take OAuth instead: their JWT apps
were retired on 2023-09-08.
` + commonUsage + `
    By default iat is 30 seconds ago and the lifetime 1h, as Zoom's docs have
    them; a longer one is signed with a warning (Zoom suggests at most 1h).
    --json prints {"token":…}.

Credentials:
    The API key comes from --key, else ZOOM_API_KEY; the API secret from
    --secret-file, else ZOOM_API_SECRET, used byte for byte.

Examples:
    sdkjwt api
    curl -H "Authorization: Bearer $(sdkjwt api --ttl 10m)" https://api.zoom.us/v2/videosdk/sessions
`

func (c *Call) api(args []string) error {
	var f common
	fs := newFlagSet("api", &f)
	if err := c.parse(fs, args, apiUsage); err != nil {
		return err
	}
	var a sdk.API
	var err error
	if a.IssuedAt, a.ExpiresAt, err = f.times(c.now, sdk.Backdate, sdk.APILifetime); err != nil {
		return err
	}
	var signer *jwt.Signer
	if a.Key, signer, err = c.signer(&f, sdk.APIKind.Env); err != nil {
		return err
	}
	token, err := a.Sign(signer)
	if err != nil {
		return err
	}
	c.warnAll(a.Warnings())
	c.checkNow(a.IssuedAt, a.ExpiresAt)
	return c.printToken(token, f.json, "token", "")
}
