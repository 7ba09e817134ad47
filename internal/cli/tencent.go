package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/tencent"
)

// tencentVendor is Tencent Cloud on the command line: the tencent command.
var tencentVendor = Vendor{
	Name:   "Tencent",
	Tokens: "Tencent Cloud's UserSig and PrivateMapKey",
	Commands: []Command{{Name: "tencent", Sub: []string{"usersig", "privatemapkey"}, Synopsis: "tencent usersig|privatemapkey --user ID [options]",
		Short: "sign a Tencent TRTC/IM UserSig or PrivateMapKey", Usage: tencentUsage, Run: (*Call).tencent,
		Claims: map[string]string{"TLS.sdkappid": "--sdkappid or TENCENT_SDKAPPID", "TLS.identifier": "--user", "TLS.expire": "--ttl or --exp", "TLS.time": "--iat",
			"userbuf.roomid": "--room", "userbuf.roomstr": "--room-str", "userbuf.privileges": "--privileges", "userbuf.account": "--user"}}},
	Env: []EnvVar{{"TENCENT_SDKAPPID, TENCENT_SECRET_KEY", "tencent, inspect: the application's SDKAppID and its secret key (the console's key for UserSig)"}},
}

const tencentUsage = `Usage:
    sdkjwt tencent usersig --user ID [options]
    sdkjwt tencent privatemapkey --user ID (--room N | --room-str ROOM) --privileges LIST [options]

Signs a Tencent Cloud UserSig, the ticket the TRTC and IM SDKs log in with,
or a PrivateMapKey, a UserSig that also carries the user's privileges in one
room (TRTC's "advanced permission control"), and prints it on stdout. The
bytes are what Tencent's official Go library (tls-sig-api-v2-golang) makes
for the same inputs; its MAC is what its Node library computes.

Options:
    --user ID             the user ID: 1 to 32 bytes of letters, digits, _ and -
    --sdkappid N          the application's SDKAppID (not a secret; overrides
                          the environment; --key is the same flag)
    --secret-file PATH    read the secret key from PATH, or from stdin if PATH
                          is -; one trailing newline is removed
    --iat UNIX|-30s       TLS.time: Unix seconds, or relative to now (default now)
    --ttl DURATION        TLS.expire, seconds after TLS.time: 1s to 50 years
                          (default 24h for a UserSig, Tencent's advice, and 5m
                          for a PrivateMapKey, its library's)
    --exp UNIX            or the end as a Unix time: sdkjwt writes exp - iat
    --json                print {"userSig":…} ({"privateMapKey":…})
    -h, --help            print this help
Options of privatemapkey:
    --room N              a numeric room: 1 to 4294967294
    --room-str ROOM       or a string room: 1 to 64 bytes of letters, digits,
                          space and !#$%&()+-:;<=.>?@[]^_{}|~,
    --privileges LIST     what the user may do there, comma-separated: create,
                          enter, send-audio, recv-audio, send-video,
                          recv-video, send-sub, recv-sub (the substream: screen
                          sharing), or all
The privileges end with the PrivateMapKey, at TLS.time + TLS.expire.

Credentials:
    The SDKAppID comes from --sdkappid, else TENCENT_SDKAPPID; the secret key
    from --secret-file, else TENCENT_SECRET_KEY: the key as Tencent's console
    shows it, used as text.

Examples:
    sdkjwt tencent usersig --user alice
    sdkjwt tencent privatemapkey --user alice --room 12345 --privileges enter,send-audio,recv-audio
    sdkjwt tencent usersig --user alice | sdkjwt inspect --user alice
`

func (c *Call) tencent(args []string) error {
	if len(args) == 0 || args[0] != "usersig" && args[0] != "privatemapkey" {
		if len(args) > 0 && isHelpFlag(args[0]) {
			fmt.Fprint(c.stdout, tencentUsage)
			return errHelpShown
		}
		return &usageError{msg: "tencent takes usersig or privatemapkey", hint: "run 'sdkjwt help tencent'"}
	}
	var f common
	var user, room, roomStr, privileges string
	fs := newFlagSet("tencent "+args[0], &f)
	fs.StringVar(&f.key, "sdkappid", "", "")
	fs.StringVar(&user, "user", "", "")
	if args[0] == "privatemapkey" {
		fs.StringVar(&room, "room", "", "")
		fs.StringVar(&roomStr, "room-str", "", "")
		fs.StringVar(&privileges, "privileges", "", "")
	}
	if err := c.parse(fs, args[1:], tencentUsage); err != nil {
		return err
	}
	lifetime := int64(24 * 60 * 60)
	if args[0] == "privatemapkey" {
		lifetime = 5 * 60
	}
	iat, exp, err := f.times(c.now, 0, lifetime)
	if err != nil {
		return err
	}
	if user == "" {
		return &usageError{msg: "--user is required", hint: "give the user ID the SDK logs in with: --user alice"}
	}
	u := tencent.UserSig{Identifier: user, Time: iat, Expire: jwt.Sub(exp, iat)}
	var key tencent.PrivateMapKey
	if args[0] == "privatemapkey" {
		if key, err = tencentKey(user, room, roomStr, privileges, exp); err != nil {
			return err
		}
	}
	appID := f.key
	if appID == "" {
		if appID, err = c.lookup("TENCENT_SDKAPPID"); err != nil {
			return err
		}
	}
	if appID == "" {
		return fmt.Errorf("no SDKAppID: set TENCENT_SDKAPPID, or use --sdkappid")
	}
	if u.SDKAppID, err = strconv.ParseUint(appID, 10, 32); err != nil || u.SDKAppID == 0 {
		return &jwt.ClaimError{Claim: "TLS.sdkappid", Rule: "must be the application's SDKAppID, a number from 1 to 4294967295", Value: strconv.Quote(appID), Err: jwt.ErrValue}
	}
	if args[0] == "privatemapkey" {
		key.SDKAppID = uint32(u.SDKAppID)
		u.UserBuf = key.Append(nil)
	}
	secret, _, err := c.secret(f.secretFile, tencent.Kind.Env)
	if err != nil {
		return err
	}
	defer clear(secret)
	token, err := u.Sign(secret)
	if err != nil {
		return err
	}
	if exp <= c.now().Unix() {
		c.warn("the UserSig expired at %d (TLS.time %d + TLS.expire %d), before now: it is signed, but it will be refused (Tencent error 70001)", exp, iat, exp-iat)
	}
	name := "userSig"
	if args[0] == "privatemapkey" {
		name = "privateMapKey"
	}
	return c.printToken(token, f.json, name, "")
}

// tencentKey reads privatemapkey's flags into its userbuf, which ends with
// the UserSig, at exp.
func tencentKey(user, room, roomStr, privileges string, exp int64) (tencent.PrivateMapKey, error) {
	k := tencent.PrivateMapKey{Account: user, RoomStr: roomStr, Expire: uint32(exp)}
	if (room == "") == (roomStr == "") {
		return k, &usageError{msg: "give --room or --room-str (one of them)", hint: "--room 12345 for a numeric room, --room-str stage-1 for a string one"}
	}
	if room != "" {
		n, err := strconv.ParseUint(room, 10, 32)
		if err != nil {
			return k, &usageError{msg: fmt.Sprintf("--room %q: not a room number from 1 to 4294967294", room), hint: "a room named by a string goes in --room-str"}
		}
		k.RoomID = uint32(n)
	}
	if privileges == "" {
		return k, &usageError{msg: "--privileges is required", hint: "name what the user may do: --privileges enter,recv-audio,recv-video, or all"}
	}
	for _, p := range strings.Split(privileges, ",") {
		i := slices.Index(tencent.Privileges, p)
		switch {
		case p == "all":
			k.Privileges |= 0xff
		case i < 0:
			return k, &usageError{msg: fmt.Sprintf("--privileges: %q is not one of %s or all", p, strings.Join(tencent.Privileges, ", "))}
		default:
			k.Privileges |= 1 << i
		}
	}
	if exp > 0xffffffff {
		return k, &jwt.ClaimError{Claim: "userbuf.expire", Rule: "must be a Unix time in 32 bits (the userbuf holds it so)", Value: strconv.FormatInt(exp, 10), Err: jwt.ErrTime}
	}
	return k, nil
}
