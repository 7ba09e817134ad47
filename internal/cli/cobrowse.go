package cli

import (
	"crypto/rand"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

const cobrowseUsage = `Usage:
    sdkjwt cobrowse --role customer|agent [--user-id ID] [--user-name NAME] [--byop] [options]

Signs a Zoom Cobrowse SDK token and prints it on stdout: the customer's
(SDK_TOKEN) or the agent's (ACCESS_TOKEN), with the claims of Zoom's
cobrowsesdk-auth-endpoint-sample: app_key, role_type (1 customer, 2 agent),
user_id, user_name, iat, exp, and enable_byop with --byop.

Options:
    --role ROLE       customer or agent (required); or 1 or 2
    --user-id ID      user_id, at most 35 characters; default a random one,
                      as the sample makes
    --user-name NAME  user_name, at most 80 characters; default the user id
    --byop            enable_byop: 1, the customer brings their own PIN
` + commonUsage + `
    By default iat is 30 seconds ago and the lifetime 2h, as Zoom's samples
    have them; Zoom accepts 30m to 48h (--ttl 48h).
    --json prints {"token":…}, as the sample does.

Credentials:
    The key comes from --key, else ZOOM_SDK_KEY; the secret from
    --secret-file, else ZOOM_SDK_SECRET (the sample's variables), used byte
    for byte.

Examples:
    sdkjwt cobrowse --role customer
    sdkjwt cobrowse --role agent --user-id agent-7 --user-name "Agent Seven" --json
`

func (c *Call) cobrowse(args []string) error {
	var f common
	var cb sdk.Cobrowse
	var role cobrowseRole
	var byop bool
	fs := newFlagSet("cobrowse", &f)
	fs.Var(&role, "role", "")
	fs.StringVar(&cb.UserID, "user-id", "", "")
	fs.StringVar(&cb.UserName, "user-name", "", "")
	fs.BoolVar(&byop, "byop", false, "")
	if err := c.parse(fs, args, cobrowseUsage); err != nil {
		return err
	}
	if role == 0 {
		return &usageError{msg: "cobrowse needs --role customer or --role agent"}
	}
	cb.Role = int(role)
	if byop {
		cb.BYOP = sdk.Int(1)
	}
	if cb.UserID == "" {
		// The sample's Math.random().toString(36), from a secure source.
		cb.UserID = strings.ToLower(rand.Text()[:16])
	}
	var err error
	if cb.IssuedAt, cb.ExpiresAt, err = f.times(c.now, sdk.Backdate, sdk.DefaultLifetime); err != nil {
		return err
	}
	var signer *jwt.Signer
	if cb.Key, signer, err = c.signer(&f, sdk.CobrowseKind.Env); err != nil {
		return err
	}
	token, err := cb.Sign(signer)
	if err != nil {
		return err
	}
	c.warnAll(cb.Warnings())
	c.checkNow(cb.IssuedAt, cb.ExpiresAt)
	return c.printToken(token, f.json, "token", "")
}

// cobrowseRole parses --role: customer, agent, or an integer the sdk checks.
type cobrowseRole int

func (r *cobrowseRole) String() string { return strconv.Itoa(int(*r)) }

func (r *cobrowseRole) Choices() []string { return []string{"customer", "agent"} }

func (r *cobrowseRole) Set(s string) error {
	switch s {
	case "customer", "1":
		*r = sdk.Customer
	case "agent", "2":
		*r = sdk.Agent
	default:
		return errNotCobrowseRole
	}
	return nil
}
