// Command sdkjwt makes, explains and serves the HS256 JSON Web Tokens that
// realtime video SDKs (Zoom's, 100ms's) need to join a session, byte for
// byte as the vendors' official samples make them. Run 'sdkjwt help'.
//
// The command line is package internal/cli; this file only gives it the
// process.
package main

import (
	"os"
	"time"

	"github.com/sdkjwt/sdkjwt/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, time.Now))
}
