package cli

import (
	"flag"
	"fmt"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/sdk"
	"github.com/sdkjwt/sdkjwt/server"
)

// zoom is Zoom on the command line: the video, meeting, cobrowse and api
// commands (video.go, meeting.go, cobrowse.go, api.go) and the endpoints
// of its auth endpoint samples.
var zoomVendor = Vendor{
	Name:   "Zoom",
	Tokens: "the HS256 JWTs that the Zoom Video, Meeting and Cobrowse SDKs need to join sessions, Zoom's Build platform API tokens",
	Commands: []Command{
		{Name: "video", Synopsis: "video --topic NAME [options]", Short: "sign a Video SDK token", Usage: videoUsage, Run: (*Call).video,
			Claims: map[string]string{"app_key": keySource, "tpc": "--topic", "role_type": "--role"}},
		{Name: "meeting", Synopsis: "meeting [--mn NUMBER] [options]", Short: "sign a Meeting SDK token", Usage: meetingUsage, Run: (*Call).meeting,
			Claims: map[string]string{"appKey": keySource, "tokenExp": "--token-exp (default: exp)"}},
		{Name: "cobrowse", Synopsis: "cobrowse --role ROLE [options]", Short: "sign a Cobrowse SDK token", Usage: cobrowseUsage, Run: (*Call).cobrowse,
			Claims: map[string]string{"app_key": keySource, "role_type": "--role"}},
		{Name: "api", Synopsis: "api [options]", Short: "sign a Build platform API token", Usage: apiUsage, Run: (*Call).api,
			Claims: map[string]string{"iss": keySource}},
	},
	Env: []EnvVar{
		{"ZOOM_VIDEO_SDK_KEY, ZOOM_VIDEO_SDK_SECRET", "video, serve (POST /video), inspect: the Video SDK's key and secret"},
		{"ZOOM_MEETING_SDK_KEY, ZOOM_MEETING_SDK_SECRET", "meeting, serve (POST /meeting), inspect: the Meeting SDK's"},
		{"ZOOM_SDK_KEY, ZOOM_SDK_SECRET", "cobrowse, inspect; video and meeting when theirs are not set"},
		{"ZOOM_API_KEY, ZOOM_API_SECRET", "api, inspect: a Build platform app's"},
	},
	Hints: map[inspect.Code]string{
		"legacy-web-signature": ": sdkjwt meeting --mn NUMBER --role 0",
		"zoom-api-token":       " (sdkjwt api: ZOOM_API_KEY, ZOOM_API_SECRET)",
	},
	Serve: &Serve{
		About: "POST /meeting and POST /video are Zoom's meetingsdk-auth-endpoint-sample and videosdk-auth-endpoint-sample: the same request bodies, the same errors, the same answers.",
		Options: `    --max-role participant  Zoom: refuse host tokens (default host: both)
`,
		Env:         zoomServeEnv,
		Credentials: "Zoom's, as the samples read them",
		Flags:       zoomServe,
	},
}

// zoomServeEnv are the variables of POST /meeting and POST /video, as the
// samples read them.
var zoomServeEnv = []inspect.Env{sdk.MeetingWebKind.Env[0], sdk.VideoKind.Env[0]}

// keySource is where every command's key comes from.
const keySource = "--key or the environment"

// zoomServe registers --max-role and returns what makes the Meeting and
// Video routes.
func zoomServe(fs *flag.FlagSet) func(c *Call) ([]server.Route, error) {
	maxRole := fs.String("max-role", "host", "")
	return func(c *Call) ([]server.Route, error) {
		if *maxRole != "participant" && *maxRole != "host" {
			return nil, &usageError{msg: fmt.Sprintf("--max-role %q: want participant or host", *maxRole)}
		}
		meeting, err := c.credentials(zoomServeEnv[0])
		if err != nil {
			return nil, err
		}
		video, err := c.credentials(zoomServeEnv[1])
		if err != nil {
			return nil, err
		}
		only := *maxRole == "participant"
		return []server.Route{server.Meeting(meeting, only), server.Video(video, only)}, nil
	}
}
