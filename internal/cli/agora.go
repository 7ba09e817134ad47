package cli

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/agora"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// agoraVendor is Agora on the command line: the agora command.
var agoraVendor = Vendor{
	Name:   "Agora",
	Tokens: "Agora's AccessToken2",
	Commands: []Command{{Name: "agora", Sub: []string{"rtc", "rtm", "chat"}, Synopsis: "agora rtc|rtm|chat [options]", Short: "sign an Agora AccessToken2 (007)", Usage: agoraUsage, Run: (*Call).agora,
		Claims: map[string]string{"appId": "--app-id or AGORA_APP_ID", "expire": "--ttl or --exp", "issueTs": "--iat", "rtc.channel": "--channel", "rtc.uid": "--uid or --account",
			"rtc.privileges": "--privilege-ttl", "rtm.user": "--user", "chat.user": "--user"}}},
	Env: []EnvVar{{"AGORA_APP_ID, AGORA_APP_CERTIFICATE", "agora, inspect, serve: the App ID and its App Certificate"},
		{"APP_ID, APP_CERTIFICATE", "serve: agora-token-service's names of the same, read when AGORA_APP_ID and AGORA_APP_CERTIFICATE are not set (with a warning)"}},
	Serve: &Serve{
		About: `The routes of AgoraIO-Community/agora-token-service answer as it does, under /agora/ and, with --sdk agora, at the root where it has them: POST /getToken {"tokenType","channel","role","uid","expire"} answered {"token":…}; GET /rtc/CHANNEL/ROLE/uid|userAccount/UID/?expiry=N {"rtcToken":…}, /rtm/UID/, /rte/…, /chat/app/, /chat/account/ID/, /ping.`,
		Options: `    --agora-channel NAME    sign Agora RTC tokens for channel NAME only (403
                            otherwise)
    --agora-max-ttl DURATION
                            the longest Agora expire a client may ask for (403
                            beyond; the default 1h is cut to it)
    --agora-max-role subscriber
                            refuse Agora publisher tokens (403)
`,
		Env:         agora.Kind.Env,
		Credentials: "Agora's App ID and App Certificate, or agora-token-service's APP_ID and APP_CERTIFICATE",
		Flags:       agoraServe,
	},
}

const agoraUsage = `Usage:
    sdkjwt agora rtc --channel NAME (--uid N | --account NAME) --role publisher|subscriber [options]
    sdkjwt agora rtm --user ID [options]
    sdkjwt agora chat --user ID [options]

Signs an Agora AccessToken2 ("007") and prints it on stdout: the token an
Agora SDK joins a channel (rtc), logs in to Signaling/RTM (rtm) or to Chat
(chat) with. What it holds is what Agora's builders (npm agora-token) put in
a token for the same inputs; the salt is drawn from crypto/rand.

Options of agora rtc:
    --channel NAME        the channel: 1 to 63 bytes of letters, digits, space
                          and !#$%&()+-:;<=.>?@[]^_{}|~,
    --uid N               the user's uid, 1 to 4294967295; 0 lets any user
                          join with the token (a warning)
    --account NAME        or the user's account (a string uid), at most 255 bytes
    --role ROLE           publisher (join and publish audio, video, data) or
                          subscriber (join only)
    --privilege-ttl DURATION
                          how long the privileges last, at most the token's
                          lifetime (default: the token's lifetime; 0: as long
                          as the token)
Options of agora rtm and chat:
    --user ID             the user ID (rtm: 1 to 63 bytes, as a channel name)

Common options:
    --app-id ID           the App ID (not a secret; overrides the environment;
                          --key is the same flag)
    --secret-file PATH    read the App Certificate from PATH, or from stdin if
                          PATH is -; one trailing newline is removed
    --iat UNIX|-30s       the issue time (issueTs): Unix seconds, or relative
                          to now (default: now)
    --ttl DURATION        the lifetime, seconds after issueTs: 1s to 24h
                          (default 1h, as Agora's samples)
    --exp UNIX            or the expiry as a Unix time: sdkjwt writes
                          exp - iat, since AccessToken2 counts from issueTs
    --json                print {"token":…}
    -h, --help            print this help

Credentials:
    The App ID comes from --app-id, else AGORA_APP_ID; the App Certificate
    from --secret-file, else AGORA_APP_CERTIFICATE. Both are 32 hexadecimal
    digits, as Agora Console shows them.

Examples:
    sdkjwt agora rtc --channel my-channel --uid 2882341273 --role publisher
    sdkjwt agora rtc --channel stage --account viewer-7 --role subscriber --ttl 30m
    sdkjwt agora rtm --user alice
`

func (c *Call) agora(args []string) error {
	if len(args) == 0 || args[0] != "rtc" && args[0] != "rtm" && args[0] != "chat" {
		if len(args) > 0 && isHelpFlag(args[0]) {
			fmt.Fprint(c.stdout, agoraUsage)
			return errHelpShown
		}
		return &usageError{msg: "agora takes rtc, rtm or chat", hint: "run 'sdkjwt help agora'"}
	}
	var f common
	var channel, uid, account, role, user, privilegeTTL string
	fs := newFlagSet("agora "+args[0], &f)
	fs.StringVar(&f.key, "app-id", "", "")
	if args[0] == "rtc" {
		fs.StringVar(&channel, "channel", "", "")
		fs.StringVar(&uid, "uid", "", "")
		fs.StringVar(&account, "account", "", "")
		fs.Var(choice{&role, agoraRoles}, "role", "")
		fs.StringVar(&privilegeTTL, "privilege-ttl", "", "")
	} else {
		fs.StringVar(&user, "user", "", "")
	}
	if err := c.parse(fs, args[1:], agoraUsage); err != nil {
		return err
	}
	iat, exp, err := f.times(c.now, 0, 60*60)
	if err != nil {
		return err
	}
	// AccessToken2 holds both in u32 fields: a time beyond them breaks the
	// rule of its field (exit 1, as every command's rules), not the syntax.
	if iat < 1 || iat > 0xffffffff {
		return &jwt.ClaimError{Claim: "issueTs", Rule: "must be Unix time in seconds, 1 to 4294967295 (AccessToken2 holds it in 32 bits; a 13-digit value is milliseconds)", Value: strconv.FormatInt(iat, 10), Err: jwt.ErrTime}
	}
	if d := jwt.Sub(exp, iat); d < 1 || d > 0xffffffff {
		return &jwt.ClaimError{Claim: "expire", Rule: "must be 1 to 86400 seconds after issueTs", Value: strconv.FormatInt(d, 10) + " seconds", Err: jwt.ErrTime}
	}
	t := agora.Token{IssueTs: uint32(iat), Expire: uint32(exp - iat)}
	switch args[0] {
	case "rtc":
		var s agora.Service
		if s, err = rtcService(channel, uid, account, role, privilegeTTL, t.Expire); err != nil {
			return err
		}
		t.Services = []agora.Service{s}
	case "rtm":
		t.Services = []agora.Service{agora.UserService(agora.RTM, user, t.Expire)}
	case "chat":
		t.Services = []agora.Service{agora.UserService(agora.Chat, user, t.Expire)}
	}
	if user == "" && args[0] != "rtc" {
		return &usageError{msg: "--user is required", hint: "give the user ID the SDK logs in with: --user alice"}
	}
	if t.AppID = f.key; t.AppID == "" {
		if t.AppID, err = c.lookup("AGORA_APP_ID"); err != nil {
			return err
		}
	}
	if t.AppID == "" {
		return fmt.Errorf("no App ID: set AGORA_APP_ID, or use --app-id")
	}
	certificate, _, err := c.secret(f.secretFile, agora.Kind.Env)
	if err != nil {
		return err
	}
	defer clear(certificate)
	if strings.EqualFold(strings.TrimSpace(t.AppID), string(bytes.TrimSpace(certificate))) {
		return fmt.Errorf("the App Certificate is the App ID: the certificate is the other credential (Agora Console shows it under the project's Security)")
	}
	if t.Salt, err = agora.NewSalt(); err != nil {
		return fmt.Errorf("no random salt: %w", err)
	}
	token, err := t.Sign(certificate)
	if err != nil {
		return err
	}
	c.warnAll(t.Warnings())
	if exp <= c.now().Unix() {
		c.warn("the token expired at %d (issueTs %d + expire %d), before now: it is signed, but it will be refused", exp, iat, exp-iat)
	}
	return c.printToken(token, f.json, "token", "")
}

// agoraRoles are agora rtc's --role values.
var agoraRoles = []string{"publisher", "subscriber"}

// rtcService reads the flags of agora rtc into the RTC service Agora's
// RtcTokenBuilder makes.
func rtcService(channel, uid, account, role, privilegeTTL string, expire uint32) (agora.Service, error) {
	var s agora.Service
	if (uid == "") == (account == "") {
		return s, &usageError{msg: "give --uid or --account (one of them)", hint: "--uid 2882341273 for a numeric uid, --account alice for a string one"}
	}
	if uid != "" {
		n, err := strconv.ParseUint(uid, 10, 32)
		if err != nil {
			return s, &usageError{msg: fmt.Sprintf("--uid %q: not an integer from 0 to 4294967295", uid), hint: "a string uid goes in --account"}
		}
		account = agora.UID(uint32(n))
	}
	if !slices.Contains(agoraRoles, role) {
		return s, &usageError{msg: fmt.Sprintf("--role %q: want %s", role, or(agoraRoles)), hint: "publisher joins and publishes; subscriber only joins"}
	}
	privilege := expire
	if privilegeTTL != "" {
		d, err := seconds(privilegeTTL)
		if err != nil || d < 0 || d > 0xffffffff {
			return s, &usageError{msg: fmt.Sprintf("--privilege-ttl %q: not a duration from 0 up", privilegeTTL), hint: "use a duration such as 30m or 1800 (seconds), at most --ttl"}
		}
		privilege = uint32(d)
	}
	return agora.RTCService(channel, account, role == "publisher", privilege), nil
}
