package hms

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// vector is one case of ../testdata/jsonwebtoken/vectors.json: made by 100ms's
// documented Node snippet with jsonwebtoken (../testdata/jsonwebtoken/gen.js), never
// by this package.
type vector struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	AccessKey   string `json:"access_key"`
	Secret      string `json:"secret"`
	Now         int64  `json:"now"`
	JTI         string `json:"jti"`
	ExpiresIn   *int64 `json:"expires_in"`
	RoomID      string `json:"room_id"`
	UserID      string `json:"user_id"`
	Role        string `json:"role"`
	HeaderJSON  string `json:"header_json"`
	PayloadJSON string `json:"payload_json"`
	Token       string `json:"token"`
}

func TestVectors(t *testing.T) {
	b, err := os.ReadFile("../testdata/jsonwebtoken/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 6 {
		t.Fatalf("%d vectors, %v", len(vs), err)
	}
	n := 0
	for _, v := range vs {
		if v.Type == "raw" {
			continue // a case of the sign command
		}
		n++
		life := int64(DefaultLifetime)
		if v.ExpiresIn != nil {
			life = *v.ExpiresIn
		}
		var p []byte
		if v.Type == "app" {
			p, err = App{AccessKey: v.AccessKey, RoomID: v.RoomID, UserID: v.UserID, Role: v.Role, IssuedAt: v.Now, ExpiresAt: v.Now + life, JTI: v.JTI}.AppendPayload(nil)
		} else {
			p, err = Management{AccessKey: v.AccessKey, IssuedAt: v.Now, ExpiresAt: v.Now + life, JTI: v.JTI}.AppendPayload(nil)
		}
		if err != nil || string(p) != v.PayloadJSON || v.HeaderJSON != jwt.JWTHeader.String() {
			t.Errorf("%s: payload\n got %s, %v\nwant %s", v.Name, p, err, v.PayloadJSON)
			continue
		}
		s, _ := jwt.NewSigner([]byte(v.Secret))
		if got := s.Sign(p); got != v.Token {
			t.Errorf("%s: token\n got %s\nwant %s", v.Name, got, v.Token)
		}
		if ks := inspect.Recognize(v.Token); len(ks) != 1 || ks[0] != map[string]*inspect.Kind{"app": AppKind, "management": ManagementKind}[v.Type] {
			t.Errorf("%s: recognised as %v", v.Name, ks)
		}
	}
	if n < 6 {
		t.Errorf("only %d 100ms vectors", n)
	}
}

func TestNewJTI(t *testing.T) {
	// Expected values from Python: uuid.UUID(bytes=..., version=4).
	for in, want := range map[string]string{
		"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f": "00010203-0405-4607-8809-0a0b0c0d0e0f",
		strings.Repeat("\xff", 16): "ffffffff-ffff-4fff-bfff-ffffffffffff",
	} {
		got, err := NewJTI(strings.NewReader(in))
		if err != nil || got != want {
			t.Errorf("NewJTI(%x) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := NewJTI(bytes.NewReader(make([]byte, 15))); err == nil {
		t.Error("15 random bytes made a UUID")
	}
	if _, err := NewJTI(iotest.ErrReader(errors.New("no entropy"))); err == nil {
		t.Error("a failing reader made a UUID")
	}
}

func TestErrors(t *testing.T) {
	good := App{AccessKey: "k", RoomID: "r", UserID: "u", Role: "host", IssuedAt: 1700000000, ExpiresAt: 1700086400, JTI: "j"}
	for _, tc := range []struct {
		name  string
		edit  func(*App)
		field string
		sent  error
		msg   string
	}{
		{"no key", func(a *App) { a.AccessKey = "" }, "access_key", jwt.ErrRequired, "access_key is required"},
		{"no room", func(a *App) { a.RoomID = "" }, "room_id", jwt.ErrRequired, "room_id is required"},
		{"no role", func(a *App) { a.Role = "" }, "role", jwt.ErrRequired, "role is required"},
		{"no jti", func(a *App) { a.JTI = "" }, "jti", jwt.ErrRequired, "jti is required"},
		{"newline in room", func(a *App) { a.RoomID = "r\n" }, "room_id", jwt.ErrValue, `room_id must not contain control characters, got "r\n"`},
		{"DEL in user", func(a *App) { a.UserID = "u\x7f" }, "user_id", jwt.ErrValue, `got "u\x7f"`},
		{"C1 in role", func(a *App) { a.Role = "host\u0085" }, "role", jwt.ErrValue, `got "host\u0085"`},
		{"invalid UTF-8", func(a *App) { a.UserID = "\xff" }, "user_id", jwt.ErrValue, `user_id must be valid UTF-8, got "\xff"`},
		{"zero lifetime", func(a *App) { a.ExpiresAt = a.IssuedAt }, "exp", jwt.ErrTime, "exp must be later than iat (a positive lifetime), got 0 seconds"},
		{"negative lifetime", func(a *App) { a.ExpiresAt = a.IssuedAt - 5 }, "exp", jwt.ErrTime, "got -5 seconds"},
		{"milliseconds", func(a *App) { a.IssuedAt, a.ExpiresAt = 1700000000000, 1700086400000 }, "iat", jwt.ErrTime, "iat must be Unix time in seconds"},
	} {
		a := good
		tc.edit(&a)
		out, err := a.AppendPayload([]byte("dst"))
		var fe *jwt.ClaimError
		if !errors.As(err, &fe) || fe.Claim != tc.field || !errors.Is(err, tc.sent) || !strings.Contains(err.Error(), tc.msg) || string(out) != "dst" {
			t.Errorf("%s: got %q, %v; want %s, %v, %q", tc.name, out, err, tc.field, tc.sent, tc.msg)
		}
	}
	if _, err := (Management{AccessKey: "k", IssuedAt: 1, ExpiresAt: 2}).Sign(nil); !errors.Is(err, jwt.ErrRequired) {
		t.Errorf("management without jti: %v", err)
	}
	if tok, err := (App{}).Sign(nil); tok != "" || err == nil {
		t.Errorf("App{}.Sign = %q, %v", tok, err)
	}
}
