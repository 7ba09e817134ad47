package jwt

import (
	"bytes"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxTokenSize is the longest token, in bytes, that ParseUnverified and
// Verify read. Zoom SDK tokens are well under 2 KiB.
const MaxTokenSize = 64 << 10

// Errors returned by ParseUnverified and Verify; test with errors.Is. Each is
// wrapped with a sentence saying what exactly is wrong.
var (
	// ErrMalformed: not three strict base64url segments of JSON objects.
	ErrMalformed = errors.New("jwt: malformed token")
	// ErrTooLarge: longer than MaxTokenSize.
	ErrTooLarge = errors.New("jwt: token too large")
	// ErrDuplicateKey: a JSON object in the header or payload names a member twice.
	ErrDuplicateKey = errors.New("jwt: duplicate JSON member name")
	// ErrAlgorithm: the header's alg is anything but "HS256" (including "none").
	ErrAlgorithm = errors.New("jwt: alg is not HS256")
	// ErrSignature: the MAC does not match the key.
	ErrSignature = errors.New("jwt: signature does not match")
)

// A Member is one member of a JSON object, with its value exactly as written
// in the token: `1700000000`, `1700000000.0` and `"1700000000"` stay distinct.
type Member struct {
	Name    string // unescaped
	RawName []byte // raw JSON text of the name, quotes and escapes as written
	Value   []byte // raw JSON text of the value
}

// A Token is a parsed compact JWS.
type Token struct {
	RawHeader  []byte   // decoded first segment: the header JSON as written
	RawPayload []byte   // decoded second segment: the payload JSON as written
	Header     []Member // the header's members, in order
	Claims     []Member // the payload's members, in order
	Signature  []byte   // decoded third segment
	signed     []byte   // the signing input: the first two segments and their dot
}

// ParseUnverified checks a token's structure and decodes it, WITHOUT checking
// its signature: nothing in the result can be trusted until Signer.Verify
// has accepted the same token. It exists to explain tokens (sdkjwt inspect).
//
// It requires, in this order: at most MaxTokenSize bytes (ErrTooLarge);
// exactly three segments, each only of the base64url alphabet, without
// padding, with canonical trailing bits (ErrMalformed: so no CR, LF, '=',
// '+' or '/'); a header and a payload that are each one UTF-8 JSON object
// (ErrMalformed) in which no object names a member twice (ErrDuplicateKey);
// and a header whose alg is the string "HS256" (ErrAlgorithm).
func ParseUnverified(token string) (*Token, error) {
	h, p, s, err := split(token)
	if err != nil {
		return nil, err
	}
	t := &Token{signed: []byte(token[:len(h)+1+len(p)])}
	if t.RawHeader, err = decodeSegment("header", h); err != nil {
		return nil, err
	}
	if t.RawPayload, err = decodeSegment("payload", p); err != nil {
		return nil, err
	}
	if t.Signature, err = decodeSegment("signature", s); err != nil {
		return nil, err
	}
	if t.Header, err = strictMembers(ErrMalformed, "header", t.RawHeader); err != nil {
		return nil, err
	}
	if t.Claims, err = strictMembers(ErrMalformed, "payload", t.RawPayload); err != nil {
		return nil, err
	}
	alg, said := "", "no alg"
	for _, m := range t.Header {
		if m.Name == "alg" {
			json.Unmarshal(m.Value, &alg) // alg stays "" unless it is a string
			said = "alg " + string(m.Value)
		}
	}
	if alg != "HS256" {
		return nil, fmt.Errorf("%w: the header has %s", ErrAlgorithm, said)
	}
	return t, nil
}

// Verify parses token as ParseUnverified does and then checks its MAC with
// the Signer's key, returning ErrSignature when it does not match.
func (s *Signer) Verify(token string) (*Token, error) {
	t, err := ParseUnverified(token)
	if err != nil {
		return nil, err
	}
	if !s.Matches(t) {
		return nil, ErrSignature
	}
	return t, nil
}

// Matches reports whether t's signature is the MAC of t's signing input
// under the Signer's key. It checks nothing else: t may come from
// ParseLenient, whose tokens Zoom may still refuse.
func (s *Signer) Matches(t *Token) bool {
	st := s.get()
	// hmac.Equal takes the same time whatever the bytes, so a caller timing
	// rejections learns nothing about the correct MAC.
	ok := hmac.Equal(st.hmac(t.signed), t.Signature)
	s.put(st)
	return ok
}

// split checks the size of token and cuts it into its three segments.
func split(token string) (header, payload, sig string, err error) {
	if len(token) > MaxTokenSize {
		return "", "", "", fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(token), MaxTokenSize)
	}
	// A fixed number of cuts, never strings.Split: a token of many dots must
	// cost no more than any other (CVE-2025-30204 in golang-jwt).
	h, rest, ok1 := strings.Cut(token, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") {
		return "", "", "", fmt.Errorf("%w: want three dot-separated segments", ErrMalformed)
	}
	return h, p, s, nil
}

// decodeSegment decodes one base64url segment strictly.
func decodeSegment(name, seg string) ([]byte, error) {
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			// The decoder alone would skip CR and LF; '=', '+' and '/'
			// are padding and the standard alphabet, not base64url.
			return nil, fmt.Errorf("%w: the %s segment has %q at offset %d, which is not in the base64url alphabet without padding", ErrMalformed, name, c, i)
		}
	}
	b, err := b64.DecodeString(seg)
	if err != nil {
		return nil, fmt.Errorf("%w: the %s segment is not canonical base64url: %v", ErrMalformed, name, err)
	}
	return b, nil
}

// members decodes one JSON object and returns its top-level members in order,
// and the names any object in it repeats ("alg" in the header, "a" in member
// "o" of the payload). Its errors wrap kind.
func members(kind error, what string, obj []byte) (ms []Member, dups []string, err error) {
	if !utf8.Valid(obj) {
		return nil, nil, fmt.Errorf("%w: the %s is not valid UTF-8", kind, what)
	}
	notObject := fmt.Errorf("%w: the %s is not a JSON object", kind, what)
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, notObject
	}
	seen := make(map[string]bool)
	for dec.More() {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, notObject
		}
		name := tok.(string) // a key, or Token would have failed
		if seen[name] {
			dups = append(dups, fmt.Sprintf("%q in the %s", name, what))
		}
		seen[name] = true
		// From start, the decoder has read the separator, if any, and the name.
		rawName := bytes.TrimLeft(obj[start:dec.InputOffset()], ", \t\r\n")
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, notObject
		}
		nested := json.NewDecoder(bytes.NewReader(v))
		nested.UseNumber() // numbers stay text: 1e400 is valid JSON, not a float64
		if err := duplicates(nested, func(dup string) {
			dups = append(dups, fmt.Sprintf("%q in member %q of the %s", dup, name, what))
		}); err != nil {
			return nil, nil, notObject // encoding/json accepted v: not expected
		}
		ms = append(ms, Member{Name: name, RawName: rawName, Value: v})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, nil, notObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("%w: the %s has data after its JSON object", kind, what)
	}
	return ms, dups, nil
}

// strictMembers is members refusing any repeated name with ErrDuplicateKey.
func strictMembers(kind error, what string, obj []byte) ([]Member, error) {
	ms, dups, err := members(kind, what, obj)
	if err == nil && len(dups) > 0 {
		err = fmt.Errorf("%w: %s", ErrDuplicateKey, dups[0])
	}
	return ms, err
}

// duplicates reads one JSON value that encoding/json has already accepted
// and calls dup with each name an object inside it repeats.
func duplicates(dec *json.Decoder, dup func(name string)) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := make(map[string]bool)
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			if seen[key.(string)] {
				dup(key.(string))
			}
			seen[key.(string)] = true
			if err := duplicates(dec, dup); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for dec.More() {
			if err := duplicates(dec, dup); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	return err
}
