package cli

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/jwt/rsakey"
)

// commonUsage documents the flags every signing command has.
const commonUsage = `
Common options:
    --key KEY           the SDK or access key (not a secret; overrides the environment)
    --secret-file PATH  read the secret from PATH, or from stdin if PATH is -;
                        one trailing newline is removed
    --iat UNIX|-30s     issued at: Unix seconds, or relative to now (-30s
                        backdates for servers whose clocks run ahead); the
                        default is below
    --exp UNIX          expiry in Unix seconds (default: iat + the lifetime below)
    --ttl DURATION      lifetime instead of --exp: 2h, 90m, 7200
    --json              print the JSON an auth endpoint answers with (below)
    -h, --help          print this help
`

// maxSecretSize caps a secret file. Zoom secrets are 32 characters.
const maxSecretSize = 4096

// common holds the flags every signing command has.
type common struct {
	key, secretFile, iat, exp, ttl string
	json                           bool
}

// newFlagSet returns a command's flag set with the common flags registered.
// No flag takes the secret itself: --secret is an unknown flag (exit 2).
func newFlagSet(name string, f *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&f.key, "key", "", "")
	fs.StringVar(&f.secretFile, "secret-file", "", "")
	fs.StringVar(&f.iat, "iat", "", "")
	fs.StringVar(&f.exp, "exp", "", "")
	fs.StringVar(&f.ttl, "ttl", "", "")
	fs.BoolVar(&f.json, "json", false, "")
	return fs
}

// times resolves --iat, --exp and --ttl to Unix seconds; without --iat, iat
// is now less backdate; without --exp or --ttl, exp is iat + lifetime.
func (f *common) times(now func() time.Time, backdate, lifetime int64) (iat, exp int64, err error) {
	iat = now().Unix()
	if f.iat == "" {
		iat -= backdate
	} else {
		if f.iat[0] == '-' || f.iat[0] == '+' {
			d, err := seconds(f.iat)
			if err != nil {
				return 0, 0, &usageError{msg: fmt.Sprintf("--iat %q: %v", f.iat, err), hint: "use Unix seconds (1700000000) or an offset from now (-30s, -2m)"}
			}
			iat += d
		} else if iat, err = unixSeconds("--iat", f.iat); err != nil {
			return 0, 0, err
		}
	}
	switch {
	case f.exp != "" && f.ttl != "":
		return 0, 0, &usageError{msg: "--exp and --ttl cannot be used together", hint: "--exp is an absolute time, --ttl a lifetime from iat: pick one"}
	case f.exp != "":
		exp, err = unixSeconds("--exp", f.exp)
	case f.ttl != "":
		var d int64
		if d, err = seconds(f.ttl); err != nil {
			return 0, 0, &usageError{msg: fmt.Sprintf("--ttl %q: %v", f.ttl, err), hint: "use a duration such as 2h, 90m or 7200 (seconds)"}
		}
		exp = iat + d
	default:
		exp = iat + lifetime
	}
	return iat, exp, err
}

// unixSeconds parses an absolute time: decimal digits only.
func unixSeconds(flagName, s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || strings.Trim(s, "0123456789") != "" {
		return 0, &usageError{msg: fmt.Sprintf("%s %q: not Unix time in whole seconds", flagName, s), hint: "Unix seconds look like 1700000000 (date +%s)"}
	}
	return n, nil
}

// seconds parses a whole number of seconds, bare ("7200", "-30") or as a
// Go duration ("2h", "-30s", "1h30m"), refusing fractions of a second.
func seconds(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errors.New("not a duration")
	}
	if d%time.Second != 0 {
		return 0, errors.New("not a whole number of seconds (tokens carry integer seconds)")
	}
	return int64(d / time.Second), nil
}

// signVars is the variable of sdkjwt sign's secret; the other commands
// use the variables their kind's package names (inspect.Kind.Env).
var signVars = []inspect.Env{{Secret: "SDKJWT_SECRET"}}

// privateKeyVars is the variable of sdkjwt sign's RSA private key (PEM), read
// as a secret is: from NAME, NAME_FILE or the credentials directory.
var privateKeyVars = []inspect.Env{{Secret: "SDKJWT_PRIVATE_KEY"}}

// signer returns the key and a Signer for the secret. The key comes from
// --key, else the first variable of vars that is set; the secret from
// --secret-file, else likewise.
func (c *Call) signer(f *common, vars []inspect.Env) (key string, s *jwt.Signer, err error) {
	key, s, _, err = c.signerLen(f, vars)
	return key, s, err
}

// signerLen is signer, also returning the secret's length in bytes.
func (c *Call) signerLen(f *common, vars []inspect.Env) (key string, s *jwt.Signer, secretLen int, err error) {
	key, keyFrom := f.key, -1 // -1: --key
	for i, v := range vars {
		if key == "" {
			if key, err = c.lookup(v.Key); err != nil {
				return "", nil, 0, err
			}
			keyFrom = i
		}
	}
	if key == "" {
		return "", nil, 0, fmt.Errorf("no key: set %s, or use --key", names(vars, func(v inspect.Env) string { return v.Key }))
	}
	secret, secretFrom, err := c.secret(f.secretFile, vars)
	if err != nil {
		return "", nil, 0, err
	}
	if keyFrom >= 0 && secretFrom >= 0 && keyFrom != secretFrom {
		c.warn("the key comes from %s but the secret from %s: make sure they are one pair", vars[keyFrom].Key, vars[secretFrom].Secret)
	}
	if strings.TrimSpace(key) != key {
		c.warn("the key has leading or trailing whitespace, which is signed into the token")
	}
	// A key that is the secret would put the secret, in clear, in every
	// token: what inspect calls secret-in-token. Refuse to make one.
	if strings.EqualFold(strings.TrimSpace(key), string(bytes.TrimSpace(secret))) {
		clear(secret)
		from := "--key"
		if keyFrom >= 0 {
			from = vars[keyFrom].Key
		}
		return "", nil, 0, fmt.Errorf("the key (%s) is the secret: every token would carry the secret in clear; the key and secret look swapped, or the secret was given as the key", from)
	}
	for _, v := range vars {
		if v.Swapped != nil && v.Swapped([]byte(key), secret) {
			clear(secret)
			return "", nil, 0, fmt.Errorf("%s and %s look swapped: the secret has the shape of the vendor's generated keys and the key has not; every token would carry the secret in clear", v.Key, v.Secret)
		}
	}
	if len(key) > len(secret) && !slices.ContainsFunc(vars, func(v inspect.Env) bool { return v.LongKey }) {
		c.warn("the key (%d characters) is longer than the secret (%d): they look swapped, which would send the secret in clear in every token; the secret is the longer credential", len(key), len(secret))
	}
	s, err = jwt.NewSigner(secret)
	clear(secret)
	return key, s, len(secret), err
}

// secret reads the secret from path (- for stdin), or else from the first
// secret variable of vars that is set, and reports which (-1: the file).
// Whatever fails, the secret's bytes are never part of an error or a warning.
func (c *Call) secret(path string, vars []inspect.Env) (secret []byte, from int, err error) {
	if path == "" {
		for i, v := range vars {
			if file, err := c.credentialFile(v.Secret); err != nil || file != "" {
				if err == nil {
					secret, _, err = c.secret(file, nil)
				}
				if err != nil {
					return nil, 0, fmt.Errorf("%s: %w", v.Secret, err)
				}
				return secret, i, nil
			}
			if s := c.getenv(v.Secret); s != "" {
				if strings.TrimSpace(s) != s {
					c.warn("%s has leading or trailing whitespace, which is signed as part of the secret; real secrets have none", v.Secret)
				}
				// Used byte for byte: its UTF-8 bytes are the HMAC key.
				return []byte(s), i, nil
			}
		}
		return nil, 0, fmt.Errorf("no secret: set %s, or use --secret-file PATH", names(vars, func(v inspect.Env) string { return v.Secret }))
	}
	r := c.stdin
	var mode os.FileMode
	if path != "-" {
		f, err := openRegular(path)
		if errors.Is(err, fs.ErrNotExist) {
			// A path that names nothing may be the secret, pasted in its place.
			return nil, 0, errors.New("secret file: no such file (its name is not printed: it may be a secret given where a path belongs)")
		}
		if err != nil {
			return nil, 0, fmt.Errorf("secret file: %w", err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			mode = fi.Mode().Perm()
		}
		r = f
	}
	secret, err = io.ReadAll(io.LimitReader(r, maxSecretSize+1))
	switch {
	case err != nil:
		return nil, 0, fmt.Errorf("secret file: %w", err)
	case len(secret) > maxSecretSize:
		return nil, 0, fmt.Errorf("secret file %s is larger than %d bytes: is it the right file?", path, maxSecretSize)
	case mode&0o004 != 0:
		c.warn("secret file %s is readable by every user (mode %v): chmod 600 it", path, mode)
	}
	// One trailing newline is what editors and echo add; only that is removed.
	if bytes.HasSuffix(secret, []byte("\n")) {
		secret = bytes.TrimSuffix(secret[:len(secret)-1], []byte("\r"))
	}
	if len(secret) == 0 {
		return nil, 0, fmt.Errorf("secret file %s is empty", path)
	}
	if envLine.Match(secret) {
		clear(secret)
		return nil, 0, fmt.Errorf("secret file %s holds NAME=value lines, as an env file does: give a file that holds only the secret (for NAME_FILE, a file of its own)", path)
	}
	if len(bytes.TrimSpace(secret)) != len(secret) {
		c.warn("the secret in %s has whitespace around it (beyond one trailing newline), which is signed as part of the secret", path)
	}
	if c.secrets != nil {
		c.secrets.add(secret)
	}
	return secret, -1, nil
}

// envLine matches a text that starts as an env file's line does: a
// variable's name in capitals, then "=" (no secret sdkjwt takes does).
var envLine = regexp.MustCompile(`^(export +)?[A-Z_][A-Z0-9_]*=`)

// openRegular opens a regular file for reading, and refuses anything else:
// a FIFO or a device could block or never end. (Standard input is "-".)
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0) // a FIFO with no writer would block the open itself
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			what := map[os.FileMode]string{os.ModeDir: "a directory", os.ModeNamedPipe: "a named pipe (FIFO)", os.ModeSocket: "a socket", os.ModeDevice: "a device", os.ModeDevice | os.ModeCharDevice: "a device"}[fi.Mode().Type()]
			err = fmt.Errorf("%s is %s: give a regular file, or - for standard input where the command takes it", path, cmp.Or(what, "not a regular file"))
		}
		return nil, err
	}
	return f, nil
}

// credentialFile returns the file that holds the credential variable
// name, if one does: the file named by NAME_FILE (the convention of
// Docker's and Kubernetes' secrets), else $CREDENTIALS_DIRECTORY/NAME if
// it exists (systemd's LoadCredential=). Setting both NAME and NAME_FILE
// is an error.
func (c *Call) credentialFile(name string) (string, error) {
	if name == "" { // sign's key, which has no variable
		return "", nil
	}
	file := c.getenv(name + "_FILE")
	switch {
	case file != "" && c.getenv(name) != "":
		return "", fmt.Errorf("both %s and %s_FILE are set: set one", name, name)
	case file == "-":
		return "", fmt.Errorf("%s_FILE is -: give a file's path", name)
	case file != "":
		return file, nil
	}
	if dir := c.getenv("CREDENTIALS_DIRECTORY"); dir != "" {
		file = filepath.Join(dir, name)
		if _, err := os.Lstat(file); err == nil {
			return file, nil
		}
	}
	return "", nil
}

// lookup returns the credential variable name's value, from the variable
// or from its file (credentialFile), read as secret files are.
func (c *Call) lookup(name string) (string, error) {
	file, err := c.credentialFile(name)
	if file == "" || err != nil {
		return c.getenv(name), err
	}
	b, _, err := c.secret(file, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return string(b), nil
}

// names lists one variable of each pair: "A (or B)".
func names(vars []inspect.Env, name func(inspect.Env) string) string {
	s := name(vars[0])
	for _, v := range vars[1:] {
		s += " (or " + name(v) + ")"
	}
	return s
}

// checkNow warns when a token is dead on arrival: issued more than jwt.Skew
// seconds in the future, or already expired, by the rules inspect applies.
func (c *Call) checkNow(iat, exp int64) {
	for _, e := range jwt.CheckNow(iat, exp, c.now().Unix()) {
		c.warn("%v: the token is signed, but it will be refused", e)
	}
}

// warnAll prints each warning a payload's rules give (jwt.ErrWarning).
func (c *Call) warnAll(warnings []*jwt.ClaimError) {
	for _, w := range warnings {
		c.warn("%v", w)
	}
}

// rsaSigner reads an RSA private key from path (- for stdin), or else from
// the secret variable of vars, as a secret is read, and returns its
// signer; the key's text is cleared once parsed.
func (c *Call) rsaSigner(path string, vars []inspect.Env) (*jwt.RSASigner, error) {
	text, _, err := c.secret(path, vars)
	if err != nil {
		return nil, err
	}
	key, err := rsakey.Private(text)
	clear(text)
	if err != nil {
		return nil, err
	}
	return jwt.NewRSASigner(key)
}
