package twilio_test

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/twilio"
)

var ours = flag.String("ours", "", "write the tokens sdkjwt makes for the cases to this file, for jsonwebtoken to verify (testdata/twilio/verify.js)")

// vector is a case of testdata/twilio/cases.json and the token Twilio's
// Node helper made of it (gen.js).
type vector struct {
	Name       string `json:"name"`
	AccountSID string `json:"account_sid"`
	KeySID     string `json:"key_sid"`
	Secret     string `json:"secret"`
	Identity   string `json:"identity"`
	Now        int64  `json:"now"`
	TTL        int64  `json:"ttl"`
	NBF        int64  `json:"nbf"`
	Region     string `json:"region"`
	Grants     []struct {
		Video *struct {
			Room string `json:"room"`
		} `json:"video"`
		Voice *struct {
			IncomingAllow bool        `json:"incoming_allow"`
			AppSID        string      `json:"outgoing_application_sid"`
			Params        [][2]string `json:"outgoing_params"`
			PushSID       string      `json:"push_credential_sid"`
			EndpointID    string      `json:"endpoint_id"`
		} `json:"voice"`
		Chat *struct {
			ServiceSID        string `json:"service_sid"`
			EndpointID        string `json:"endpoint_id"`
			DeploymentRoleSID string `json:"deployment_role_sid"`
			PushCredentialSID string `json:"push_credential_sid"`
		} `json:"chat"`
		Sync *struct {
			ServiceSID string `json:"service_sid"`
			EndpointID string `json:"endpoint_id"`
		} `json:"sync"`
	} `json:"grants"`
	Token string `json:"token"`
}

func load(t testing.TB) []vector {
	return vectors.LoadJSON[vector](t, "../testdata/twilio/vectors.json", 10)
}

// token is what a case asks the helper for.
func (v vector) token() twilio.Token {
	ttl := v.TTL
	if ttl == 0 {
		ttl = twilio.DefaultLifetime
	}
	t := twilio.Token{AccountSID: v.AccountSID, KeySID: v.KeySID, Identity: v.Identity, Region: v.Region,
		IssuedAt: v.Now, ExpiresAt: v.Now + ttl, NotBefore: v.NBF}
	for _, g := range v.Grants {
		switch {
		case g.Video != nil:
			t.Video = &twilio.Video{Room: g.Video.Room}
		case g.Voice != nil:
			t.Voice = &twilio.Voice{IncomingAllow: g.Voice.IncomingAllow, OutgoingApplicationSID: g.Voice.AppSID,
				PushCredentialSID: g.Voice.PushSID, EndpointID: g.Voice.EndpointID}
			for _, p := range g.Voice.Params {
				t.Voice.OutgoingParams = append(t.Voice.OutgoingParams, twilio.Param{Name: p[0], Value: p[1]})
			}
		case g.Chat != nil:
			t.Chat = (*twilio.Chat)(g.Chat)
		case g.Sync != nil:
			t.Sync = (*twilio.Sync)(g.Sync)
		}
	}
	return t
}

// TestGolden signs every case and compares the token, byte for byte, with
// the one Twilio's Node helper made; each is recognised as a Twilio token.
func TestGolden(t *testing.T) {
	type made struct{ Name, Token, Secret, AccountSID, KeySID string }
	var all []made
	for _, v := range load(t) {
		s, err := jwt.NewSigner([]byte(v.Secret))
		if err != nil {
			t.Fatal(err)
		}
		got, err := v.token().Sign(s)
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
			continue
		}
		if got != v.Token {
			t.Errorf("%s:\n got %s\nwant %s", v.Name, got, v.Token)
		}
		if ks := inspect.Recognize(v.Token); len(ks) != 1 || ks[0] != twilio.Kind {
			t.Errorf("%s: recognised as %v", v.Name, ks)
		}
		all = append(all, made{v.Name, got, v.Secret, v.AccountSID, v.KeySID})
	}
	vectors.WriteOurs(t, *ours, all)
}

var good = twilio.Token{AccountSID: "AC0123456789abcdef0123456789abcdef", KeySID: "SKfedcba9876543210fedcba9876543210",
	Identity: "alice", IssuedAt: 1767225600, ExpiresAt: 1767229200, Video: &twilio.Video{Room: "my-room"}}

func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*twilio.Token)
		claim string
		code  string
		err   error
	}{
		{"no identity", func(t *twilio.Token) { t.Identity = "" }, "grants.identity", "twilio-identity", jwt.ErrRequired},
		{"identity 129", func(t *twilio.Token) { t.Identity = strings.Repeat("i", 129) }, "grants.identity", "twilio-identity", jwt.ErrLength},
		{"identity 65 non-ASCII", func(t *twilio.Token) { t.Identity = strings.Repeat("é", 65) }, "grants.identity", "twilio-identity", jwt.ErrLength},
		{"identity invalid UTF-8", func(t *twilio.Token) { t.Identity = "a\xff" }, "grants.identity", "claim-value", jwt.ErrValue},
		{"lifetime over 24h", func(t *twilio.Token) { t.ExpiresAt = t.IssuedAt + 86401 }, "exp", "twilio-lifetime", jwt.ErrTime},
		{"ttl in milliseconds", func(t *twilio.Token) { t.ExpiresAt = t.IssuedAt + 3600000 }, "exp", "twilio-lifetime", jwt.ErrTime},
		{"exp before iat", func(t *twilio.Token) { t.ExpiresAt = t.IssuedAt }, "exp", "exp-before-iat", jwt.ErrTime},
		{"iat in milliseconds", func(t *twilio.Token) { t.IssuedAt *= 1000 }, "iat", "iat-milliseconds", jwt.ErrTime},
		{"nbf after exp", func(t *twilio.Token) { t.NotBefore = t.ExpiresAt }, "nbf", "", jwt.ErrTime},
		{"key SID short", func(t *twilio.Token) { t.KeySID = "SK123" }, "iss", "twilio-sid", jwt.ErrValue},
		{"Account SID as key", func(t *twilio.Token) { t.KeySID = t.AccountSID }, "iss", "twilio-sid", jwt.ErrValue},
		{"key SID as Account SID", func(t *twilio.Token) { t.AccountSID = t.KeySID }, "sub", "twilio-sid", jwt.ErrValue},
		{"Account SID not hex", func(t *twilio.Token) { t.AccountSID = "AC0123456789abcdef0123456789abcdeg" }, "sub", "twilio-sid", jwt.ErrValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := good
			tc.edit(&tok)
			p := tok.Problems()
			if len(p) != 1 || p[0].Claim != tc.claim || p[0].Code != tc.code || !errors.Is(p[0], tc.err) {
				t.Fatalf("got %v, want one %s error (%s) wrapping %v", p, tc.claim, tc.code, tc.err)
			}
			s, _ := jwt.NewSigner([]byte("secret"))
			if token, err := tok.Sign(s); token != "" || err == nil || err.Error() != p[0].Error() {
				t.Errorf("Sign: %q, %v", token, err)
			}
		})
	}
	// Without a Video grant, Twilio documents no limit on the identity.
	tok := good
	tok.Video, tok.Identity = nil, strings.Repeat("i", 200)
	if p := tok.Problems(); len(p) != 0 {
		t.Errorf("a long identity without a Video grant: %v", p)
	}
	if n := twilio.IdentityLength("Zoë 日本"); n != 9 {
		t.Errorf("IdentityLength = %d, want 9", n)
	}
}

func ExampleToken_Sign() {
	s, err := jwt.NewSigner([]byte("Q8kZ2mN4pR6tV1xB3dF5hJ7lC9wE0yGa")) // the API key's secret, from a file or the environment
	if err != nil {
		panic(err)
	}
	token, err := twilio.Token{
		AccountSID: "AC0123456789abcdef0123456789abcdef",
		KeySID:     "SKfedcba9876543210fedcba9876543210",
		Identity:   "alice",
		IssuedAt:   1767225600,
		ExpiresAt:  1767225600 + twilio.DefaultLifetime,
		Video:      &twilio.Video{Room: "my-room"},
	}.Sign(s)
	if err != nil {
		panic(err)
	}
	fmt.Println(token)
	// Output: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImN0eSI6InR3aWxpby1mcGE7dj0xIn0.eyJqdGkiOiJTS2ZlZGNiYTk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwLTE3NjcyMjU2MDAiLCJncmFudHMiOnsiaWRlbnRpdHkiOiJhbGljZSIsInZpZGVvIjp7InJvb20iOiJteS1yb29tIn19LCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiaXNzIjoiU0tmZWRjYmE5ODc2NTQzMjEwZmVkY2JhOTg3NjU0MzIxMCIsInN1YiI6IkFDMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ.IOg0d5Pqp9m09HPGqXc2YLsuXmcvILVWvaGpzLawHoA
}
