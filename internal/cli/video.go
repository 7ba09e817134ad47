package cli

import (
	"strconv"

	"github.com/sdkjwt/sdkjwt/sdk"
)

const videoUsage = `Usage:
    sdkjwt video --topic NAME [options]

Signs a Zoom Video SDK token and prints it on stdout.

Options:
    --topic NAME                  the session name (tpc), required: 1 to 200
                                  characters, as the session is joined with
    --role ROLE                   participant (default) or host; or 0 or 1
    --user-key ID                 user_key, at most 36 characters
    --user-identity ID            user_identity, its old name (same limit)
    --session-key KEY             session_key, at most 36 characters
    --geo-regions LIST            comma-separated, of AU BR CA CN DE HK IN JP MX
                                  NL SG US (e.g. US,DE)
    --cloud-recording-option N    0 one combined file, 1 a file per user
    --cloud-recording-election N  1 to record this user's self-view, else 0
    --cloud-recording-transcript-option N
                                  0 none, 1 transcript, 2 transcript and summary
    --telemetry-tracking-id ID    telemetry_tracking_id (Web SDK)
    --video-webrtc-mode N         1 to enable WebRTC video, 0 to disable
    --audio-webrtc-mode N         1 to enable WebRTC audio, 0 to disable
    --hold N                      1 or 2: the session refuses clients without
                                  OnHold support (Web SDK 2.6.10; in the token
                                  of the first user to join); 0 off
` + commonUsage + `
    By default iat is 30 seconds ago and the lifetime 2h, as Zoom's docs and
    samples have them; Zoom accepts 30m to 48h (--ttl 48h).
    --json prints {"signature":…}, as Zoom's auth endpoint samples do.

Credentials:
    The key comes from --key, else ZOOM_VIDEO_SDK_KEY, else ZOOM_SDK_KEY.
    The secret comes from --secret-file, else ZOOM_VIDEO_SDK_SECRET, else
    ZOOM_SDK_SECRET, and is used byte for byte (its UTF-8 bytes are the key).

Examples:
    sdkjwt video --topic "Cool Cars" --role host
    sdkjwt video --topic standup --user-key u-42 --ttl 2h --iat -30s --json
    sdkjwt video --topic standup --secret-file ~/.config/zoom/video-secret
`

func (c *Call) video(args []string) error {
	var f common
	var v sdk.Video
	var role roleFlag
	fs := newFlagSet("video", &f)
	fs.StringVar(&v.Topic, "topic", "", "")
	fs.Var(&role, "role", "")
	fs.StringVar(&v.UserIdentity, "user-identity", "", "")
	fs.StringVar(&v.UserKey, "user-key", "", "")
	fs.StringVar(&v.SessionKey, "session-key", "", "")
	fs.StringVar(&v.GeoRegions, "geo-regions", "", "")
	fs.Var((*optIntFlag)(&v.CloudRecordingOption), "cloud-recording-option", "")
	fs.Var((*optIntFlag)(&v.CloudRecordingElection), "cloud-recording-election", "")
	fs.Var((*optIntFlag)(&v.CloudRecordingTranscriptOption), "cloud-recording-transcript-option", "")
	fs.StringVar(&v.TelemetryTrackingID, "telemetry-tracking-id", "", "")
	fs.Var((*optIntFlag)(&v.VideoWebRTCMode), "video-webrtc-mode", "")
	fs.Var((*optIntFlag)(&v.AudioWebRTCMode), "audio-webrtc-mode", "")
	fs.Var((*optIntFlag)(&v.Hold), "hold", "")
	if err := c.parse(fs, args, videoUsage); err != nil {
		return err
	}
	v.Role, _ = sdk.OptInt(role).Get() // participant unless given
	var err error
	if v.IssuedAt, v.ExpiresAt, err = f.times(c.now, sdk.Backdate, sdk.DefaultLifetime); err != nil {
		return err
	}
	key, signer, err := c.signer(&f, sdk.VideoKind.Env)
	if err != nil {
		return err
	}
	v.Key = key
	token, err := v.Sign(signer)
	if err != nil {
		return err
	}
	c.warnAll(v.Warnings())
	c.checkNow(v.IssuedAt, v.ExpiresAt)
	return c.printToken(token, f.json, "signature", "")
}

// roleFlag parses --role: participant, host, or an integer the sdk checks.
type roleFlag sdk.OptInt

func (r *roleFlag) String() string { return (*optIntFlag)(r).String() }

func (r *roleFlag) Choices() []string { return []string{"participant", "host"} }

func (r *roleFlag) Set(s string) error {
	switch s {
	case "participant":
		*r = roleFlag(sdk.Int(sdk.Participant))
	case "host":
		*r = roleFlag(sdk.Int(sdk.Host))
	default:
		n, err := strconv.Atoi(s)
		if err != nil {
			return errNotRole
		}
		*r = roleFlag(sdk.Int(n))
	}
	return nil
}

// optIntFlag parses an optional integer claim; the sdk checks its range.
type optIntFlag sdk.OptInt

func (o *optIntFlag) String() string {
	if n, ok := sdk.OptInt(*o).Get(); ok {
		return strconv.Itoa(n)
	}
	return ""
}

func (o *optIntFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errNotInteger
	}
	*o = optIntFlag(sdk.Int(n))
	return nil
}
