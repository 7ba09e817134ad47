package cli

import (
	"crypto/rand"
	"fmt"

	"github.com/sdkjwt/sdkjwt/hms"
)

// hms is 100ms on the command line: the hms command.
var hmsVendor = Vendor{
	Name:   "100ms",
	Tokens: "100ms's tokens",
	Commands: []Command{{Name: "hms", Sub: []string{"app", "management"}, Synopsis: "hms app|management [options]", Short: "sign a 100ms auth or management token", Usage: hmsUsage, Run: (*Call).hms,
		Claims: map[string]string{"access_key": keySource, "room_id": "--room", "user_id": "--user"}}},
	Env: []EnvVar{{"HMS_ACCESS_KEY, HMS_APP_SECRET", "hms, inspect: 100ms's app access key and secret"}},
}

const hmsUsage = `Usage:
    sdkjwt hms app --room ROOM_ID --role ROLE [--user USER_ID] [options]
    sdkjwt hms management [options]

Signs a 100ms token and prints it on stdout: an auth token ("app") for a
client SDK to join a room, or a management token for the REST API. Each has a
new random jti (a UUID), nbf equal to iat, and a 24-hour lifetime unless
--exp or --ttl says otherwise.

Options of hms app:
    --room ROOM_ID  the room's id (room_id)
    --user USER_ID  your identifier for the peer (user_id); optional, as in
                    100ms's server SDK
    --role ROLE     the role's name in the room's template, e.g. host (role)
` + commonUsage + `
    By default iat is now and the lifetime 24h; any positive one is allowed.
    --json prints {"token":…}.

Credentials:
    The access key comes from --key, else HMS_ACCESS_KEY; the app secret from
    --secret-file, else HMS_APP_SECRET (both on the dashboard's developer page).

Examples:
    sdkjwt hms app --room 65f0c9e2a1b2c3d4e5f60718 --user user-123 --role host
    sdkjwt hms management --ttl 1h
`

func (c *Call) hms(args []string) error {
	if len(args) == 0 || args[0] != "app" && args[0] != "management" {
		if len(args) > 0 && isHelpFlag(args[0]) {
			fmt.Fprint(c.stdout, hmsUsage)
			return errHelpShown
		}
		return &usageError{msg: "hms takes app or management", hint: "run 'sdkjwt help hms'"}
	}
	var f common
	var room, user, role string
	fs := newFlagSet("hms "+args[0], &f)
	if args[0] == "app" {
		fs.StringVar(&room, "room", "", "")
		fs.StringVar(&user, "user", "", "")
		fs.StringVar(&role, "role", "", "")
	}
	if err := c.parse(fs, args[1:], hmsUsage); err != nil {
		return err
	}
	iat, exp, err := f.times(c.now, 0, hms.DefaultLifetime)
	if err != nil {
		return err
	}
	key, signer, err := c.signer(&f, hms.AppKind.Env)
	if err != nil {
		return err
	}
	jti, err := hms.NewJTI(rand.Reader)
	if err != nil {
		return fmt.Errorf("no random jti: %w", err)
	}
	var token string
	if args[0] == "app" {
		token, err = hms.App{AccessKey: key, RoomID: room, UserID: user, Role: role, IssuedAt: iat, ExpiresAt: exp, JTI: jti}.Sign(signer)
	} else {
		token, err = hms.Management{AccessKey: key, IssuedAt: iat, ExpiresAt: exp, JTI: jti}.Sign(signer)
	}
	if err != nil {
		return err
	}
	c.checkNow(iat, exp)
	return c.printToken(token, f.json, "token", "")
}
