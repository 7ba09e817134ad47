package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/twilio"
)

// twilioVendor is Twilio on the command line: the twilio command.
var twilioVendor = Vendor{
	Name:   "Twilio",
	Tokens: "Twilio's Access Tokens",
	Commands: []Command{{Name: "twilio", Synopsis: "twilio --identity ID --room R", Short: "sign a Twilio Access Token (Video, Voice, Conversations, Sync)", Usage: twilioUsage, Run: (*Call).twilio,
		Claims: map[string]string{"iss": keySource, "sub": "--account-sid or TWILIO_ACCOUNT_SID", "grants.identity": "--identity", "twr": "--region"}}},
	Env: []EnvVar{
		{"TWILIO_ACCOUNT_SID", "twilio, serve (/token): the Account SID (AC…), written as sub"},
		{"TWILIO_API_KEY, TWILIO_API_SECRET", "twilio, serve (/token), inspect: an API key's SID (SK…) and secret, never the Auth Token"},
	},
	Serve: &Serve{
		About:       `GET /token?identity=ID is twilio/video-quickstart-js's token endpoint: the token alone, as text, with a Video grant for 4 hours (POST /token with {"identity","room"} too); a request without a usable identity is refused, and room limits the token to that room.`,
		Env:         twilio.Kind.Env,
		Credentials: "Twilio's, with TWILIO_ACCOUNT_SID, as the quickstart reads them",
		Flags:       twilioServe,
	},
}

const twilioUsage = `Usage:
    sdkjwt twilio --identity ID [grant options] [options]

Signs a Twilio Access Token and prints it on stdout: the token Twilio's
Video, Voice, Conversations and Sync client SDKs connect with. It is byte
for byte what Twilio's Node helper (twilio 6.x, jwt.AccessToken) makes for
the same inputs, with a one-hour lifetime unless --exp or --ttl says
otherwise (at most 24h).

Options:
    --identity ID                  the user's identity (grants.identity)
    --account-sid AC…              the Account SID (sub); default
                                   TWILIO_ACCOUNT_SID
    --region REGION                the API key's region (the twr header), for
                                   a key made outside US1: ie1, au1
    --nbf UNIX                     not before (nbf), Unix seconds

Grant options (at least one grant; each grant's flags together):
    --room ROOM                    Video: the room (grants.video.room)
    --video                        Video, for any room
    --incoming-allow               Voice: the client may receive calls
    --outgoing-application-sid AP… Voice: the TwiML App of outgoing calls
    --param NAME=VALUE             Voice: an outgoing call's parameter; repeat it
    --push-credential-sid CR…      Voice: the push credential
    --voice-endpoint-id ID         Voice: endpoint_id
    --chat-service-sid IS…         Conversations (chat): the service
    --chat-endpoint-id ID          Conversations: endpoint_id
    --chat-deployment-role-sid RL… Conversations: deployment_role_sid
    --chat-push-credential-sid CR… Conversations: push_credential_sid
    --sync-service-sid IS…         Sync (data_sync): the service
    --sync-endpoint-id ID          Sync: endpoint_id
` + commonUsage + `
    By default iat is now and the lifetime 1h, as the helper's; Twilio
    takes at most 24h.
    --json prints {"identity":…,"token":…}, as Twilio's video-quickstart-js
    server answers.

Credentials:
    The API key's SID comes from --key, else TWILIO_API_KEY; its secret from
    --secret-file, else TWILIO_API_SECRET. A Main or Standard API key: a
    Restricted key, or the Auth Token, cannot sign Access Tokens.

Examples:
    sdkjwt twilio --identity alice --room my-room
    sdkjwt twilio --identity alice --outgoing-application-sid AP… --incoming-allow
`

func (c *Call) twilio(args []string) error {
	var f common
	var t twilio.Token
	var video twilio.Video
	var voice twilio.Voice
	var chat twilio.Chat
	var sync twilio.Sync
	var params list
	var anyRoom bool
	var nbf string
	fs := newFlagSet("twilio", &f)
	fs.StringVar(&t.Identity, "identity", "", "")
	fs.StringVar(&t.AccountSID, "account-sid", "", "")
	fs.StringVar(&t.Region, "region", "", "")
	fs.StringVar(&nbf, "nbf", "", "")
	fs.StringVar(&video.Room, "room", "", "")
	fs.BoolVar(&anyRoom, "video", false, "")
	fs.BoolVar(&voice.IncomingAllow, "incoming-allow", false, "")
	fs.StringVar(&voice.OutgoingApplicationSID, "outgoing-application-sid", "", "")
	fs.Var(&params, "param", "")
	fs.StringVar(&voice.PushCredentialSID, "push-credential-sid", "", "")
	fs.StringVar(&voice.EndpointID, "voice-endpoint-id", "", "")
	fs.StringVar(&chat.ServiceSID, "chat-service-sid", "", "")
	fs.StringVar(&chat.EndpointID, "chat-endpoint-id", "", "")
	fs.StringVar(&chat.DeploymentRoleSID, "chat-deployment-role-sid", "", "")
	fs.StringVar(&chat.PushCredentialSID, "chat-push-credential-sid", "", "")
	fs.StringVar(&sync.ServiceSID, "sync-service-sid", "", "")
	fs.StringVar(&sync.EndpointID, "sync-endpoint-id", "", "")
	if err := c.parse(fs, args, twilioUsage); err != nil {
		return err
	}
	// A grant is written when one of its flags is given.
	fs.Visit(func(fl *flag.Flag) {
		switch name := fl.Name; {
		case name == "room" || name == "video":
			t.Video = &video
		case name == "incoming-allow" || name == "outgoing-application-sid" || name == "param" || name == "push-credential-sid" || name == "voice-endpoint-id":
			t.Voice = &voice
		case strings.HasPrefix(name, "chat-"):
			t.Chat = &chat
		case strings.HasPrefix(name, "sync-"):
			t.Sync = &sync
		}
	})
	if t.Video == nil && t.Voice == nil && t.Chat == nil && t.Sync == nil {
		return &usageError{msg: "the token would grant nothing: no grant option given", hint: "give --room ROOM (Video), --outgoing-application-sid or --incoming-allow (Voice), --chat-service-sid (Conversations) or --sync-service-sid (Sync)"}
	}
	for _, p := range params {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return &usageError{msg: fmt.Sprintf("--param %q: not NAME=VALUE", p), hint: "give each parameter as --param To=+15551234567"}
		}
		voice.OutgoingParams = append(voice.OutgoingParams, twilio.Param{Name: name, Value: value})
	}
	if len(params) > 0 && voice.OutgoingApplicationSID == "" {
		return &usageError{msg: "--param needs --outgoing-application-sid", hint: "the parameters are those of outgoing calls, which the TwiML App makes"}
	}
	var err error
	if t.IssuedAt, t.ExpiresAt, err = f.times(c.now, 0, twilio.DefaultLifetime); err != nil {
		return err
	}
	if nbf != "" {
		if t.NotBefore, err = unixSeconds("--nbf", nbf); err != nil {
			return err
		}
	}
	if t.AccountSID == "" {
		if t.AccountSID, err = c.lookup("TWILIO_ACCOUNT_SID"); err != nil {
			return err
		}
	}
	if t.AccountSID == "" {
		return fmt.Errorf("no Account SID: set TWILIO_ACCOUNT_SID, or use --account-sid")
	}
	key, signer, err := c.signer(&f, twilio.Kind.Env)
	if err != nil {
		return err
	}
	t.KeySID = key
	token, err := t.Sign(signer)
	if err != nil {
		return err
	}
	c.checkNow(t.IssuedAt, t.ExpiresAt)
	if !f.json {
		return c.printToken(token, false, "", "")
	}
	var o jwt.Object
	out, err := o.Close(o.String(o.String(o.Open(nil), "identity", t.Identity), "token", token))
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(append(out, '\n'))
	return err
}
