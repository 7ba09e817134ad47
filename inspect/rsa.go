package inspect

import (
	"crypto/rsa"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"slices"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// rsaSize reports whether n bytes is the length of an RS256 signature by a
// key sdkjwt reads: 2048, 3072 or 4096 bits.
func rsaSize(n int) bool { return n == 256 || n == 384 || n == 512 }

// verifyRSA judges the signature of t where RS256 is in play: an RS256
// token of a kind that takes RS256, or a public key given. It reports
// whether it did; verify judges the rest, an HS256 token and a secret.
//
// An RS256 token is checked with o.PublicKey (signature-valid or
// signature-mismatch; rs256-unchecked without one); with a secret alone it is alg-mismatch. An HS256 token with a
// public key and no secret is alg-confusion if the public key's PEM text is
// its HMAC secret (the attack on servers that let the token's alg choose),
// else alg-mismatch.
func verifyRSA(r *Report, t *jwt.Lenient, tokenKey string, o Options) bool {
	var alg string
	for _, m := range t.Header {
		if m.Name == "alg" {
			json.Unmarshal(m.Value, &alg)
		}
	}
	rs := alg == "RS256" && r.Kind.accepts("RS256")
	if r.Kind.OwnAlg && !rs && !r.Kind.accepts(alg) && !(alg == "HS256" && o.PublicKey != nil) {
		// The kind's Check said what the alg is: nothing here checks it.
		keys(r, tokenKey, o.Secret, o.Key)
		if o.Secret != nil {
			r.redact(o.Secret)
		}
		return true
	}
	if !rs && (o.PublicKey == nil || o.Secret != nil) {
		return false
	}
	keys(r, tokenKey, o.Secret, o.Key)
	if o.Secret != nil {
		defer r.redact(o.Secret)
	}
	switch {
	case rs && o.PublicKey != nil && jwt.VerifyRS256(o.PublicKey, &t.Token):
		r.Signature = SignatureValid
		r.add("signature-valid", "the RS256 signature matches the public key")
	case rs && o.PublicKey != nil:
		r.Signature = SignatureInvalid
		r.add("signature-mismatch", "the RS256 signature does not match the public key: the token was signed with another private key, or changed")
	case rs && o.Secret != nil:
		r.Signature = SignatureInvalid
		r.add("alg-mismatch", "the token is RS256, signed with a private key, and a secret was given: a server that checks HS256 tokens with that secret refuses it")
	case rs:
		r.add("rs256-unchecked", "no public key was given, so the RS256 signature was NOT checked: this token may be forged or signed with another key")
	case confused(t, o.PublicKey):
		r.Signature = SignatureInvalid
		r.add("alg-confusion", "the token is HS256 and its HMAC secret is the public key's PEM text: it is the algorithm-confusion attack, which only a server that lets the token's alg choose how to check it accepts")
	default:
		r.Signature = SignatureInvalid
		r.add("alg-mismatch", "the token is "+alg+" and a public key was given: a server that checks RS256 tokens with that key refuses it")
	}
	return true
}

// accepts reports whether the kind's tokens may be signed with alg.
func (k *Kind) accepts(alg string) bool {
	if k.Algs == nil {
		return alg == "HS256"
	}
	return slices.Contains(k.Algs, alg)
}

// confused reports whether t's HMAC-SHA256 secret is pub as a PEM file
// holds it: PKIX or PKCS#1, with or without its final newline.
func confused(t *jwt.Lenient, pub *rsa.PublicKey) bool {
	for _, b := range publicPEM(pub) {
		if matches(t, b) || matches(t, b[:len(b)-1]) {
			return true
		}
	}
	return false
}

// publicPEM returns pub's PEM texts, PKIX ("PUBLIC KEY") and PKCS#1 ("RSA
// PUBLIC KEY"), as crypto/x509 and openssl write them. It writes the DER
// with encoding/asn1: crypto/x509 brings in package net, which the offline
// page's engine must not hold (TestPublicPEM holds these to x509's).
func publicPEM(pub *rsa.PublicKey) [][]byte {
	pkcs1, _ := asn1.Marshal(struct {
		N *big.Int
		E int
	}{pub.N, pub.E})
	pkix, _ := asn1.Marshal(struct {
		Algorithm struct {
			OID    asn1.ObjectIdentifier
			Params asn1.RawValue
		}
		Key asn1.BitString
	}{struct {
		OID    asn1.ObjectIdentifier
		Params asn1.RawValue
	}{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}, asn1.NullRawValue}, asn1.BitString{Bytes: pkcs1, BitLength: 8 * len(pkcs1)}})
	return [][]byte{pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix}), pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: pkcs1})}
}
