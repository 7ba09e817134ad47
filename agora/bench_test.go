package agora_test

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"testing"

	"github.com/sdkjwt/sdkjwt/agora"
)

// benchToken is a publisher's RTC token, what `sdkjwt agora rtc` makes.
var benchToken = agora.Token{AppID: "970CA35de60c44645bbae8a215061b33", IssueTs: 1700000000, Expire: 3600, Salt: 12345678,
	Services: []agora.Service{agora.RTCService("my-channel", "42", true, 3600)}}

var benchCertificate = []byte("5CFd2fd1755d40ecb72977518be15d3b")

func BenchmarkSign(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := benchToken.Sign(benchCertificate); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloor is Sign's work with nothing else: the content, its
// signature, one zlib writer kept for the whole run, base64; no rule
// checked. .ci/bench prints Sign's time over it.
func BenchmarkFloor(b *testing.B) {
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	b.ReportAllocs()
	for b.Loop() {
		content := benchToken.AppendContent(nil)
		sig := agora.Signature(benchCertificate, benchToken.IssueTs, benchToken.Salt, content)
		inside := binary.LittleEndian.AppendUint16(nil, uint16(len(sig)))
		inside = append(append(inside, sig...), content...)
		out.Reset()
		w.Reset(&out)
		w.Write(inside)
		w.Close()
		_ = agora.Version + base64.StdEncoding.EncodeToString(out.Bytes())
	}
}

// TestSignPooled: a pooled zlib writer writes what a new one writes, token
// after token, concurrently too.
func TestSignPooled(t *testing.T) {
	want := func(tok agora.Token) string {
		s, err := tok.Sign(benchCertificate)
		if err != nil {
			t.Fatal(err)
		}
		p, err := agora.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(p.Signature))))
		w.Write(p.Signature)
		w.Write(p.Content)
		w.Close()
		return agora.Version + base64.StdEncoding.EncodeToString(z.Bytes())
	}
	other := benchToken
	other.Services = []agora.Service{agora.UserService(agora.RTM, "a-longer-user-name-than-the-channel", 60)}
	done := make(chan bool)
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; j < 50; j++ {
				for _, tok := range []agora.Token{benchToken, other} {
					got, _ := tok.Sign(benchCertificate)
					if w := want(tok); got != w {
						t.Errorf("pooled %s\n   new %s", got, w)
					}
				}
			}
			done <- true
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
}
