// Command startup is the floor of sdkjwt's start-up measurement (.ci/bench):
// a static Go program that prints a constant Video SDK token and exits. Built
// with -tags stdpkgs, it also links every standard package sdkjwt links
// (stdpkgs.go, written by .ci/bench), to tell what linking them costs from
// what sdkjwt itself does. It is a benchmark helper, not part of sdkjwt.
package main

import "os"

const token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMH0.syCAA6KBQMjv4hykRqsZtwDqGX6f5G_7x7X4ryzPZMQ\n"

func main() { os.Stdout.WriteString(token) }
