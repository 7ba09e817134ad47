package cli

import (
	"bytes"
	"io"
	"sync"

	"github.com/sdkjwt/sdkjwt/inspect"
)

// This file keeps every secret the process reads out of what it writes:
// whatever path an error takes (a secret pasted where a command, a path or
// a flag's value belongs, and echoed back), the text reaches stdout and
// stderr through a redactor.

// minRedacted is the shortest secret redacted: a shorter one (a tutorial's
// "secret") would cut the words of help and errors apart, and no vendor
// issues one that short.
const minRedacted = 8

// secrets are the secrets the process has read: those of the variables
// sdkjwt reads, and those read from files.
type secrets struct {
	mu   sync.Mutex
	list [][]byte
}

// add keeps a copy of secret, and of it without white space around it.
func (s *secrets) add(secret []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range [][]byte{secret, bytes.TrimSpace(secret)} {
		if len(v) >= minRedacted && !containsBytes(s.list, v) {
			s.list = append(s.list, bytes.Clone(v))
		}
	}
}

func containsBytes(list [][]byte, v []byte) bool {
	for _, e := range list {
		if bytes.Equal(e, v) {
			return true
		}
	}
	return false
}

// A redactor writes to w what it is given, each secret replaced by
// [REDACTED]. A secret split across two writes is not seen: sdkjwt writes
// each line whole.
type redactor struct {
	w       io.Writer
	secrets *secrets
}

func (r redactor) Write(p []byte) (int, error) {
	out := p
	r.secrets.mu.Lock()
	for _, s := range r.secrets.list {
		if bytes.Contains(out, s) {
			out = bytes.ReplaceAll(out, s, []byte("[REDACTED]"))
		}
	}
	r.secrets.mu.Unlock()
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// secretVariables are the variables that hold a secret: each registered
// kind's, and sign's.
func secretVariables() []string {
	names := []string{signVars[0].Secret, privateKeyVars[0].Secret, jaasVars[0].Secret, vonageKeyVars[0].Secret}
	for _, k := range inspect.Kinds() {
		for _, e := range k.Env {
			names = append(names, e.Secret)
		}
	}
	return names
}
