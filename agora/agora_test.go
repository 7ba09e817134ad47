package agora_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/agora"
	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
)

var ours = flag.String("ours", "", "write the tokens sdkjwt makes for the builder cases to this file, for agora-token to parse and verify (testdata/agora/verify.js)")

// token is what a builder case asks Agora's builder for.
func token(c vectors.AgoraCase) agora.Token {
	t := agora.Token{AppID: c.AppID, IssueTs: c.IssueTs, Expire: c.Expire, Salt: c.Salt}
	switch c.Builder {
	case "rtc_uid":
		t.Services = []agora.Service{agora.RTCService(c.Channel, agora.UID(c.UID), c.Role == "publisher", c.PrivilegeExpire)}
	case "rtc_account":
		t.Services = []agora.Service{agora.RTCService(c.Channel, c.Account, c.Role == "publisher", c.PrivilegeExpire)}
	case "rtm":
		t.Services = []agora.Service{agora.UserService(agora.RTM, c.User, c.Expire)}
	case "chat_user":
		t.Services = []agora.Service{agora.UserService(agora.Chat, c.User, c.Expire)}
	}
	return t
}

// TestGolden signs each builder case and compares what is inside the token
// with what agora-token made for the same inputs: the content and the
// signature, byte for byte (the zlib bytes may differ).
func TestGolden(t *testing.T) {
	type made struct{ Name, Token, Certificate string }
	var all []made
	for _, c := range vectors.LoadAgora(t, "../testdata") {
		if ks := inspect.Recognize(c.Token); len(ks) != 1 || ks[0] != agora.Kind {
			t.Errorf("%s: recognised as %v", c.Name, ks)
		}
		if c.Builder == "" {
			continue
		}
		tok := token(c)
		s, err := tok.Sign([]byte(c.Certificate))
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		all = append(all, made{c.Name, s, c.Certificate})
		for who, s := range map[string]string{"sdkjwt's": s, "agora-token's": c.Token} {
			p, err := agora.Parse(s)
			if err != nil {
				t.Errorf("%s: %s token: %v", c.Name, who, err)
				continue
			}
			if got := hex.EncodeToString(p.Content); got != c.ContentHex {
				t.Errorf("%s: %s token's content\n got %s\nwant %s", c.Name, who, got, c.ContentHex)
			}
			if got := hex.EncodeToString(p.Signature); got != c.SignatureHex {
				t.Errorf("%s: %s token's signature\n got %s\nwant %s", c.Name, who, got, c.SignatureHex)
			}
			if !p.Verify([]byte(c.Certificate)) || p.Verify([]byte(strings.ToLower(c.AppID))) {
				t.Errorf("%s: %s token: Verify is wrong", c.Name, who)
			}
		}
	}
	if *ours != "" {
		b, _ := json.MarshalIndent(all, "", "  ")
		if err := os.WriteFile(*ours, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParse reads every 007 token agora-token could read, and compares the
// fields with what its from_string read; a token it refused, Parse refuses.
func TestParse(t *testing.T) {
	for _, c := range vectors.LoadAgora(t, "../testdata") {
		if c.Parsed == nil {
			continue
		}
		p, err := agora.Parse(c.Token)
		if !*c.Parsed {
			if !errors.Is(err, agora.ErrMalformed) {
				t.Errorf("%s: agora-token refused it, Parse: %v", c.Name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		r := c.Read
		// Parse reads the services up to the first it does not read
		// (APaaS, RTM2, or one agora-token does not know either, where it
		// stops too), and counts them all.
		n := len(p.Services)
		services := n == p.Count && len(r.Services) == n || n < p.Count && (len(r.Services) == n || len(r.Services) > n && r.Services[n].Type == p.Unread)
		if p.AppID != r.AppID || p.IssueTs != r.IssueTs || p.Expire != r.Expire || p.Salt != r.Salt || !services {
			t.Errorf("%s: read %+v, agora-token %+v", c.Name, p.Token, r)
			continue
		}
		for i, s := range p.Services {
			want := r.Services[i]
			var strs []string
			for _, v := range []*string{want.Channel, want.UID, want.Room, want.User} {
				if v != nil {
					strs = append(strs, *v)
				}
			}
			if want.Role != nil && uint16(s.Role) != *want.Role || want.Role == nil && s.Role != 0 {
				t.Errorf("%s: service %d role %d, agora-token %v", c.Name, i, s.Role, want.Role)
			}
			var resources, wantResources []string // type/access/names, in order
			for _, r := range s.Resources {
				for _, a := range r.Access {
					resources = append(resources, fmt.Sprint(r.Type, a.Type, a.Names))
				}
			}
			for _, r := range want.Resources {
				for _, a := range r.Access {
					wantResources = append(wantResources, fmt.Sprint(r.Type, a.Type, a.Names))
				}
			}
			if !slices.Equal(resources, wantResources) {
				t.Errorf("%s: service %d resources %v, agora-token %v", c.Name, i, resources, wantResources)
			}
			privileges := map[string]uint32{}
			for _, pr := range s.Privileges {
				privileges[strconv.Itoa(int(pr.ID))] = pr.Expire
			}
			if s.Type != want.Type || strings.Join(s.Strings, "\x00") != strings.Join(strs, "\x00") || !equalMaps(privileges, want.Privileges) {
				t.Errorf("%s: service %d read %+v, agora-token %+v", c.Name, i, s, want)
			}
		}
		// Every service read (APaaS's role and RTM2's permissions too) is
		// written back as agora-token wrote it.
		if c.Verified && len(p.Services) == p.Count {
			if got := hex.EncodeToString(p.Token.AppendContent(nil)); got != c.ContentHex {
				t.Errorf("%s: written back as\n%s\nagora-token's\n%s", c.Name, got, c.ContentHex)
			}
		}
		// verifySignature also refuses an App ID that is not 32 hex
		// digits; Problems reports that, and Verify checks only the MAC.
		appIDOK := len(p.Token.Problems()) == 0 || p.Token.Problems()[0].Claim != "appId"
		if got := p.Verify([]byte(c.Certificate)) && appIDOK; got != c.Verified {
			t.Errorf("%s: Verify %v, agora-token's verifySignature %v", c.Name, got, c.Verified)
		}
	}
}

func equalMaps(a, b map[string]uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

var good = agora.Token{AppID: "970CA35de60c44645bbae8a215061b33", IssueTs: 1700000000, Expire: 3600, Salt: 1,
	Services: []agora.Service{agora.RTCService("my-channel", "42", true, 3600)}}

func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*agora.Token)
		field string
		err   error
	}{
		{"app ID short", func(t *agora.Token) { t.AppID = "970CA35de60c" }, "appId", jwt.ErrValue},
		{"app ID not hex", func(t *agora.Token) { t.AppID = "970CA35de60c44645bbae8a215061bzz" }, "appId", jwt.ErrValue},
		{"issueTs 0", func(t *agora.Token) { t.IssueTs = 0 }, "issueTs", jwt.ErrRequired},
		{"salt 0", func(t *agora.Token) { t.Salt = 0 }, "salt", jwt.ErrRequired},
		{"expire 0", func(t *agora.Token) { t.Expire = 0; t.Services[0] = agora.RTCService("c", "", false, 0) }, "expire", jwt.ErrTime},
		{"expire over 24h", func(t *agora.Token) { t.Expire = 86401 }, "expire", jwt.ErrTime},
		{"expire absolute", func(t *agora.Token) { t.Expire = 1700003600 }, "expire", jwt.ErrTime},
		{"no service", func(t *agora.Token) { t.Services = nil }, "services", jwt.ErrRequired},
		{"no join", func(t *agora.Token) { t.Services[0].Privileges = t.Services[0].Privileges[1:] }, "rtc.privileges", jwt.ErrRequired},
		{"privilege outlasts", func(t *agora.Token) { t.Services[0].Privileges[2].Expire = 3601 }, "rtc.privileges", jwt.ErrConflict},
		{"channel empty", func(t *agora.Token) { t.Services[0].Strings[0] = "" }, "rtc.channel", jwt.ErrRequired},
		{"channel 64 bytes", func(t *agora.Token) { t.Services[0].Strings[0] = strings.Repeat("c", 64) }, "rtc.channel", jwt.ErrLength},
		{"channel slash", func(t *agora.Token) { t.Services[0].Strings[0] = "a/b" }, "rtc.channel", jwt.ErrValue},
		{"channel non-ASCII", func(t *agora.Token) { t.Services[0].Strings[0] = "café" }, "rtc.channel", jwt.ErrValue},
		{"account 256 bytes", func(t *agora.Token) { t.Services[0].Strings[1] = strings.Repeat("a", 256) }, "rtc.uid", jwt.ErrLength},
		{"account newline", func(t *agora.Token) { t.Services[0].Strings[1] = "alice\n" }, "rtc.uid", jwt.ErrValue},
		{"rtm space first", func(t *agora.Token) { t.Services = []agora.Service{agora.UserService(agora.RTM, " bob", 60)} }, "rtm.user", jwt.ErrValue},
		{"rtm user empty", func(t *agora.Token) { t.Services = []agora.Service{agora.UserService(agora.RTM, "", 60)} }, "rtm.user", jwt.ErrRequired},
		{"chat user too long", func(t *agora.Token) {
			t.Services = []agora.Service{agora.UserService(agora.Chat, strings.Repeat("u", 65536), 60)}
		}, "chat.user", jwt.ErrLength},
		{"unknown service", func(t *agora.Token) { t.Services[0].Type = 42 }, "service 42", jwt.ErrValue},
		{"apaas with rtc strings", func(t *agora.Token) {
			t.Services[0].Type = agora.APaaS
			t.Services[0].Strings = t.Services[0].Strings[:1]
		}, "apaas", jwt.ErrValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := good
			tok.Services = []agora.Service{agora.RTCService("my-channel", "42", true, 3600)}
			tc.edit(&tok)
			p := tok.Problems()
			if len(p) != 1 || p[0].Claim != tc.field || !errors.Is(p[0], tc.err) {
				t.Fatalf("got %v, want one %s error wrapping %v", p, tc.field, tc.err)
			}
			if _, err := tok.Sign([]byte("5CFd2fd1755d40ecb72977518be15d3b")); err == nil || err.Error() != p[0].Error() {
				t.Errorf("Sign: %v, want %v", err, p[0])
			}
		})
	}
}

func TestSignRefusesBadCertificate(t *testing.T) {
	for _, cert := range []string{"", "5CFd2fd1755d40ecb72977518be15d3b\n", "5CFd2fd1755d40ecb72977518be15d3", "not a certificate of 32 bytes!!!"} {
		if _, err := good.Sign([]byte(cert)); err != agora.ErrCertificate || strings.Contains(err.Error(), cert) && cert != "" {
			t.Errorf("%q: %v, want ErrCertificate naming no value", cert, err)
		}
	}
}

func TestWarnings(t *testing.T) {
	tok := good
	tok.Services = []agora.Service{agora.RTCService("my-channel", agora.UID(0), true, 600)}
	var got []string
	for _, w := range tok.Warnings() {
		if !errors.Is(w, jwt.ErrWarning) {
			t.Errorf("%v does not wrap ErrWarning", w)
		}
		got = append(got, w.Claim)
	}
	if strings.Join(got, " ") != "rtc.uid rtc.privileges" || !strings.Contains(tok.Warnings()[1].Error(), "join at 600, publish audio at 600") {
		t.Errorf("warnings for %v: %v", got, tok.Warnings())
	}
	if w := good.Warnings(); len(w) != 0 {
		t.Errorf("a plain token has warnings: %v", w)
	}
}

func TestParseMalformed(t *testing.T) {
	for _, tc := range []struct{ name, token, says string }{
		{"empty", "", `starts with "007"`},
		{"006", "006970CA35de60c44645bbae8a215061b33IAA", `starts with "007"`},
		{"spaces", "007eJxTYHD8Ne BTL", "URL query"},
		{"not base64", "007!!!", "standard base64"},
		{"not zlib", "007AAECAwQFBgcICQ==", "zlib"},
		{"too long", "007" + strings.Repeat("A", 4*agora.MaxContent), "too long"},
	} {
		_, err := agora.Parse(tc.token)
		if !errors.Is(err, agora.ErrMalformed) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want ErrMalformed saying %q", tc.name, err, tc.says)
		}
	}
}

func ExampleToken_Sign() {
	t := agora.Token{
		AppID:    "970CA35de60c44645bbae8a215061b33",
		IssueTs:  1700000000, // time.Now().Unix(), in a program
		Expire:   3600,
		Salt:     12345678, // agora.NewSalt(), in a program
		Services: []agora.Service{agora.RTCService("my-channel", agora.UID(42), true, 3600)},
	}
	token, err := t.Sign([]byte("5CFd2fd1755d40ecb72977518be15d3b"))
	if err != nil {
		panic(err)
	}
	p, err := agora.Parse(token)
	if err != nil {
		panic(err)
	}
	s := p.Services[0]
	fmt.Println(agora.ServiceName(s.Type), s.Strings, len(s.Privileges), p.Verify([]byte("5CFd2fd1755d40ecb72977518be15d3b")))
	// Output: rtc [my-channel 42] 4 true
}

// FuzzParse: any input gives a token or an error wrapping ErrMalformed,
// never a panic; a token read whole, its services and privileges in the
// order AppendContent writes them, is written back to the same bytes.
func FuzzParse(f *testing.F) {
	for _, c := range vectors.LoadAgora(f, "../testdata") {
		f.Add(c.Token)
	}
	f.Fuzz(func(t *testing.T, token string) {
		if t6, err := agora.Parse006(token); err != nil && !errors.Is(err, agora.ErrMalformed) || err == nil && len(t6.Privileges)*6 > len(token) {
			t.Fatalf("Parse006: %v", err)
		}
		if k, ok := agora.ParseDynamicKey(token); ok && (len(k.AppID) != 32 || k.Version != token[:3]) {
			t.Fatalf("ParseDynamicKey: %+v", k)
		}
		p, err := agora.Parse(token)
		if err != nil {
			if !errors.Is(err, agora.ErrMalformed) {
				t.Fatalf("an error that is not ErrMalformed: %v", err)
			}
			return
		}
		if len(p.Services) > p.Count || len(p.Content) > agora.MaxContent {
			t.Fatalf("%d services of %d, %d bytes", len(p.Services), p.Count, len(p.Content))
		}
		if len(p.Services) < p.Count {
			return
		}
		ordered := true
		for i, s := range p.Services {
			ordered = ordered && (i == 0 || p.Services[i-1].Type <= s.Type)
			for j := 1; j < len(s.Privileges); j++ {
				ordered = ordered && s.Privileges[j-1].ID <= s.Privileges[j].ID
			}
		}
		if w := p.Token.AppendContent(nil); ordered && !bytes.HasPrefix(p.Content, w) {
			t.Fatalf("read %+v from %x, which writes %x", p.Token, p.Content, w)
		}
	})
}

// AppendContent writes services by type and privileges by number whatever
// their order in the Token, and leaves the Token's slices as they were.
func TestAppendContentOrder(t *testing.T) {
	rtc := agora.Service{Type: agora.RTC, Strings: []string{"c", "1"}, Privileges: []agora.Privilege{{3, 60}, {1, 60}, {2, 0}}}
	rtm := agora.UserService(agora.RTM, "u", 60)
	unsorted := agora.Token{AppID: good.AppID, Expire: 60, Services: []agora.Service{rtm, rtc}}
	want := agora.Token{AppID: good.AppID, Expire: 60, Services: []agora.Service{
		{Type: agora.RTC, Strings: []string{"c", "1"}, Privileges: []agora.Privilege{{1, 60}, {2, 0}, {3, 60}}}, rtm}}
	if got := unsorted.AppendContent(nil); !bytes.Equal(got, want.AppendContent(nil)) {
		t.Errorf("unsorted: %x\nwant      %x", got, want.AppendContent(nil))
	}
	if unsorted.Services[0].Type != agora.RTM || rtc.Privileges[0].ID != 3 {
		t.Error("AppendContent reordered the Token's own slices")
	}
}

// TestParseDynamicKey reads the DynamicKeys of testdata/agora (005 made by
// agora-access-token's DynamicKey5) back to the inputs they were made of,
// and refuses what is not one.
func TestParseDynamicKey(t *testing.T) {
	n := 0
	for _, c := range vectors.LoadAgora(t, "../testdata") {
		k, ok := agora.ParseDynamicKey(c.Token)
		if c.DynamicKey == nil {
			if ok {
				t.Errorf("%s: read as a DynamicKey", c.Name)
			}
			continue
		}
		n++
		d := c.DynamicKey
		want := agora.DynamicKey{Version: fmt.Sprintf("%03d", d.Version), AppID: k.AppID, IssueTs: d.UnixTs, Salt: d.Random, ExpiredTs: d.ExpiredTs, Service: k.Service}
		if d.Version == 3 {
			want.UID = d.UID
		}
		if !ok || *k != want || !strings.EqualFold(k.AppID, c.AppID) || d.Version == 5 && k.Service != 1 {
			t.Errorf("%s: %+v, %v; want %+v", c.Name, k, ok, want)
		}
	}
	if n != 3 {
		t.Errorf("%d DynamicKeys read, want 3", n)
	}
	for _, s := range []string{"003", "004" + strings.Repeat("z", 100), "005", "005AAAA", "003" + strings.Repeat("g", 110)} {
		if _, ok := agora.ParseDynamicKey(s); ok {
			t.Errorf("%q read as a DynamicKey", s)
		}
	}
}

// TestAgoraTokenVerdicts: for every token of testdata/agora that
// agora-token's from_string read, inspect agrees with it row by row: a
// token it could not read is agora-malformed, and the signature is valid
// exactly when its verifySignature accepted the certificate.
func TestAgoraTokenVerdicts(t *testing.T) {
	n := 0
	for _, c := range vectors.LoadAgora(t, "../testdata") {
		if c.Parsed == nil || c.Certificate == "" {
			continue
		}
		n++
		r := inspect.Inspect(c.Token, inspect.Options{Now: time.Unix(int64(c.IssueTs)+1, 0), Secret: []byte(c.Certificate)})
		malformed := slices.ContainsFunc(r.Findings, func(f inspect.Finding) bool { return f.Code == "agora-malformed" })
		switch {
		case !*c.Parsed && !malformed:
			t.Errorf("%s: agora-token could not read it; inspect: %s", c.Name, r.Verdict())
		case *c.Parsed && malformed:
			t.Errorf("%s: agora-token read it; inspect: %s", c.Name, r.Verdict())
		case *c.Parsed && c.Verified != (r.Signature == inspect.SignatureValid):
			// verifySignature also refuses an App ID that is not 32 hex
			// digits, which inspect reports as agora-app-id.
			if !slices.ContainsFunc(r.Findings, func(f inspect.Finding) bool { return f.Code == "agora-app-id" }) {
				t.Errorf("%s: verifySignature %v; inspect's signature %s", c.Name, c.Verified, r.Signature)
			}
		}
	}
	if n < 30 {
		t.Errorf("%d tokens compared", n)
	}
}
