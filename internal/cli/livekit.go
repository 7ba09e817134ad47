package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/livekit"
)

// liveKitVendor is LiveKit on the command line: the livekit command and
// POST /livekit (livekit_serve.go).
var liveKitVendor = Vendor{
	Name:   "LiveKit",
	Tokens: "LiveKit's access tokens",
	Commands: []Command{{Name: "livekit", Synopsis: "livekit --room R --identity ID", Short: "sign a LiveKit access token", Usage: livekitUsage, Run: (*Call).livekit,
		Claims: map[string]string{"iss": keySource, "sub": "--identity", "video.room": "--room", "video.canPublishSources": "--can-publish-sources",
			"attributes": "--attribute", "roomConfig": "--room-config"}}},
	Env: []EnvVar{
		{"LIVEKIT_API_KEY, LIVEKIT_API_SECRET", "livekit, serve (POST /livekit), inspect"},
		{"LIVEKIT_URL", "livekit --json and serve: the server_url answered with the token"},
	},
	Serve: &Serve{
		About: `POST /livekit is LiveKit's standard token endpoint, which LiveKit's client SDKs call: {"room_name","participant_identity","participant_name",…} answered 201 {"server_url":…,"participant_token":…}.`,
		Options: `    --livekit-room ROOM     sign LiveKit tokens for ROOM only (room_name may
                            be left out); without it, room_name is required
    --livekit-allow FIELDS  the LiveKit request fields clients may set beyond
                            room_name, participant_identity, participant_name:
                            participant_metadata, participant_attributes,
                            room_config (comma-separated); any other set is
                            refused with 403
    --livekit-grant G=V     a video grant every LiveKit token carries
                            (repeatable): canPublish=false, canSubscribe=false,
                            canPublishData=false, canUpdateOwnMetadata,
                            hidden, canPublishSources=camera,microphone
`,
		Env:         livekit.Kind.Env,
		Credentials: "LiveKit's, with LIVEKIT_URL, answered as server_url",
		Flags:       liveKitServe,
	},
}

const livekitUsage = `Usage:
    sdkjwt livekit --room ROOM --identity ID [grant options] [options]

Signs a LiveKit access token and prints it on stdout: the token a LiveKit
client SDK connects to a room with. It is byte for byte what LiveKit's Node
server SDK makes for the same inputs: header {"alg":"HS256"}, nbf now, no
iat, and a 6-hour lifetime unless --exp or --ttl says otherwise.

Options:
    --room ROOM         the room (video.room), with a join grant (roomJoin)
    --identity ID       the participant's identity (sub); required to join
    --name NAME         the participant's display name (name)
    --metadata TEXT     the participant's metadata (metadata)
    --attribute K=V     a participant attribute (attributes); repeat it
    --room-config JSON  roomConfig, a RoomConfiguration as JSON: agent
                        dispatch ({"agents":[{"agentName":"triage"}]}),
                        timeouts, maxParticipants, tags; egress is refused

Grant options (the video grant; a boolean takes =false):
    --join=false                 leave roomJoin out (for --room-admin only)
    --can-publish=false          no publishing (LiveKit's default is true)
    --can-subscribe=false        no subscribing (default true)
    --can-publish-data=false     no data messages (default: as --can-publish)
    --can-publish-sources LIST   only these sources, comma-separated: camera,
                                 microphone, screen_share, screen_share_audio
    --can-update-own-metadata    may change its own name, metadata, attributes
    --hidden                     invisible to other participants
    --agent                      connects as an Agents framework worker
    --room-admin, --room-create, --room-list, --room-record, --ingress-admin
                                 the server API's grants
` + commonUsage + `
    For livekit, --nbf UNIX|-30s sets nbf (--iat is the same flag): LiveKit
    tokens carry nbf, not iat, and LiveKit forgives 60 seconds of clock
    difference. The default lifetime is 6h; any positive one is allowed,
    with a warning beyond 24h. --json prints {"server_url":…,
    "participant_token":…} as LiveKit's token endpoint answers, server_url
    from LIVEKIT_URL (left out, with a warning, if it is not set; refused
    without ws://, wss://, http:// or https://).

Credentials:
    The API key comes from --key, else LIVEKIT_API_KEY; the API secret from
    --secret-file, else LIVEKIT_API_SECRET (LiveKit's names). A secret under
    32 characters gets a warning, as LiveKit's server gives one.

Examples:
    sdkjwt livekit --room my-room --identity alice --name Alice
    sdkjwt livekit --room stage --identity viewer-7 --can-publish=false
    sdkjwt livekit --room support --identity caller-1 \
        --room-config '{"agents":[{"agentName":"triage"}]}'
`

// grantFlags are the video grant's boolean flags, each a member of
// livekit.VideoGrant.
func grantFlags(v *livekit.VideoGrant) map[string]*bool {
	return map[string]*bool{
		"can-update-own-metadata": &v.CanUpdateOwnMetadata, "hidden": &v.Hidden, "agent": &v.Agent,
		"room-admin": &v.RoomAdmin, "room-create": &v.RoomCreate, "room-list": &v.RoomList,
		"room-record": &v.RoomRecord, "ingress-admin": &v.IngressAdmin,
	}
}

func (c *Call) livekit(args []string) error {
	var f common
	var t livekit.Token
	var v livekit.VideoGrant
	var attributes list
	var sources, roomConfig string
	join, publish, subscribe, publishData := true, true, true, true
	fs := newFlagSet("livekit", &f)
	fs.StringVar(&f.iat, "nbf", "", "")
	fs.StringVar(&v.Room, "room", "", "")
	fs.StringVar(&t.Identity, "identity", "", "")
	fs.StringVar(&t.Name, "name", "", "")
	fs.StringVar(&t.Metadata, "metadata", "", "")
	fs.Var(&attributes, "attribute", "")
	fs.StringVar(&roomConfig, "room-config", "", "")
	fs.BoolVar(&join, "join", true, "")
	fs.BoolVar(&publish, "can-publish", true, "")
	fs.BoolVar(&subscribe, "can-subscribe", true, "")
	fs.BoolVar(&publishData, "can-publish-data", true, "")
	fs.StringVar(&sources, "can-publish-sources", "", "")
	for name, p := range grantFlags(&v) {
		fs.BoolVar(p, name, false, "")
	}
	if err := c.parse(fs, args, livekitUsage); err != nil {
		return err
	}
	grant := false // whether any grant flag was given
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) {
		set[fl.Name] = true
		grant = grant || fl.Name == "room" || fl.Name == "join" || strings.HasPrefix(fl.Name, "can-") || grantFlags(&v)[fl.Name] != nil
	})
	// These three are written when given, even =true, and left out when not.
	given := func(name string, value bool) *bool {
		if !set[name] {
			return nil
		}
		return &value
	}
	v.CanPublish, v.CanSubscribe, v.CanPublishData = given("can-publish", publish), given("can-subscribe", subscribe), given("can-publish-data", publishData)
	v.RoomJoin = v.Room != "" && join
	if set["join"] && join && v.Room == "" {
		return &usageError{msg: "--join needs --room", hint: "a join grant is for one room: --room NAME"}
	}
	// A token without a room joins nothing; without a server API's grant, it
	// opens nothing else either (lk token create requires --room to join).
	if v.Room == "" && !v.RoomCreate && !v.RoomList && !v.RoomRecord && !v.RoomAdmin && !v.IngressAdmin {
		return &usageError{msg: "the token would grant nothing: no --room to join, and no server API's grant", hint: "give --room ROOM to join a room, or --room-create, --room-list, --room-record or --ingress-admin for the server API"}
	}
	if sources != "" {
		v.CanPublishSources = strings.Split(sources, ",")
	}
	if grant {
		t.Video = &v
	}
	for _, a := range attributes {
		k, val, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return &usageError{msg: fmt.Sprintf("--attribute %q: not KEY=VALUE", a), hint: "give each attribute as --attribute team=blue"}
		}
		t.Attributes = append(t.Attributes, livekit.Attribute{Key: k, Value: val})
	}
	if roomConfig != "" {
		rc, err := livekit.ParseRoomConfig([]byte(roomConfig))
		if err != nil {
			return err
		}
		t.RoomConfig = rc
	}
	var err error
	if t.NotBefore, t.ExpiresAt, err = f.times(c.now, 0, livekit.DefaultLifetime); err != nil {
		return err
	}
	key, signer, secretLen, err := c.signerLen(&f, livekit.Kind.Env)
	if err != nil {
		return err
	}
	if secretLen < livekit.MinSecretLen {
		c.warn("the API secret is %d bytes: LiveKit's server warns below %d characters (\"secret is too short\")", secretLen, livekit.MinSecretLen)
	}
	t.APIKey = key
	token, err := t.Sign(signer)
	if err != nil {
		return err
	}
	c.warnAll(t.Warnings())
	for _, e := range jwt.CheckNowLeeway(t.NotBefore, t.ExpiresAt, c.now().Unix(), livekit.Leeway) {
		c.warn("%v: the token is signed, but it will be refused", e)
	}
	if !f.json {
		return c.printToken(token, false, "", "")
	}
	var o jwt.Object
	b := o.Open(nil)
	url := c.getenv("LIVEKIT_URL")
	switch {
	case url == "":
		c.warn("LIVEKIT_URL is not set, so server_url is left out: a client reading it finds no server to connect to")
	case checkServerURL(url) != nil:
		return checkServerURL(url)
	default:
		b = o.String(b, "server_url", url)
	}
	b, err = o.Close(o.String(b, "participant_token", token))
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(append(b, '\n'))
	return err
}
