// Package cli is the sdkjwt command line: Run parses the arguments and
// runs one command. It is thin: each command (one file each) reads its
// flags and credentials and calls the packages that hold every rule (jwt,
// inspect, server, and each vendor's).
//
// A vendor is its own files here (internal/cli/VENDOR*.go: its commands,
// its serve endpoints) and one line in vendors.go, which registers it
// (Register): help, completion, the man page, inspect's help and hints and
// serve's routes are made from the registered vendors. This file holds the
// frame: dispatch, help, errors and exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the input breaks a rule, or something failed
	exitUsage = 2 // the command line could not be understood
)

// A Call is one run of the command line: what a command may touch, and
// nothing else of the process.
type Call struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time

	// flags, when set, is given each flag set instead of parsing it: the
	// command then stops. completion uses it to list a command's flags.
	flags func(*flag.FlagSet)
	// warnings, when set, collects the warnings instead of stderr (serve's
	// configuration, which goes to its log).
	warnings *[]string
	// secrets are the secrets read, which stdout and stderr redact.
	secrets *secrets
}

// Run runs the command line args (without the program's name) and returns
// the exit code. It touches nothing of the process but what it is given:
// stdin, stdout, stderr, the environment through getenv, and the clock
// through now.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, now func() time.Time) int {
	// Every secret the process reads is kept out of what it writes.
	secrets := new(secrets)
	for _, name := range secretVariables() {
		secrets.add([]byte(getenv(name)))
	}
	stdout, stderr = redactor{stdout, secrets}, redactor{stderr, secrets}
	c := &Call{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: now, secrets: secrets}
	cmd, err := c.dispatch(args)
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
		hint = "the claim " + ce.Claim + " comes from " + cmd.claimSource(ce.Claim)
	}
	fmt.Fprintf(stderr, "sdkjwt: error: %v\n", err)
	if hint != "" {
		fmt.Fprintf(stderr, "sdkjwt: hint: %s\n", hint)
	}
	return code
}

// dispatch runs the command args name, and returns it.
func (c *Call) dispatch(args []string) (Command, error) {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, usage())
		return Command{}, &usageError{msg: "no command given"}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	for _, cmd := range commandTable() {
		if cmd.Name == name {
			return cmd, cmd.Run(c, rest)
		}
	}
	return Command{}, &usageError{msg: fmt.Sprintf("unknown command %q", name), hint: "commands: " + strings.Join(commandNames(), ", ")}
}

// commandTable lists every command in help's order: the registered
// vendors' commands, then sdkjwt's own. Dispatch, help, the shell
// completions and the man page all read it. It is a function, not a
// variable, so that nothing is built before a command runs.
func commandTable() []Command {
	var cmds []Command
	for _, v := range vendors() {
		cmds = append(cmds, v.Commands...)
	}
	return append(cmds,
		Command{Name: "sign", Synopsis: "sign [--claims FILE|-] [options]", Short: "sign any JSON object (HS256 or RS256)", Usage: signUsage, Run: (*Call).sign},
		Command{Name: "serve", Synopsis: "serve [options]", Short: "the vendors' token endpoints, over HTTP", usage: serveUsage, Run: (*Call).serve},
		Command{Name: "healthcheck", Synopsis: "healthcheck [--url URL]", Short: "exit 0 if a running serve is ready, else 1", Usage: healthcheckUsage, Run: (*Call).healthcheck},
		Command{Name: "inspect", Synopsis: "inspect [TOKEN] [options]", Short: "explain a token: why is my signature invalid?", usage: inspectUsage, Run: (*Call).inspect},
		Command{Name: "completion", Sub: []string{"bash", "zsh", "fish"}, Synopsis: "completion bash|zsh|fish", Short: "print a shell completion script", Usage: completionUsage, Run: (*Call).completion},
		Command{Name: "version", Synopsis: "version", Short: "print the version (also --version)", Usage: versionUsage, Run: (*Call).version},
		// help's argument: a command's name, or environment.
		Command{Name: "help", Synopsis: "help [command|environment]", Short: "print this help, a command's, or\nthe environment variables read", usage: usage, Run: (*Call).help},
	)
}

// help returns what 'sdkjwt help NAME' prints: Usage, or the text made of
// the registered vendors.
func (cmd Command) help() string {
	if cmd.usage != nil {
		return cmd.usage()
	}
	return cmd.Usage
}

// commandNames is every command's name, in help's order.
func commandNames() []string {
	var names []string
	for _, cmd := range commandTable() {
		names = append(names, cmd.Name)
	}
	return names
}

// usage is sdkjwt's help: what it makes, of the registered vendors, and
// each command in a line.
func usage() string {
	var tokens []string
	for _, v := range vendors() {
		tokens = append(tokens, v.Tokens)
	}
	var b strings.Builder
	b.WriteString(wrap("sdkjwt makes "+strings.Join(append(tokens, "and any other HS256 or RS256 token."), ", "), 76, ""))
	b.WriteString("\nUsage:\n")
	for _, cmd := range commandTable() {
		lines := strings.Split(cmd.Short, "\n")
		fmt.Fprintf(&b, "    %-39s %s\n", "sdkjwt "+cmd.Synopsis, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "    %-39s %s\n", "", l)
		}
	}
	names := strings.Join(commandNames()[:len(commandNames())-2], ", ") // all but version and help
	b.WriteString("\n" + wrap("Run 'sdkjwt help COMMAND' ("+names+") for their options.", 76, ""))
	b.WriteString(`The token goes to stdout, warnings and errors to stderr.
The secret never goes on the command line: it comes from the environment
or from --secret-file.

Exit codes: 0 success, 1 invalid input or runtime error (for inspect: the
token has an error finding), 2 usage error.
`)
	return b.String()
}

// wrap fills text into lines of at most width bytes, each after indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	return b.String() + line + "\n"
}

const versionUsage = `Usage:
    sdkjwt version
    sdkjwt --version

Prints the version, the VCS revision it was built from and the Go version.
`

func (c *Call) version(args []string) error {
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

func (c *Call) help(args []string) error {
	text := usage()
	if len(args) > 0 && !isHelpFlag(args[0]) {
		text = ""
		if args[0] == "environment" {
			text = environmentUsage()
		}
		for _, cmd := range commandTable() {
			if cmd.Name == args[0] {
				text = cmd.help()
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

// secretFlags are the flags other tools take a secret with; sdkjwt has none
// of them, and says why.
var secretFlags = []string{"secret", "api-secret", "app-secret", "app-certificate", "client-secret"}

// parse parses a command's flags. No positional arguments are taken; they are
// not echoed in the error, since a misplaced secret is the likeliest one.
func (c *Call) parse(fs *flag.FlagSet, args []string, help string) error {
	if err := c.parseFlags(fs, args, help); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{msg: fmt.Sprintf("%s takes no positional arguments (%d given)", fs.Name(), fs.NArg()), hint: "every value goes with its flag, as in --topic NAME; quote values that have spaces"}
	}
	return nil
}

// parseFlags parses flags up to the first positional argument.
func (c *Call) parseFlags(fs *flag.FlagSet, args []string, help string) error {
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
	case err != nil && slices.ContainsFunc(secretFlags, func(f string) bool { return strings.HasSuffix(err.Error(), " -"+f) }):
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

// claimSource names the flag (or input) that sets a claim of the command's
// tokens: its Claims, those every signing command shares, else --NAME.
func (cmd Command) claimSource(claim string) string {
	if s, ok := cmd.Claims[claim]; ok {
		return s
	}
	switch claim {
	case "exp":
		return "--exp or --ttl"
	case "nbf":
		return "--nbf"
	}
	return "--" + strings.ReplaceAll(claim, "_", "-")
}

// printToken prints the token, or with asJSON the object an auth endpoint
// answers with: {"signature":…} (plus "sdkKey" for meeting) as Zoom's
// samples do, or {"token":…} for 100ms; field names the token's member.
func (c *Call) printToken(token string, asJSON bool, field, sdkKey string) error {
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

func (c *Call) warn(format string, args ...any) {
	if c.warnings != nil {
		*c.warnings = append(*c.warnings, fmt.Sprintf(format, args...))
		return
	}
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

// or joins items as "a, b or c".
func or(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// A choice is a string flag whose value is one of a fixed set: the command
// checks it against values (the same slice), and completion offers them.
type choice struct {
	value  *string
	values []string
}

func (c choice) String() string {
	if c.value == nil {
		return ""
	}
	return *c.value
}

func (c choice) Set(s string) error { *c.value = s; return nil }

// Choices are what completion offers after the flag; roleFlag and
// cobrowseRole have them too.
func (c choice) Choices() []string { return c.values }

// list is a flag that may be repeated (--allow-origin, --livekit-grant,
// livekit's --attribute).
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }
