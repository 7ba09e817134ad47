package sdk

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding"
	"encoding/base64"
	"testing"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// The benchmarks sign the same two tokens as the floor below, and check
// first that the bytes are the same: the ratio Sign/Floor is the cost of
// everything sdkjwt adds (JSON, validation, the Signer's pooling).
//
//	go test -run '^$' -bench . -benchmem -count 6 ./sdk | benchstat -

var (
	benchSecret = []byte("Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu")
	// testdata/zoomgen/shared-vectors.json: video_identity_and_session_key (the
	// payload of the Video sample's README, with our key) and
	// meeting_web_attendee_mn_string.
	benchVideo = Video{
		Key: "vQ3xR8sTzLmN4pKwYb2Hc", Role: Host, Topic: "daily-standup",
		IssuedAt: 1700000000, ExpiresAt: 1700007200, UserIdentity: "user123", SessionKey: "session123",
	}
	benchVideoToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJkYWlseS1zdGFuZHVwIiwidmVyc2lvbiI6MSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDcyMDAsInVzZXJfaWRlbnRpdHkiOiJ1c2VyMTIzIiwic2Vzc2lvbl9rZXkiOiJzZXNzaW9uMTIzIn0.hUkZJIcVwHLESluMrKOKoOFAOqZnbGXNOZ2DoVPk4_g"
	benchMeeting    = Meeting{
		Key: "vQ3xR8sTzLmN4pKwYb2Hc", MN: "123456789", Role: Int(Participant),
		IssuedAt: 1700000000, ExpiresAt: 1700007200,
	}
	benchMeetingToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBLZXkiOiJ2UTN4UjhzVHpMbU40cEt3WWIySGMiLCJzZGtLZXkiOiJ2UTN4UjhzVHpMbU40cEt3WWIySGMiLCJtbiI6IjEyMzQ1Njc4OSIsInJvbGUiOjAsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDA3MjAwLCJ0b2tlbkV4cCI6MTcwMDAwNzIwMH0.O0svZ9aRRzA0_WPO88p0zJzL-5B0KJiXRq9jG9aV9qg"
	sink              string
)

// floor is the irreducible work for one token whose payload bytes are
// known: base64url of the payload after the precomputed header segment,
// HMAC-SHA256 with the pads already absorbed (one hmac.New, Reset per
// token), base64url of the MAC, one string built. Standard library only.
func floor(b *testing.B, token string) {
	enc := base64.RawURLEncoding
	t, err := jwt.ParseUnverified(token)
	if err != nil {
		b.Fatal(err)
	}
	payload := t.RawPayload
	header := enc.EncodeToString([]byte(jwt.JWTHeader.String())) + "."
	mac := hmac.New(sha256.New, benchSecret)
	buf := make([]byte, 0, 1024)
	var sum [sha256.Size]byte
	one := func() string {
		buf = append(buf[:0], header...)
		buf = enc.AppendEncode(buf, payload)
		mac.Reset()
		mac.Write(buf)
		mac.Sum(sum[:0])
		buf = append(buf, '.')
		buf = enc.AppendEncode(buf, sum[:])
		return string(buf)
	}
	measureFloor(b, token, one)
}

// measureFloor checks that one makes token, then measures it.
func measureFloor(b *testing.B, token string, one func() string) {
	if got := one(); got != token {
		b.Fatalf("the floor makes %s, not %s", got, token)
	}
	b.ReportAllocs()
	for b.Loop() {
		sink = one()
	}
}

func BenchmarkFloorVideo(b *testing.B)   { floor(b, benchVideoToken) }
func BenchmarkFloorMeeting(b *testing.B) { floor(b, benchMeetingToken) }

// floorSigner is floor with what is fixed per signer also precomputed: the
// header segment and the payload's leading bytes that hold the key (the
// members in fixed, in whole base64 groups) are encoded and absorbed into
// the HMAC once; per token, the HMAC states are restored from copies. So it
// does only the work that depends on the token's own values. HMAC is written
// out here (RFC 2104 over crypto/sha256, checked against the token) because
// crypto/hmac cannot restore a state without allocating; this is a measure,
// not a way to sign.
func floorSigner(b *testing.B, token, fixed string) {
	enc := base64.RawURLEncoding
	t, err := jwt.ParseUnverified(token)
	if err != nil {
		b.Fatal(err)
	}
	payload := t.RawPayload
	if !bytes.HasPrefix(payload, []byte(fixed)) {
		b.Fatalf("the payload does not start with %s", fixed)
	}
	n := len(fixed) / 3 * 3
	pre := enc.EncodeToString([]byte(jwt.JWTHeader.String())) + "." + enc.EncodeToString(payload[:n])
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], benchSecret)
	copy(opad[:], benchSecret)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	inner, outer := sha256.New(), sha256.New()
	inner.Write(ipad[:])
	inner.Write([]byte(pre))
	outer.Write(opad[:])
	innerState, _ := inner.(encoding.BinaryMarshaler).MarshalBinary()
	outerState, _ := outer.(encoding.BinaryMarshaler).MarshalBinary()
	restoreInner, restoreOuter := inner.(encoding.BinaryUnmarshaler), outer.(encoding.BinaryUnmarshaler)
	buf := make([]byte, 0, 1024)
	var sum [sha256.Size]byte
	one := func() string {
		buf = append(buf[:0], pre...)
		buf = enc.AppendEncode(buf, payload[n:])
		restoreInner.UnmarshalBinary(innerState)
		inner.Write(buf[len(pre):])
		inner.Sum(sum[:0])
		restoreOuter.UnmarshalBinary(outerState)
		outer.Write(sum[:])
		outer.Sum(sum[:0])
		buf = append(buf, '.')
		buf = enc.AppendEncode(buf, sum[:])
		return string(buf)
	}
	measureFloor(b, token, one)
}

func BenchmarkFloorSignerVideo(b *testing.B) {
	floorSigner(b, benchVideoToken, `{"app_key":"vQ3xR8sTzLmN4pKwYb2Hc",`)
}

func BenchmarkFloorSignerMeeting(b *testing.B) {
	floorSigner(b, benchMeetingToken, `{"appKey":"vQ3xR8sTzLmN4pKwYb2Hc","sdkKey":"vQ3xR8sTzLmN4pKwYb2Hc",`)
}

func benchSigner(b *testing.B, sign func(*jwt.Signer) (string, error), want string) *jwt.Signer {
	s, err := jwt.NewSigner(benchSecret)
	if err != nil {
		b.Fatal(err)
	}
	if got, err := sign(s); got != want || err != nil {
		b.Fatalf("got %s, %v; want %s", got, err, want)
	}
	b.ReportAllocs()
	return s
}

func BenchmarkSignVideo(b *testing.B) {
	s := benchSigner(b, benchVideo.Sign, benchVideoToken)
	for b.Loop() {
		sink, _ = benchVideo.Sign(s)
	}
}

func BenchmarkSignMeeting(b *testing.B) {
	s := benchSigner(b, benchMeeting.Sign, benchMeetingToken)
	for b.Loop() {
		sink, _ = benchMeeting.Sign(s)
	}
}

// BenchmarkSignParallel signs Video tokens from GOMAXPROCS goroutines with
// one shared Signer; compare its ns/op with BenchmarkSignVideo's.
func BenchmarkSignParallel(b *testing.B) {
	s := benchSigner(b, benchVideo.Sign, benchVideoToken)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if tok, _ := benchVideo.Sign(s); len(tok) != len(benchVideoToken) {
				panic(tok)
			}
		}
	})
}

// BenchmarkCheckVideo and BenchmarkCheckMeeting measure the validation alone,
// the part of Sign that is neither JSON nor signing.
func BenchmarkCheckVideo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var c checker
		if benchVideo.check(&c); c.err != nil {
			b.Fatal(c.err)
		}
	}
}

func BenchmarkCheckMeeting(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var c checker
		if benchMeeting.check(&c); c.err != nil {
			b.Fatal(c.err)
		}
	}
}
