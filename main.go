// Command sdkjwt makes, explains and serves the tokens that realtime video
// SDKs (Zoom's, 100ms's, LiveKit's, Agora's) need to join a session, byte
// for byte as the vendors' official generators make them. Run 'sdkjwt help'.
//
// The command line is package internal/cli; this file only gives it the
// process.
//
// sdkjwt is licensed under the Apache License 2.0 (SPDX: Apache-2.0); see
// the LICENSE file.
package main

import (
	"os"
	"time"

	"github.com/sdkjwt/sdkjwt/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, time.Now))
}
