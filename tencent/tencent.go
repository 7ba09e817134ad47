// Package tencent builds, signs and reads Tencent Cloud's UserSig, the
// ticket the TRTC and IM SDKs log in with (TLSSigAPIv2), and the
// PrivateMapKey, a UserSig that carries a user's room privileges. Neither
// is a JWT:
//
//	UserSig = base64′(zlib(JSON))    base64′: + * , / - , = _
//	JSON    = {"TLS.ver":"2.0","TLS.identifier","TLS.sdkappid","TLS.expire","TLS.time"[,"TLS.userbuf"],"TLS.sig"}
//	TLS.sig = base64(HMAC-SHA256(key, "TLS.identifier:" id "\n" "TLS.sdkappid:" n "\n"
//	          "TLS.time:" t "\n" "TLS.expire:" e "\n" ["TLS.userbuf:" base64(userbuf) "\n"]))
//
// keyed with the secret key's text, expire in seconds after time. sdkjwt
// writes what Tencent's official Go library (tencentyun/tls-sig-api-v2-golang)
// writes, byte for byte: its member order, a final newline, zlib's stored
// blocks (its default level). Tencent's Node library orders the members
// otherwise and compresses; the MAC is the same. A PrivateMapKey's userbuf
// is big-endian:
//
//	u8 version (0: numeric room, 1: string room) ‖ u16 len ‖ account ‖ u32 sdkappid ‖ u32 room id ‖
//	u32 expiry (absolute Unix time) ‖ u32 privileges ‖ u32 account type (0) [‖ u16 len ‖ room]
//
// Errors are [*jwt.ClaimError] values naming the field. docs/tencent.md has
// the rules and sources.
package tencent

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Version is a UserSig's TLS.ver.
const Version = "2.0"

// MaxExpire is the longest expire Tencent documents: 50 years.
const MaxExpire = 50 * 365 * 24 * 60 * 60

// Encoding is the base64 of a UserSig: standard base64 with *, - and _ for
// +, / and =.
var Encoding = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')

// A UserSig is what a UserSig holds, but its MAC.
type UserSig struct {
	SDKAppID   uint64 // the application's SDKAppID
	Identifier string // the user ID
	Time       int64  // when it was made, Unix seconds
	Expire     int64  // seconds after Time that it is valid for
	UserBuf    []byte // a PrivateMapKey's privileges, or nil
}

// userIDChars are the characters of a user ID besides letters and digits.
const userIDChars = "_-"

// Problems returns the rules u breaks, each a *jwt.ClaimError: a user ID
// of 1 to 32 bytes of letters, digits, _ and -; an SDKAppID; a time; an
// expire of 1 second to 50 years; and a userbuf's (PrivateMapKey.Problems),
// which must be for u's user ID and SDKAppID.
func (u UserSig) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, field, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: field, Rule: rule, Value: value, Err: kind, Code: code})
	}
	if u.SDKAppID == 0 || u.SDKAppID > 0xffffffff {
		fail("", "TLS.sdkappid", "must be the application's SDKAppID, 1 to 4294967295", strconv.FormatUint(u.SDKAppID, 10), jwt.ErrValue)
	}
	if !ValidUserID(u.Identifier) {
		fail("tencent-user-id", "TLS.identifier", "must be 1 to 32 bytes of letters, digits, _ and - (Tencent's rule for a user ID)", strconv.Quote(u.Identifier), jwt.ErrValue)
	}
	if u.Time <= 0 {
		fail("", "TLS.time", "must be the Unix time of signing", strconv.FormatInt(u.Time, 10), jwt.ErrRequired)
	}
	if u.Expire < 1 || u.Expire > MaxExpire {
		code := "tencent-lifetime"
		if u.Expire < 1 {
			code = "" // tencent-expired
		}
		fail(code, "TLS.expire", "must be 1 second to 50 years (1576800000 seconds) after TLS.time", strconv.FormatInt(u.Expire, 10), jwt.ErrTime)
	}
	if u.UserBuf != nil {
		k, err := ParseUserBuf(u.UserBuf)
		switch {
		case err != nil:
			fail("tencent-malformed", "TLS.userbuf", "must be a PrivateMapKey's userbuf: "+strings.TrimPrefix(err.Error(), ErrMalformed.Error()+": "), "", jwt.ErrValue)
		case k.Account != u.Identifier:
			fail("tencent-userbuf-mismatch", "userbuf.account", "must be the UserSig's user ID, "+strconv.Quote(u.Identifier), strconv.Quote(k.Account), jwt.ErrConflict)
		case uint64(k.SDKAppID) != u.SDKAppID:
			fail("tencent-userbuf-mismatch", "userbuf.sdkappid", "must be the UserSig's SDKAppID, "+strconv.FormatUint(u.SDKAppID, 10), strconv.FormatUint(uint64(k.SDKAppID), 10), jwt.ErrConflict)
		}
		if err == nil {
			all = append(all, k.Problems()...)
		}
	}
	return all
}

// ValidUserID reports whether id is a user ID by Tencent's rule: 1 to 32
// bytes of letters, digits, _ and -.
func ValidUserID(id string) bool {
	if len(id) < 1 || len(id) > 32 {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(userIDChars, c) >= 0) {
			return false
		}
	}
	return true
}

// MAC returns TLS.sig's bytes: the HMAC-SHA256 of u's lines, keyed with
// key (the secret key's text, as the console shows it).
func (u UserSig) MAC(key []byte) []byte {
	m := hmac.New(sha256.New, key)
	b := append([]byte("TLS.identifier:"), u.Identifier...)
	b = append(append(b, "\nTLS.sdkappid:"...), strconv.FormatUint(u.SDKAppID, 10)...)
	b = append(append(b, "\nTLS.time:"...), strconv.FormatInt(u.Time, 10)...)
	b = append(append(b, "\nTLS.expire:"...), strconv.FormatInt(u.Expire, 10)...)
	b = append(b, '\n')
	if u.UserBuf != nil {
		b = append(append(append(b, "TLS.userbuf:"...), base64.StdEncoding.EncodeToString(u.UserBuf)...), '\n')
	}
	m.Write(b)
	return m.Sum(nil)
}

// ErrKey is returned by Sign for an empty key. It names no value: the key
// is the secret.
var ErrKey = errors.New("tencent: the secret key is empty")

// Sign checks u and returns it signed with key, as the official Go library
// writes it, or ErrKey or the first of Problems.
func (u UserSig) Sign(key []byte) (string, error) {
	if len(key) == 0 {
		return "", ErrKey
	}
	if p := u.Problems(); len(p) > 0 {
		return "", p[0]
	}
	var o jwt.Object
	b := o.String(o.Open(nil), "TLS.ver", Version)
	b = o.String(b, "TLS.identifier", u.Identifier)
	b = o.Int(b, "TLS.sdkappid", int64(u.SDKAppID))
	b = o.Int(b, "TLS.expire", u.Expire)
	b = o.Int(b, "TLS.time", u.Time)
	if u.UserBuf != nil {
		b = o.String(b, "TLS.userbuf", base64.StdEncoding.EncodeToString(u.UserBuf))
	}
	b = o.String(b, "TLS.sig", base64.StdEncoding.EncodeToString(u.MAC(key)))
	b, err := o.Close(b)
	if err != nil { // a user ID is ASCII: not after Problems
		return "", err
	}
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.NoCompression) // the official Go library's level
	w.Write(append(b, '\n'))                            // and json.Encoder's newline
	w.Close()
	return Encoding.EncodeToString(z.Bytes()), nil
}

// The privilege bits of a PrivateMapKey.
const (
	Create       uint32 = 1 << iota // create the room
	Enter                           // enter it
	SendAudio                       // send audio
	RecvAudio                       // receive audio
	SendVideo                       // send video
	RecvVideo                       // receive video
	SendSubVideo                    // send the substream (screen sharing)
	RecvSubVideo                    // receive it
)

// Privileges names the privilege bits, bit 0 first, as --privileges and
// inspect's --use take them.
var Privileges = []string{"create", "enter", "send-audio", "recv-audio", "send-video", "recv-video", "send-sub", "recv-sub"}

// A PrivateMapKey is a userbuf: a user's privileges in one room, until an
// absolute time.
type PrivateMapKey struct {
	Account     string // the user ID
	SDKAppID    uint32
	RoomID      uint32 // a numeric room, or 0 with RoomStr
	RoomStr     string // a string room (version 1), or ""
	Expire      uint32 // when the privileges end, Unix seconds
	Privileges  uint32 // the bits above
	AccountType uint32 // 0, as Tencent's libraries write it
}

// Append appends the userbuf's bytes.
func (k PrivateMapKey) Append(b []byte) []byte {
	version := byte(0)
	if k.RoomStr != "" {
		version = 1
	}
	b = append(b, version)
	b = binary.BigEndian.AppendUint16(b, uint16(len(k.Account)))
	b = append(b, k.Account...)
	for _, v := range []uint32{k.SDKAppID, k.RoomID, k.Expire, k.Privileges, k.AccountType} {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	if version == 1 {
		b = binary.BigEndian.AppendUint16(b, uint16(len(k.RoomStr)))
		b = append(b, k.RoomStr...)
	}
	return b
}

// roomChars are the characters of a string room ID besides letters and
// digits (89 in all).
const roomChars = " !#$%&()+-:;<=.>?@[]^_{}|~,"

// Problems returns the rules k breaks: the room (a numeric one 1 to
// 4294967294, or a string one of 1 to 64 bytes of letters, digits and
// roomChars), the privileges (at least one bit of the eight). Its account
// is checked as the UserSig's user ID it must be.
func (k PrivateMapKey) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(field, rule, value string) {
		all = append(all, &jwt.ClaimError{Claim: field, Rule: rule, Value: value, Err: jwt.ErrValue, Code: "tencent-room"})
	}
	switch {
	case k.RoomStr == "" && (k.RoomID == 0 || k.RoomID == 0xffffffff):
		fail("userbuf.roomid", "must be a room number from 1 to 4294967294, or the room a string", strconv.FormatUint(uint64(k.RoomID), 10))
	case k.RoomStr != "" && k.RoomID != 0:
		fail("userbuf.roomid", "must be 0 with a string room (version 1)", strconv.FormatUint(uint64(k.RoomID), 10))
	case k.RoomStr != "" && !validRoom(k.RoomStr):
		fail("userbuf.roomstr", "must be 1 to 64 bytes of letters, digits, space and "+roomChars[1:]+" (Tencent's rule for a string room ID)", strconv.Quote(k.RoomStr))
	}
	if k.Privileges == 0 || k.Privileges > 0xff {
		all = append(all, &jwt.ClaimError{Claim: "userbuf.privileges", Rule: "must be some of the eight privilege bits (1 to 255)", Value: strconv.FormatUint(uint64(k.Privileges), 10), Err: jwt.ErrValue, Code: "tencent-privileges"})
	}
	return all
}

func validRoom(s string) bool {
	if len(s) < 1 || len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(roomChars, c) >= 0) {
			return false
		}
	}
	return true
}
