package cli

import (
	"fmt"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jitsi"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// jitsiVendor is Jitsi on the command line: the jitsi command.
var jitsiVendor = Vendor{
	Name:   "Jitsi",
	Tokens: "Jitsi's and 8x8 JaaS's tokens",
	Commands: []Command{{Name: "jitsi", Synopsis: "jitsi --room R [--jaas] [options]", Short: "sign a Jitsi Meet or 8x8 JaaS token", Usage: jitsiUsage, Run: (*Call).jitsi,
		Claims: map[string]string{"iss": "--app-id or JITSI_APP_ID", "sub": "--sub (JaaS: --app-id or JAAS_APP_ID)", "room": "--room", "aud": "--aud",
			"kid": "--key-id or JAAS_API_KEY", "context.features": "--feature", "context.user.moderator": "--moderator"}}},
	Env: []EnvVar{
		{"JITSI_APP_ID, JITSI_APP_SECRET", "jitsi, inspect: a self-hosted deployment's app_id (iss) and app_secret, the names docker-jitsi-meet uses"},
		{"JAAS_APP_ID, JAAS_API_KEY, JAAS_PRIVATE_KEY", "jitsi --jaas: 8x8's AppID (vpaas-magic-cookie-…), the API key's id, and its RSA private key (PEM; JAAS_PRIVATE_KEY_FILE is the usual way to give it)"},
	},
	Serve: &Serve{
		About: `POST /jitsi signs a self-hosted Jitsi deployment's tokens (HS256 with its app_secret): {"room","user_id","user_name","email","avatar"} answered 200 {"token":…}, for the client's ?jwt=. A request that asks to be moderator ("moderator":true) is refused with 403 unless allowed.`,
		Options: `    --jitsi-sub SUB         sub of every Jitsi token: the tenant or domain the
                            Prosody plugin compares it with, or * (required)
    --jitsi-room ROOM       sign Jitsi tokens for ROOM only (room may be left
                            out); without it, room is required
    --jitsi-moderator       make every Jitsi token a moderator's
    --jitsi-allow-moderator let a request ask to be moderator
    --jitsi-feature F[=false]
                            context.features.F of every Jitsi token (repeatable)
`,
		Env:         jitsi.Kind.Env,
		Credentials: "a self-hosted deployment's app_id and app_secret",
		Flags:       jitsiServe,
	},
}

// jaasVars are the variables of JaaS's private key, read as a secret is.
var jaasVars = []inspect.Env{{Key: "JAAS_APP_ID", Secret: "JAAS_PRIVATE_KEY"}}

const jitsiUsage = `Usage:
    sdkjwt jitsi --room ROOM --sub DOMAIN [options]       (self-hosted, HS256)
    sdkjwt jitsi --jaas --room ROOM [options]             (8x8 JaaS, RS256)

Signs a Jitsi Meet token and prints it on stdout: for a self-hosted
deployment's Prosody token plugin, HS256 with its app_secret; or with --jaas
for 8x8's JaaS, RS256 with an API key's private key, its kid the AppID, a
slash and the key's id. Jitsi publishes no generator: the claims are those
of Jitsi's docs, in the order of 8x8's JavaScript sample. The token is valid
from 10 seconds ago (nbf) for 3 hours, the sample's times, unless --exp or
--ttl says otherwise.

Options:
    --room ROOM          the room, or * for every room (compared lower-cased)
    --sub DOMAIN         self-hosted: the tenant or domain, lower-case, or *
    --app-id ID          the app id (iss); JaaS: the AppID (sub); default
                         JITSI_APP_ID or JAAS_APP_ID (--key is the same flag)
    --aud AUD            the audience (default jitsi)
    --user-id ID, --user-name NAME, --email EMAIL, --avatar URL
                         context.user: who the token is for
    --moderator          context.user.moderator "true"; JaaS writes "false"
                         without it (8x8's sample makes everyone moderator)
    --feature NAME[=false]
                         context.features.NAME "true" (or "false"); repeat it
    --group GROUP        context.group
    --secret-file PATH   self-hosted: read the app secret from PATH, or stdin
    --jaas               sign for 8x8's JaaS: aud jitsi, iss chat, RS256
    --key-id ID          JaaS: the API key's id (default JAAS_API_KEY)
    --key-file PATH      JaaS: read the private key from PATH, or stdin if -
    --iat, --exp, --ttl  the times (default now, and 3 hours)
    --json               print {"token":…}
    -h, --help           print this help

Credentials:
    Self-hosted: the app id from --app-id, else JITSI_APP_ID; the secret from
    --secret-file, else JITSI_APP_SECRET. JaaS: the AppID from --app-id,
    else JAAS_APP_ID; the key id from --key-id, else JAAS_API_KEY; the
    private key (PEM, PKCS#1 or PKCS#8) from --key-file, else
    JAAS_PRIVATE_KEY (JAAS_PRIVATE_KEY_FILE).

Examples:
    sdkjwt jitsi --room standup --sub meet.example.com --user-name Alice --moderator
    sdkjwt jitsi --jaas --room standup --user-name Bob --feature recording
`

func (c *Call) jitsi(args []string) error {
	var f common
	var t jitsi.Token
	var jaas, moderator bool
	var keyID, keyFile string
	var features list
	fs := newFlagSet("jitsi", &f)
	fs.StringVar(&f.key, "app-id", "", "")
	fs.StringVar(&t.Room, "room", "", "")
	fs.StringVar(&t.Subject, "sub", "", "")
	fs.StringVar(&t.Audience, "aud", "jitsi", "")
	fs.StringVar(&t.User.ID, "user-id", "", "")
	fs.StringVar(&t.User.Name, "user-name", "", "")
	fs.StringVar(&t.User.Email, "email", "", "")
	fs.StringVar(&t.User.Avatar, "avatar", "", "")
	fs.BoolVar(&moderator, "moderator", false, "")
	fs.Var(&features, "feature", "")
	fs.StringVar(&t.Group, "group", "", "")
	fs.BoolVar(&jaas, "jaas", false, "")
	fs.StringVar(&keyID, "key-id", "", "")
	fs.StringVar(&keyFile, "key-file", "", "")
	if err := c.parse(fs, args, jitsiUsage); err != nil {
		return err
	}
	if t.Room == "" {
		return &usageError{msg: "--room is required", hint: "give the room the token is for, or * for every room: --room standup"}
	}
	var err error
	if t.IssuedAt, t.ExpiresAt, err = f.times(c.now, 0, 3*60*60); err != nil {
		return err
	}
	t.NotBefore = t.IssuedAt - 10 // 8x8's sample
	if t.Features, err = jitsiFeatures("--feature", features); err != nil {
		return err
	}
	if moderator || jaas {
		t.User.Moderator = &moderator
	}
	if !jaas {
		if keyID != "" || keyFile != "" {
			return &usageError{msg: "--key-id and --key-file are for --jaas", hint: "a self-hosted token is signed with the app secret: --secret-file"}
		}
		if t.Subject == "" {
			return &usageError{msg: "--sub is required", hint: "give the tenant or domain the server compares sub with (--sub meet.example.com), or * for every one"}
		}
		appID, signer, err := c.signer(&f, jitsi.Kind.Env)
		if err != nil {
			return err
		}
		t.Issuer = appID
		token, err := t.Sign(signer)
		if err != nil {
			return err
		}
		return c.printToken(token, f.json, "token", "")
	}
	return c.jaas(t, &f, keyID, keyFile)
}

// jaas signs t for 8x8's JaaS.
func (c *Call) jaas(t jitsi.Token, f *common, keyID, keyFile string) error {
	if f.secretFile != "" || t.Subject != "" {
		return &usageError{msg: "--secret-file and --sub are for a self-hosted deployment", hint: "a JaaS token's sub is its AppID (--app-id), and it is signed with a private key (--key-file)"}
	}
	t.Audience, t.Issuer = jitsi.JaaSAudience, jitsi.JaaSIssuer
	var err error
	if t.Subject, err = c.flagOrEnv(f.key, "JAAS_APP_ID", "--app-id"); err != nil {
		return err
	}
	if !t.JaaS() {
		return &jwt.ClaimError{Claim: "sub", Rule: "must be the JaaS AppID (" + jitsi.JaaSPrefix + "…), as 8x8's console shows it", Value: fmt.Sprintf("%q", t.Subject), Err: jwt.ErrValue}
	}
	if keyID, err = c.flagOrEnv(keyID, "JAAS_API_KEY", "--key-id"); err != nil {
		return err
	}
	signer, err := c.rsaSigner(keyFile, jaasVars)
	if err != nil {
		return err
	}
	token, err := t.SignRS256(signer, jitsi.KeyID(t.Subject, keyID))
	if err != nil {
		return err
	}
	return c.printToken(token, f.json, "token", "")
}

// flagOrEnv returns a flag's value, else the variable's, else an error
// naming both.
func (c *Call) flagOrEnv(flagValue, name, flagName string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	v, err := c.lookup(name)
	if err == nil && v == "" {
		err = fmt.Errorf("no %s: set %s, or use %s", strings.TrimPrefix(flagName, "--"), name, flagName)
	}
	return v, err
}

// jitsiFeatures reads the values of a repeated flag NAME[=true|false] as
// context.features.
func jitsiFeatures(flagName string, values []string) ([]jitsi.Feature, error) {
	var fs []jitsi.Feature
	for _, v := range values {
		name, value, _ := strings.Cut(v, "=")
		if value != "" && value != "true" && value != "false" {
			return nil, &usageError{msg: fmt.Sprintf("%s %q: the value is true or false", flagName, v), hint: flagName + " recording, or " + flagName + " recording=false"}
		}
		fs = append(fs, jitsi.Feature{Name: name, On: value != "false"})
	}
	return fs, nil
}
