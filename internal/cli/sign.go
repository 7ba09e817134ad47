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
    sdkjwt sign --alg RS256 [--key-file PATH|-] [--kid KID] [options]

Signs any JSON object as the payload of an HS256 token and prints the token:
a Zoom API JWT, a Cobrowse SDK token, or anything else HS256. With --alg
RS256 it signs with an RSA private key instead (RSASSA-PKCS1-v1_5, SHA-256),
as jsonwebtoken does: the header is {"alg":"RS256","typ":"JWT"}, and "kid"
after them with --kid.

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
    --alg HS256|RS256   the algorithm (default HS256)
    --key-file PATH     RS256: read the private key from PATH, or from stdin
                        if PATH is -
    --kid KID           RS256: the header's kid, the key's name for the verifier
    -h, --help          print this help

Credentials:
    The secret comes from --secret-file, else SDKJWT_SECRET, and is used
    byte for byte (its UTF-8 bytes are the key). An RS256 private key comes
    from --key-file, else SDKJWT_PRIVATE_KEY (or SDKJWT_PRIVATE_KEY_FILE):
    PEM, PKCS#1 or PKCS#8, not encrypted, of at least 2048 bits.

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
	alg, keyFile, kid := "HS256", "", ""
	fs.Var(choice{&alg, []string{"HS256", "RS256"}}, "alg", "")
	fs.StringVar(&keyFile, "key-file", "", "")
	fs.StringVar(&kid, "kid", "", "")
	if err := c.parse(fs, args, signUsage); err != nil {
		return err
	}
	if claimsPath == "-" && (f.secretFile == "-" || keyFile == "-") {
		return &usageError{msg: "--claims and " + map[bool]string{true: "--secret-file", false: "--key-file"}[f.secretFile == "-"] + " cannot both read stdin", hint: "put one of them in a file"}
	}
	if alg != "HS256" && alg != "RS256" {
		return &usageError{msg: fmt.Sprintf("--alg %q: sdkjwt signs HS256 or RS256", alg)}
	}
	if alg == "HS256" && (keyFile != "" || kid != "") {
		return &usageError{msg: "--key-file and --kid are for --alg RS256", hint: "an HS256 token is signed with a secret: --secret-file"}
	}
	if alg == "RS256" && f.secretFile != "" {
		return &usageError{msg: "--secret-file is for HS256", hint: "an RS256 token is signed with a private key: --key-file"}
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
	var token string
	if alg == "RS256" {
		token, err = c.signRS256(keyFile, kid, payload)
	} else {
		token, err = c.signHS256(f.secretFile, payload)
	}
	if err != nil {
		return err
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(payload, &members) == nil && members["exp"] == nil {
		c.warn("the token has no exp, so it never expires: whoever holds it keeps its access for ever; give --ttl or --exp")
	}
	c.checkNow(doaIat, doaExp)
	return c.printToken(token, false, "", "")
}

func (c *Call) signHS256(secretFile string, payload []byte) (string, error) {
	secret, _, err := c.secret(secretFile, signVars)
	if err != nil {
		return "", err
	}
	signer, err := jwt.NewSigner(secret)
	clear(secret)
	if err != nil {
		return "", err
	}
	return signer.Sign(payload), nil
}

func (c *Call) signRS256(keyFile, kid string, payload []byte) (string, error) {
	signer, err := c.rsaSigner(keyFile, privateKeyVars)
	if err != nil {
		return "", err
	}
	h := jwt.RS256Header
	if kid != "" {
		if h, err = jwt.NewRS256Header("typ", "JWT", "kid", kid); err != nil {
			return "", &usageError{msg: "--kid: " + err.Error()}
		}
	}
	return signer.SignWith(h, payload)
}
