package cli

import "github.com/sdkjwt/sdkjwt/sdk"

const meetingUsage = `Usage:
    sdkjwt meeting [--mn NUMBER [--role ROLE]] [options]

Signs a Zoom Meeting SDK token and prints it on stdout. With --mn it is a
token for the Meeting SDK for Web (mn and role set); without, a token for the
native SDKs (Windows, macOS, iOS, Android, Linux), which carries neither.

Options:
    --mn NUMBER            the meeting or webinar number; spaces and dashes
                           are removed ("123 4567 8901" is fine)
    --role ROLE            participant (default) or host; or 0 or 1 (needs --mn)
    --token-exp UNIX       tokenExp, when the SDK session ends (default: exp);
                           at least 30 minutes after iat
    --video-webrtc-mode N  1 to enable WebRTC video, 0 to disable (Web only)
` + commonUsage + `
    By default iat is 30 seconds ago and the lifetime 2h, as Zoom's docs and
    samples have them; Zoom accepts 30m to 48h (--ttl 48h).
    --json prints {"signature":…} with "sdkKey", as Zoom's auth endpoint samples do.

Credentials:
    The key comes from --key, else ZOOM_MEETING_SDK_KEY, else ZOOM_SDK_KEY.
    The secret comes from --secret-file, else ZOOM_MEETING_SDK_SECRET, else
    ZOOM_SDK_SECRET, and is used byte for byte (its UTF-8 bytes are the key).
    Apps made after 2023-02-11 use the Client ID and Client Secret.

Examples:
    sdkjwt meeting --mn "123 4567 8901" --role host
    sdkjwt meeting --mn 1234567890 --ttl 2h --json
    sdkjwt meeting --token-exp 1700086400 --secret-file -  < secret.txt
`

func (c *Call) meeting(args []string) error {
	var f common
	var m sdk.Meeting
	var role roleFlag
	var tokenExp string
	fs := newFlagSet("meeting", &f)
	fs.StringVar(&m.MN, "mn", "", "")
	fs.Var(&role, "role", "")
	fs.StringVar(&tokenExp, "token-exp", "", "")
	fs.Var((*optIntFlag)(&m.VideoWebRTCMode), "video-webrtc-mode", "")
	if err := c.parse(fs, args, meetingUsage); err != nil {
		return err
	}
	m.Role = sdk.OptInt(role)
	if _, given := m.Role.Get(); m.MN != "" && !given {
		m.Role = sdk.Int(sdk.Participant)
	}
	var err error
	if m.IssuedAt, m.ExpiresAt, err = f.times(c.now, sdk.Backdate, sdk.DefaultLifetime); err != nil {
		return err
	}
	if tokenExp != "" {
		if m.TokenExp, err = unixSeconds("--token-exp", tokenExp); err != nil {
			return err
		}
	}
	key, signer, err := c.signer(&f, sdk.MeetingWebKind.Env)
	if err != nil {
		return err
	}
	m.Key = key
	token, err := m.Sign(signer)
	if err != nil {
		return err
	}
	c.warnAll(m.Warnings())
	c.checkNow(m.IssuedAt, m.ExpiresAt)
	if e := m.CheckUse(c.now().Unix()); e != nil {
		c.warn("%v: the token is signed, but a native Meeting SDK refuses such a token", e)
	}
	return c.printToken(token, f.json, "signature", key)
}
