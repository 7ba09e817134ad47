// Package agora builds, signs and reads Agora's AccessToken2 tokens (version
// "007"), the token an Agora SDK joins a channel or logs in with, keyed by a
// project's App Certificate. It also reads the older AccessToken ("006")
// well enough to explain one.
//
// An AccessToken2 is not a JWT:
//
//	"007" + base64(zlib(u16-length signature ‖ content))
//	content   = appId ‖ u32 issueTs ‖ u32 expire ‖ u32 salt ‖ u16 count ‖ services
//	service   = u16 type ‖ u16 count ‖ (u16 privilege ‖ u32 expire)… ‖ its strings
//	signature = HMAC-SHA256(HMAC-SHA256(u32 salt, HMAC-SHA256(u32 issueTs, certificate)), content)
//
// little-endian, every string a u16 length and its bytes, services in
// order of type and privileges in order of number, as Agora's builders
// (npm agora-token, AgoraIO/Tools) write them; expire and each privilege's
// expire are seconds after issueTs. The zlib stream may differ between
// implementations: what it holds is the token. Errors are
// [*jwt.ClaimError] values naming the field, as for every token sdkjwt
// signs. docs/agora.md has the rules and sources.
package agora

import (
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// Version is the prefix of an AccessToken2.
const Version = "007"

// MaxLifetime is the longest expire Agora documents: a token is valid for
// at most 24 hours.
const MaxLifetime = 24 * 60 * 60

// The service types of AccessToken2 (agora-token's AccessToken2.js).
const (
	RTC       uint16 = 1
	RTM       uint16 = 2
	Streaming uint16 = 3
	FPA       uint16 = 4
	Chat      uint16 = 5
	FCDN      uint16 = 6
	APaaS     uint16 = 7
	RTM2      uint16 = 8
	ConvoAI   uint16 = 9
	STT       uint16 = 10
)

// The privileges: an RTC service's, and the first privilege of RTM
// (login) and Chat (a user's token).
const (
	JoinChannel  uint16 = 1
	PublishAudio uint16 = 2
	PublishVideo uint16 = 3
	PublishData  uint16 = 4
	Login        uint16 = 1
	ChatUser     uint16 = 1
)

// A Privilege is one right a service grants, and how many seconds after
// the token's issueTs it ends: 0 for as long as the token.
type Privilege struct {
	ID     uint16
	Expire uint32
}

// A Service is one service of a token: its type, its privileges, and its
// strings in the order the type writes them (RTC: channel, uid; RTM, Chat
// and RTM2: user; Streaming and FCDN: channel, account; APaaS: room, user;
// FPA, ConvoAI and STT: none), then what APaaS and RTM2 write after them.
type Service struct {
	Type       uint16
	Privileges []Privilege
	Strings    []string
	// Role is an APaaS service's role, an int16 (agora-token writes -1
	// for none, and for 0).
	Role int16
	// Resources are an RTM2 service's permissions (agora-token's
	// Rtm2Permissions), written in the order held: agora-token orders
	// them, and their access types, by number.
	Resources []Resource
}

// A Resource is the permissions of an RTM2 service on one type of
// resource: 0 message channels, 1 stream channels, 2 group channels,
// 3 server groups, 4 users.
type Resource struct {
	Type   uint16   `json:"type"`
	Access []Access `json:"access"`
}

// An Access is the names of the resources an RTM2 service may read (type
// 0) or write (1).
type Access struct {
	Type  uint16   `json:"type"`
	Names []string `json:"names"`
}

// Token is the content of an AccessToken2.
type Token struct {
	AppID    string // the project's App ID: 32 hexadecimal digits
	IssueTs  uint32 // Unix seconds
	Expire   uint32 // seconds after IssueTs: 1 to MaxLifetime
	Salt     uint32 // random, drawn by NewSalt
	Services []Service
}

// The shapes of the services agora-token 2.0.6 knows, and sdkjwt reads:
// each one's name and the names of its strings (APaaS and RTM2 write more
// after them: Service.Role and Service.Resources).
var shapes = map[uint16]struct {
	name    string
	strings []string
}{
	RTC: {"rtc", []string{"channel", "uid"}}, RTM: {"rtm", []string{"user"}}, Streaming: {"streaming", []string{"channel", "account"}},
	FPA: {"fpa", nil}, Chat: {"chat", []string{"user"}}, FCDN: {"fcdn", []string{"channel", "account"}}, APaaS: {"apaas", []string{"room", "user"}},
	RTM2: {"rtm2", []string{"user"}}, ConvoAI: {"convoai", nil}, STT: {"stt", nil},
}

// ServiceName returns the name of a service type ("rtc"), or "service N"
// for one sdkjwt does not read.
func ServiceName(t uint16) string {
	if s, ok := shapes[t]; ok {
		return s.name
	}
	return "service " + strconv.Itoa(int(t))
}

// UID returns the uid string of an RTC service for a numeric uid: its
// decimal digits, or "" for 0, which lets any user join.
func UID(uid uint32) string {
	if uid == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(uid), 10)
}

// RTCService returns the RTC service Agora's RtcTokenBuilder makes:
// joining channel as uid (see UID) or a user account, and for a publisher
// publishing audio, video and data, each privilege for privilegeExpire
// seconds.
func RTCService(channel, uid string, publisher bool, privilegeExpire uint32) Service {
	s := Service{Type: RTC, Strings: []string{channel, uid}, Privileges: []Privilege{{JoinChannel, privilegeExpire}}}
	if publisher {
		s.Privileges = append(s.Privileges, Privilege{PublishAudio, privilegeExpire}, Privilege{PublishVideo, privilegeExpire}, Privilege{PublishData, privilegeExpire})
	}
	return s
}

// UserService returns the RTM (login) or Chat (user) service Agora's
// RtmTokenBuilder and ChatTokenBuilder make for user, its privilege
// lasting expire seconds.
func UserService(typ uint16, user string, expire uint32) Service {
	return Service{Type: typ, Strings: []string{user}, Privileges: []Privilege{{1, expire}}}
}

// AppendContent appends the bytes the signature covers: the token's fields
// and its services, ordered by type (services of one type keep their
// order), each one's privileges ordered by number.
func (t Token) AppendContent(b []byte) []byte {
	b = appendString(b, t.AppID)
	b = binary.LittleEndian.AppendUint32(b, t.IssueTs)
	b = binary.LittleEndian.AppendUint32(b, t.Expire)
	b = binary.LittleEndian.AppendUint32(b, t.Salt)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(t.Services)))
	for _, s := range sorted(t.Services, func(x, y Service) int { return int(x.Type) - int(y.Type) }) {
		b = binary.LittleEndian.AppendUint16(b, s.Type)
		privileges := sorted(s.Privileges, func(x, y Privilege) int { return int(x.ID) - int(y.ID) })
		b = binary.LittleEndian.AppendUint16(b, uint16(len(privileges)))
		for _, p := range privileges {
			b = binary.LittleEndian.AppendUint16(b, p.ID)
			b = binary.LittleEndian.AppendUint32(b, p.Expire)
		}
		for _, s := range s.Strings {
			b = appendString(b, s)
		}
		switch s.Type {
		case APaaS:
			b = binary.LittleEndian.AppendUint16(b, uint16(s.Role))
		case RTM2:
			b = binary.LittleEndian.AppendUint16(b, uint16(len(s.Resources)))
			for _, r := range s.Resources {
				b = binary.LittleEndian.AppendUint16(b, r.Type)
				b = binary.LittleEndian.AppendUint16(b, uint16(len(r.Access)))
				for _, a := range r.Access {
					b = binary.LittleEndian.AppendUint16(b, a.Type)
					b = binary.LittleEndian.AppendUint16(b, uint16(len(a.Names)))
					for _, n := range a.Names {
						b = appendString(b, n)
					}
				}
			}
		}
	}
	return b
}

// sorted returns s stably sorted by cmp: s itself if it already is (as
// RTCService and UserService make them), else a sorted copy.
func sorted[T any](s []T, cmp func(T, T) int) []T {
	if slices.IsSortedFunc(s, cmp) {
		return s
	}
	s = slices.Clone(s)
	slices.SortStableFunc(s, cmp)
	return s
}

func appendString(b []byte, s string) []byte {
	return append(binary.LittleEndian.AppendUint16(b, uint16(len(s))), s...)
}

func isHex32(s string) bool { return len(s) == 32 && isHex(s) }

// Problems returns every rule the token breaks; none means it can be
// signed. The fields are named as docs/agora.md names them: appId,
// expire, services, and a service's privileges and strings (rtc.channel).
//
// Four rules are sdkjwt's when it signs, and carry no inspect code: a zero
// issueTs or salt (a field left unset), an
// expire of 0 (inspect reports the token as agora-expired, as it is from
// its issue time on) and a privilege that outlasts the token (agora-token
// makes such tokens, and the token's own expire ends them), unless the
// privilege's expire is a Unix time (agora-expire-absolute).
func (t Token) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	fail := func(code, field, rule, value string, kind error) {
		all = append(all, &jwt.ClaimError{Claim: field, Rule: rule, Value: value, Err: kind, Code: code})
	}
	if !isHex32(t.AppID) {
		fail("agora-app-id", "appId", "must be 32 hexadecimal digits (the App ID as Agora Console shows it)", strconv.Quote(t.AppID), jwt.ErrValue)
	}
	// A zero is a field left unset: Agora's builders always draw a salt and
	// read the clock. sdkjwt's rules when it signs, without inspect codes.
	if t.IssueTs == 0 {
		fail("", "issueTs", "must be the Unix time of signing, not 0", "0", jwt.ErrRequired)
	}
	if t.Salt == 0 {
		fail("", "salt", "must be drawn by NewSalt (1 to 99999999), not 0", "0", jwt.ErrRequired)
	}
	switch {
	case t.Expire >= absolute:
		fail("agora-expire-absolute", "expire", "must be seconds after issueTs, 1 to 86400 (24h): this is an absolute Unix time, as the older 006 builders took", strconv.FormatUint(uint64(t.Expire), 10), jwt.ErrTime)
	case t.Expire < 1 || t.Expire > MaxLifetime:
		code := "agora-lifetime"
		if t.Expire == 0 {
			code = "" // agora-expired
		}
		fail(code, "expire", "must be 1 to 86400 seconds (24h) after issueTs: Agora's tokens are valid for at most 24 hours", strconv.FormatUint(uint64(t.Expire), 10), jwt.ErrTime)
	}
	if len(t.Services) == 0 {
		fail("agora-no-service", "services", "must hold at least one service", "", jwt.ErrRequired)
	}
	for _, s := range t.Services {
		shape, known := shapes[s.Type]
		name := ServiceName(s.Type)
		if !known || len(s.Strings) != len(shape.strings) {
			fail("agora-name", name, "is not a service agora-token writes (rtc, rtm, streaming, fpa, chat, fcdn, apaas, rtm2, convoai, stt, with their strings)", "", jwt.ErrValue)
			continue
		}
		if (s.Type == RTC || s.Type == RTM) && !slices.ContainsFunc(s.Privileges, func(p Privilege) bool { return p.ID == 1 }) {
			fail("agora-no-join", name+".privileges", "must include "+privilegeName(s.Type, 1)+" (privilege 1): without it the token lets no one in", "", jwt.ErrRequired)
		}
		for _, p := range s.Privileges {
			if p.Expire > t.Expire && t.Expire < absolute {
				code := ""
				if p.Expire >= absolute {
					code = "agora-expire-absolute"
				}
				fail(code, name+".privileges", "must not outlast expire: "+privilegeName(s.Type, p.ID)+" ends "+strconv.FormatUint(uint64(p.Expire), 10)+" seconds after issueTs, the token "+strconv.FormatUint(uint64(t.Expire), 10), "", jwt.ErrConflict)
			}
		}
		for i, v := range s.Strings {
			if err := checkName(name+"."+shape.strings[i], v, s.Type); err != nil {
				all = append(all, err)
			}
		}
		for _, r := range s.Resources {
			for _, a := range r.Access {
				for _, v := range a.Names {
					if err := checkName(name+".resources", v, s.Type); err != nil {
						all = append(all, err)
					}
				}
			}
		}
	}
	return all
}

// absolute is the least expire read as an absolute Unix time: 10^9 seconds
// is almost 32 years, and September 2001 as a date.
const absolute = 1_000_000_000

// Warnings returns what an Agora token may regret though it can be signed,
// each a *jwt.ClaimError wrapping jwt.ErrWarning: an RTC uid that lets any
// user join, and privileges that end before the token does (one warning
// for each service).
func (t Token) Warnings() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	for _, s := range t.Services {
		name := ServiceName(s.Type)
		if s.Type == RTC && len(s.Strings) == 2 && s.Strings[1] == "" {
			all = append(all, &jwt.ClaimError{Claim: "rtc.uid", Rule: "is empty (uid 0): any user may join the channel with this token", Err: jwt.ErrWarning, Code: "agora-uid-zero"})
		}
		var short []string
		for _, p := range s.Privileges {
			if p.Expire != 0 && p.Expire < t.Expire {
				short = append(short, privilegeName(s.Type, p.ID)+" at "+strconv.FormatUint(uint64(p.Expire), 10))
			}
		}
		if len(short) > 0 {
			all = append(all, &jwt.ClaimError{Claim: name + ".privileges", Rule: "end before the token, which ends " + strconv.FormatUint(uint64(t.Expire), 10) + " seconds after issueTs: " + strings.Join(short, ", "), Err: jwt.ErrWarning, Code: "agora-privilege-short"})
		}
	}
	return all
}

// privilegeName names privilege id of a service type.
func privilegeName(typ, id uint16) string {
	switch {
	case typ == RTC && id >= JoinChannel && id <= PublishData:
		return []string{"join", "publish audio", "publish video", "publish data"}[id-1]
	case typ == RTM && id == Login:
		return "login"
	case typ == Chat && id <= 2 && id > 0:
		return []string{"user", "app"}[id-1]
	case typ == APaaS && id <= 3 && id > 0:
		return []string{"room user", "user", "app"}[id-1]
	case typ == RTM2 && id == Login:
		return "login"
	}
	return "privilege " + strconv.Itoa(int(id))
}

// nameChars are the characters Agora's SDKs allow in a channel name, a
// user account and an RTM user ID, besides letters and digits.
const nameChars = " !#$%&()+-:;<=.>?@[]^_{}|~,"

// checkName checks one of a service's strings against the rule of the SDK
// that joins with it: a channel name and an RTM user ID are 1 to 63 bytes
// (an RTM user ID does not start with a space), a user account at most 255,
// each of letters, digits and nameChars. An empty RTC uid is uid 0. The
// strings of other services need only fit their u16 length. Its code is
// agora-name.
func checkName(field, v string, typ uint16) *jwt.ClaimError {
	max, rule := 0, ""
	switch field {
	case "rtc.channel", "rtm.user":
		max, rule = 63, "must be 1 to 63 bytes of letters, digits, space and "+nameChars[1:]+" (Agora's SDKs refuse others)"
	case "rtc.uid":
		if v == "" {
			return nil
		}
		max, rule = 255, "must be a uid (1 to 4294967295) or a user account of at most 255 bytes of letters, digits, space and "+nameChars[1:]
	default:
		if len(v) > 0xffff {
			return &jwt.ClaimError{Claim: field, Rule: "must be at most 65535 bytes (its length is a u16)", Value: strconv.Itoa(len(v)) + " bytes", Err: jwt.ErrLength, Code: "agora-name"}
		}
		return nil
	}
	if len(v) == 0 {
		return &jwt.ClaimError{Claim: field, Rule: "is required", Err: jwt.ErrRequired, Code: "agora-name"}
	}
	if len(v) > max {
		return &jwt.ClaimError{Claim: field, Rule: rule, Value: strconv.Itoa(len(v)) + " bytes", Err: jwt.ErrLength, Code: "agora-name"}
	}
	for _, c := range []byte(v) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(nameChars, c) >= 0) {
			return &jwt.ClaimError{Claim: field, Rule: rule, Value: strconv.Quote(v), Err: jwt.ErrValue, Code: "agora-name"}
		}
	}
	if typ == RTM && v[0] == ' ' {
		return &jwt.ClaimError{Claim: field, Rule: "must not start with a space (Agora's RTM SDK refuses it)", Value: strconv.Quote(v), Err: jwt.ErrValue, Code: "agora-name"}
	}
	return nil
}
