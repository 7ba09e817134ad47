package cli

import (
	"flag"
	"fmt"

	"github.com/sdkjwt/sdkjwt/daily"
)

// dailyVendor is Daily on the command line: the daily command.
var dailyVendor = Vendor{
	Name:   "Daily",
	Tokens: "Daily's meeting tokens",
	Commands: []Command{{Name: "daily", Synopsis: "daily --room R [options]", Short: "sign a Daily self-signed meeting token", Usage: dailyUsage, Run: (*Call).daily,
		Claims: map[string]string{"d": "--domain-id or DAILY_DOMAIN_ID", "r": "--room", "ud": "--user-id", "er": "--enable-recording", "eje": "--eject-after-elapsed"}}},
	Env: []EnvVar{{"DAILY_DOMAIN_ID, DAILY_API_KEY", "daily, inspect: the domain's id (d) and API key, the secret that signs"}},
}

// dailyFlags are the boolean flags and the property each sets.
var dailyFlags = map[string]string{
	"owner": "o", "knocking": "k", "close-tab-on-exit": "ctoe", "start-cloud-recording": "sr", "auto-start-transcription": "ast",
	"enable-screenshare": "ss", "start-video-off": "vo", "start-audio-off": "ao", "eject-at-token-exp": "ejt", "enable-recording-ui": "erui",
}

const dailyUsage = `Usage:
    sdkjwt daily --room ROOM [options]

Signs a Daily self-signed meeting token and prints it on stdout: what a
Daily client joins a room with, signed with the domain's API key. Daily
publishes no generator: the claims are the abbreviations of its docs, in the
order of their table, with a one-hour lifetime unless --exp, --ttl or
--permanent says otherwise.

Options:
    --room ROOM                 the room (r); without it the token opens
                                every room of the domain (a warning)
    --domain-id ID              the domain's id (d); default DAILY_DOMAIN_ID
                                (--key is the same flag)
    --user-id ID                user_id (ud), at most 36 characters
    --user-name NAME            user_name (u)
    --owner                     is_owner (o): meeting owner privileges
    --knocking                  knocking (k)
    --close-tab-on-exit         close_tab_on_exit (ctoe)
    --redirect-on-meeting-exit URL
                                redirect_on_meeting_exit (rome)
    --start-cloud-recording     start_cloud_recording (sr)
    --auto-start-transcription  auto_start_transcription (ast)
    --enable-recording MODE     enable_recording (er): cloud, cloud-audio-only,
                                local or raw-tracks
    --enable-screenshare=false  enable_screenshare (ss)
    --start-video-off           start_video_off (vo)
    --start-audio-off           start_audio_off (ao)
    --eject-at-token-exp        eject_at_token_exp (ejt)
    --eject-after-elapsed DURATION
                                eject_after_elapsed (eje): 1h, 90m, 3600
    --lang LANG                 lang (uil)
    --enable-recording-ui       enable_recording_ui (erui)
    --nbf UNIX                  not before (nbf)
    --permanent                 no exp: valid for ever (a warning)
    A boolean flag is written when given, =false as false.
    --secret-file PATH          read the API key from PATH, or stdin if -
    --iat UNIX|-30s             issued at (default: now)
    --exp UNIX, --ttl DURATION  expiry, or lifetime (default 1h)
    --json                      print {"token":…}
    -h, --help                  print this help

Credentials:
    The API key comes from --secret-file, else DAILY_API_KEY; the domain id
    from --domain-id, else DAILY_DOMAIN_ID (GET https://api.daily.co/v1/
    answers it as domain_id).

Examples:
    sdkjwt daily --room standup --user-name Alice --owner
    sdkjwt daily --room class --eject-after-elapsed 45m --ttl 2h
`

func (c *Call) daily(args []string) error {
	var f common
	var t daily.Token
	var nbf, eject string
	var permanent bool
	fs := newFlagSet("daily", &f)
	fs.StringVar(&f.key, "domain-id", "", "")
	fs.StringVar(&t.Room, "room", "", "")
	fs.StringVar(&t.UserID, "user-id", "", "")
	fs.StringVar(&t.UserName, "user-name", "", "")
	fs.StringVar(&t.Redirect, "redirect-on-meeting-exit", "", "")
	fs.StringVar(&t.Recording, "enable-recording", "", "")
	fs.StringVar(&eject, "eject-after-elapsed", "", "")
	fs.StringVar(&t.Lang, "lang", "", "")
	fs.StringVar(&nbf, "nbf", "", "")
	fs.BoolVar(&permanent, "permanent", false, "")
	set := map[string]*bool{}
	for name := range dailyFlags {
		set[name] = fs.Bool(name, false, "")
	}
	if err := c.parse(fs, args, dailyUsage); err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) {
		if claim, ok := dailyFlags[fl.Name]; ok {
			if t.Set == nil {
				t.Set = map[string]bool{}
			}
			t.Set[claim] = *set[fl.Name]
		}
	})
	if permanent && (f.exp != "" || f.ttl != "") {
		return &usageError{msg: "--permanent and --exp or --ttl cannot be used together", hint: "a permanent token has no exp"}
	}
	var err error
	if t.IssuedAt, t.ExpiresAt, err = f.times(c.now, 0, 60*60); err != nil {
		return err
	}
	if permanent {
		t.ExpiresAt = 0
	}
	if nbf != "" {
		if t.NotBefore, err = unixSeconds("--nbf", nbf); err != nil {
			return err
		}
	}
	if eject != "" {
		if t.EjectAfterElapsed, err = seconds(eject); err != nil || t.EjectAfterElapsed <= 0 {
			return &usageError{msg: fmt.Sprintf("--eject-after-elapsed %q: not a positive duration", eject), hint: "use a duration such as 45m, 1h or 3600 (seconds)"}
		}
	}
	domain, signer, err := c.signer(&f, daily.Kind.Env)
	if err != nil {
		return err
	}
	t.DomainID = domain
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
