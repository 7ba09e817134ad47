package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// completionCases are command lines typed so far (the last word is being
// completed) and what the shell should offer, in the script's order.
var completionCases = []struct{ line, want string }{
	{"sdkjwt ag", "agora"},
	{"sdkjwt --v", "--version"},
	{"sdkjwt agora r", "rtc rtm"},
	{"sdkjwt agora rtc --ch", "--channel"},
	{"sdkjwt agora rtc --a", "--account --app-id"},
	{"sdkjwt agora rtm --u", "--user"},
	{"sdkjwt hms app --ro", "--role --room"},
	{"sdkjwt hms management --ro", ""},
	{"sdkjwt video --topic x --js", "--json"},
	{"sdkjwt video --secret-file sec", "secret.txt"},
	{"sdkjwt video --json sec", ""},
	{"sdkjwt serve --max-conc", "--max-concurrent"},
	{"sdkjwt livekit --can-p", "--can-publish-sources --can-publish --can-publish-data"},
	{"sdkjwt inspect --", "--account --audience --call-cid --channel --identity --issuer --key --mn --now --public-key-file --room --room-str --secret-file --session --stream --tenant --topic --uid --use --user --json --help"},
	{"sdkjwt completion ", "bash zsh fish"},
	{"sdkjwt video --role ", "participant host"},
	{"sdkjwt meeting --role h", "host"},
	{"sdkjwt cobrowse --role ", "customer agent"},
	{"sdkjwt agora rtc --role ", "publisher subscriber"},
	{"sdkjwt serve --sdk ", "meeting video livekit agora twilio jitsi"},
	{"sdkjwt serve --log-format ", "text json"},
	{"sdkjwt inspect --use rt", "rtc rtm"},
	{"sdkjwt hms app --role sec", "secret.txt"},
	{"sdkjwt help env", "environment"},
	{"sdkjwt nosuch --", ""},
}

// TestCompletion runs the completion that 'sdkjwt completion SHELL' prints
// as the shell calls it when Tab is pressed: bash's function with
// COMP_WORDS, fish's complete -C, and zsh's function with compadd and
// _files stubbed (zsh's completion system needs a terminal). A shell that
// is not installed is skipped; CI runs at least bash.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		shell, run string // run is the script's path, then the words
		sorted     bool
	}{
		{"bash", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sdkjwt; echo "${COMPREPLY[*]}"`, false},
		{"zsh", `compdef() { :; }; compadd() { if [[ $1 == -a ]]; then shift; for n in "$@"; do out+=(${(P)n}); done; else shift; out+=("$@"); fi; }
_files() { out+=(${words[CURRENT]}*(N)); }; source "$1"; shift; out=(); words=("$@"); CURRENT=$#words
_sdkjwt; local -a m; for w in $out; do [[ $w == ${words[CURRENT]}* ]] && m+=($w); done; echo "${m[*]}"`, false},
		{"fish", `source $argv[1]; complete -C (string join -- ' ' $argv[2..-1]) | string join -- ' '; true`, true},
	} {
		path, err := exec.LookPath(tc.shell)
		if err != nil {
			t.Logf("%s: not installed, skipped", tc.shell)
			continue
		}
		dir := t.TempDir()
		script := filepath.Join(dir, "sdkjwt."+tc.shell)
		r := sdkjwt(t, nil, "", "completion", tc.shell)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%+v", r)
		}
		if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "secret.txt"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, c := range completionCases {
			want := c.want
			if tc.sorted { // fish sorts what it offers
				w := strings.Fields(want)
				slices.Sort(w)
				want = strings.Join(w, " ")
			}
			args := []string{"-c", tc.run, tc.shell, script}
			switch tc.shell {
			case "bash":
				args = append([]string{"--norc", "--noprofile"}, args...)
			case "fish": // no $0: the arguments are $argv
				args = []string{"--no-config", "-c", tc.run, script}
			}
			cmd := exec.Command(path, append(args, strings.Split(c.line, " ")...)...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if got := strings.TrimSuffix(string(out), "\n"); err != nil || got != want {
				t.Errorf("%s: %q: offered %q (%v), want %q", tc.shell, c.line, got, err, want)
			}
		}
	}
}

// TestCompletionFlags: every flag the completions offer is one the command
// parses and its help documents.
func TestCompletionFlags(t *testing.T) {
	usages := map[string]string{}
	for _, cmd := range commandTable() {
		usages[cmd.Name] = cmd.help()
	}
	n := 0
	for _, e := range completions() {
		args := []string{e.cmd}
		if e.sub != "" {
			args = append(args, e.sub)
		}
		for _, f := range append(e.values, e.bool...) {
			n++
			if !strings.Contains(usages[e.cmd], f) {
				t.Errorf("%v: %s is not in its help", args, f)
			}
			r := sdkjwt(t, nil, "", append(args, f)...)
			if strings.Contains(r.stderr, "flag provided but not defined") {
				t.Errorf("%v %s: %s", args, f, r.stderr)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d flags offered", n)
	}
	if r := sdkjwt(t, nil, "", "completion", "tcsh"); r.code != exitUsage || r.stdout != "" {
		t.Errorf("tcsh: %+v", r)
	}
}
