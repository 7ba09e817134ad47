package cli

import (
	"flag"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/server"
)

// A Vendor is what one vendor adds to the command line. Its package holds
// its rules; its files here (internal/cli/VENDOR*.go) define this value,
// and one line of vendors.go registers it.
type Vendor struct {
	// Name is how help names the vendor, e.g. "LiveKit".
	Name string
	// Tokens says what its tokens are, for the first line of help:
	// "LiveKit's access tokens".
	Tokens string
	// Commands are its commands, in help's order.
	Commands []Command
	// Env documents the environment variables its commands read, for
	// 'sdkjwt help environment'.
	Env []EnvVar
	// Codes and Kinds are inspect codes and kinds to register with package
	// inspect, for a vendor whose package does not register its own (a
	// vendor's package does, from init, so that a program of its own that
	// imports it explains its tokens).
	Codes []inspect.CodeInfo
	Kinds []*inspect.Kind
	// Hints add sdkjwt's flags to the hints of its inspect codes.
	Hints map[inspect.Code]string
	// Serve, if set, adds its endpoints to sdkjwt serve.
	Serve *Serve
}

// A Command is one of sdkjwt's commands.
type Command struct {
	Name     string
	Sub      []string // the values its first argument takes (hms app|management)
	Synopsis string   // its line in help, after "sdkjwt ": "livekit --room R --identity ID"
	Short    string   // what it does, for help: "sign a LiveKit access token"
	Usage    string   // what 'sdkjwt help NAME' prints
	Run      func(c *Call, args []string) error
	// Claims names the flag or input each claim of its tokens comes from,
	// for the hint of an error on that claim; a claim it does not list
	// comes from --exp or --ttl (exp), --nbf (nbf), else --NAME, its
	// underscores as hyphens.
	Claims map[string]string

	usage func() string // sdkjwt's own commands whose help is made of the vendors'
}

// An EnvVar documents environment variables for 'sdkjwt help environment'.
type EnvVar struct {
	Names string // "LIVEKIT_API_KEY, LIVEKIT_API_SECRET"
	Doc   string // who reads them, and what they hold
}

// Serve is what a vendor adds to sdkjwt serve.
type Serve struct {
	About   string        // its endpoints, for serve's help: a paragraph
	Options string        // its flags' lines for serve's help, if it has flags
	Env     []inspect.Env // the key and secret variables of its endpoints
	// Credentials says more of its variables, for serve's help.
	Credentials string
	// Flags registers its flags with serve's flag set and returns what
	// makes its routes from them and the environment, at start and at
	// each SIGHUP: every route it has, with a nil Token when its
	// credentials are not set (such a route answers 404). Warnings go to
	// c.warn, which serve sends to its log.
	Flags func(fs *flag.FlagSet) func(c *Call) ([]server.Route, error)
}

// registry holds the registered vendors.
var registry struct {
	sync.RWMutex
	vendors []Vendor
}

// Register adds a vendor to the command line, after those registered
// before it; vendors.go registers sdkjwt's own, one line each. It registers
// the vendor's inspect codes and kinds with package inspect, unless they
// are already. It panics if a command's name is taken.
func Register(v Vendor) {
	for _, cmd := range v.Commands {
		if slices.Contains(commandNames(), cmd.Name) {
			panic("cli: command " + cmd.Name + " registered twice")
		}
	}
	inspect.Register(v.Codes, v.Kinds...)
	registry.Lock()
	defer registry.Unlock()
	registry.vendors = append(registry.vendors, v)
}

// vendors returns the registered vendors, in the order registered.
func vendors() []Vendor {
	registry.RLock()
	defer registry.RUnlock()
	return registry.vendors
}

// environmentUsage lists the variables every registered vendor reads, then
// sdkjwt's own.
func environmentUsage() string {
	var b strings.Builder
	b.WriteString("Environment variables sdkjwt reads:\n\n")
	for _, v := range vendors() {
		for _, e := range v.Env {
			b.WriteString("    " + e.Names + "\n" + wrap(e.Doc, 76, "        "))
		}
	}
	b.WriteString(`    SDKJWT_SECRET
        sign, and inspect for a token of no vendor's kind
    SDKJWT_PRIVATE_KEY
        sign --alg RS256: the RSA private key, PEM (PKCS#1 or PKCS#8);
        SDKJWT_PRIVATE_KEY_FILE is the usual way to give it
    PORT
        serve and healthcheck: listen on (ask) :PORT when --addr (--url) is
        not given (else :4000)
    CREDENTIALS_DIRECTORY
        systemd's credentials: $CREDENTIALS_DIRECTORY/NAME holds the key or
        secret NAME when neither NAME nor NAME_FILE is set

Every key and secret above may come from a file instead: NAME_FILE names
it (the convention of Docker's and Kubernetes' secrets); setting both NAME
and NAME_FILE is an error. Such a file is read as --secret-file reads one:
a regular file of at most 4 KiB, one trailing newline removed, a warning if
others may read it. serve reads the files again on SIGHUP.

A flag wins over a variable: --key (--app-id) over the key's, --secret-file
over the secret's. No flag takes a secret itself.
`)
	return b.String()
}

// servers returns, for each registered vendor with endpoints, what makes
// its routes, its flags registered with fs.
func servers(fs *flag.FlagSet) []func(c *Call) ([]server.Route, error) {
	var out []func(c *Call) ([]server.Route, error)
	for _, v := range vendors() {
		if v.Serve != nil {
			out = append(out, v.Serve.Flags(fs))
		}
	}
	return out
}

// servedEnv lists the variables of every registered endpoint: "A and B,
// C and D or E and F".
func servedEnv() string {
	var pairs []string
	for _, v := range vendors() {
		if v.Serve != nil {
			for _, e := range v.Serve.Env {
				pairs = append(pairs, e.Key+" and "+e.Secret)
			}
		}
	}
	return or(pairs)
}

// servedKinds are the kinds of every registered route, as serve's --sdk
// names them: made by the vendors' route makers with no flag and no
// credentials.
func servedKinds() []string {
	c := &Call{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, warnings: new([]string)}
	var kinds []string
	for _, routes := range servers(flag.NewFlagSet("serve", flag.ContinueOnError)) {
		rs, _ := routes(c)
		for _, r := range rs {
			if !slices.Contains(kinds, r.Kind) {
				kinds = append(kinds, r.Kind)
			}
		}
	}
	return kinds
}
