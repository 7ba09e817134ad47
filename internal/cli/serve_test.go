package cli

import (
	"strings"
	"testing"
)

// TestServeRefuses: serve's start-up errors, before it listens.
func TestServeRefuses(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		code int
		msg  string
	}{
		{nil, nil, exitError, "error: no credentials: set ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET, ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET, or LIVEKIT_API_KEY and LIVEKIT_API_SECRET"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k"}, nil, exitError, "error: ZOOM_VIDEO_SDK_KEY is set but ZOOM_VIDEO_SDK_SECRET is not: refusing to start, every request would fail"},
		{map[string]string{"ZOOM_MEETING_SDK_SECRET": marker}, nil, exitError, "error: ZOOM_MEETING_SDK_SECRET is set but ZOOM_MEETING_SDK_KEY is not: refusing to start"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--sdk", "meeting"}, exitError, "error: --sdk meeting: its credentials are not set"},
		{nil, []string{"--sdk", "cobrowse"}, exitUsage, `error: --sdk "cobrowse": want meeting, video or livekit`},
		{nil, []string{"--max-role", "admin"}, exitUsage, `error: --max-role "admin": want participant or host`},
		{nil, []string{"--log-format", "xml"}, exitUsage, `error: --log-format "xml": want text or json`},
		{nil, []string{"--max-concurrent", "0"}, exitUsage, `error: --max-concurrent "0": not a positive integer`},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--auth-token-file", "/nonexistent"}, exitError, "error: auth token: secret file: open /nonexistent"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--addr", "256.0.0.1:1"}, exitError, "256.0.0.1"},
		{liveKitEnv(""), nil, exitError, "error: LIVEKIT_URL is not set: the LiveKit endpoint answers it as server_url"},
		{map[string]string{"LIVEKIT_API_SECRET": marker}, nil, exitError, "error: LIVEKIT_API_SECRET is set but LIVEKIT_API_KEY is not"},
		{map[string]string{"ZOOM_VIDEO_SDK_KEY": "k", "ZOOM_VIDEO_SDK_SECRET": marker}, []string{"--livekit-room", "r"}, exitError, "error: --livekit-room, --livekit-allow and --livekit-grant need LIVEKIT_API_KEY and LIVEKIT_API_SECRET"},
		{liveKitEnv("wss://x"), []string{"--livekit-allow", "participant_identity"}, exitUsage, `error: --livekit-allow "participant_identity": want participant_metadata, participant_attributes, room_config`},
		{liveKitEnv("wss://x"), []string{"--livekit-grant", "canPublish=no"}, exitUsage, `error: --livekit-grant "canPublish=no": want NAME=true or NAME=false`},
		{liveKitEnv("wss://x"), []string{"--livekit-grant", "canPublishSources=camera,screen"}, exitUsage, `"screen" is not one of camera, microphone, screen_share, screen_share_audio`},
		{liveKitEnv("wss://x"), []string{"--livekit-grant", "roomAdmin"}, exitUsage, `error: --livekit-grant "roomAdmin": want canPublish, canSubscribe`},
		{liveKitEnv("wss://x"), []string{"--sdk", "video"}, exitError, "error: --sdk video: its credentials are not set"},
	} {
		r := sdkjwt(t, tc.env, "", append([]string{"serve"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.msg) || strings.Contains(r.stderr, marker) {
			t.Errorf("%v %q: %+v, want exit %d and %q", tc.env, tc.args, r, tc.code, tc.msg)
		}
	}
}

func liveKitEnv(url string) map[string]string {
	return map[string]string{"LIVEKIT_API_KEY": "APIkey", "LIVEKIT_API_SECRET": marker, "LIVEKIT_URL": url}
}
