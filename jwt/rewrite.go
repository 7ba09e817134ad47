package jwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// MaxClaimsSize is the largest claims object Rewrite takes, so that its
// token stays well under MaxTokenSize.
const MaxClaimsSize = 16 << 10

// ErrClaims is wrapped by Rewrite's errors other than ErrTooLarge and
// ErrDuplicateKey.
var ErrClaims = errors.New("jwt: invalid claims")

// An IntClaim is an integer claim for Rewrite to set.
type IntClaim struct {
	Name  string
	Value int64
}

// Rewrite returns the JSON object claims as a payload to sign: compacted
// (insignificant whitespace removed) but otherwise as written (the members'
// order, and the text of names, numbers and strings: 1.50 stays 1.50 and
// "\u0041" stays "\u0041"), with each claim of set written as an integer:
// in place of the member of that name, or appended at the end in the order
// given.
//
// It refuses (ErrClaims) anything but one UTF-8 JSON object, a name used
// twice at any depth (ErrDuplicateKey), and more than MaxClaimsSize bytes
// (ErrTooLarge).
func Rewrite(claims []byte, set ...IntClaim) ([]byte, error) {
	if len(claims) > MaxClaimsSize {
		return nil, fmt.Errorf("%w: %d bytes of claims, the limit is %d", ErrTooLarge, len(claims), MaxClaimsSize)
	}
	ms, err := strictMembers(ErrClaims, "input", claims)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteByte('{')
	written := make([]bool, len(set))
	for _, m := range ms {
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		out.Write(m.RawName)
		out.WriteByte(':')
		i := 0
		for i < len(set) && set[i].Name != m.Name {
			i++
		}
		if i < len(set) {
			out.Write(strconv.AppendInt(nil, set[i].Value, 10))
			written[i] = true
		} else if err := json.Compact(&out, m.Value); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrClaims, err) // members accepted it: not expected
		}
	}
	b := out.Bytes()
	var o Object
	for i, c := range set {
		if !written[i] {
			b = o.Int(b, c.Name, c.Value)
		}
	}
	return o.Close(b)
}
