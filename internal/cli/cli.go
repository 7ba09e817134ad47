// Package cli is the sdkjwt command line: Run parses the arguments and
// runs one command. It is thin: each command (one file each) reads its
// flags and credentials and calls the packages that hold every rule (jwt,
// sdk, hms, livekit, agora, inspect, server).
//
// This file holds the frame: dispatch, help, errors and exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
)

const usage = `sdkjwt makes the HS256 JWTs that the Zoom Video, Meeting and Cobrowse
SDKs need to join sessions, Zoom's Build platform API tokens, 100ms's and
LiveKit's tokens, Agora's AccessToken2, and any other HS256 token.

Usage:
    sdkjwt video --topic NAME [options]     sign a Video SDK token
    sdkjwt meeting [--mn NUMBER] [options]  sign a Meeting SDK token
    sdkjwt cobrowse --role ROLE [options]   sign a Cobrowse SDK token
    sdkjwt api [options]                    sign a Build platform API token
    sdkjwt hms app|management [options]     sign a 100ms auth or management token
    sdkjwt livekit --room R --identity ID   sign a LiveKit access token
    sdkjwt agora rtc|rtm|chat [options]     sign an Agora AccessToken2 (007)
    sdkjwt sign [--claims FILE|-] [options] sign any JSON object (HS256)
    sdkjwt serve [options]                  the auth endpoint of Zoom's samples, over HTTP
    sdkjwt healthcheck [--url URL]          exit 0 if a running serve is ready, else 1
    sdkjwt inspect [TOKEN] [options]        explain a token: why is my signature invalid?
    sdkjwt completion bash|zsh|fish         print a shell completion script
    sdkjwt version                          print the version (also --version)
    sdkjwt help [command|environment]       print this help, a command's, or
                                            the environment variables read

Run 'sdkjwt help COMMAND' (video, meeting, cobrowse, api, hms, livekit, agora,
sign, serve, healthcheck, inspect, completion) for their options.
The token goes to stdout, warnings and errors to stderr.
The secret never goes on the command line: it comes from the environment
or from --secret-file.

Exit codes: 0 success, 1 invalid input or runtime error (for inspect: the
token has an error finding), 2 usage error.
`

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the input breaks a rule, or something failed
	exitUsage = 2 // the command line could not be understood
)

// cli is what a command may touch: nothing else of the process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time

	// flags, when set, is given each flag set instead of parsing it: the
	// command then stops. completion uses it to list a command's flags.
	flags func(*flag.FlagSet)
}

// Run runs the command line args (without the program's name) and returns
// the exit code. It touches nothing of the process but what it is given:
// stdin, stdout, stderr, the environment through getenv, and the clock
// through now.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, now func() time.Time) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: now}
	err := c.dispatch(args)
	switch err {
	case nil, errHelpShown:
		return exitOK
	case errReported:
		return exitError
	}
	code, hint := exitError, ""
	var ue *usageError
	if errors.As(err, &ue) {
		code, hint = exitUsage, ue.hint
	}
	var ce *jwt.ClaimError
	if errors.As(err, &ce) {
		hint = "the claim " + ce.Claim + " comes from " + claimSource(ce.Claim)
	}
	fmt.Fprintf(stderr, "sdkjwt: error: %v\n", err)
	if hint != "" {
		fmt.Fprintf(stderr, "sdkjwt: hint: %s\n", hint)
	}
	return code
}

func (c *cli) dispatch(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, usage)
		return &usageError{msg: "no command given"}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	for _, cmd := range commandTable() {
		if cmd.name == name {
			return cmd.run(c, rest)
		}
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q", name), hint: "commands: " + strings.Join(commandNames(), ", ")}
}

// A command is one of sdkjwt's commands.
type command struct {
	name  string
	sub   []string // the values its first argument takes (hms app|management)
	usage string   // what 'sdkjwt help NAME' prints
	run   func(c *cli, args []string) error
}

// commandTable lists every command in help's order: dispatch, help, the
// shell completions and the man page all read it. It is a function, not a
// variable, so that nothing is built before a command runs.
func commandTable() []command {
	return []command{
		{"video", nil, videoUsage, (*cli).video},
		{"meeting", nil, meetingUsage, (*cli).meeting},
		{"cobrowse", nil, cobrowseUsage, (*cli).cobrowse},
		{"api", nil, apiUsage, (*cli).api},
		{"hms", []string{"app", "management"}, hmsUsage, (*cli).hms},
		{"livekit", nil, livekitUsage, (*cli).livekit},
		{"agora", []string{"rtc", "rtm", "chat"}, agoraUsage, (*cli).agora},
		{"sign", nil, signUsage, (*cli).sign},
		{"serve", nil, serveUsage, (*cli).serve},
		{"healthcheck", nil, healthcheckUsage, (*cli).healthcheck},
		{"inspect", nil, inspectUsage, (*cli).inspect},
		{"completion", []string{"bash", "zsh", "fish"}, completionUsage, (*cli).completion},
		{"version", nil, versionUsage, (*cli).version},
		{"help", nil, usage, (*cli).help}, // its argument: a command's name, or environment
	}
}

// commandNames is every command's name, in help's order.
func commandNames() []string {
	var names []string
	for _, cmd := range commandTable() {
		names = append(names, cmd.name)
	}
	return names
}

const versionUsage = `Usage:
    sdkjwt version
    sdkjwt --version

Prints the version, the VCS revision it was built from and the Go version.
`

func (c *cli) version(args []string) error {
	if len(args) == 1 && isHelpFlag(args[0]) {
		fmt.Fprint(c.stdout, versionUsage)
		return errHelpShown
	}
	if len(args) > 0 {
		return &usageError{msg: "version takes no arguments"}
	}
	fmt.Fprintln(c.stdout, version())
	return nil
}

func (c *cli) help(args []string) error {
	text := usage
	if len(args) > 0 && !isHelpFlag(args[0]) {
		text = ""
		if args[0] == "environment" {
			text = environmentUsage
		}
		for _, cmd := range commandTable() {
			if cmd.name == args[0] {
				text = cmd.usage
			}
		}
		if text == "" || len(args) > 1 {
			return &usageError{msg: fmt.Sprintf("no help for %q", strings.Join(args, " ")), hint: "commands: " + strings.Join(commandNames(), ", ") + "; or environment"}
		}
	}
	fmt.Fprint(c.stdout, text)
	return nil
}

func isHelpFlag(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// A usageError is a command line that could not be understood: exit code 2.
type usageError struct{ msg, hint string }

func (e *usageError) Error() string { return e.msg }

// errHelpShown: --help was asked for and its text printed; exit 0.
var errHelpShown = errors.New("help shown")

// errReported: the output already says what is wrong (inspect's errors); exit 1.
var errReported = errors.New("reported")

// parse parses a command's flags. No positional arguments are taken; they are
// not echoed in the error, since a misplaced secret is the likeliest one.
func (c *cli) parse(fs *flag.FlagSet, args []string, help string) error {
	if err := c.parseFlags(fs, args, help); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("%s takes no positional arguments (%d given)", fs.Name(), fs.NArg()), hint: "every value goes with its flag, as in --topic NAME; quote values that have spaces"}
	}
	return nil
}

// parseFlags parses flags up to the first positional argument.
func (c *cli) parseFlags(fs *flag.FlagSet, args []string, help string) error {
	if c.flags != nil {
		c.flags(fs)
		return errHelpShown
	}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case err == flag.ErrHelp:
		fmt.Fprint(c.stdout, help)
		return errHelpShown
	case err != nil && strings.HasSuffix(err.Error(), " -secret"):
		return &usageError{msg: err.Error(), hint: "sdkjwt never takes a secret on the command line, where other users and shell history see it: set the environment variable, or use --secret-file PATH (- for stdin)"}
	case err != nil:
		return &usageError{msg: err.Error(), hint: fmt.Sprintf("run 'sdkjwt help %s'", fs.Name())}
	}
	// An empty value would otherwise mean "not given": --key "" falling back
	// to the environment, or --mn "" making a native token, unnoticed.
	fs.Visit(func(fl *flag.Flag) {
		if err == nil && fl.Value.String() == "" {
			err = &usageError{msg: fmt.Sprintf("--%s was given an empty value", fl.Name), hint: "leave the flag out, or give it a value"}
		}
	})
	return err
}

// claimSource names the flag (or input) that sets a claim.
func claimSource(claim string) string {
	switch claim {
	case "app_key", "appKey", "access_key", "iss":
		return "--key or the environment"
	case "room_id":
		return "--room"
	case "user_id":
		return "--user (hms) or --user-id (cobrowse)"
	case "tpc":
		return "--topic"
	case "role", "role_type":
		return "--role"
	case "exp":
		return "--exp or --ttl"
	case "nbf":
		return "--nbf"
	case "sub":
		return "--identity"
	case "video.room":
		return "--room"
	case "video.canPublishSources":
		return "--can-publish-sources"
	case "attributes":
		return "--attribute"
	case "roomConfig":
		return "--room-config"
	case "tokenExp":
		return "--token-exp (default: exp)"
	case "appId":
		return "--app-id or AGORA_APP_ID"
	case "expire":
		return "--ttl or --exp"
	case "rtc.channel":
		return "--channel"
	case "rtc.uid":
		return "--uid or --account"
	case "rtc.privileges":
		return "--privilege-ttl"
	case "rtm.user", "chat.user":
		return "--user"
	}
	return "--" + strings.ReplaceAll(claim, "_", "-")
}

// printToken prints the token, or with asJSON the object an auth endpoint
// answers with: {"signature":…} (plus "sdkKey" for meeting) as Zoom's
// samples do, or {"token":…} for 100ms; field names the token's member.
func (c *cli) printToken(token string, asJSON bool, field, sdkKey string) error {
	out := []byte(token)
	if asJSON {
		var o jwt.Object
		out = o.String(o.Open(nil), field, token)
		if sdkKey != "" {
			out = o.String(out, "sdkKey", sdkKey)
		}
		var err error
		if out, err = o.Close(out); err != nil {
			return err
		}
	}
	_, err := c.stdout.Write(append(out, '\n'))
	return err
}

func (c *cli) warn(format string, args ...any) {
	fmt.Fprintf(c.stderr, "sdkjwt: warning: "+format+"\n", args...)
}

// releaseVersion is the release's version, set by .ci/release with
// -ldflags=-X; empty, the module version in the build information is used.
var releaseVersion string

// version reports the version, VCS revision and Go version from the build
// information the Go toolchain embeds.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "sdkjwt (unknown version)"
	}
	v := "sdkjwt " + bi.Main.Version
	if releaseVersion != "" {
		v = "sdkjwt " + releaseVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value
		case "vcs.modified":
			if s.Value == "true" {
				v += "+modified"
			}
		}
	}
	return v + " " + bi.GoVersion
}

var (
	errNotRole         = errors.New("want participant, host, 0 or 1")
	errNotCobrowseRole = errors.New("want customer, agent, 1 or 2")
	errNotInteger      = errors.New("want an integer")
)
