package cli

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/zego"
)

// zegoVendor is ZEGOCLOUD on the command line: the zego command.
var zegoVendor = Vendor{
	Name:   "ZEGO",
	Tokens: "ZEGOCLOUD's token04",
	Commands: []Command{{Name: "zego", Synopsis: "zego --user ID [options]",
		Short: "encrypt a ZEGOCLOUD token04", Usage: zegoUsage, Run: (*Call).zego,
		Claims: map[string]string{"app_id": "--app-id or ZEGO_APP_ID", "user_id": "--user", "ctime": "--iat", "expire": "--ttl or --exp",
			"payload": "--room, --privileges, --streams", "payload.room_id": "--room", "payload.stream_id_list": "--streams"}}},
	Env: []EnvVar{{"ZEGO_APP_ID, ZEGO_SERVER_SECRET", "zego, inspect: the application's AppID and its ServerSecret (32 characters)"}},
}

const zegoUsage = `Usage:
    sdkjwt zego --user ID [--room ROOM --privileges LIST [--streams LIST]] [options]

Makes a ZEGOCLOUD token04, the token the ZEGO Express SDKs log in to a room
with, and prints it on stdout: its content encrypted with the ServerSecret
(AES-256-GCM, a random nonce), its expiry in clear. The bytes are what
ZEGO's official Node generator makes for the same inputs and nonce.

Options:
    --user ID             the user ID: 1 to 64 bytes of letters, digits and
                          ~!@#$%^&*()_+=-` + "`" + `;',.<>/\
    --app-id N            the application's AppID (not a secret; overrides
                          the environment; --key is the same flag)
    --secret-file PATH    read the ServerSecret from PATH, or from stdin if PATH
                          is -; one trailing newline is removed
    --iat UNIX|-30s       ctime: Unix seconds, or relative to now (default now)
    --ttl DURATION        the validity after ctime (default 1h, ZEGO's samples')
    --exp UNIX            or the end as a Unix time
    --json                print {"token":…}
    -h, --help            print this help
For room authentication, which ZEGO turns on for an application on request:
    --room ROOM           the room: 1 to 128 bytes of the user ID's characters
    --privileges LIST     login, publish, both (login,publish) or none
    --streams LIST        the stream IDs the user may publish, comma-separated
                          (default any)

Credentials:
    The AppID comes from --app-id, else ZEGO_APP_ID; the ServerSecret from
    --secret-file, else ZEGO_SERVER_SECRET: the 32 characters ZEGO's console
    shows, used as text (not the 64-character AppSign).

Examples:
    sdkjwt zego --user alice
    sdkjwt zego --user alice --room room1 --privileges login
    sdkjwt zego --user alice | sdkjwt inspect --user alice
`

func (c *Call) zego(args []string) error {
	var f common
	var user, room, privileges, streams string
	fs := newFlagSet("zego", &f)
	fs.StringVar(&f.key, "app-id", "", "")
	fs.StringVar(&user, "user", "", "")
	fs.StringVar(&room, "room", "", "")
	fs.StringVar(&privileges, "privileges", "", "")
	fs.StringVar(&streams, "streams", "", "")
	if err := c.parse(fs, args, zegoUsage); err != nil {
		return err
	}
	iat, exp, err := f.times(c.now, 0, 60*60)
	if err != nil {
		return err
	}
	if user == "" {
		return &usageError{msg: "--user is required", hint: "give the user ID the SDK logs in with: --user alice"}
	}
	t := zego.Token{UserID: user, Created: iat, Expire: exp}
	if t.Payload, err = zegoPayload(room, privileges, streams); err != nil {
		return err
	}
	appID, err := c.flagOrEnv(f.key, "ZEGO_APP_ID", "--app-id")
	if err != nil {
		return err
	}
	n, err := strconv.ParseUint(appID, 10, 32)
	if err != nil || n == 0 {
		// Not printed: a value that is not a number may be the ServerSecret.
		return &jwt.ClaimError{Claim: "app_id", Rule: fmt.Sprintf("must be the application's AppID, a number from 1 to 4294967295 (the value, %d characters, is not printed: it may be the ServerSecret)", len(appID)), Err: jwt.ErrValue}
	}
	t.AppID = uint32(n)
	secret, _, err := c.secret(f.secretFile, zego.Kind.Env)
	if err != nil {
		return err
	}
	defer clear(secret)
	token, err := t.Sign(secret, rand.Reader)
	if err != nil {
		return err
	}
	if exp <= c.now().Unix() {
		c.warn("the token expired at %d, before now: it is made, but it will be refused (ZEGO error 1002033)", exp)
	}
	return c.printToken(token, f.json, "token", "")
}

// zegoPayload reads the room flags into a room payload, or "" without them.
func zegoPayload(room, privileges, streams string) (string, error) {
	if room == "" {
		if privileges != "" || streams != "" {
			return "", &usageError{msg: "--privileges and --streams need --room", hint: "a room payload names its room: --room room1 --privileges login"}
		}
		return "", nil
	}
	r := zego.Room{ID: room}
	if privileges == "" {
		return "", &usageError{msg: "--privileges is required with --room", hint: "name what the user may do there: --privileges login, login,publish or none"}
	}
	if privileges != "none" {
		for _, p := range strings.Split(privileges, ",") {
			switch i := slices.Index(zego.Privileges, p); i {
			case 0:
				r.Login = true
			case 1:
				r.Publish = true
			default:
				return "", &usageError{msg: fmt.Sprintf("--privileges: %q is not login, publish or none", p)}
			}
		}
	}
	if streams != "" {
		r.StreamIDs = strings.Split(streams, ",")
	}
	return r.Payload()
}
