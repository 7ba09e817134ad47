package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// manPage writes docs/sdkjwt.1 from the help texts: the overview, every
// command's help and 'help environment', as the commands print them.
func manPage() string {
	var b strings.Builder
	b.WriteString(`.\" sdkjwt(1), made from sdkjwt's help texts by internal/cli's TestManPage;
.\" do not edit: change the help, then go test ./internal/cli -run TestManPage -update
.TH SDKJWT 1 "" "sdkjwt" "User Commands"
.SH NAME
sdkjwt \- make, explain and serve the tokens realtime video SDKs need to join a session
`)
	intro, rest, _ := strings.Cut(usage(), "\nUsage:\n")
	synopsis, rest, _ := strings.Cut(rest, "\n\n")
	section := func(name, text string) {
		fmt.Fprintf(&b, ".SH %s\n.nf\n%s\n.fi\n", name, roff(strings.TrimRight(text, "\n")))
	}
	section("SYNOPSIS", synopsis)
	section("DESCRIPTION", strings.TrimRight(intro, "\n")+"\n\n"+strings.TrimLeft(rest, "\n"))
	b.WriteString(".SH COMMANDS\n")
	for _, cmd := range commandTable() {
		if cmd.Name != "help" {
			fmt.Fprintf(&b, ".SS %s\n.nf\n%s\n.fi\n", cmd.Name, roff(strings.TrimRight(cmd.help(), "\n")))
		}
	}
	section("ENVIRONMENT", environmentUsage())
	b.WriteString(`.SH SEE ALSO
The reference is in the docs directory of the source:
https://github.com/sdkjwt/sdkjwt/tree/main/docs
`)
	return b.String()
}

// roff escapes text for no-fill mode: backslashes, hyphens (minus signs in
// flags), a control character at a line's start, and non-ASCII characters.
func roff(text string) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			b.WriteString(`\&`)
		}
		for _, r := range line {
			switch {
			case r == '\\':
				b.WriteString(`\e`)
			case r == '-':
				b.WriteString(`\-`)
			case r > 0x7e:
				fmt.Fprintf(&b, `\[u%04X]`, r)
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// TestManPage: docs/sdkjwt.1 is current with the help texts, and groff (if
// installed; CI installs it) renders it without a warning.
func TestManPage(t *testing.T) {
	const path = "../../docs/sdkjwt.1"
	page := manPage()
	if *update {
		if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != page {
		t.Errorf("%s is not current with the help texts (%v): go test ./internal/cli -run TestManPage -update", path, err)
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("groff is not installed")
	}
	var out, errs bytes.Buffer
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-rLL=100n", path)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil || errs.Len() > 0 {
		t.Fatalf("groff: %v\n%s", err, errs.String())
	}
	for _, want := range []string{"sdkjwt completion bash|zsh|fish", "--privilege-ttl", "AGORA_APP_CERTIFICATE", "{\"signature\":…}"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the rendered page has no %q", want)
		}
	}
}
