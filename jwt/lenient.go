package jwt

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// An Encoding is how one segment of a token is encoded. Only Canonical is
// a JWT; ParseLenient reports the others so that they can be explained.
type Encoding uint8

const (
	Canonical    Encoding = iota // base64url without padding, zero trailing bits
	Padded                       // base64url with '=' padding
	Standard                     // the standard base64 alphabet ('+', '/'), padded or not
	NonCanonical                 // base64url with non-zero trailing bits: another spelling of the same bytes
	Hex                          // 64 hexadecimal digits, a SHA-256 MAC as hex (the signature only)
)

var encodingNames = [...]string{"base64url", "padded base64url", "standard base64", "base64url with non-zero trailing bits", "hexadecimal"}

func (e Encoding) String() string { return encodingNames[e] }

// A Lenient token is what ParseLenient made of a token: the token, how each
// segment was encoded and the member names repeated in its JSON.
type Lenient struct {
	Token
	Encodings  [3]Encoding // of the header, payload and signature segments
	Duplicates []string    // e.g. `"role" in the payload`; Header and Claims keep every copy
}

// ParseLenient decodes what ParseUnverified would refuse for its encoding,
// so that sdkjwt inspect can say what is wrong: padded or standard base64,
// non-zero trailing bits, a hexadecimal signature, repeated member names,
// and any alg. It still requires at most MaxTokenSize bytes (ErrTooLarge),
// three segments, and a header and a payload that are each one UTF-8 JSON
// object (ErrMalformed). Nothing in the result is verified or valid.
func ParseLenient(token string) (*Lenient, error) {
	h, p, s, err := split(token)
	if err != nil {
		return nil, err
	}
	t := &Lenient{Token: Token{signed: []byte(token[:len(h)+1+len(p)])}}
	if t.RawHeader, t.Encodings[0], err = decodeLenient("header", h, false); err != nil {
		return nil, err
	}
	if t.RawPayload, t.Encodings[1], err = decodeLenient("payload", p, false); err != nil {
		return nil, err
	}
	if t.Signature, t.Encodings[2], err = decodeLenient("signature", s, true); err != nil {
		return nil, err
	}
	var dups []string
	if t.Header, dups, err = members(ErrMalformed, "header", t.RawHeader); err != nil {
		return nil, err
	}
	t.Duplicates = dups
	if t.Claims, dups, err = members(ErrMalformed, "payload", t.RawPayload); err != nil {
		return nil, err
	}
	t.Duplicates = append(t.Duplicates, dups...)
	return t, nil
}

// decodeLenient decodes one segment in whichever base64 it is in, or, if
// hexOK, as 64 hexadecimal digits (which are also base64url, of 48 bytes:
// no HS256 signature is that long, so the digits are taken as hex).
func decodeLenient(name, seg string, hexOK bool) ([]byte, Encoding, error) {
	if hexOK && len(seg) == 64 && strings.Trim(seg, "0123456789abcdefABCDEF") == "" {
		b, _ := hex.DecodeString(seg) // only hex digits, of even length
		return b, Hex, nil
	}
	enc := Canonical
	unpadded := strings.TrimRight(seg, "=")
	if unpadded != seg {
		enc = Padded
	}
	if strings.ContainsAny(unpadded, "+/") {
		enc = Standard
		unpadded = strings.NewReplacer("+", "-", "/", "_").Replace(unpadded)
	}
	for i := 0; i < len(unpadded); i++ {
		if c := unpadded[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return nil, 0, fmt.Errorf("%w: the %s segment has %q at offset %d, which is in no base64 alphabet", ErrMalformed, name, c, i)
		}
	}
	b, err := base64.RawURLEncoding.DecodeString(unpadded)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: the %s segment is not base64: %v", ErrMalformed, name, err)
	}
	if enc == Canonical && b64.EncodeToString(b) != unpadded {
		enc = NonCanonical
	}
	return b, enc, nil
}
