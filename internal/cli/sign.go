package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/sdkjwt/sdkjwt/jwt"
)

const signUsage = `Usage:
    sdkjwt sign [--claims FILE|-] [--iat UNIX|-30s] [--exp UNIX | --ttl 2h]
                [--secret-file PATH|-]

Signs any JSON object as the payload of an HS256 token and prints the token:
a Zoom API JWT, a Cobrowse SDK token, or anything else HS256.

The claims are compacted (insignificant whitespace removed) but otherwise
signed as written: the members' order and the text of names, numbers (1.50
stays 1.50) and strings. Duplicate names, anything but one object, invalid
UTF-8 and more than 16 KiB are refused.

--iat, --exp and --ttl write iat and exp as integers, in place where the
claims have them, else at the end, iat before exp. --ttl sets both (iat is
now unless --iat says otherwise). With none of them the claims are signed as
they are.

Options:
    --claims FILE       the claims object, read from FILE, or stdin if -;
                        default {}
    --secret-file PATH  read the secret from PATH, or from stdin if PATH is -;
                        one trailing newline is removed
    --iat UNIX|-30s     set iat: Unix seconds, or relative to now
    --exp UNIX          set exp: Unix seconds
    --ttl DURATION      set iat (now, or --iat) and exp = iat + DURATION
    -h, --help          print this help

Credentials:
    The secret comes from --secret-file, else SDKJWT_SECRET, and is used
    byte for byte (its UTF-8 bytes are the key).

Examples:
    echo '{"iss":"API_KEY"}' | sdkjwt sign --claims - --ttl 1h
    sdkjwt sign --claims cobrowse.json --iat -30s --ttl 2h
`

func (c *Call) sign(args []string) error {
	var f common
	var claimsPath string
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.StringVar(&claimsPath, "claims", "", "")
	fs.StringVar(&f.secretFile, "secret-file", "", "")
	fs.StringVar(&f.iat, "iat", "", "")
	fs.StringVar(&f.exp, "exp", "", "")
	fs.StringVar(&f.ttl, "ttl", "", "")
	if err := c.parse(fs, args, signUsage); err != nil {
		return err
	}
	if claimsPath == "-" && f.secretFile == "-" {
		return &usageError{msg: "--claims and --secret-file cannot both read stdin", hint: "put one of them in a file"}
	}
	var set []jwt.IntClaim
	// The times judged for dead on arrival: only those given, since the
	// claims' own are signed as written.
	doaIat, doaExp := int64(math.MinInt64), int64(math.MaxInt64)
	if f.iat != "" || f.exp != "" || f.ttl != "" {
		iat, exp, err := f.times(c.now, 0, 0)
		if err != nil {
			return err
		}
		if f.iat != "" || f.ttl != "" {
			if err := jwt.CheckIssuedAt(iat); err != nil {
				return err
			}
			set = append(set, jwt.IntClaim{Name: "iat", Value: iat})
			doaIat = iat
		}
		if f.exp != "" || f.ttl != "" {
			if len(set) > 0 {
				if err := jwt.CheckLifetime(iat, exp, 1, 0); err != nil {
					return err
				}
			}
			set = append(set, jwt.IntClaim{Name: "exp", Value: exp})
			doaExp = exp
		}
	}
	claims := []byte("{}")
	if claimsPath != "" {
		r := c.stdin
		if claimsPath != "-" {
			file, err := openRegular(claimsPath)
			if err != nil {
				return fmt.Errorf("claims: %w", err)
			}
			defer file.Close()
			r = file
		}
		var err error
		if claims, err = io.ReadAll(io.LimitReader(r, jwt.MaxClaimsSize+1)); err != nil {
			return fmt.Errorf("claims: %w", err)
		}
	}
	payload, err := jwt.Rewrite(claims, set...)
	if err != nil {
		return err
	}
	secret, _, err := c.secret(f.secretFile, signVars)
	if err != nil {
		return err
	}
	signer, err := jwt.NewSigner(secret)
	clear(secret)
	if err != nil {
		return err
	}
	token := signer.Sign(payload)
	var members map[string]json.RawMessage
	if json.Unmarshal(payload, &members) == nil && members["exp"] == nil {
		c.warn("the token has no exp, so it never expires: whoever holds it keeps its access for ever; give --ttl or --exp")
	}
	c.checkNow(doaIat, doaExp)
	return c.printToken(token, false, "", "")
}
