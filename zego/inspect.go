package zego

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of ZEGO's token04: it recognises
// one by its 04 and standard base64, reads its expiry in clear, and with the
// ServerSecret decrypts the rest and reports what ZEGO refuses.

func init() { inspect.Register(codes, Kind) }

// Kind is ZEGO's token04, as package inspect names and recognises it.
var Kind = &inspect.Kind{
	Name:   "zego",
	Env:    []inspect.Env{{Key: "ZEGO_APP_ID", Secret: "ZEGO_SERVER_SECRET"}},
	Decode: decode,
	Uses:   Privileges,
	Joins:  []string{"user", "room", "stream"},
	Hints: map[inspect.Code]string{
		"key-mismatch":       "ZEGO error 1002033: the token is for another AppID",
		"signature-mismatch": "ZEGO error 1002033: the token does not decrypt with this ServerSecret (the console's 32-character ServerSecret, not the 64-character AppSign)",
		"join-mismatch":      "ZEGO error 1002033 if it is the user ID",
	},
}

var codes = []inspect.CodeInfo{
	{Code: "zego-malformed", Severity: inspect.Error, Hint: "ZEGO error 1002033: copy the whole token as the server made it: 04, then standard base64"},
	{Code: "zego-expired", Severity: inspect.Error, Hint: "ZEGO error 1002033 or 1002078: make a new token; it ends at the expiry written in clear"},
	{Code: "zego-expiring", Severity: inspect.Warning, Hint: "the SDK calls onRoomTokenWillExpire 30 seconds before the end: fetch a new token and call renewToken"},
	{Code: "zego-legacy", Severity: inspect.Warning, Hint: "ZEGO deprecates this AES-CBC form: its generators and sdkjwt zego now write AES-GCM (mode 1)"},
	{Code: "zego-lifetime", Severity: inspect.Error, Hint: "give a validity of at least one second: expire must be after ctime"},
	{Code: "zego-times", Severity: inspect.Error, Hint: "make the token with ZEGO's generators or sdkjwt zego, which write the same expiry in clear and in the JSON"},
	{Code: "zego-user-id", Severity: inspect.Error, Hint: "use a user ID of 1 to 64 bytes of letters, digits and ~!@#$%^&*()_+=-`;',.<>/\\"},
	{Code: "zego-payload", Severity: inspect.Error, Hint: `write the room payload as ZEGO's samples do: {"room_id":"room1","privilege":{"1":1,"2":0},"stream_id_list":null}`},
	{Code: "zego-sealed", Severity: inspect.Warning, Hint: "give the ServerSecret (ZEGO_SERVER_SECRET or --secret-file) so that inspect can decrypt the token and check it for the client"},
}

// looks reports whether token is 04 and standard base64: a JWT has dots, an
// Agora token starts with 00, a Tencent UserSig has no + or /, and its
// 04… does not decode to a zlib header.
func looks(token string) bool {
	return len(token) >= 16 && strings.HasPrefix(token, Version) &&
		strings.Trim(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") == ""
}

func decode(token string, now int64, add func(inspect.Code, string)) (*inspect.Decoded, bool) {
	if !looks(token) {
		return nil, false
	}
	p, err := Parse(token)
	if err != nil {
		add("zego-malformed", strings.TrimPrefix(err.Error(), "zego: "))
		return &inspect.Decoded{}, true
	}
	mode := "GCM"
	if p.Mode == ModeCBC {
		mode = "CBC"
		add("zego-legacy", "the token is of the deprecated form: AES-256-CBC with a 16-byte IV")
	}
	switch left := p.Expire - now; {
	case left < 0: // the end second itself is taken as valid: ZEGO does not say
		add("zego-expired", fmt.Sprintf("the token ended at %d (%s), %s before now", p.Expire, inspect.UTC(p.Expire), jwt.Span(-left)))
	case left <= 30:
		add("zego-expiring", fmt.Sprintf("the token ends at %d (%s), in %s", p.Expire, inspect.UTC(p.Expire), jwt.Span(left)))
	}
	d := &inspect.Decoded{
		Times: []inspect.Time{{Claim: "expire", Unix: p.Expire}},
		Content: inspect.Content(struct {
			Expire     int64  `json:"expire"`
			Mode       string `json:"mode"`
			Nonce      string `json:"nonce"`
			Ciphertext string `json:"ciphertext"`
		}{p.Expire, mode, hex.EncodeToString(p.Nonce), fmt.Sprintf("%d bytes, encrypted with the ServerSecret", len(p.Ciphertext))}),
		Matches: func(secret []byte) bool {
			_, err := p.Open(secret)
			return err == nil || errors.Is(err, ErrMalformed)
		},
		Use: func(use string, join func(string) string, add func(inspect.Code, string)) {
			add("zego-sealed", "the user, room and privileges are encrypted: without the ServerSecret that decrypts the token, they were not checked")
		},
	}
	d.Open = func(secret []byte, add func(inspect.Code, string)) *inspect.Decoded {
		o, err := p.Open(secret)
		if err != nil {
			add("zego-malformed", strings.TrimPrefix(err.Error(), "zego: "))
			return &inspect.Decoded{Times: d.Times, Content: d.Content, Matches: d.Matches}
		}
		return opened(p, o, now, add, d.Matches)
	}
	return d, true
}

// opened is the Decoded of a token decrypted, its rules checked.
func opened(p *Sealed, o *Opened, now int64, add func(inspect.Code, string), matches func([]byte) bool) *inspect.Decoded {
	for _, e := range o.Problems() {
		if e.Code != "" {
			add(inspect.Code(e.Code), e.Error())
		}
	}
	if o.Expire != p.Expire {
		add("zego-times", fmt.Sprintf("the expiry in clear is %d (%s), the JSON's expire %d (%s)", p.Expire, inspect.UTC(p.Expire), o.Expire, inspect.UTC(o.Expire)))
	}
	room, isRoom, err := ParseRoom(o.Payload)
	isRoom = isRoom && err == nil
	var payload any = o.Payload
	if isRoom {
		payload = json.RawMessage(o.Payload) // shown as the object it is
	}
	d := &inspect.Decoded{Key: strconv.FormatUint(uint64(o.AppID), 10), Matches: matches,
		Times: []inspect.Time{{Claim: "ctime", Unix: o.Created}, {Claim: "expire", Unix: o.Expire}},
		Content: inspect.Content(struct {
			AppID   uint32 `json:"app_id"`
			UserID  string `json:"user_id"`
			Nonce   int32  `json:"nonce"`
			Created int64  `json:"ctime"`
			Expire  int64  `json:"expire"`
			Payload any    `json:"payload"`
		}{o.AppID, o.UserID, o.Nonce, o.Created, o.Expire, payload}),
	}
	d.Use = func(use string, join func(string) string, add func(inspect.Code, string)) {
		if want := join("user"); want != "" && want != o.UserID {
			add("join-mismatch", fmt.Sprintf("the token is for the user ID %q; the client logs in as %q", o.UserID, want))
		}
		if !isRoom {
			return // no room payload: room authentication, if ZEGO turned it on, refuses it; else any room
		}
		if granted := map[string]bool{"login": room.Login, "publish": room.Publish}; use != "" && !granted[use] {
			add("use-denied", fmt.Sprintf("the payload's privilege %q is 0: the token does not let the user %s", strconv.Itoa(slices.Index(Privileges, use)+1), use))
		}
		if want := join("room"); want != "" && want != room.ID {
			add("join-mismatch", fmt.Sprintf("the token is for the room %q; the client logs in to %q", room.ID, want))
		}
		if want := join("stream"); want != "" && room.StreamIDs != nil && !slices.Contains(room.StreamIDs, want) {
			add("join-mismatch", fmt.Sprintf("the token lets the user publish only the streams %q; the client publishes %q", room.StreamIDs, want))
		}
	}
	return d
}
