package agora

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math/big"
	"sync"
)

// This file signs a token: its salt, its signature, and the token's bytes
// (zlib, with a pooled writer, and base64).

// NewSalt returns a salt from crypto/rand, from 1 to 99999999 as Agora's
// builders draw theirs (with a weaker generator).
func NewSalt() (uint32, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(99999999))
	if err != nil {
		return 0, err
	}
	return uint32(n.Int64()) + 1, nil
}

// Signature returns the signature of content: HMAC-SHA256 keyed with
// HMAC(u32 salt, HMAC(u32 issueTs, certificate)), where HMAC(k, m) is keyed
// with k, as Agora's builders chain it.
func Signature(certificate []byte, issueTs, salt uint32, content []byte) []byte {
	key := mac(binary.LittleEndian.AppendUint32(nil, issueTs), certificate)
	key = mac(binary.LittleEndian.AppendUint32(nil, salt), key)
	return mac(key, content)
}

// mac returns HMAC-SHA256 of msg keyed with key.
func mac(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// ErrCertificate is returned by Sign for a certificate that is not 32
// hexadecimal digits. It names no value: the certificate is the secret.
var ErrCertificate = errors.New("agora: the App Certificate must be 32 hexadecimal digits (as Agora Console shows it)")

// Sign checks the token and returns it signed with certificate, or
// ErrCertificate or the first of Problems.
func (t Token) Sign(certificate []byte) (string, error) {
	if !isHex32(string(certificate)) {
		return "", ErrCertificate
	}
	if p := t.Problems(); len(p) > 0 {
		return "", p[0]
	}
	content := t.AppendContent(make([]byte, 0, 256))
	inside := appendString(make([]byte, 0, 2+sha256.Size+len(content)), string(Signature(certificate, t.IssueTs, t.Salt, content)))
	inside = append(inside, content...)
	// A zlib writer holds some 800 KB of tables: one per token would be
	// most of a token's cost. A pooled one, reset, writes the same bytes.
	z := writers.Get().(*compressor)
	defer writers.Put(z)
	z.out.Reset()
	z.w.Reset(&z.out)
	z.w.Write(inside) // a bytes.Buffer does not fail
	z.w.Close()
	b := append(make([]byte, 0, len(Version)+base64.StdEncoding.EncodedLen(z.out.Len())), Version...)
	return string(base64.StdEncoding.AppendEncode(b, z.out.Bytes())), nil
}

// A compressor is a zlib writer at the default level and its output,
// reused through writers.
type compressor struct {
	out bytes.Buffer
	w   *zlib.Writer
}

var writers = sync.Pool{New: func() any {
	c := new(compressor)
	c.w = zlib.NewWriter(&c.out)
	return c
}}
