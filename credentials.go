package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// commonUsage documents the flags every signing command has.
const commonUsage = `
Common options:
    --key KEY           the SDK key (not a secret; overrides the environment)
    --secret-file PATH  read the secret from PATH, or from stdin if PATH is -;
                        one trailing newline is removed
    --iat UNIX|-30s     issued at: Unix seconds, or relative to now (-30s
                        backdates for servers whose clocks run ahead); default now
    --exp UNIX          expiry in Unix seconds (default: iat + 48h, the maximum)
    --ttl DURATION      lifetime instead of --exp: 2h, 90m, 7200 (30m to 48h)
    --json              print {"signature":…} as Zoom's auth endpoint samples do
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

// times resolves --iat, --exp and --ttl to Unix seconds.
func (f *common) times(now func() time.Time) (iat, exp int64, err error) {
	iat = now().Unix()
	if f.iat != "" {
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
		exp = iat + sdk.MaxLifetime
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

// signer returns the SDK key and a Signer for the secret. The key comes from
// --key, else the kind's variable (ZOOM_VIDEO_SDK_KEY), else ZOOM_SDK_KEY;
// the secret likewise from --secret-file or the _SECRET variables.
func (c *cli) signer(f *common, kind string) (key string, s *jwt.Signer, err error) {
	keyVars := [2]string{"ZOOM_" + kind + "_SDK_KEY", "ZOOM_SDK_KEY"}
	secretVars := [2]string{"ZOOM_" + kind + "_SDK_SECRET", "ZOOM_SDK_SECRET"}
	key, keyFrom := f.key, "--key"
	for _, name := range keyVars {
		if key == "" {
			key, keyFrom = c.getenv(name), name
		}
	}
	if key == "" {
		return "", nil, fmt.Errorf("no SDK key: set %s (or %s), or use --key", keyVars[0], keyVars[1])
	}
	secret, secretFrom, err := c.secret(f.secretFile, secretVars)
	if err != nil {
		return "", nil, err
	}
	if keyFrom != "--key" && secretFrom != "--secret-file" && strings.TrimSuffix(keyFrom, "_KEY") != strings.TrimSuffix(secretFrom, "_SECRET") {
		c.warn("the key comes from %s but the secret from %s: make sure they are one pair", keyFrom, secretFrom)
	}
	if strings.TrimSpace(key) != key {
		c.warn("the key (from %s) has leading or trailing whitespace, which is signed into the token", keyFrom)
	}
	if bytes.Equal(secret, []byte(key)) {
		c.warn("the secret is the same as the key: the secret is the other, longer credential")
	}
	s, err = jwt.NewSigner(secret)
	clear(secret)
	return key, s, err
}

// secret reads the secret from path (- for stdin), or else from the first
// variable of vars that is set. It reports where it came from. Whatever
// fails, the secret's bytes are never part of an error or a warning.
func (c *cli) secret(path string, vars [2]string) (secret []byte, from string, err error) {
	if path == "" {
		for _, name := range vars {
			if s := c.getenv(name); s != "" {
				if strings.TrimSpace(s) != s {
					c.warn("%s has leading or trailing whitespace, which is signed as part of the secret; Zoom's secrets have none", name)
				}
				// Used byte for byte: its UTF-8 bytes are the HMAC key.
				return []byte(s), name, nil
			}
		}
		return nil, "", fmt.Errorf("no secret: set %s (or %s), or use --secret-file PATH", vars[0], vars[1])
	}
	r := c.stdin
	var mode os.FileMode
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", fmt.Errorf("secret file: %w", err)
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
		return nil, "", fmt.Errorf("secret file: %w", err)
	case len(secret) > maxSecretSize:
		return nil, "", fmt.Errorf("secret file %s is larger than %d bytes: is it the right file?", path, maxSecretSize)
	case mode&0o004 != 0:
		c.warn("secret file %s is readable by every user (mode %v): chmod 600 it", path, mode)
	}
	// One trailing newline is what editors and echo add; only that is removed.
	if bytes.HasSuffix(secret, []byte("\n")) {
		secret = bytes.TrimSuffix(secret[:len(secret)-1], []byte("\r"))
	}
	if len(secret) == 0 {
		return nil, "", fmt.Errorf("secret file %s is empty", path)
	}
	if len(bytes.TrimSpace(secret)) != len(secret) {
		c.warn("the secret in %s has whitespace around it (beyond one trailing newline), which is signed as part of the secret", path)
	}
	return secret, "--secret-file", nil
}
