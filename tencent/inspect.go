package tencent

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Tencent's UserSig: it
// recognises one by its alphabet and its zlib header, decodes it, and
// reports what Tencent's servers refuse, with their error numbers, judged
// as the official Go library's VerifyUserSig judges (testdata/tencent/golib.json
// holds its verdicts).

func init() { inspect.Register(codes, Kind) }

// Kind is Tencent's UserSig (and PrivateMapKey), as package inspect names
// and recognises it: base64 of Tencent's alphabet of a zlib stream.
var Kind = &inspect.Kind{
	Name:   "tencent",
	Env:    []inspect.Env{{Key: "TENCENT_SDKAPPID", Secret: "TENCENT_SECRET_KEY"}},
	Decode: decode,
	Uses:   Privileges,
	Joins:  []string{"user", "room", "room-str"},
	Hints: map[inspect.Code]string{
		"key-mismatch":       "Tencent error 70014: the SDKAppID differs",
		"signature-mismatch": "Tencent error 70009: signed with another application's key",
		"join-mismatch":      "Tencent error 70013 if it is the user ID",
	},
}

var codes = []inspect.CodeInfo{
	{Code: "tencent-malformed", Severity: inspect.Error, Hint: "Tencent error 70003: copy the whole UserSig as the server made it; it is base64 of letters, digits, *, - and _, of a zlib stream"},
	{Code: "tencent-expired", Severity: inspect.Error, Hint: "Tencent error 70001: make a new UserSig; it is valid until TLS.time + TLS.expire"},
	{Code: "tencent-lifetime", Severity: inspect.Error, Hint: "give expire in seconds from now, at most 50 years (Tencent's console makes UserSigs for 180 days)"},
	{Code: "tencent-version", Severity: inspect.Error, Hint: "make a TLSSigAPIv2 UserSig (TLS.ver 2.0, HMAC-SHA256 with the console's secret key), with Tencent's libraries or sdkjwt tencent usersig"},
	{Code: "tencent-user-id", Severity: inspect.Error, Hint: "use a user ID of 1 to 32 bytes of letters, digits, _ and -"},
	{Code: "tencent-room", Severity: inspect.Error, Hint: "use a numeric room of 1 to 4294967294, or a string room of 1 to 64 bytes of letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,"},
	{Code: "tencent-privileges", Severity: inspect.Error, Hint: "grant some of the eight privilege bits: 1 create, 2 enter, 4 send audio, 8 receive audio, 16 send video, 32 receive video, 64 send and 128 receive the substream"},
	{Code: "tencent-userbuf-mismatch", Severity: inspect.Error, Hint: "make the PrivateMapKey with its builder, which writes the UserSig's user ID and SDKAppID into its userbuf"},
	{Code: "tencent-privatemapkey-expired", Severity: inspect.Error, Hint: "make a new PrivateMapKey: its privileges end at the userbuf's expiry, an absolute time"},
}

// looks reports whether token is, by its alphabet and first bytes, base64′
// of a zlib stream: a JWT has dots, an Agora token starts with 007.
func looks(token string) bool {
	if len(token) < 8 || strings.Trim(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_") != "" {
		return false
	}
	head, err := Encoding.WithPadding(-1).DecodeString(token[:4])
	return err == nil && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0
}

func decode(token string, now int64, add func(inspect.Code, string)) (*inspect.Decoded, bool) {
	if !looks(token) {
		return nil, false
	}
	p, err := Parse(token)
	if err != nil {
		add("tencent-malformed", strings.TrimPrefix(err.Error(), "tencent: "))
		return &inspect.Decoded{}, true
	}
	end := p.Time + p.Expire
	d := &inspect.Decoded{Key: strconv.FormatUint(p.SDKAppID, 10), Matches: p.Verify,
		Times: []inspect.Time{{Claim: "TLS.time", Unix: p.Time}, {Claim: "expires", Unix: end}}}
	if p.Version != Version {
		add("tencent-version", fmt.Sprintf("TLS.ver is %q: sdkjwt reads TLSSigAPIv2 (2.0); a UserSig of the first scheme is signed with ECDSA, and its signature was not checked", p.Version))
		d.Matches = nil
	}
	for _, e := range p.Problems() {
		if e.Code != "" {
			add(inspect.Code(e.Code), e.Error())
		}
	}
	if now > end { // VerifyUserSig: expired only after the last second
		add("tencent-expired", fmt.Sprintf("the UserSig ended at TLS.time + TLS.expire = %d + %d = %d (%s), %s before now", p.Time, p.Expire, end, inspect.UTC(end), jwt.Span(jwt.Sub(now, end))))
	}
	var key *PrivateMapKey
	if k, err := ParseUserBuf(p.UserBuf); p.UserBuf != nil && err == nil { // else Problems said why
		key = &k
		d.Times = append(d.Times, inspect.Time{Claim: "userbuf", Unix: int64(k.Expire)})
		if int64(k.Expire) <= now {
			add("tencent-privatemapkey-expired", fmt.Sprintf("the privileges ended at %d (%s), %s before now", k.Expire, inspect.UTC(int64(k.Expire)), jwt.Span(jwt.Sub(now, int64(k.Expire)))))
		}
	}
	d.Content = content(p, key)
	d.Use = func(use string, join func(string) string, add func(inspect.Code, string)) {
		if want := join("user"); want != "" && want != p.Identifier {
			add("join-mismatch", fmt.Sprintf("the UserSig is for the user ID %q; the client logs in as %q", p.Identifier, want))
		}
		if key == nil {
			return // a UserSig alone lets its user into any room, unless the app asks for PrivateMapKeys
		}
		for i, name := range Privileges {
			if use == name && key.Privileges&(1<<i) == 0 {
				add("use-denied", fmt.Sprintf("the PrivateMapKey does not grant %s (bit %d): it grants %s", name, 1<<i, privilegeNames(key.Privileges)))
			}
		}
		room, kind := strconv.FormatUint(uint64(key.RoomID), 10), "numeric room"
		if key.RoomStr != "" {
			room, kind = key.RoomStr, "string room"
		}
		for _, flag := range []string{"room", "room-str"} {
			if want := join(flag); want != "" && (want != room || (flag == "room-str") != (key.RoomStr != "")) {
				add("join-mismatch", fmt.Sprintf("the PrivateMapKey is for the %s %q; the client enters the %s %q", kind, room, map[string]string{"room": "numeric room", "room-str": "string room"}[flag], want))
			}
		}
	}
	return d, true
}

func privilegeNames(bits uint32) string {
	var names []string
	for i, name := range Privileges {
		if bits&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// content is the report's payload: the UserSig's JSON as read, and its
// userbuf's fields.
func content(p *Parsed, k *PrivateMapKey) []byte {
	out := struct {
		Ver        string `json:"TLS.ver"`
		Identifier string `json:"TLS.identifier"`
		SDKAppID   uint64 `json:"TLS.sdkappid"`
		Time       int64  `json:"TLS.time"`
		Expire     int64  `json:"TLS.expire"`
		UserBuf    any    `json:"TLS.userbuf,omitempty"`
	}{Ver: p.Version, Identifier: p.Identifier, SDKAppID: p.SDKAppID, Time: p.Time, Expire: p.Expire}
	if k != nil {
		out.UserBuf = struct {
			Account     string `json:"account"`
			SDKAppID    uint32 `json:"sdkappid"`
			RoomID      uint32 `json:"roomid"`
			RoomStr     string `json:"roomstr,omitempty"`
			Expire      uint32 `json:"expire"`
			Privileges  string `json:"privileges"`
			AccountType uint32 `json:"accountType"`
		}{k.Account, k.SDKAppID, k.RoomID, k.RoomStr, k.Expire, fmt.Sprintf("%d (%s)", k.Privileges, privilegeNames(k.Privileges)), k.AccountType}
	}
	return inspect.Content(out)
}
