package cli

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/vonage"
)

// vonageVendor is Vonage Video on the command line: the vonage command.
var vonageVendor = Vendor{
	Name:   "Vonage",
	Tokens: "Vonage Video's client tokens",
	Commands: []Command{{Name: "vonage", Synopsis: "vonage --session ID [--t1 | --application] [options]", Short: "sign a Vonage Video (OpenTok) client token", Usage: vonageUsage, Run: (*Call).vonage,
		Claims: map[string]string{"iss": "--api-key or VONAGE_API_KEY", "session_id": "--session", "role": "--role", "connection_data": "--data",
			"initial_layout_class_list": "--layout", "expire_time": "--ttl or --exp", "application_id": "--application-id or VONAGE_APPLICATION_ID"}}},
	Env: []EnvVar{
		{"VONAGE_API_KEY, VONAGE_API_SECRET", "vonage, inspect: a Video project's API key and secret (the OpenTok JWT and T1 tokens)"},
		{"VONAGE_APPLICATION_ID, VONAGE_PRIVATE_KEY", "vonage --application: a Vonage application's id and RSA private key (PEM; VONAGE_PRIVATE_KEY_FILE is the usual way to give it)"},
	},
}

// vonageKeyVars are the variables of an application's private key.
var vonageKeyVars = []inspect.Env{{Key: "VONAGE_APPLICATION_ID", Secret: "VONAGE_PRIVATE_KEY"}}

const vonageUsage = `Usage:
    sdkjwt vonage --session ID [options]                  (OpenTok JWT)
    sdkjwt vonage --session ID --t1 [options]             (legacy T1 token)
    sdkjwt vonage --session ID --application [options]    (Vonage application)

Signs a Vonage Video client token, what a client connects to a session
with, and prints it on stdout: by default the OpenTok JWT (HS256 with the
project's API secret, what npm opentok makes since 2025); with --t1 the
legacy T1 token (HMAC-SHA1); with --application a Vonage application's
token (RS256 with its private key, what @vonage/video makes). The bytes are
those SDKs' for the same inputs and random values. The token lasts a day
unless --ttl or --exp says otherwise, at most 30 days.

Options:
    --session ID         the session id (required); for a project's token, a
                         session of its API key
    --role ROLE          publisher (default), publisheronly, subscriber or
                         moderator
    --data TEXT          connection_data, at most 1000 characters
    --layout LIST        initial_layout_class_list: class names, comma-separated
    --api-key KEY        the API key (default VONAGE_API_KEY; --key is the same)
    --secret-file PATH   read the API secret from PATH, or stdin if -
    --t1                 the legacy T1 token instead of the JWT
    --application        a Vonage application's token
    --application-id ID  the application id (default VONAGE_APPLICATION_ID)
    --key-file PATH      read the application's private key from PATH, or -
    --iat, --exp, --ttl  the times (default now, and a day)
    --json               print {"token":…}
    -h, --help           print this help

Credentials:
    A project's API key from --api-key, else VONAGE_API_KEY; its secret from
    --secret-file, else VONAGE_API_SECRET. An application's id from
    --application-id, else VONAGE_APPLICATION_ID; its private key (PEM,
    PKCS#1 or PKCS#8) from --key-file, else VONAGE_PRIVATE_KEY
    (VONAGE_PRIVATE_KEY_FILE).

Examples:
    sdkjwt vonage --session 1_MX4… --role subscriber --data 'name=Alice'
    VONAGE_PRIVATE_KEY_FILE=private.key sdkjwt vonage --application --session 1_MX4…
`

func (c *Call) vonage(args []string) error {
	var f common
	var t vonage.Token
	var layout, appID, keyFile string
	var t1, app bool
	fs := newFlagSet("vonage", &f)
	fs.StringVar(&f.key, "api-key", "", "")
	fs.StringVar(&t.SessionID, "session", "", "")
	fs.StringVar(&t.Role, "role", "", "")
	fs.StringVar(&t.Data, "data", "", "")
	fs.StringVar(&layout, "layout", "", "")
	fs.BoolVar(&t1, "t1", false, "")
	fs.BoolVar(&app, "application", false, "")
	fs.StringVar(&appID, "application-id", "", "")
	fs.StringVar(&keyFile, "key-file", "", "")
	if err := c.parse(fs, args, vonageUsage); err != nil {
		return err
	}
	if t.SessionID == "" {
		return &usageError{msg: "--session is required", hint: "give the id of the session the client connects to"}
	}
	if t1 && app {
		return &usageError{msg: "--t1 and --application cannot be used together", hint: "a T1 token is a project's, signed with its API secret"}
	}
	if layout != "" {
		t.Layout = strings.Split(layout, ",")
	}
	var err error
	if t.IssuedAt, t.ExpiresAt, err = f.times(c.now, 0, vonage.DefaultLifetime); err != nil {
		return err
	}
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return fmt.Errorf("no random nonce: %w", err)
	}
	var token string
	if app {
		token, err = c.vonageApplication(t, &f, appID, keyFile, r)
	} else {
		token, err = c.vonageProject(t, &f, t1, r)
	}
	if err != nil {
		return err
	}
	return c.printToken(token, f.json, "token", "")
}

// vonageProject signs t with a project's API key and secret: the OpenTok
// JWT, or the T1 token.
func (c *Call) vonageProject(t vonage.Token, f *common, t1 bool, r [16]byte) (string, error) {
	// Math.random's range and precision: 53 random bits in [0, 1), at least
	// 1e-6 so that it is written without an exponent, as most are.
	t.Nonce = max(float64(binary.BigEndian.Uint64(r[:])>>11)/(1<<53), 1e-6)
	key, signer, err := c.signer(f, vonage.JWTKind.Env)
	if err != nil {
		return "", err
	}
	if !t1 {
		return t.SignJWT(key, signer)
	}
	secret, _, err := c.secret(f.secretFile, vonage.JWTKind.Env)
	if err != nil {
		return "", err
	}
	defer clear(secret)
	return t.SignT1(key, secret)
}

// vonageApplication signs t with an application's private key, a random
// UUID (version 4) as its jti.
func (c *Call) vonageApplication(t vonage.Token, f *common, appID, keyFile string, r [16]byte) (string, error) {
	if f.secretFile != "" || f.key != "" {
		return "", &usageError{msg: "--secret-file and --api-key are for a project's token", hint: "an application's token is signed with its private key: --key-file"}
	}
	appID, err := c.flagOrEnv(appID, "VONAGE_APPLICATION_ID", "--application-id")
	if err != nil {
		return "", err
	}
	signer, err := c.rsaSigner(keyFile, vonageKeyVars)
	if err != nil {
		return "", err
	}
	r[6], r[8] = r[6]&0x0f|0x40, r[8]&0x3f|0x80
	jti := fmt.Sprintf("%x-%x-%x-%x-%x", r[0:4], r[4:6], r[6:8], r[8:10], r[10:16])
	return t.SignApplication(appID, signer, jti)
}
