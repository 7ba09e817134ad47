package cli

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

const healthcheckUsage = `Usage:
    sdkjwt healthcheck [--url URL] [--timeout D]

Asks a running sdkjwt serve whether it is ready: GET URL, by default
http://127.0.0.1:$PORT/readyz (port 4000 without PORT). Exits 0 if it
answers 200 within the timeout, else 1 with the reason on stderr. For
images with no curl (FROM scratch):

    HEALTHCHECK CMD ["/sdkjwt", "healthcheck"]

Options:
    --url URL      what to ask (http or https)
    --timeout D    how long to wait for the answer (default 5s)
    -h, --help     print this help
`

func (c *Call) healthcheck(args []string) error {
	var url, timeout string
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.StringVar(&url, "url", "", "")
	fs.StringVar(&timeout, "timeout", "5s", "")
	if err := c.parse(fs, args, healthcheckUsage); err != nil {
		return err
	}
	wait, err := time.ParseDuration(timeout)
	if err != nil || wait <= 0 {
		return &usageError{msg: fmt.Sprintf("--timeout %q: want a duration such as 5s", timeout)}
	}
	if url == "" {
		url = "http://127.0.0.1:4000/readyz"
		if port := c.getenv("PORT"); port != "" {
			url = "http://127.0.0.1:" + port + "/readyz"
		}
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return &usageError{msg: fmt.Sprintf("--url %q: want an http:// or https:// URL", url)}
	}
	client := &http.Client{Timeout: wait, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(url)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 4096))
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %s", url, res.Status)
	}
	return nil
}
