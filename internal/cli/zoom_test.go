package cli

// Zoom's commands: the vectors through the command line, and the
// successes of video and meeting.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

// vectorsThroughCLI signs every vector of kind ("video" or "meeting") from
// the command line, with the credentials taken from the environment, a
// --secret-file or stdin in turn, compares stdout with the independent token
// byte for byte, and returns how many it signed.
func vectorsThroughCLI(t *testing.T, kind string) (n int) {
	dir := t.TempDir()
	for i, v := range vectors.Load(t, "../../testdata") {
		if v.Kind != kind {
			continue
		}
		args := cliArgs(t, v)
		if args == nil || v.Name == "bad_meeting_mn_without_role" { // the CLI's --role defaults to participant
			continue
		}
		kind := strings.ToUpper(v.Kind)
		env := map[string]string{"ZOOM_" + kind + "_SDK_KEY": v.Key, "ZOOM_" + kind + "_SDK_SECRET": v.Secret}
		stdin := ""
		switch i % 3 {
		case 1:
			file := filepath.Join(dir, v.Name)
			if err := os.WriteFile(file, []byte(v.Secret+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			args = append(args, "--secret-file", file)
			env = map[string]string{"ZOOM_SDK_KEY": v.Key}
		case 2:
			args = append(args, "--secret-file", "-", "--key", v.Key)
			stdin, env = v.Secret+"\r\n", nil
		}
		r := sdkjwt(t, env, stdin, args...)
		if v.Reject != "" {
			if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "error: "+v.Reject+" ") {
				t.Errorf("%s: %v: got %+v, want exit 1 naming %s", v.Name, args, r, v.Reject)
			}
			continue
		}
		if r.code != exitOK || r.stdout != v.Token+"\n" {
			t.Errorf("%s: %q:\n got %+v\nwant %s", v.Name, args, r, v.Token)
		}
		n++
	}
	return n
}

// cliArgs turns a vector's inputs into the flags a user would type.
func cliArgs(t *testing.T, v vectors.Vector) []string {
	f := v.Fields
	args := []string{v.Kind, "--iat", strconv.FormatInt(v.IAT, 10), "--exp", strconv.FormatInt(v.Exp, 10)}
	str := func(flag, s string) {
		if s != "" {
			args = append(args, flag, s)
		}
	}
	num := func(flag string, n *int) {
		if n != nil {
			args = append(args, flag, strconv.Itoa(*n))
		}
	}
	if v.Kind == "meeting" {
		var mn string
		if f.MN != nil && json.Unmarshal(f.MN, &mn) != nil {
			return nil // a number: sdkjwt emits mn as a string
		}
		if v.InputMN != "" {
			mn = v.InputMN
		}
		str("--mn", mn)
		num("--role", f.Role)
		if f.TokenExp != 0 {
			str("--token-exp", strconv.FormatInt(f.TokenExp, 10))
		}
		num("--video-webrtc-mode", f.VideoWebRTCMode)
		return args
	}
	var geo string
	if f.GeoRegions != nil && json.Unmarshal(f.GeoRegions, &geo) != nil {
		var list []string
		json.Unmarshal(f.GeoRegions, &list)
		geo = strings.Join(list, ",")
	}
	str("--topic", f.Tpc)
	num("--role", &f.RoleType)
	str("--user-identity", f.UserIdentity)
	str("--user-key", f.UserKey)
	str("--session-key", f.SessionKey)
	str("--geo-regions", geo)
	num("--cloud-recording-option", f.CloudRecordingOption)
	num("--cloud-recording-election", f.CloudRecordingElection)
	str("--telemetry-tracking-id", f.TelemetryTrackingID)
	num("--video-webrtc-mode", f.VideoWebRTCMode)
	num("--audio-webrtc-mode", f.AudioWebRTCMode)
	num("--cloud-recording-transcript-option", f.CloudRecordingTranscriptOption)
	return args
}

// zoomgenThroughCLI signs testdata/zoomgen's vectors of kind ("cobrowse",
// "api" or "video-hold"; jsrsasign) from the command line, compares stdout
// with the independent token byte for byte, or checks the claim refused, and
// returns how many ran. The clock is 30 seconds after each vector's iat, so
// that nothing is dead on arrival.
func zoomgenThroughCLI(t *testing.T, kind string) (ran int) {
	bases := map[string]vectors.Vector{}
	for _, v := range vectors.Load(t, "../../testdata") {
		bases[v.Name] = v
	}
	for _, v := range vectors.LoadZoomgen(t, "../../testdata") {
		if v.Kind != kind {
			continue
		}
		f := v.Fields
		times := []string{"--iat", strconv.FormatInt(v.IAT, 10), "--exp", strconv.FormatInt(v.Exp, 10)}
		var args []string
		var env map[string]string
		switch v.Kind {
		case "cobrowse":
			if f.RoleType != 1 && f.RoleType != 2 || f.EnableBYOP != nil && *f.EnableBYOP != 1 {
				continue // --role and --byop cannot say these
			}
			env = map[string]string{"ZOOM_SDK_KEY": v.Key, "ZOOM_SDK_SECRET": v.Secret}
			args = append([]string{"cobrowse", "--role", strconv.Itoa(f.RoleType), "--user-id", f.UserID}, times...)
			if f.UserName != "" {
				args = append(args, "--user-name", f.UserName)
			}
			if f.EnableBYOP != nil {
				args = append(args, "--byop")
			}
		case "api":
			env = map[string]string{"ZOOM_API_KEY": v.Key, "ZOOM_API_SECRET": v.Secret}
			args = append([]string{"api"}, times...)
		case "video-hold":
			env = map[string]string{"ZOOM_VIDEO_SDK_KEY": v.Key, "ZOOM_VIDEO_SDK_SECRET": v.Secret}
			args = append(cliArgs(t, bases[f.Base]), "--hold", strconv.Itoa(*f.Hold))
		}
		ran++
		r := sdkjwtAt(t, v.IAT+30, env, "", args...)
		if v.Reject != "" {
			if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "error: "+v.Reject+" ") {
				t.Errorf("%s: %q: got %+v, want exit 1 naming %s", v.Name, args, r, v.Reject)
			}
			continue
		}
		if r.code != exitOK || r.stdout != v.Token+"\n" {
			t.Errorf("%s: %q: got %+v\nwant %s", v.Name, args, r, v.Token)
		}
		switch {
		case v.Name == "api_two_hours":
			if !strings.Contains(r.stderr, "warning: exp is more than an hour after iat, and Zoom suggests at most one hour") {
				t.Errorf("%s: no warning about the lifetime: %q", v.Name, r.stderr)
			}
		case v.Exp-v.IAT == 1800 && v.Kind != "api":
			if !strings.Contains(r.stderr, "warning: exp is exactly 1800 seconds after iat") {
				t.Errorf("%s: no warning about the lifetime's edge: %q", v.Name, r.stderr)
			}
		case r.stderr != "" && !strings.Contains(r.stderr, "warning: tpc has a character outside those Zoom documents"):
			t.Errorf("%s: stderr %q", v.Name, r.stderr)
		}
	}
	return ran
}

func TestSuccess(t *testing.T) {
	videoEnv := map[string]string{"ZOOM_VIDEO_SDK_KEY": key, "ZOOM_VIDEO_SDK_SECRET": secret}
	meetingEnv := map[string]string{"ZOOM_MEETING_SDK_KEY": key, "ZOOM_MEETING_SDK_SECRET": secret}
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		stdout   string // "": a token, with no vector to compare it with
		warnings string // must be in stderr; "" means stderr is empty
	}{
		{"the issue's example", videoEnv, []string{"video", "--topic", "Cool Cars", "--role", "host", "--iat", "1700000000", "--ttl", "2h"}, videoMinimalHost + "\n", ""},
		{"ttl in seconds, role as 1", videoEnv, []string{"video", "--topic", "Cool Cars", "--role", "1", "--ttl", "7200"}, videoMinimalHost + "\n", ""},
		{"relative iat", videoEnv, []string{"video", "--topic", "Cool Cars", "--role", "host", "--iat", "-60s", "--ttl", "2h"},
			"", ""}, // checked below: a different iat, so a different token
		{"single-dash flags", videoEnv, []string{"video", "-topic", "Cool Cars", "-role", "host", "-exp", "1700007200"}, videoMinimalHost + "\n", ""},
		{"--json video", videoEnv, []string{"video", "--topic", "Cool Cars", "--role", "host", "--ttl", "2h", "--json"}, `{"signature":"` + videoMinimalHost + `"}` + "\n", ""},
		{"--json meeting", meetingEnv, []string{"meeting", "--mn", "123456789", "--ttl", "2h", "--json"}, `{"signature":"` + meetingWebAttendee + `","sdkKey":"` + key + `"}` + "\n", ""},
		{"meeting, role defaults to participant", meetingEnv, []string{"meeting", "--mn", "123-456 789", "--ttl", "2h"}, meetingWebAttendee + "\n", ""},
		{"meeting, role by name", meetingEnv, []string{"meeting", "--mn", "123456789", "--role", "participant", "--ttl", "2h"}, meetingWebAttendee + "\n", ""},
		{"fallback variables", map[string]string{"ZOOM_SDK_KEY": key, "ZOOM_SDK_SECRET": secret}, []string{"meeting", "--mn", "123456789", "--ttl", "2h"}, meetingWebAttendee + "\n", ""},
		{"--key overrides", map[string]string{"ZOOM_MEETING_SDK_KEY": "other", "ZOOM_MEETING_SDK_SECRET": secret}, []string{"meeting", "--mn", "123456789", "--ttl", "2h", "--key", key}, meetingWebAttendee + "\n", ""},
		{"mixed pair", map[string]string{"ZOOM_VIDEO_SDK_KEY": key, "ZOOM_SDK_SECRET": secret}, []string{"video", "--topic", "Cool Cars", "--role", "host", "--ttl", "2h"}, videoMinimalHost + "\n",
			"warning: the key comes from ZOOM_VIDEO_SDK_KEY but the secret from ZOOM_SDK_SECRET"},
		{"tpc charset", map[string]string{"ZOOM_VIDEO_SDK_KEY": "vQ3xR8sTzLmN4pKwYb2Hc", "ZOOM_VIDEO_SDK_SECRET": secret}, []string{"video", "--topic", "Grüße aus Zürich — 東京", "--ttl", "2h"}, vectorToken(t, "esc_tpc_non_ascii") + "\n",
			`warning: tpc has a character outside those Zoom documents (letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,\), got 'ü' in "Grüße aus Zürich — 東京"`},
		{"48 hours, Zoom's maximum, when asked", meetingEnv, []string{"meeting", "--mn", "123456789", "--ttl", "48h"}, vectorToken(t, "opt_meeting_48h_default") + "\n", ""},
		{"user_identity and user_key", videoEnv, []string{"video", "--topic", "ids", "--user-identity", "a", "--user-key", "b"}, vectorToken(t, "opt_user_identity_and_user_key") + "\n", "sdkjwt: warning: user_key is the new name of user_identity, and both are set: Zoom documents one field, so set only user_key, got \"b\"\n"},
		{"key with whitespace", map[string]string{"ZOOM_VIDEO_SDK_KEY": key + "\n", "ZOOM_VIDEO_SDK_SECRET": secret}, []string{"video", "--topic", "Cool Cars", "--role", "host", "--ttl", "2h"}, "",
			"warning: the key has leading or trailing whitespace"},
		{"env secret with whitespace", map[string]string{"ZOOM_VIDEO_SDK_KEY": key, "ZOOM_VIDEO_SDK_SECRET": secret + " "}, []string{"video", "--topic", "space", "--ttl", "2h"}, vectorToken(t, "secret_trailing_space") + "\n",
			"warning: ZOOM_VIDEO_SDK_SECRET has leading or trailing whitespace"},
	} {
		r := sdkjwt(t, tc.env, "", tc.args...)
		if tc.name == "relative iat" {
			if r.code != 0 || r.stdout == videoMinimalHost+"\n" || len(r.stdout) != len(videoMinimalHost)+1 {
				t.Errorf("%s: %+v", tc.name, r)
			}
			r = sdkjwt(t, tc.env, "", "video", "--topic", "Cool Cars", "--role", "host", "--iat", "-30s", "--ttl", "2h")
			if r.stdout != videoMinimalHost+"\n" {
				t.Errorf("--iat -0s: %+v", r)
			}
			continue
		}
		if r.code != exitOK || r.stdout != tc.stdout && tc.stdout != "" || r.stdout == "" {
			t.Errorf("%s: got %+v\nwant stdout %s", tc.name, r, tc.stdout)
		}
		if tc.warnings == "" && r.stderr != "" || !strings.Contains(r.stderr, tc.warnings) {
			t.Errorf("%s: stderr %q, want %q", tc.name, r.stderr, tc.warnings)
		}
	}
}
