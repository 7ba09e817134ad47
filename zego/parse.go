package zego

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A Sealed token04 is its parts, as read without the secret.
type Sealed struct {
	Expire     int64  // the expiry in clear, Unix seconds
	Nonce      []byte // the GCM nonce, or the CBC IV
	Ciphertext []byte // with the GCM tag
	Mode       byte   // ModeGCM or ModeCBC
	ModeByte   bool   // whether the token ends with its mode
}

// ErrMalformed wraps every error of Parse and of Open's JSON.
var ErrMalformed = errors.New("zego: malformed token04")

// ErrOpen is returned by Open when the secret does not decrypt the token.
var ErrOpen = errors.New("zego: the token does not decrypt with this ServerSecret")

// Parse reads a token04's parts: "04", standard base64, each length checked
// against the bytes that remain.
func Parse(s string) (*Sealed, error) {
	fail := func(format string, a ...any) (*Sealed, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, a...)...)
	}
	if !strings.HasPrefix(s, Version) {
		return fail("it does not start with 04")
	}
	b, err := base64.StdEncoding.DecodeString(s[2:])
	if err != nil {
		return fail("after 04 it is not standard base64: %v", err)
	}
	if len(b) < 10 {
		return fail("it is shorter than its expiry and nonce length")
	}
	p := &Sealed{Expire: int64(binary.BigEndian.Uint64(b))}
	n := int(binary.BigEndian.Uint16(b[8:]))
	if b = b[10:]; len(b) < n+2 {
		return fail("it is shorter than its nonce (%d bytes) and ciphertext length", n)
	}
	p.Nonce, b = b[:n], b[n:]
	m := int(binary.BigEndian.Uint16(b))
	if b = b[2:]; len(b) < m {
		return fail("it is shorter than its ciphertext (%d bytes): cut short?", m)
	}
	p.Ciphertext, b = b[:m], b[m:]
	switch {
	case len(b) == 1 && b[0] <= ModeGCM:
		p.Mode, p.ModeByte = b[0], true
	case len(b) == 1:
		return fail("its mode is %d (0 is CBC, 1 GCM)", b[0])
	case len(b) > 1:
		return fail("it has %d bytes after its ciphertext and mode", len(b)-1)
	}
	switch {
	case !p.ModeByte && n == NonceSize:
		return fail("it has a GCM token's 12-byte nonce but no mode byte after its ciphertext: cut short?")
	case p.Mode == ModeGCM && (n != NonceSize || m < 16):
		return fail("a GCM token has a %d-byte nonce and at least a 16-byte tag, not %d and %d bytes", NonceSize, n, m)
	case p.Mode == ModeCBC && (n != aes.BlockSize || m == 0 || m%aes.BlockSize != 0):
		return fail("a CBC token has a 16-byte IV and whole 16-byte blocks, not %d and %d bytes", n, m)
	}
	return p, nil
}

// An Opened token is what it holds, as decrypted.
type Opened struct {
	Token
	JSON []byte // the plaintext
}

// Open decrypts p with secret: ErrSecret for a secret that is not 32
// bytes, ErrOpen for another application's secret (a GCM tag that does not
// match; CBC padding that does not), else the JSON's members, each of its
// type, or ErrMalformed. A CBC token is not authenticated: a wrong secret
// passes its padding 1 time in 256, and then fails as JSON.
func (p *Sealed) Open(secret []byte) (*Opened, error) {
	if len(secret) != SecretSize {
		return nil, ErrSecret
	}
	block, _ := aes.NewCipher(secret)
	var plain []byte
	if p.Mode == ModeGCM {
		gcm, _ := cipher.NewGCM(block)
		var err error
		if plain, err = gcm.Open(nil, p.Nonce, p.Ciphertext, nil); err != nil {
			return nil, ErrOpen
		}
	} else {
		plain = make([]byte, len(p.Ciphertext))
		cipher.NewCBCDecrypter(block, p.Nonce).CryptBlocks(plain, p.Ciphertext)
		pad := int(plain[len(plain)-1])
		if pad < 1 || pad > aes.BlockSize || subtle.ConstantTimeCompare(plain[len(plain)-pad:], bytes.Repeat(plain[len(plain)-1:], pad)) != 1 {
			return nil, ErrOpen
		}
		plain = plain[:len(plain)-pad]
	}
	var doc struct {
		AppID   *uint32 `json:"app_id"`
		UserID  *string `json:"user_id"`
		Nonce   *int64  `json:"nonce"`
		Created *int64  `json:"ctime"`
		Expire  *int64  `json:"expire"`
		Payload *string `json:"payload"`
	}
	if err := json.Unmarshal(plain, &doc); err != nil {
		if p.Mode == ModeCBC {
			return nil, ErrOpen // most likely the wrong secret: nothing tells
		}
		return nil, fmt.Errorf("%w: its JSON does not read as a token04's: %v", ErrMalformed, err)
	}
	for _, m := range []struct {
		name    string
		missing bool
	}{{"app_id", doc.AppID == nil}, {"user_id", doc.UserID == nil}, {"ctime", doc.Created == nil}, {"expire", doc.Expire == nil}} {
		if m.missing {
			return nil, fmt.Errorf("%w: its JSON has no %s", ErrMalformed, m.name)
		}
	}
	o := &Opened{JSON: plain, Token: Token{AppID: *doc.AppID, UserID: *doc.UserID, Created: *doc.Created, Expire: *doc.Expire}}
	if doc.Nonce != nil {
		o.Nonce = int32(*doc.Nonce) // the Python generator's reach 90000000; any number is read
	}
	if doc.Payload != nil {
		o.Payload = *doc.Payload
	}
	return o, nil
}
