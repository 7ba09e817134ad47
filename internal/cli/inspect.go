package cli

import (
	"bytes"
	"crypto/rsa"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/jwt/rsakey"
)

// inspectUsage is inspect's help, with the registered vendors, their kinds
// and variables.
func inspectUsage() string {
	var names, kinds, secrets []string
	for _, v := range vendors() {
		names = append(names, v.Name)
	}
	all := inspect.Kinds()
	slices.SortFunc(all, func(a, b *inspect.Kind) int { return strings.Compare(a.Name, b.Name) })
	for _, k := range all {
		kinds = append(kinds, k.Name)
		for _, e := range k.Env {
			if !slices.Contains(secrets, e.Secret) {
				secrets = append(secrets, e.Secret)
			}
		}
	}
	return `Usage:
    sdkjwt inspect [TOKEN | -] [--secret-file PATH|-] [--key KEY] [--json] [--now UNIX]
                   [--use USE] [--room ROOM, --uid UID, …]

` + wrap("Decodes a token, offline, and explains why its vendor ("+or(names)+") would refuse it. "+
		"The first line is the verdict (REFUSED, OK or UNVERIFIED, and why); then come the findings, most severe first, each with a code, a severity and a hint; "+
		"then the kind ("+or(append(kinds, "unknown"))+"), the header and payload in their order with numbers as written "+
		"(for a token that is not a JWT, what it holds), and the times in UTC and relative to now.", 78, "") + `
The token comes from the argument, or from stdin if it is - or absent;
white space around it and a "Bearer " prefix are ignored. A token that has
not expired is a credential: other users see arguments, so prefer stdin.

` + wrap("The signature is checked with the secret from --secret-file, or else from the environment variables of the token's kind ("+
		strings.Join(secrets, ", ")+"; SDKJWT_SECRET for unknown kinds, as sdkjwt sign makes them). "+
		"Without one it is reported as unchecked, never as valid. When it does not match, the usual mistakes are tried: "+
		"white space around the secret, the key used as the secret (the token's, --key's, or the key variable paired with the secret's), "+
		"the secret as jsrsasign (Zoom's Node samples) reads hex-like secrets. "+
		"A token that carries the secret as its key (key and secret swapped) is an error, and the secret is shown redacted wherever the token has it.", 78, "") + `
An RS256 token is checked with the public key from --public-key-file
instead; an HS256 token checked with a public key, or an RS256 one with a
secret, is an error (alg-mismatch), and an HS256 token whose secret is the
public key's PEM is the algorithm-confusion attack (alg-confusion).

Options:
    --secret-file PATH  read the secret from PATH, or from stdin if PATH is -;
                        one trailing newline is removed
    --key KEY           the key the token should be for (key-mismatch if it
                        names another), also tried as the secret; default:
                        the key variable paired with the secret's variable
    --json              print one JSON object: kind, header, payload,
                        signature (valid|invalid|unchecked), findings
    --now UNIX          judge the times at UNIX instead of the clock
    --public-key-file PATH
                        the RSA public key to check an RS256 token with: PEM
                        (PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE) or a JWK;
                        given a private key, its public half
` + uses() + `    -h, --help          print this help

Exit codes: 0 no finding is an error (an unchecked signature is a warning),
1 some finding is an error (a signature that does not match is one), or the
secret could not be read, 2 usage error.

Examples:
    sdkjwt inspect "$TOKEN"
    ZOOM_VIDEO_SDK_SECRET=... sdkjwt inspect --json < token.txt
    sdkjwt inspect "$TOKEN" --secret-file secret.txt --now 1700000000
`
}

func (c *Call) inspect(args []string) error {
	var secretFile, key, now, publicKeyFile string
	var asJSON bool
	var o inspect.Options
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.StringVar(&secretFile, "secret-file", "", "")
	fs.StringVar(&key, "key", "", "")
	fs.StringVar(&now, "now", "", "")
	fs.StringVar(&publicKeyFile, "public-key-file", "", "")
	fs.BoolVar(&asJSON, "json", false, "")
	fs.Var(choice{&o.Use, allUses()}, "use", "")
	join := map[string]*string{}
	for _, name := range joinNames() {
		join[name] = fs.String(name, "", "")
	}
	// flag stops at the first argument that is not a flag; the token may
	// come before the flags as well as after them.
	var positional []string
	for {
		if err := c.parseFlags(fs, args, inspectUsage()); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > 1 {
		return &usageError{msg: fmt.Sprintf("inspect takes one token (%d arguments given)", len(positional)), hint: "quote the token, or give it on stdin"}
	}
	token := "-"
	if len(positional) == 1 {
		token = positional[0]
	}
	if token == "-" && secretFile == "-" {
		return &usageError{msg: "the token and the secret cannot both come from stdin", hint: "give the token as an argument, or the secret with --secret-file PATH"}
	}
	if publicKeyFile == "-" && (token == "-" || secretFile == "-") {
		return &usageError{msg: "only one of the token, the secret and the public key can come from stdin", hint: "give the token as an argument, the key in a file"}
	}
	if publicKeyFile != "" {
		var err error
		if o.PublicKey, err = c.publicKey(publicKeyFile); err != nil {
			return err
		}
	}
	at := c.now()
	if now != "" {
		n, err := unixSeconds("--now", now)
		if err != nil {
			return err
		}
		at = time.Unix(n, 0)
	}
	if token == "-" {
		// At a terminal, say what is awaited rather than wait in silence.
		if f, ok := c.stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				fmt.Fprintln(c.stderr, "sdkjwt: reading the token from standard input: paste it, then press Enter and Ctrl-D (Ctrl-Z, Enter on Windows)")
			}
		}
		b, err := io.ReadAll(io.LimitReader(c.stdin, jwt.MaxTokenSize+1))
		if err != nil {
			return fmt.Errorf("reading the token from stdin: %w", err)
		}
		token = string(b)
	}
	o.Now, o.Key, o.Join = at, key, map[string]string{}
	for name, v := range join {
		if *v != "" {
			o.Join[name] = *v
		}
	}
	r, err := c.inspectWith(token, secretFile, o)
	if err != nil {
		return err
	}
	for _, name := range joinNames() {
		if o.Join[name] != "" && !slices.Contains(r.Kind.Joins, name) {
			c.warn("--%s says nothing of this token: %s tokens do not name it", name, r.Kind.Name)
		}
	}
	r = withCLIHints(r)
	out := r.JSON()
	if !asJSON {
		out = []byte(r.Text())
	}
	if _, err := c.stdout.Write(out); err != nil {
		return err
	}
	if r.Failed() {
		return errReported
	}
	return nil
}

// inspectWith inspects token at, with the secret from path, or else from
// the environment variables of the token's kind, if any is set, and with
// key, or else the key variable paired with the secret's.
func (c *Call) inspectWith(token string, path string, o inspect.Options) (*inspect.Report, error) {
	key := o.Key
	r := inspect.Inspect(token, inspect.Options{Now: o.Now})
	vars := r.Kind.Env
	if r.Kind == inspect.Unknown {
		vars = signVars // tokens of sdkjwt sign
	}
	set := path != ""
	for _, v := range vars {
		file, err := c.credentialFile(v.Secret)
		if err != nil {
			return nil, err
		}
		set = set || c.getenv(v.Secret) != "" || file != ""
	}
	if !set && key == "" {
		return inspect.Inspect(token, o), nil // no secret: judged for its use alone
	}
	var secret []byte
	if set {
		var err error
		var from int
		if secret, from, err = c.secret(path, vars); err != nil {
			return nil, err
		}
		if key == "" && from >= 0 {
			if key, err = c.lookup(vars[from].Key); err != nil {
				return nil, err
			}
		}
		defer clear(secret)
	}
	o.Secret, o.Key = secret, key
	return inspect.Inspect(token, o), nil
}

// joinNames are the client's join parameters the registered kinds read
// (Kind.Joins), sorted: each is a flag of inspect.
func joinNames() []string { return kindsUnion(func(k *inspect.Kind) []string { return k.Joins }) }

// allUses are the values of --use: every registered kind's Uses, sorted.
func allUses() []string { return kindsUnion(func(k *inspect.Kind) []string { return k.Uses }) }

// kindsUnion is the sorted union of field over the registered kinds.
func kindsUnion(field func(*inspect.Kind) []string) []string {
	var all []string
	for _, k := range inspect.Kinds() {
		for _, v := range field(k) {
			if !slices.Contains(all, v) {
				all = append(all, v)
			}
		}
	}
	slices.Sort(all)
	return all
}

// uses documents --use and the join flags, from the registered kinds.
func uses() string {
	var b strings.Builder
	b.WriteString("    --use USE           what the token is presented to (default: its usual\n" +
		"                        use); a token that cannot serve it is an error:\n")
	all := inspect.Kinds()
	slices.SortFunc(all, func(a, b *inspect.Kind) int { return strings.Compare(a.Name, b.Name) })
	for _, k := range all {
		if len(k.Uses) > 0 {
			b.WriteString(wrap(k.Name+": "+strings.Join(k.Uses, ", "), 78, "                          "))
		}
	}
	var flags []string
	for _, n := range joinNames() {
		flags = append(flags, "--"+n)
	}
	b.WriteString(wrap(strings.Join(flags, ", ")+" VALUE", 60, "    "))
	b.WriteString(wrap("what the client joins with, as the signing commands name it (a room, an identity, a channel, a uid): a token for another is an error", 78, "                        "))
	return b.String()
}

// cliHints are what the command line adds to the hints of every token's
// findings: the flags and variables of sdkjwt that do what the hint says.
// Each vendor adds its own (Vendor.Hints).
var cliHints = map[inspect.Code]string{
	"iat-future": " (sdkjwt --iat -30s)",
}

// withCLIHints returns a copy of r whose hints name sdkjwt's flags, and
// the variables of the token's kind.
func withCLIHints(r *inspect.Report) *inspect.Report {
	out := *r
	out.Findings = slices.Clone(r.Findings)
	vars := r.Kind.Env
	if r.Kind == inspect.Unknown {
		vars = signVars
	}
	for i, f := range out.Findings {
		hint, ok := cliHints[f.Code]
		if f.Code == "signature-unchecked" && len(vars) > 0 {
			hint, ok = ": set "+names(vars, func(v inspect.Env) string { return v.Secret })+", or use --secret-file PATH", true
		}
		for _, v := range vendors() {
			if h, vendor := v.Hints[f.Code]; vendor && !ok {
				hint = h
			}
		}
		out.Findings[i].Hint += hint
	}
	return &out
}

// publicKey reads an RSA public key from path (- for stdin): a regular
// file of at most 64 KiB. It may be a private key, whose public half is
// taken, its text cleared after.
func (c *Call) publicKey(path string) (*rsa.PublicKey, error) {
	r := c.stdin
	if path != "-" {
		f, err := openRegular(path)
		if err != nil {
			return nil, fmt.Errorf("--public-key-file: %w", err)
		}
		defer f.Close()
		r = f
	}
	text, err := io.ReadAll(io.LimitReader(r, 64<<10+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("--public-key-file: %w", err)
	case len(text) > 64<<10:
		return nil, fmt.Errorf("--public-key-file %s is larger than 64 KiB: is it the right file?", path)
	}
	defer clear(text)
	if bytes.Contains(text, []byte("PRIVATE KEY-----")) {
		c.warn("--public-key-file holds a private key: its public half is used; a verifier needs only the public key")
		if c.secrets != nil {
			c.secrets.add(text) // redacted, as a secret is, wherever output would carry it
		}
	}
	return rsakey.Public(text)
}
