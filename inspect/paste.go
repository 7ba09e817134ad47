package inspect

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what Inspect takes away from a token as people paste it:
// white space and a "Bearer " prefix around it, quotes, characters a copy
// from a page adds and no token holds, and the line breaks of a wrapped
// JWT. Each but the first is said in a finding, since the token the client
// sends may carry it too.

// invisible are the characters a copy from a web page, a chat or a
// document adds that no token holds, by name.
var invisible = map[rune]string{
	'\u00a0': "NO-BREAK SPACE",
	'\u200b': "ZERO WIDTH SPACE",
	'\u200c': "ZERO WIDTH NON-JOINER",
	'\u200d': "ZERO WIDTH JOINER",
	'\u2060': "WORD JOINER",
	'\ufeff': "ZERO WIDTH NO-BREAK SPACE (a byte order mark)",
}

// A pasted token is the token as read, and the findings of what was taken
// from it.
type pasted struct {
	token string
	jwt   *jwt.Lenient // the token as a JWT, or nil (err says why)
	err   error
	notes []note
}

type note struct {
	code    Code
	message string
}

// read cleans a token as pasted and reads it as a JWT.
func read(token string) *pasted {
	p := &pasted{}
	if strings.ContainsFunc(token, func(r rune) bool { return invisible[r] != "" }) {
		var b strings.Builder
		var found []string
		for i, r := range []rune(token) {
			if name := invisible[r]; name != "" {
				if len(found) < 3 {
					found = append(found, fmt.Sprintf("U+%04X %s at character %d", r, name, i+1))
				}
				continue
			}
			b.WriteRune(r)
		}
		token = b.String()
		p.add("invisible-character", "the token holds characters that no token has, which a copy from a page or a document adds, taken out here: "+strings.Join(found, ", "))
	}
	token = strings.TrimSpace(token)
	// "Bearer" and white space, a tab as well as a space: an Authorization
	// header copied from a log.
	if rest := strings.TrimLeftFunc(token[min(6, len(token)):], unicode.IsSpace); len(token) > 6 && strings.EqualFold(token[:6], "bearer") && len(rest) < len(token)-6 {
		token = rest
	}
	if n := len(token); n >= 2 && strings.IndexByte(`"'`+"`", token[0]) >= 0 && token[n-1] == token[0] {
		token = strings.TrimSpace(token[1 : n-1])
		p.add("quotes-removed", "the token was in quotes, taken out here: the quotes are not part of it")
	}
	if token == "" {
		p.add("no-token", "no token was given: the input is empty, or only white space or quotes")
	}
	p.token = token
	p.jwt, p.err = jwt.ParseLenient(token)
	if p.err != nil && strings.ContainsFunc(token, unicode.IsSpace) {
		// A JWT has no white space: a wrapped copy or log line put it there.
		joined := strings.Join(strings.Fields(token), "")
		if t, err := jwt.ParseLenient(joined); err == nil {
			p.token, p.jwt, p.err = joined, t, nil
			p.add("whitespace-removed", fmt.Sprintf("the JWT had white space inside it (%d characters: the line breaks of a wrapped copy or log line), taken out here", utf8.RuneCountInString(token)-len(joined)))
		}
	}
	return p
}

func (p *pasted) add(code Code, message string) { p.notes = append(p.notes, note{code, message}) }
