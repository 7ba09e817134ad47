package agora

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxContent bounds what Parse inflates: an Agora token holds a few
// hundred bytes, and a zlib stream may claim far more than it is.
const MaxContent = 64 << 10

// ErrMalformed is what every error of Parse and Parse006 wraps.
var ErrMalformed = errors.New("agora: malformed token")

func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, a...)...)
}

// Parsed is an AccessToken2 as Parse read it.
type Parsed struct {
	// Token holds the fields and the services read: every service, or
	// those before the first that sdkjwt does not read (see Unread).
	Token
	Signature []byte // as written: 32 bytes if made by Agora's builders
	Content   []byte // the bytes the signature covers, as written
	// Count is how many services the token says it holds. When Services
	// holds fewer, Unread is the type of the first service not read.
	Count  int
	Unread uint16
}

// Parse reads an AccessToken2: "007", standard base64, zlib, then the
// signature and content. Every length is checked against the bytes that
// remain, and nothing is allocated beyond what the input holds (at most
// MaxContent bytes inflated), so hostile input gets an error wrapping
// ErrMalformed that says where it breaks.
func Parse(token string) (*Parsed, error) {
	if !strings.HasPrefix(token, Version) {
		return nil, malformed("an AccessToken2 starts with %q", Version)
	}
	if len(token) > 4*MaxContent {
		return nil, malformed("%d bytes is too long for a token", len(token))
	}
	z, err := base64.StdEncoding.DecodeString(token[len(Version):])
	if err != nil {
		if strings.Contains(token, " ") {
			return nil, malformed("it has spaces where its base64 had '+' (a token passed in a URL query without encoding)")
		}
		return nil, malformed("after %q comes standard base64 (A-Z a-z 0-9 + / =): %v", Version, err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, malformed("after %q comes a zlib stream: %v", Version, err)
	}
	inside, err := io.ReadAll(io.LimitReader(zr, MaxContent+1))
	if err == nil && len(inside) > MaxContent {
		err = fmt.Errorf("it holds more than %d bytes", MaxContent)
	}
	if err != nil {
		return nil, malformed("the zlib stream does not inflate: %v", err)
	}
	r := &reader{b: inside}
	p := &Parsed{Signature: []byte(r.str("the signature"))}
	p.Content = r.b
	p.AppID = r.str("the App ID")
	p.IssueTs = r.u32("issueTs")
	p.Expire = r.u32("expire")
	p.Salt = r.u32("salt")
	p.Count = int(r.u16("the service count"))
	for i := 0; i < p.Count && r.err == nil; i++ {
		typ := r.u16("a service's type")
		shape, known := shapes[typ]
		if !known {
			p.Unread = typ
			break
		}
		s := Service{Type: typ}
		n := int(r.u16("a service's privilege count"))
		if r.err == nil && n*6 > len(r.b) {
			r.fail("the %s service's %d privileges", shape.name, n)
		}
		for j := 0; j < n && r.err == nil; j++ {
			s.Privileges = append(s.Privileges, Privilege{r.u16("a privilege"), r.u32("a privilege's expire")})
		}
		for _, name := range shape.strings {
			s.Strings = append(s.Strings, r.str("the "+shape.name+" service's "+name))
		}
		switch typ {
		case APaaS:
			s.Role = int16(r.u16("the apaas service's role"))
		case RTM2:
			s.Resources = r.resources()
		}
		if r.err == nil {
			p.Services = append(p.Services, s)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return p, nil
}

// resources reads an RTM2 service's permissions. Each count is checked
// against the bytes that remain (an entry takes at least 2 bytes).
func (r *reader) resources() []Resource {
	n := int(r.u16("the rtm2 service's resource count"))
	if r.err == nil && n*4 > len(r.b) {
		r.fail("the rtm2 service's %d resource types", n)
	}
	var out []Resource
	for i := 0; i < n && r.err == nil; i++ {
		res := Resource{Type: r.u16("a resource type")}
		m := int(r.u16("a resource's access count"))
		if r.err == nil && m*4 > len(r.b) {
			r.fail("the rtm2 service's %d access types", m)
		}
		for j := 0; j < m && r.err == nil; j++ {
			a := Access{Type: r.u16("an access type")}
			k := int(r.u16("an access's name count"))
			if r.err == nil && k*2 > len(r.b) {
				r.fail("the rtm2 service's %d names", k)
			}
			for l := 0; l < k && r.err == nil; l++ {
				a.Names = append(a.Names, r.str("a resource's name"))
			}
			res.Access = append(res.Access, a)
		}
		out = append(out, res)
	}
	return out
}

// Verify reports whether certificate signs the token.
func (p *Parsed) Verify(certificate []byte) bool {
	return len(p.Signature) > 0 && hmac.Equal(Signature(certificate, p.IssueTs, p.Salt, p.Content), p.Signature)
}

// A reader reads little-endian fields from b, remembering the first
// field that runs past its end.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = malformed("truncated: "+format+" goes past the end (%d bytes remain)", append(a, len(r.b))...)
	}
}

func (r *reader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.fail("%s (%d bytes)", what, n)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u16(what string) uint16 {
	if b := r.take(2, what); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if b := r.take(4, what); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) str(what string) string {
	n := r.u16(what + "'s length")
	return string(r.take(int(n), what))
}

// Token006 is an AccessToken ("006"), the format before AccessToken2, as
// Parse006 reads it. Its times are absolute Unix times, and it names its
// channel and uid only by their CRC-32, so it cannot be verified without
// them.
type Token006 struct {
	AppID      string
	Signature  []byte
	CRCChannel uint32
	CRCUID     uint32
	Salt       uint32
	Ts         uint32      // when the token itself expires (its builder: 24 hours after it was made)
	Privileges []Privilege // each one's Expire is a Unix time; 0 for no end
}

// Parse006 reads an AccessToken: "006", the 32-character App ID, then
// standard base64 of the signature, the CRC-32 of the channel and the uid,
// and the message (salt, ts and privileges), as npm agora-access-token
// writes it. Errors wrap ErrMalformed.
func Parse006(token string) (*Token006, error) {
	if !strings.HasPrefix(token, "006") || len(token) < 3+32 {
		return nil, malformed(`an AccessToken starts with "006" and a 32-character App ID`)
	}
	if len(token) > 4*MaxContent {
		return nil, malformed("%d bytes is too long for a token", len(token))
	}
	b, err := base64.StdEncoding.DecodeString(token[35:])
	if err != nil {
		return nil, malformed("after the App ID comes standard base64: %v", err)
	}
	r := &reader{b: b}
	t := &Token006{AppID: token[3:35], Signature: []byte(r.str("the signature"))}
	t.CRCChannel = r.u32("the channel's CRC")
	t.CRCUID = r.u32("the uid's CRC")
	m := &reader{b: []byte(r.str("the message"))}
	if r.err != nil {
		return nil, r.err
	}
	t.Salt = m.u32("salt")
	t.Ts = m.u32("ts")
	n := int(m.u16("the privilege count"))
	if m.err == nil && n*6 > len(m.b) {
		m.fail("%d privileges", n)
	}
	for i := 0; i < n && m.err == nil; i++ {
		t.Privileges = append(t.Privileges, Privilege{m.u16("a privilege"), m.u32("a privilege's expire")})
	}
	if m.err != nil {
		return nil, m.err
	}
	return t, nil
}

// A DynamicKey is one of Agora's formats before the AccessToken (006):
// version "003", "004" or "005" (AgoraIO/Tools, DynamicKey3, DynamicKey4
// and DynamicKey5). Its signature is an HMAC-SHA1 over the channel and
// uid as well, which it does not hold, so it cannot be checked offline.
type DynamicKey struct {
	Version   string `json:"version"`           // "003", "004" or "005"
	AppID     string `json:"appId"`             // 32 hex digits (005: in lower case, as its bytes decode)
	Service   uint16 `json:"service,omitempty"` // 005: 1 media channel, 2 recording, 3 public sharing, 4 in-channel permission
	IssueTs   uint32 `json:"unixTs"`
	Salt      uint32 `json:"randomInt"`
	UID       uint32 `json:"uid,omitempty"` // 003 only: the uid, written in the key
	ExpiredTs uint32 `json:"expiredTs"`     // an absolute Unix time; 0 where the builder was given 0
}

// ParseDynamicKey reads a DynamicKey, and reports whether token is one:
// "003" or "004" and fixed-width fields (a 40-digit hex signature, the App
// ID, then decimal and hex numbers), or "005" and standard base64 of a
// service, a 40-digit hex signature and a 16-byte App ID.
func ParseDynamicKey(token string) (*DynamicKey, bool) {
	num := func(s string, base int) (uint32, bool) {
		n, err := strconv.ParseUint(s, base, 32)
		return uint32(n), err == nil
	}
	switch v := token[:min(3, len(token))]; {
	case (v == "003" && len(token) == 113 || v == "004" && len(token) == 103) && isHex(token[3:75]):
		k := &DynamicKey{Version: v, AppID: token[43:75]}
		ts, ok1 := num(token[75:85], 10)
		salt, ok2 := num(token[85:93], 16)
		rest, ok3 := token[93:], true
		if v == "003" {
			k.UID, ok3 = num(rest[:10], 10)
			rest = rest[10:]
		}
		exp, ok4 := num(rest, 10)
		k.IssueTs, k.Salt, k.ExpiredTs = ts, salt, exp
		return k, ok1 && ok2 && ok3 && ok4
	case v == "005" && len(token) <= 4*MaxContent:
		b, err := base64.StdEncoding.DecodeString(token[3:])
		if err != nil {
			return nil, false
		}
		r := &reader{b: b}
		k := &DynamicKey{Version: v, Service: r.u16("the service")}
		sig := r.str("the signature")
		appID := r.str("the App ID")
		k.IssueTs, k.Salt, k.ExpiredTs = r.u32("unixTs"), r.u32("randomInt"), r.u32("expiredTs")
		if r.err != nil || k.Service < 1 || k.Service > 4 || len(sig) != 40 || !isHex(sig) || len(appID) != 16 {
			return nil, false
		}
		k.AppID = hex.EncodeToString([]byte(appID))
		return k, true
	}
	return nil, false
}

func isHex(s string) bool { return strings.Trim(s, "0123456789abcdefABCDEF") == "" }
