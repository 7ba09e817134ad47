package inspect

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Redacted is what a report shows where the token carries the secret.
const Redacted = "[REDACTED: the secret]"

// verify checks the signature of t with secret (nil: unchecked). If it
// does not match, it tries the mistakes that most often explain that, in
// order: white space around the secret (secret-whitespace), a key as the
// secret (key-secret-swapped: the token's own key, then key), the secret
// as jsrsasign reads it (jsrsasign-hex-secret), else signature-mismatch. A
// token whose key, tokenKey, is the secret itself carries it in clear
// (secret-in-token); one whose key differs from key was made with another
// app's credentials (key-mismatch).
func verify(r *Report, t *jwt.Lenient, tokenKey string, secret []byte, key string) {
	if secret != nil && len(t.Signature) != sha256.Size {
		// signature-length says why; no secret can match
		keys(r, tokenKey, secret, key)
		r.Signature = SignatureInvalid
		r.redact(secret)
		return
	}
	check := func(k []byte) bool { return matches(t, k) }
	trials := append(mistakes(tokenKey, secret, key), trial{"jsrsasign-hex-secret", "the token was signed with the secret as jsrsasign reads a string (Zoom's Node samples): " + jsrsasignReading(secret), jsrsasignKey(secret)})
	if verifyWith(r, tokenKey, secret, key, check, trials) && t.Encodings[2] != jwt.Canonical {
		r.Signature = SignatureInvalid
		r.Findings = slices.DeleteFunc(r.Findings, func(f Finding) bool { return f.Code == "signature-valid" })
		for i := range r.Findings {
			if r.Findings[i].Code == "signature-encoding" {
				r.Findings[i].Message += " (the MAC in it is right for this secret: only its encoding is wrong)"
			}
		}
	}
}

// A trial is a usual mistake with the secret: the key it makes, and the
// finding that explains a signature made with it.
type trial struct {
	code    Code
	message string
	key     []byte
}

// mistakes are the trials of every kind: white space or quotes around the
// secret (what env files, echo and copies add), and a key as the secret.
func mistakes(tokenKey string, secret []byte, key string) []trial {
	s := string(bytes.TrimSpace(secret))
	around := func(before, after, what string) trial {
		return trial{"secret-whitespace", "the token was signed with " + what + ", as an env file, a file read unchanged, echo or a copy adds", []byte(before + s + after)}
	}
	return []trial{
		{"secret-whitespace", "the secret given has white space around it, and the token was signed without it", []byte(s)},
		around("", "\n", "a newline after the secret"),
		around("", "\r\n", "a CR LF after the secret"),
		around("", "\n\n", "two newlines after the secret"),
		around("", "\r", "a CR after the secret"),
		around("", " ", "a space after the secret"),
		around(" ", "", "a space before the secret"),
		around("", "\t", "a tab after the secret"),
		around("\t", "", "a tab before the secret"),
		{"secret-quoted", "the token was signed with the secret in double quotes, as an env file or a config that keeps them gives it", []byte(`"` + s + `"`)},
		{"secret-quoted", "the token was signed with the secret in single quotes, as an env file or a config that keeps them gives it", []byte("'" + s + "'")},
		{"key-secret-swapped", "the token was signed with its key as the secret", []byte(tokenKey)},
		{"key-secret-swapped", "the token was signed with the key as the secret", []byte(key)},
	}
}

// keys adds the findings of the token's key: secret-in-token if it is the
// secret (white space around either aside, in any case: an Agora
// certificate upper-cased is still the certificate), else key-mismatch if
// it is not key.
func keys(r *Report, tokenKey string, secret []byte, key string) {
	inToken := secret != nil && strings.TrimSpace(tokenKey) != "" && strings.EqualFold(strings.TrimSpace(tokenKey), string(bytes.TrimSpace(secret)))
	if inToken {
		r.add("secret-in-token", "the key the token names is the secret itself, sent in clear to every client that gets the token: the key and secret were swapped where the token is made")
	} else if key != "" && tokenKey != "" && key != tokenKey {
		r.add("key-mismatch", fmt.Sprintf("the token is for the key %q, not %q: it was made with another app's credentials", tokenKey, key))
	}
}

// verifyWith adds the key findings and, if secret is nil,
// signature-unchecked; else it checks
// the signature with matches (which reports whether a key signs the
// token) and, if it does not match, each trial in order, and redacts the
// secret from the report. It reports whether the secret matched.
func verifyWith(r *Report, tokenKey string, secret []byte, key string, matches func([]byte) bool, trials []trial) bool {
	keys(r, tokenKey, secret, key)
	if secret == nil {
		r.add("signature-unchecked", "no secret was given, so the signature was NOT checked: this token may be forged or signed with the wrong secret")
		return false
	}
	defer r.redact(secret)
	if matches(secret) {
		r.Signature = SignatureValid
		r.add("signature-valid", "the signature matches the secret")
		return true
	}
	r.Signature = SignatureInvalid
	for _, t := range trials {
		if len(t.key) > 0 && !bytes.Equal(t.key, secret) && matches(t.key) {
			r.add(t.code, t.message)
			return false
		}
	}
	r.add("signature-mismatch", "the signature does not match the secret, nor any usual mistake with it")
	return false
}

func matches(t *jwt.Lenient, key []byte) bool {
	s, err := jwt.NewSigner(key)
	return err == nil && s.Matches(&t.Token)
}

// jsrsasignKey is the HMAC key jsrsasign's KJUR.jws.JWS.sign derives from a
// string secret (kjur/jsrsasign src/crypto-1.1.js, Mac.setPassword):
// hex-decoded if it has an even length and only hexadecimal digits, else
// one byte per UTF-16 code unit, its low byte. The vendors use the secret's
// UTF-8 bytes.
func jsrsasignKey(secret []byte) []byte {
	s := string(secret)
	if len(s)%2 == 0 && strings.Trim(s, "0123456789abcdefABCDEF") == "" {
		b, _ := hex.DecodeString(s)
		return b
	}
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u))
	}
	return b
}

func jsrsasignReading(secret []byte) string {
	if s := string(secret); len(s)%2 == 0 && strings.Trim(s, "0123456789abcdefABCDEF") == "" {
		return "an even number of hex digits is decoded as hex"
	}
	return "each character is cut to one byte"
}

// redact replaces the secret (and the secret without surrounding white
// space) wherever the report would show it, in any case (an Agora
// certificate upper-cased is still the certificate): in the strings of the
// header and payload, however JSON escapes them, and in the findings'
// messages. Texts shorter than 8 bytes are redacted only where a whole
// string equals them, so that a short test secret does not cut words and
// numbers apart.
func (r *Report) redact(secret []byte) {
	for _, s := range []string{string(secret), string(bytes.TrimSpace(secret))} {
		if s == "" {
			continue
		}
		r.Header, r.Payload = redactJSON(r.Header, s), redactJSON(r.Payload, s)
		for i := range r.Findings {
			f := &r.Findings[i]
			f.Message = replaceFold(f.Message, strconv.Quote(s), `"`+Redacted+`"`)
			if len(s) >= 8 {
				f.Message = replaceFold(f.Message, s, Redacted)
			}
		}
	}
}

// redactJSON returns the JSON text b with each string that is secret
// replaced by Redacted, and in longer strings each occurrence of it, the
// strings read with their escapes. A string that holds no secret keeps its
// bytes as written.
func redactJSON(b []byte, secret string) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			out = append(out, b[i])
			continue
		}
		j := i + 1 // the closing quote: b is valid JSON
		for b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		lit := b[i : j+1]
		var s string
		switch json.Unmarshal(lit, &s); {
		case strings.EqualFold(s, secret):
			lit = []byte(`"` + Redacted + `"`)
		case len(secret) >= 8 && replaceFold(s, secret, "") != s:
			var enc bytes.Buffer
			e := json.NewEncoder(&enc)
			e.SetEscapeHTML(false)
			e.Encode(replaceFold(s, secret, Redacted)) // a string: no error
			lit = bytes.TrimSuffix(enc.Bytes(), []byte("\n"))
		}
		out = append(out, lit...)
		i = j
	}
	return out
}

// replaceFold replaces each occurrence of old in s, in any case, by new.
func replaceFold(s, old, new string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+len(old) <= len(s) && strings.EqualFold(s[i:i+len(old)], old) {
			b.WriteString(new)
			i += len(old)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
