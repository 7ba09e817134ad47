package stream_test

import (
	"errors"
	"flag"
	"fmt"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/stream"
)

var ours = flag.String("ours", "", "write the tokens sdkjwt makes for the cases to this file, for jsonwebtoken to verify (testdata/stream/verify.js)")

// vector is a case of testdata/stream/cases.json and the token Stream's
// Node SDKs made of it (gen.js).
type vector struct {
	Name     string   `json:"name"`
	How      string   `json:"how"`
	Secret   string   `json:"secret"`
	UserID   string   `json:"user_id"`
	Now      int64    `json:"now"`
	IAT      int64    `json:"iat"`
	Exp      int64    `json:"exp"`
	CallCIDs []string `json:"call_cids"`
	Role     string   `json:"role"`
	Token    string   `json:"token"`
}

func load(t testing.TB) []vector {
	return vectors.LoadJSON[vector](t, "../testdata/stream/vectors.json", 10)
}

// token is what a case asks the SDK for, with the SDK's defaults: iat a
// second before now and an hour's lifetime (node-sdk); no times unless
// given (stream-chat).
func (v vector) token() stream.Token {
	t := stream.Token{UserID: v.UserID, CallCIDs: v.CallCIDs, Role: v.Role, IssuedAt: v.IAT, ExpiresAt: v.Exp, Chat: v.How == "chat"}
	if v.How != "chat" && t.IssuedAt == 0 {
		t.IssuedAt = v.Now - stream.Backdate
	}
	if (v.How == "user" || v.How == "call") && t.ExpiresAt == 0 {
		t.ExpiresAt = t.IssuedAt + stream.DefaultLifetime
	}
	return t
}

// TestGolden signs every case and compares the token, byte for byte, with
// the one Stream's SDK made; each is recognised as a Stream token.
func TestGolden(t *testing.T) {
	type made struct{ Name, Token, Secret string }
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
		if ks := inspect.Recognize(v.Token); len(ks) != 1 || ks[0] != stream.Kind {
			t.Errorf("%s: recognised as %v", v.Name, ks)
		}
		all = append(all, made{v.Name, got, v.Secret})
	}
	vectors.WriteOurs(t, *ours, all)
}

func TestProblems(t *testing.T) {
	good := stream.Token{UserID: "alice", IssuedAt: 1767225599, ExpiresAt: 1767229199}
	for _, tc := range []struct {
		name  string
		edit  func(*stream.Token)
		claim string
		code  string
		err   error
	}{
		{"no user", func(t *stream.Token) { t.UserID = "" }, "user_id", "stream-user-id", jwt.ErrRequired},
		{"user not UTF-8", func(t *stream.Token) { t.UserID = "\xff" }, "user_id", "claim-value", jwt.ErrValue},
		{"exp in milliseconds", func(t *stream.Token) { t.ExpiresAt *= 1000 }, "exp", "exp-milliseconds", jwt.ErrTime},
		{"iat in milliseconds", func(t *stream.Token) { t.IssuedAt *= 1000 }, "iat", "iat-milliseconds", jwt.ErrTime},
		{"exp before iat", func(t *stream.Token) { t.ExpiresAt = t.IssuedAt }, "exp", "exp-before-iat", jwt.ErrTime},
		{"chat with calls", func(t *stream.Token) { t.Chat, t.CallCIDs = true, []string{"default:c"} }, "call_cids", "", jwt.ErrConflict},
	} {
		tok := good
		tc.edit(&tok)
		p := tok.Problems()
		if len(p) != 1 || p[0].Claim != tc.claim || p[0].Code != tc.code || !errors.Is(p[0], tc.err) {
			t.Errorf("%s: got %v, want one %s error (%s) wrapping %v", tc.name, p, tc.claim, tc.code, tc.err)
		}
	}
	w := stream.Token{UserID: "a", CallCIDs: []string{"default:c", "nocolon", ":x"}}.Warnings()
	if len(w) != 3 || w[0].Code != "stream-permanent" || w[1].Code != "stream-call-cid" || w[2].Code != "stream-call-cid" {
		t.Errorf("warnings %v", w)
	}
}

func ExampleToken_Sign() {
	s, err := jwt.NewSigner([]byte("8kbzkhsc5xd3jh9vt4cuyrkqfvmmz6dz7n8ms3vqwekmk5pqwwvvhvcfbvxdmv2a")) // the API secret
	if err != nil {
		panic(err)
	}
	token, err := stream.Token{UserID: "alice", CallCIDs: []string{"default:call-1"}, IssuedAt: 1767225599, ExpiresAt: 1767229199}.Sign(s)
	if err != nil {
		panic(err)
	}
	fmt.Println(token)
	// Output: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiYWxpY2UiLCJjYWxsX2NpZHMiOlsiZGVmYXVsdDpjYWxsLTEiXSwiaWF0IjoxNzY3MjI1NTk5LCJleHAiOjE3NjcyMjkxOTl9.mN9nNL59uOxXW0BNcK3hIooFkZ3lPEi6Vj4X-4p72ZE
}
