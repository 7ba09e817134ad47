package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

// TestLiveKit signs every case of testdata/livekit from the command line,
// and compares with the token LiveKit's Node server SDK made.
func TestLiveKit(t *testing.T) {
	for _, c := range vectors.LoadLiveKit(t, "../../testdata") {
		args := []string{"livekit", "--ttl", strconv.FormatInt(c.TTL, 10)}
		for flag, value := range map[string]string{"--identity": c.Identity, "--name": c.DisplayName, "--metadata": c.Metadata, "--room-config": string(c.RoomConfig)} {
			if value != "" {
				args = append(args, flag, value)
			}
		}
		for _, a := range c.Attributes {
			args = append(args, "--attribute", a[0]+"="+a[1])
		}
		if v := c.Video; v != nil {
			if v.Room != "" {
				args = append(args, "--room", v.Room, "--join="+strconv.FormatBool(v.RoomJoin))
			}
			for flag, on := range map[string]bool{"--room-create": v.RoomCreate, "--room-list": v.RoomList, "--room-record": v.RoomRecord, "--room-admin": v.RoomAdmin,
				"--ingress-admin": v.IngressAdmin, "--can-update-own-metadata": v.CanUpdateOwnMetadata, "--hidden": v.Hidden, "--agent": v.Agent} {
				if on {
					args = append(args, flag)
				}
			}
			for flag, p := range map[string]*bool{"--can-publish": v.CanPublish, "--can-subscribe": v.CanSubscribe, "--can-publish-data": v.CanPublishData} {
				if p != nil {
					args = append(args, flag+"="+strconv.FormatBool(*p))
				}
			}
			if len(v.CanPublishSources) > 0 {
				args = append(args, "--can-publish-sources", strings.Join(v.CanPublishSources, ","))
			}
		}
		r := sdkjwtAt(t, c.Now, map[string]string{"LIVEKIT_API_KEY": c.Key, "LIVEKIT_API_SECRET": c.Secret}, "", args...)
		if v := c.Video; v == nil || v.Room == "" && !v.RoomCreate && !v.RoomList && !v.RoomRecord && !v.RoomAdmin && !v.IngressAdmin {
			// LiveKit's SDK signs a token that grants nothing; sdkjwt refuses
			// to (the library still signs it: livekit's TestVectors).
			if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "the token would grant nothing") {
				t.Errorf("%s: sdkjwt %q: %+v, want exit 2", c.Name, args, r)
			}
			continue
		}
		wantErr := ""
		switch c.Name {
		case "short-secret":
			wantErr = "sdkjwt: warning: the key (14 characters) is longer than the secret (5): they look swapped, which would send the secret in clear in every token; the secret is the longer credential\n" +
				"sdkjwt: warning: the API secret is 5 bytes: LiveKit's server warns below 32 characters (\"secret is too short\")\n"
		case "ttl-7d":
			wantErr = "sdkjwt: warning: exp is more than 24 hours after nbf: a leaked token stays good that long (LiveKit checks exp only when a client connects), got 604800 seconds (7 days)\n"
		}
		if r.code != 0 || r.stdout != c.Token+"\n" || r.stderr != wantErr {
			t.Errorf("%s: sdkjwt %q:\n%+v\nwant %s", c.Name, args, r, c.Token)
		}
	}
}

func TestLiveKitJSON(t *testing.T) {
	env := map[string]string{"LIVEKIT_API_KEY": "APIk3yV9xQ2mLp", "LIVEKIT_API_SECRET": "s3cr3tZk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8EuQw"}
	// The token of testdata/livekit's join-minimal case.
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJ2aWRlbyI6eyJyb29tSm9pbiI6dHJ1ZSwicm9vbSI6Im15LXJvb20ifSwiaXNzIjoiQVBJazN5Vjl4UTJtTHAiLCJleHAiOjE3MDAwMjE2MDAsIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoiYWxpY2UifQ.-vVUCboxQ4i6Nyeb6SLBFme29XXXjOLSrM7bqqDydN0"
	r := sdkjwtAt(t, 1700000000, env, "", "livekit", "--room", "my-room", "--identity", "alice", "--json")
	if want := `{"participant_token":"` + token + "\"}\n"; r.code != 0 || r.stdout != want || !strings.Contains(r.stderr, "warning: LIVEKIT_URL is not set, so server_url is left out") {
		t.Errorf("--json: %+v\nwant %s and a warning", r, want)
	}
	env["LIVEKIT_URL"] = "example.livekit.cloud"
	r = sdkjwtAt(t, 1700000000, env, "", "livekit", "--room", "my-room", "--identity", "alice", "--json")
	if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, `LIVEKIT_URL "example.livekit.cloud": want the server's URL with its scheme`) {
		t.Errorf("LIVEKIT_URL without a scheme: %+v", r)
	}
	env["LIVEKIT_URL"] = "wss://example.livekit.cloud"
	r = sdkjwtAt(t, 1700000000, env, "", "livekit", "--room", "my-room", "--identity", "alice", "--json")
	if want := `{"server_url":"wss://example.livekit.cloud","participant_token":"` + token + "\"}\n"; r.stdout != want {
		t.Errorf("--json with LIVEKIT_URL: %+v\nwant %s", r, want)
	}
}

func TestLiveKitErrors(t *testing.T) {
	env := map[string]string{"LIVEKIT_API_KEY": "APIkey", "LIVEKIT_API_SECRET": "a-secret-of-at-least-32-characters!"}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--room", "r"}, 1, "sdkjwt: error: sub is required with a join grant (LiveKit's SDKs refuse to sign a join token without an identity)\nsdkjwt: hint: the claim sub comes from --identity\n"},
		{[]string{"--room-admin"}, 1, "error: video.room is required with roomJoin or roomAdmin"},
		{[]string{"--join", "--identity", "a"}, 2, "error: --join needs --room"},
		{[]string{"--room", "r", "--identity", "a", "--can-publish-sources", "camera,screen"}, 1, `video.canPublishSources must hold only camera, microphone, screen_share, screen_share_audio, got "screen"` + "\nsdkjwt: hint: the claim video.canPublishSources comes from --can-publish-sources\n"},
		{[]string{"--room", "r", "--identity", "a", "--attribute", "novalue"}, 2, `--attribute "novalue": not KEY=VALUE`},
		{[]string{"--room", "r", "--identity", "a", "--attribute", "k=1", "--attribute", "k=2"}, 1, `attributes must not name a key twice, got "k"`},
		{[]string{"--room", "r", "--identity", "a", "--room-config", `{"egress":{}}`}, 1, "roomConfig must be a RoomConfiguration that LiveKit reads, got egress: egress is not signed by sdkjwt"},
		{[]string{"--room", "r", "--identity", "a", "--room-config", `{"agents":[{"name":"x"}]}`}, 1, "got agents: name: not a field of RoomConfiguration"},
		{[]string{"--room", "r", "--identity", "a", "--ttl", "0"}, 1, "exp must be later than nbf (a positive lifetime), got 0 seconds"},
		{[]string{"--room", "r", "--identity", "a", "--nbf", "+2m"}, 0, "sdkjwt: warning: nbf is more than 60 seconds in the future: the token is not valid yet, got 2 minutes ahead (nbf 1700000150, now 1700000030): the token is signed, but it will be refused\n"},
		{[]string{"--room", "r", "--identity", "a", "--secret", "x"}, 2, "never takes a secret on the command line"},
		{[]string{"--room", "r", "--identity", "a", "extra"}, 2, "livekit takes no positional arguments"},
	} {
		r := sdkjwt(t, env, "", append([]string{"livekit"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || (tc.code != 0) != (r.stdout == "") {
			t.Errorf("livekit %q: %+v, want exit %d and %q", tc.args, r, tc.code, tc.want)
		}
	}
	if r := sdkjwt(t, nil, "", "livekit", "--room", "r", "--identity", "a"); r.code != 1 || !strings.Contains(r.stderr, "no key: set LIVEKIT_API_KEY, or use --key") {
		t.Errorf("no key: %+v", r)
	}
}
