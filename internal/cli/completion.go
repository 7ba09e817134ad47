package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

const completionUsage = `Usage:
    sdkjwt completion bash|zsh|fish

Prints a script that completes sdkjwt's commands and flags in the shell. It
is made from the flag sets the commands parse, so it lists exactly the
flags each command takes; after a flag of a fixed set (--role, --sdk,
--log-format, --use) its values are offered, and after another flag that
takes a value, file names.

    bash: source <(sdkjwt completion bash), or save it as
          /usr/share/bash-completion/completions/sdkjwt
    zsh:  save it as _sdkjwt in a directory of $fpath, or
          source <(sdkjwt completion zsh) after compinit
    fish: sdkjwt completion fish > ~/.config/fish/completions/sdkjwt.fish
`

func (c *Call) completion(args []string) error {
	if len(args) == 1 && isHelpFlag(args[0]) {
		fmt.Fprint(c.stdout, completionUsage)
		return errHelpShown
	}
	if len(args) != 1 {
		return &usageError{msg: "completion takes one shell: bash, zsh or fish", hint: "run 'sdkjwt help completion'"}
	}
	var write func(io.Writer, []completed)
	switch args[0] {
	case "bash":
		write = bashCompletion
	case "zsh":
		write = zshCompletion
	case "fish":
		write = fishCompletion
	default:
		return &usageError{msg: fmt.Sprintf("completion %q: want bash, zsh or fish", args[0])}
	}
	write(c.stdout, completions())
	return nil
}

// A completed is one command line's leading words and the flags it takes.
type completed struct {
	cmd, sub     string      // "agora", "rtc"; sub is empty for most commands
	subs         []string    // the values of cmd's first argument, on its first entry
	values, bool []string    // flags that take a value, and those that do not
	choices      [][2]string // a flag of a fixed set, and its values joined by spaces
}

// completions runs every command (and subcommand) with c.flags set, so
// that it hands over the flag set it would parse instead of running.
func completions() []completed {
	var out []completed
	for _, cmd := range commandTable() {
		subs, offered := cmd.Sub, cmd.Sub // subcommands with flags; the words offered
		switch cmd.Name {
		case "completion":
			subs = nil // an argument, not subcommands with flags of their own
		case "help":
			offered = append(commandNames(), "environment")
		}
		for i := 0; i < max(1, len(subs)); i++ {
			e, parses := completed{cmd: cmd.Name}, false
			args := []string{}
			if len(subs) > 0 {
				e.sub, args = subs[i], []string{subs[i]}
			}
			if i == 0 {
				e.subs = offered
			}
			c := &Call{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, flags: func(fs *flag.FlagSet) {
				parses = true
				fs.VisitAll(func(f *flag.Flag) {
					if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
						e.bool = append(e.bool, "--"+f.Name)
					} else {
						e.values = append(e.values, "--"+f.Name)
					}
					if ch, ok := f.Value.(interface{ Choices() []string }); ok {
						e.choices = append(e.choices, [2]string{"--" + f.Name, strings.Join(ch.Choices(), " ")})
					}
				})
			}}
			cmd.Run(c, args)
			if parses {
				e.bool = append(e.bool, "--help")
			}
			out = append(out, e)
		}
	}
	return out
}

func bashCompletion(w io.Writer, cs []completed) {
	fmt.Fprintf(w, `# bash completion for sdkjwt, written by 'sdkjwt completion bash'.
# Load it with: source <(sdkjwt completion bash)
_sdkjwt() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd=${COMP_WORDS[1]} sub= subs= values= bools=
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W '%s --help --version' -- "$cur"))
        return
    fi
    case $cmd in
`, strings.Join(commandNames(), " "))
	for _, e := range cs {
		if len(e.subs) > 0 {
			fmt.Fprintf(w, "    %s) subs='%s' ;;\n", e.cmd, strings.Join(e.subs, " "))
		}
	}
	fmt.Fprint(w, `    esac
    if [[ -n $subs ]]; then
        if [[ $COMP_CWORD -eq 2 ]]; then
            COMPREPLY=($(compgen -W "$subs" -- "$cur"))
            return
        fi
        sub=${COMP_WORDS[2]}
    fi
    case "$cmd $sub" in
`)
	for _, e := range cs {
		fmt.Fprintf(w, "    '%s %s') values='%s' bools='%s' ;;\n", e.cmd, e.sub, strings.Join(e.values, " "), strings.Join(e.bool, " "))
	}
	fmt.Fprint(w, `    esac
    case "$cmd $sub $prev" in
`)
	for _, e := range cs {
		for _, c := range e.choices {
			fmt.Fprintf(w, "    '%s %s %s') COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", e.cmd, e.sub, c[0], c[1])
		}
	}
	fmt.Fprint(w, `    esac
    if [[ -n $prev && " $values " == *" $prev "* ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -W "$values $bools" -- "$cur"))
}
complete -F _sdkjwt sdkjwt
`)
}

func zshCompletion(w io.Writer, cs []completed) {
	fmt.Fprintf(w, `#compdef sdkjwt
# zsh completion for sdkjwt, written by 'sdkjwt completion zsh'.
_sdkjwt() {
    local cmd=${words[2]} sub=
    local -a subs values bools
    if (( CURRENT == 2 )); then
        compadd -- %s --help --version
        return
    fi
    case $cmd in
`, strings.Join(commandNames(), " "))
	for _, e := range cs {
		if len(e.subs) > 0 {
			fmt.Fprintf(w, "    %s) subs=(%s) ;;\n", e.cmd, strings.Join(e.subs, " "))
		}
	}
	fmt.Fprint(w, `    esac
    if (( ${#subs} )); then
        if (( CURRENT == 3 )); then
            compadd -a subs
            return
        fi
        sub=${words[3]}
    fi
    case "$cmd $sub" in
`)
	for _, e := range cs {
		fmt.Fprintf(w, "    '%s %s') values=(%s) bools=(%s) ;;\n", e.cmd, e.sub, strings.Join(e.values, " "), strings.Join(e.bool, " "))
	}
	fmt.Fprint(w, `    esac
    case "$cmd $sub ${words[CURRENT-1]}" in
`)
	for _, e := range cs {
		for _, c := range e.choices {
			fmt.Fprintf(w, "    '%s %s %s') compadd -- %s; return ;;\n", e.cmd, e.sub, c[0], c[1])
		}
	}
	fmt.Fprint(w, `    esac
    if (( ${values[(Ie)${words[CURRENT-1]}]} )); then
        _files
        return
    fi
    compadd -a values bools
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _sdkjwt "$@"
else
    compdef _sdkjwt sdkjwt
fi
`)
}

func fishCompletion(w io.Writer, cs []completed) {
	fmt.Fprintf(w, `# fish completion for sdkjwt, written by 'sdkjwt completion fish'.
function __sdkjwt_args --description 'sdkjwt was given exactly these words so far'
    set -l words (commandline -opc)
    test (count $words) -eq (math (count $argv) + 1); or return 1
    test (count $argv) -eq 0; or test "$words[2..-1]" = "$argv"
end
function __sdkjwt_starts --description 'sdkjwt was given these words first'
    set -l words (commandline -opc)
    set -l last (math (count $argv) + 1)
    test (count $words) -ge $last; and test "$words[2..$last]" = "$argv"
end
complete -c sdkjwt -f
complete -c sdkjwt -n __sdkjwt_args -a '%s'
complete -c sdkjwt -n __sdkjwt_args -l version
`, strings.Join(commandNames(), " "))
	for _, e := range cs {
		if len(e.subs) > 0 {
			fmt.Fprintf(w, "complete -c sdkjwt -n '__sdkjwt_args %s' -a '%s'\n", e.cmd, strings.Join(e.subs, " "))
		}
		cond := strings.TrimSpace("__sdkjwt_starts " + e.cmd + " " + e.sub)
	values:
		for _, f := range e.values {
			for _, c := range e.choices {
				if c[0] == f {
					fmt.Fprintf(w, "complete -c sdkjwt -n '%s' -l %s -x -a '%s'\n", cond, f[2:], c[1])
					continue values
				}
			}
			fmt.Fprintf(w, "complete -c sdkjwt -n '%s' -l %s -r -F\n", cond, f[2:])
		}
		for _, f := range e.bool {
			fmt.Fprintf(w, "complete -c sdkjwt -n '%s' -l %s\n", cond, f[2:])
		}
	}
}
