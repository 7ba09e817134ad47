package cli

import (
	"flag"
	"fmt"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/stream"
)

// streamVendor is Stream on the command line: the stream command.
var streamVendor = Vendor{
	Name:   "Stream",
	Tokens: "Stream's user and call tokens",
	Commands: []Command{{Name: "stream", Sub: []string{"user", "call", "chat"}, Synopsis: "stream user|call|chat --user ID", Short: "sign a Stream (getstream.io) user, call or chat token", Usage: streamUsage, Run: (*Call).stream,
		Claims: map[string]string{"user_id": "--user", "call_cids": "--call-cid"}}},
	Env: []EnvVar{{"STREAM_API_SECRET", "stream, inspect: the app's API secret (its API key is not in the token)"}},
}

const streamUsage = `Usage:
    sdkjwt stream user --user ID [--permanent] [options]
    sdkjwt stream call --user ID --call-cid TYPE:ID [--role ROLE] [options]
    sdkjwt stream chat --user ID [--permanent] [options]

Signs a Stream (getstream.io) token and prints it on stdout: what a Stream
client SDK connects a user with. user and call are byte for byte what
@stream-io/node-sdk's generateUserToken and generateCallToken make (iat a
second before now, exp an hour later); chat is what stream-chat's
createToken(user_id, exp, iat) makes (exp before iat, iat now).

Options:
    --user ID          the user (user_id)
    --call-cid TYPE:ID a call the token is for (call_cids); repeat it
    --role ROLE        the user's role in those calls (role)
    --permanent        no exp: the token never expires (Stream allows it;
                       revoke such tokens by date if one leaks)
    --secret-file PATH read the API secret from PATH, or from stdin if PATH
                       is -; one trailing newline is removed
    --iat UNIX|-30s    issued at (default: now - 1 s; chat: now)
    --exp UNIX         expiry in Unix seconds (default: iat + 1h)
    --ttl DURATION     lifetime instead of --exp: 2h, 90m, 7200
    --json             print {"token":…}
    -h, --help         print this help

Credentials:
    The API secret comes from --secret-file, else STREAM_API_SECRET. The
    API key is not in the token: the client SDK is given it beside.

Examples:
    sdkjwt stream user --user alice
    sdkjwt stream call --user alice --call-cid default:standup --role admin --ttl 2h
    sdkjwt stream chat --user alice --permanent
`

func (c *Call) stream(args []string) error {
	if len(args) == 0 || args[0] != "user" && args[0] != "call" && args[0] != "chat" {
		if len(args) > 0 && isHelpFlag(args[0]) {
			fmt.Fprint(c.stdout, streamUsage)
			return errHelpShown
		}
		return &usageError{msg: "stream takes user, call or chat", hint: "run 'sdkjwt help stream'"}
	}
	var f common
	var t stream.Token
	var cids list
	var permanent bool
	// The common flags but --key: a Stream token carries none.
	fs := flag.NewFlagSet("stream "+args[0], flag.ContinueOnError)
	fs.StringVar(&f.secretFile, "secret-file", "", "")
	fs.StringVar(&f.iat, "iat", "", "")
	fs.StringVar(&f.exp, "exp", "", "")
	fs.StringVar(&f.ttl, "ttl", "", "")
	fs.BoolVar(&f.json, "json", false, "")
	fs.StringVar(&t.UserID, "user", "", "")
	if args[0] == "call" {
		fs.Var(&cids, "call-cid", "")
		fs.StringVar(&t.Role, "role", "", "")
	} else {
		fs.BoolVar(&permanent, "permanent", false, "")
	}
	if err := c.parse(fs, args[1:], streamUsage); err != nil {
		return err
	}
	switch {
	case args[0] == "call" && len(cids) == 0:
		return &usageError{msg: "stream call needs --call-cid", hint: "give each call as --call-cid default:my-call"}
	case permanent && (f.exp != "" || f.ttl != ""):
		return &usageError{msg: "--permanent and --exp or --ttl cannot be used together", hint: "a permanent token has no exp"}
	}
	t.CallCIDs, t.Chat = cids, args[0] == "chat"
	backdate := int64(stream.Backdate)
	if t.Chat {
		backdate = 0
	}
	var err error
	if t.IssuedAt, t.ExpiresAt, err = f.times(c.now, backdate, stream.DefaultLifetime); err != nil {
		return err
	}
	if permanent {
		t.ExpiresAt = 0
	}
	secret, _, err := c.secret(f.secretFile, stream.Kind.Env)
	if err != nil {
		return err
	}
	signer, err := jwt.NewSigner(secret)
	clear(secret)
	if err != nil {
		return err
	}
	token, err := t.Sign(signer)
	if err != nil {
		return err
	}
	c.warnAll(t.Warnings())
	if !permanent {
		c.checkNow(t.IssuedAt, t.ExpiresAt)
	}
	return c.printToken(token, f.json, "token", "")
}
