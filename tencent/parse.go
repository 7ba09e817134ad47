package tencent

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxInflated bounds what Parse inflates: a UserSig's JSON is some 200
// bytes, a PrivateMapKey's some 300 more.
const MaxInflated = 16 << 10

// A Parsed UserSig is what it holds, as read.
type Parsed struct {
	UserSig
	Version string
	Sig     []byte // TLS.sig, decoded
	JSON    []byte // the inflated JSON
	// HasExpire is false when TLS.expire is absent (the official Go
	// library leaves out an expire of 0).
	HasExpire bool
}

// ErrMalformed wraps every error of Parse: Tencent's servers answer 70003.
var ErrMalformed = errors.New("tencent: malformed UserSig")

// Parse reads a UserSig: base64′, zlib (at most MaxInflated bytes), JSON
// with TLS.ver, TLS.identifier, TLS.sdkappid, TLS.time and TLS.sig,
// TLS.expire and TLS.userbuf if present, each of its type.
func Parse(s string) (*Parsed, error) {
	fail := func(format string, a ...any) (*Parsed, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, a...)...)
	}
	raw, err := Encoding.DecodeString(s)
	if err != nil {
		// Tencent's own decoders take it without its padding.
		if raw, err = Encoding.WithPadding(base64.NoPadding).DecodeString(strings.TrimRight(s, "_")); err != nil {
			return fail("not base64 of Tencent's alphabet (letters, digits, *, - and _): %v", err)
		}
	}
	z, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fail("not a zlib stream: %v", err)
	}
	text, err := io.ReadAll(io.LimitReader(z, MaxInflated+1))
	switch {
	case err != nil:
		return fail("the zlib stream is cut short or corrupt: %v", err)
	case len(text) > MaxInflated:
		return fail("it inflates to more than %d bytes", MaxInflated)
	}
	var doc struct {
		Ver        *string `json:"TLS.ver"`
		Identifier *string `json:"TLS.identifier"`
		SDKAppID   *uint64 `json:"TLS.sdkappid"`
		Time       *int64  `json:"TLS.time"`
		Expire     *int64  `json:"TLS.expire"`
		UserBuf    *string `json:"TLS.userbuf"`
		Sig        *string `json:"TLS.sig"`
	}
	if err := json.Unmarshal(text, &doc); err != nil {
		return fail("its JSON does not read as a UserSig's: %v", err)
	}
	for _, m := range []struct {
		name    string
		missing bool
	}{{"TLS.ver", doc.Ver == nil}, {"TLS.identifier", doc.Identifier == nil}, {"TLS.sdkappid", doc.SDKAppID == nil}, {"TLS.time", doc.Time == nil}, {"TLS.sig", doc.Sig == nil}} {
		if m.missing {
			return fail("its JSON has no %s", m.name)
		}
	}
	p := &Parsed{Version: *doc.Ver, JSON: text, HasExpire: doc.Expire != nil,
		UserSig: UserSig{SDKAppID: *doc.SDKAppID, Identifier: *doc.Identifier, Time: *doc.Time}}
	if doc.Expire != nil {
		p.Expire = *doc.Expire
	}
	if p.Sig, err = base64.StdEncoding.DecodeString(*doc.Sig); err != nil {
		return fail("TLS.sig is not base64: %v", err)
	}
	if doc.UserBuf != nil {
		if p.UserBuf, err = base64.StdEncoding.DecodeString(*doc.UserBuf); err != nil {
			return fail("TLS.userbuf is not base64: %v", err)
		}
	}
	return p, nil
}

// Verify reports whether key signs p.
func (p *Parsed) Verify(key []byte) bool { return hmac.Equal(p.MAC(key), p.Sig) }

// ParseUserBuf reads a PrivateMapKey's userbuf, each length checked against
// the bytes that remain.
func ParseUserBuf(b []byte) (PrivateMapKey, error) {
	var k PrivateMapKey
	fail := func(what string) (PrivateMapKey, error) {
		return k, fmt.Errorf("%w: the userbuf %s", ErrMalformed, what)
	}
	if len(b) < 3 {
		return fail("is shorter than its header")
	}
	version, n := b[0], int(binary.BigEndian.Uint16(b[1:3]))
	if version > 1 {
		return fail(fmt.Sprintf("has version %d (0 and 1 are Tencent's)", version))
	}
	b = b[3:]
	if len(b) < n+20 {
		return fail("is shorter than its account and fields")
	}
	k.Account, b = string(b[:n]), b[n:]
	k.SDKAppID, k.RoomID, k.Expire = binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:])
	k.Privileges, k.AccountType, b = binary.BigEndian.Uint32(b[12:]), binary.BigEndian.Uint32(b[16:]), b[20:]
	if version == 1 {
		if len(b) < 2 || len(b) < 2+int(binary.BigEndian.Uint16(b)) {
			return fail("is shorter than its room")
		}
		n = int(binary.BigEndian.Uint16(b))
		k.RoomStr, b = string(b[2:2+n]), b[2+n:]
		if k.RoomStr == "" {
			return fail("has version 1 and an empty room")
		}
	}
	if len(b) > 0 {
		return fail(fmt.Sprintf("has %d bytes after its end", len(b)))
	}
	return k, nil
}
