// Package zego builds, encrypts and reads ZEGOCLOUD's token04, the token
// the ZEGO Express SDKs log in to a room with. It is not a JWT: its content
// is encrypted with the application's ServerSecret, and only its expiry is
// in clear.
//
//	token04 = "04" base64(expire ‖ u16 12 ‖ nonce ‖ u16 len ‖ AES-256-GCM(secret, nonce, JSON) ‖ tag ‖ 01)
//	JSON    = {"app_id","user_id","nonce","ctime","expire","payload"}
//
// big-endian, expire an i64 of Unix seconds, the key the ServerSecret's 32
// bytes as its text, the nonce 12 random bytes and the last byte the mode
// (1, GCM). The deprecated form, which Parse reads, has a 16-byte IV,
// AES-256-CBC with PKCS#7 padding, and no mode byte. sdkjwt writes what
// ZEGO's official Node generator (zego_server_assistant, token04 in
// TypeScript) writes for the same inputs, byte for byte; ZEGO's Python
// generator writes the same JSON, its Go generator another member order.
//
// The payload is a string the server reads when ZEGO has turned on room
// authentication for the application: see [Room]. Errors are
// [*jwt.ClaimError] values naming the field. docs/zego.md has the rules and
// sources.
package zego

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Version is what a token04 starts with.
const Version = "04"

// SecretSize is the length of a ServerSecret: 32 characters, the AES-256 key.
const SecretSize = 32

// NonceSize is the length of a GCM token's nonce.
const NonceSize = 12

// The modes of the last byte. A token with no mode byte is ModeCBC.
const (
	ModeCBC = 0 // AES-256-CBC, PKCS#7 padding, a 16-byte IV: deprecated
	ModeGCM = 1 // AES-256-GCM, a 12-byte nonce, a 16-byte tag
)

// MaxCiphertext is what a u16 length holds: a longer payload cannot be written.
const MaxCiphertext = 0xffff

// A Token is what a token04 holds.
type Token struct {
	AppID   uint32 // app_id: the application's AppID
	UserID  string // user_id: the user who logs in
	Nonce   int32  // nonce: a random number
	Created int64  // ctime: when it was made, Unix seconds
	Expire  int64  // expire: when it ends, Unix seconds (also in clear)
	Payload string // payload: "" or a Room's Payload
}

// userIDChars are the characters of a user ID besides letters and digits:
// the Express SDKs' list.
const userIDChars = "~!@#$%^&*()_+=-`;',.<>/\\"

// ValidUserID reports whether id is a user ID the Express SDKs take: 1 to 64
// bytes of letters, digits and ~!@#$%^&*()_+=-`;',.<>/\.
func ValidUserID(id string) bool { return valid(id, 64, userIDChars) }

func valid(s string, max int, extra string) bool {
	if len(s) < 1 || len(s) > max {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// Problems returns the rules t breaks, each a *jwt.ClaimError: an AppID; a
// user ID (ValidUserID); a ctime; an expire after it (the generators'
// effectiveTimeInSeconds > 0); and a payload that is a Room's (when it
// reads as one) must keep Room's rules.
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, field, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: field, Rule: rule, Value: value, Err: kind, Code: code})
	}
	if t.AppID == 0 {
		fail("", "app_id", "must be the application's AppID, 1 to 4294967295", "0", jwt.ErrValue)
	}
	if !ValidUserID(t.UserID) {
		fail("zego-user-id", "user_id", "must be 1 to 64 bytes of letters, digits and "+userIDChars+" (the Express SDKs' rule)", strconv.Quote(t.UserID), jwt.ErrValue)
	}
	if t.Created <= 0 {
		fail("", "ctime", "must be the Unix time of making it", strconv.FormatInt(t.Created, 10), jwt.ErrRequired)
	}
	if t.Expire <= t.Created {
		fail("zego-lifetime", "expire", "must be after ctime ("+strconv.FormatInt(t.Created, 10)+"): the generators refuse an effectiveTimeInSeconds of 0 or less", strconv.FormatInt(t.Expire, 10), jwt.ErrTime)
	}
	if r, ok, err := ParseRoom(t.Payload); ok {
		if err != nil {
			fail("zego-payload", "payload", "must be a room payload: "+err.Error(), strconv.Quote(t.Payload), jwt.ErrValue)
		} else {
			all = append(all, r.Problems()...)
		}
	}
	return all
}

// Plaintext returns the JSON that t's token encrypts, in the members'
// order of ZEGO's Node and Python generators, escaped as JSON.stringify.
func (t Token) Plaintext() ([]byte, error) {
	var o jwt.Object
	b := o.Int(o.Open(nil), "app_id", int64(t.AppID))
	b = o.String(b, "user_id", t.UserID)
	b = o.Int(b, "nonce", int64(t.Nonce))
	b = o.Int(b, "ctime", t.Created)
	b = o.Int(b, "expire", t.Expire)
	b = o.String(b, "payload", t.Payload)
	return o.Close(b)
}

// ErrSecret is returned for a ServerSecret that is not 32 bytes long. It
// names no value: the value is the secret.
var ErrSecret = errors.New("zego: the ServerSecret must be 32 bytes (32 characters, as ZEGO's console shows it)")

// Seal checks t and returns its token04, encrypted with secret and nonce,
// or ErrSecret or the first of Problems. The same inputs give the same
// token: Sign draws the nonce.
func (t Token) Seal(secret []byte, nonce [NonceSize]byte) (string, error) {
	if len(secret) != SecretSize {
		return "", ErrSecret
	}
	if p := t.Problems(); len(p) > 0 {
		return "", p[0]
	}
	plain, err := t.Plaintext()
	if err != nil {
		return "", &jwt.ClaimError{Claim: "payload", Rule: "must be valid UTF-8", Err: jwt.ErrValue}
	}
	if len(plain)+16 > MaxCiphertext {
		return "", &jwt.ClaimError{Claim: "payload", Rule: fmt.Sprintf("must be short enough for the token's 16-bit length (at most %d bytes of JSON in all)", MaxCiphertext-16), Value: strconv.Itoa(len(t.Payload)) + " bytes", Err: jwt.ErrValue, Code: "zego-payload"}
	}
	block, _ := aes.NewCipher(secret) // 32 bytes: AES-256
	gcm, _ := cipher.NewGCM(block)
	b := binary.BigEndian.AppendUint64(nil, uint64(t.Expire))
	b = binary.BigEndian.AppendUint16(b, NonceSize)
	b = append(b, nonce[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(plain)+gcm.Overhead()))
	b = gcm.Seal(b, nonce[:], plain, nil)
	b = append(b, ModeGCM)
	return Version + base64.StdEncoding.EncodeToString(b), nil
}

// Sign returns t's token04 with a nonce and t.Nonce drawn from random
// (crypto/rand.Reader, but in tests).
func (t Token) Sign(secret []byte, random io.Reader) (string, error) {
	var r [NonceSize + 4]byte
	if _, err := io.ReadFull(random, r[:]); err != nil {
		return "", fmt.Errorf("zego: drawing the nonce: %w", err)
	}
	t.Nonce = int32(binary.BigEndian.Uint32(r[NonceSize:]))
	return t.Seal(secret, [NonceSize]byte(r[:NonceSize]))
}
