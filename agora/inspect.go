package agora

import (
	"fmt"
	"hash/crc32"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file is what package inspect knows of Agora's tokens: it decodes an
// AccessToken2 (or an AccessToken, 006), reports the rules of Problems and
// Warnings and the times judged at now with codes of its own, and leaves
// the App ID and signature to inspect's checks of every token.

func init() { inspect.Register(codes, Kind) }

// Kind is Agora's token, as package inspect names and recognises it: a
// token that starts with "007" (AccessToken2) or "006" (AccessToken).
var Kind = &inspect.Kind{
	Name:   "agora",
	Env:    []inspect.Env{{Key: "AGORA_APP_ID", Secret: "AGORA_APP_CERTIFICATE"}},
	Decode: decode,
	Uses:   []string{"rtc", "rtm", "chat"},
	Joins:  []string{"channel", "uid", "account", "user"},
}

var codes = []inspect.CodeInfo{
	{Code: "agora-malformed", Severity: inspect.Error, Hint: "copy the whole token, from 007 to its end, as the token server returned it; in a URL, encode it (encodeURIComponent), or base64's '+' arrives as a space"},
	{Code: "agora-url-encoded", Severity: inspect.Error, Hint: "decode the token once (decodeURIComponent) where it is read from a URL, or encode it once where it is put in one: the SDK takes the token as the server made it"},
	{Code: "agora-dynamic-key", Severity: inspect.Warning, Hint: "make AccessToken2 (007) tokens with agora-token's builders or sdkjwt agora: Agora replaced DynamicKeys with the AccessToken, and its current SDKs and docs use AccessToken2"},
	{Code: "agora-006", Severity: inspect.Warning, Hint: "make AccessToken2 (007) tokens, with agora-token's builders or sdkjwt agora: a 006 token names its channel and uid only by CRC-32, so it cannot be verified offline"},
	{Code: "agora-expired", Severity: inspect.Error, Hint: "make a new token for each join, and renew it when the SDK reports that the token will expire: an AccessToken2 ends expire seconds after issueTs"},
	{Code: "agora-lifetime", Severity: inspect.Warning, Hint: "give expire in seconds from now, at most 86400: Agora documents tokens as valid for at most 24 hours"},
	{Code: "agora-expire-absolute", Severity: inspect.Warning, Hint: "give AccessToken2 builders expire in seconds from now (3600), not as a Unix time (now + 3600), which the older 006 builders took"},
	{Code: "agora-privilege-short", Severity: inspect.Warning, Hint: "give each privilege the token's expire (or 0, for as long as the token), unless it is meant to end sooner"},
	{Code: "agora-privilege-expired", Severity: inspect.Error, Hint: "make a new token: a privilege ended before the token did, and the SDK is refused what it granted"},
	{Code: "agora-app-id", Severity: inspect.Error, Hint: "use the App ID as Agora Console shows it: 32 hexadecimal digits"},
	{Code: "agora-uid-zero", Severity: inspect.Warning, Hint: "build the token for the uid or user account the user joins with, unless any user may join with it"},
	{Code: "agora-no-join", Severity: inspect.Error, Hint: "add the join privilege (RTC) or the login privilege (RTM), privilege 1, as Agora's builders always do"},
	{Code: "agora-no-service", Severity: inspect.Error, Hint: "add the service the token is for (RTC, RTM or Chat): a token without one grants nothing"},
	{Code: "agora-unknown-service", Severity: inspect.Warning, Hint: "sdkjwt reads every service agora-token 2.0.6 knows (rtc, rtm, streaming, fpa, chat, fcdn, apaas, rtm2, convoai, stt); agora-token stops reading at this one too, and the services from it on were not checked"},
	{Code: "agora-name", Severity: inspect.Error, Hint: "use a channel name or RTM user ID of 1 to 63 bytes, or a user account of at most 255, of letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,"},
}

func decode(token string, now int64, add func(inspect.Code, string)) (*inspect.Decoded, bool) {
	if (strings.HasPrefix(token, Version) || strings.HasPrefix(token, "006")) && strings.Contains(token, "%") {
		if u, err := url.PathUnescape(token); err == nil {
			add("agora-url-encoded", "the token is URL-encoded (%2B for +, %2F for /, %3D for =), read here decoded: the SDK needs the token itself")
			token = u
		}
	}
	if k, ok := ParseDynamicKey(token); ok {
		return explainDynamicKey(k, now, add), true
	}
	switch {
	case strings.HasPrefix(token, Version):
		p, err := Parse(token)
		if err != nil {
			add("agora-malformed", strings.TrimPrefix(err.Error(), "agora: "))
			return &inspect.Decoded{}, true
		}
		return explain(p, now, add), true
	case strings.HasPrefix(token, "006") && len(token) > 35 && isHex32(token[3:35]):
		t, err := Parse006(token)
		if err != nil {
			add("agora-malformed", "an AccessToken (006), "+strings.TrimPrefix(strings.TrimPrefix(err.Error(), "agora: "), "malformed token: "))
			return &inspect.Decoded{Key: token[3:35]}, true
		}
		return explain006(t, now, add), true
	}
	return nil, false
}

// explain reports what an AccessToken2 breaks, and returns what the report
// shows of it.
func explain(p *Parsed, now int64, add func(inspect.Code, string)) *inspect.Decoded {
	end := int64(p.IssueTs) + int64(p.Expire)
	d := &inspect.Decoded{Content: content(p), Key: p.AppID, Matches: p.Verify, Use: p.use,
		Times: []inspect.Time{{Claim: "issueTs", Unix: int64(p.IssueTs)}, {Claim: "expires", Unix: end}}}
	var ended []string
	for _, s := range p.Services {
		for _, pr := range s.Privileges {
			if at := int64(p.IssueTs) + int64(pr.Expire); pr.Expire != 0 && now >= at && now < end {
				ended = append(ended, fmt.Sprintf("%s %s at %d (%s)", ServiceName(s.Type), privilegeName(s.Type, pr.ID), at, inspect.UTC(at)))
			}
		}
	}
	for _, e := range append(p.Problems(), p.Warnings()...) {
		switch {
		case e.Code == "":
		case e.Code == "agora-privilege-short" && len(ended) > 0: // agora-privilege-expired says it
		case e.Code == "agora-no-service" && p.Count > 0: // services it does not read: agora-unknown-service
		default:
			add(inspect.Code(e.Code), e.Error())
		}
	}
	if len(p.Services) < p.Count {
		add("agora-unknown-service", fmt.Sprintf("service %d of %d is of type %d, which agora-token does not know: it and those after it were not checked", len(p.Services)+1, p.Count, p.Unread))
	}
	switch {
	case p.Expire == 0:
		add("agora-expired", fmt.Sprintf("expire is 0: the token ends at its issueTs, %d (%s), and is never valid", p.IssueTs, inspect.UTC(end)))
	case now >= end:
		add("agora-expired", fmt.Sprintf("the token ended at issueTs + expire = %d + %d = %d (%s), %s before now", p.IssueTs, p.Expire, end, inspect.UTC(end), jwt.Span(jwt.Sub(now, end))))
	}
	if len(ended) > 0 {
		add("agora-privilege-expired", "the token is still valid but these privileges have ended: "+strings.Join(ended, ", "))
	}
	return d
}

// use judges the token for the service it is presented to (rtc: joining a
// channel; rtm: logging in; chat), and the client's channel, uid or account
// (RTC) and user (RTM, Chat) against the token's.
func (p *Parsed) use(use string, join func(string) string, add func(inspect.Code, string)) {
	service := func(typ uint16) *Service {
		for i := range p.Services {
			if p.Services[i].Type == typ {
				return &p.Services[i]
			}
		}
		return nil
	}
	need := map[string]struct {
		typ       uint16
		privilege uint16
	}{"rtc": {RTC, JoinChannel}, "rtm": {RTM, Login}, "chat": {Chat, 0}}[use]
	grants := func(s *Service) bool {
		return s != nil && (need.privilege == 0 || slices.ContainsFunc(s.Privileges, func(pr Privilege) bool { return pr.ID == need.privilege }))
	}
	// RtmTokenBuilder2 logs in to RTM with an RTM2 service, of the same
	// login privilege.
	if use != "" && !grants(service(need.typ)) && !(use == "rtm" && grants(service(RTM2))) {
		what, holds := "the "+ServiceName(need.typ)+" service", "no service"
		if need.privilege != 0 {
			what += " with its " + privilegeName(need.typ, need.privilege) + " privilege"
		}
		var has []string
		for _, s := range p.Services {
			has = append(has, ServiceName(s.Type))
		}
		if len(has) > 0 {
			holds = "only " + strings.Join(has, ", ")
		}
		add("use-denied", fmt.Sprintf("the token cannot serve %s: it needs %s, and holds %s", use, what, holds))
	}
	if s := service(RTC); s != nil && len(s.Strings) == 2 {
		channel, uid := s.Strings[0], s.Strings[1]
		if want := join("channel"); want != "" && want != channel {
			add("join-mismatch", fmt.Sprintf("the token is for the channel %q; the client joins %q", channel, want))
		}
		for _, flag := range []string{"uid", "account"} {
			if want := join(flag); want != "" && uid != "" && want != uid {
				add("join-mismatch", fmt.Sprintf("the token is for the uid or account %q; the client joins with the %s %q", uid, flag, want))
			}
		}
	}
	// The user of the service the use needs: an APaaS room user's token
	// holds an RTM service for the user and a Chat one for its MD5.
	users := map[string][]uint16{"rtm": {RTM, RTM2}, "chat": {Chat}}[use]
	if users == nil {
		users = []uint16{RTM, Chat, RTM2}
	}
	for _, typ := range users {
		if s := service(typ); s != nil && len(s.Strings) == 1 {
			if want := join("user"); want != "" && want != s.Strings[0] {
				add("join-mismatch", fmt.Sprintf("the token's %s service is for the user %q; the client logs in as %q", ServiceName(typ), s.Strings[0], want))
			}
		}
	}
}

// use judges an AccessToken (006) for its use: joining a channel needs its
// join privilege (1), logging in to RTM its login privilege (1000, as
// agora-access-token's RtmTokenBuilder writes it, the user as the
// channel); it serves no chat. The client's channel, uid, account or user
// are compared by their CRC-32s, all the token holds of them; a token made
// for uid 0 (the CRC-32 of "") lets any uid join.
func (t *Token006) use(use string, join func(string) string, add func(inspect.Code, string)) {
	need := map[string]uint16{"rtc": JoinChannel, "rtm": 1000}[use]
	if use != "" && (need == 0 || !slices.ContainsFunc(t.Privileges, func(p Privilege) bool { return p.ID == need })) {
		add("use-denied", fmt.Sprintf("the AccessToken (006) cannot serve %s: it holds no privilege %d", use, need))
	}
	crc := func(s string) uint32 { return crc32.ChecksumIEEE([]byte(s)) }
	if want := join("channel"); want != "" && crc(want) != t.CRCChannel {
		add("join-mismatch", fmt.Sprintf("the token is for another channel than %q (its CRC-32 is %d, the token's %d)", want, crc(want), t.CRCChannel))
	}
	if want := join("user"); want != "" && crc(want) != t.CRCChannel {
		add("join-mismatch", fmt.Sprintf("the token is for another RTM user than %q (its CRC-32 is %d, the token's %d)", want, crc(want), t.CRCChannel))
	}
	for _, flag := range []string{"uid", "account"} {
		if want := join(flag); want != "" && t.CRCUID != crc("") && crc(want) != t.CRCUID {
			add("join-mismatch", fmt.Sprintf("the token is for another uid or account than the %s %q (its CRC-32 is %d, the token's %d)", flag, want, crc(want), t.CRCUID))
		}
	}
}

type privilegeJSON struct {
	Privilege uint16 `json:"privilege"`
	Name      string `json:"name"`
	Expire    uint32 `json:"expire"`
}

func privilegesJSON(typ uint16, ps []Privilege) []privilegeJSON {
	out := []privilegeJSON{}
	for _, p := range ps {
		out = append(out, privilegeJSON{p.ID, privilegeName(typ, p.ID), p.Expire})
	}
	return out
}

// content is the report's payload for an AccessToken2: its fields and
// services, as read.
func content(p *Parsed) []byte {
	type service struct {
		Type       uint16          `json:"type"`
		Name       string          `json:"name"`
		Privileges []privilegeJSON `json:"privileges"`
		Channel    *string         `json:"channel,omitempty"`
		UID        *string         `json:"uid,omitempty"`
		Account    *string         `json:"account,omitempty"`
		Room       *string         `json:"room,omitempty"`
		User       *string         `json:"user,omitempty"`
		Role       *int16          `json:"role,omitempty"`
		Resources  []Resource      `json:"resources,omitempty"`
	}
	out := struct {
		Version  string    `json:"version"`
		AppID    string    `json:"appId"`
		IssueTs  uint32    `json:"issueTs"`
		Expire   uint32    `json:"expire"`
		Salt     uint32    `json:"salt"`
		Services []service `json:"services"`
	}{Version, p.AppID, p.IssueTs, p.Expire, p.Salt, []service{}}
	for _, s := range p.Services {
		j := service{Type: s.Type, Name: ServiceName(s.Type), Privileges: privilegesJSON(s.Type, s.Privileges), Resources: s.Resources}
		if s.Type == APaaS {
			j.Role = &s.Role
		}
		for i, name := range shapes[s.Type].strings {
			v := &s.Strings[i]
			switch name {
			case "channel":
				j.Channel = v
			case "uid":
				j.UID = v
			case "account":
				j.Account = v
			case "room":
				j.Room = v
			case "user":
				j.User = v
			}
		}
		out.Services = append(out.Services, j)
	}
	return inspect.Content(out)
}

// explainDynamicKey reports what a DynamicKey is and whether it has ended.
func explainDynamicKey(k *DynamicKey, now int64, add func(inspect.Code, string)) *inspect.Decoded {
	d := &inspect.Decoded{Key: k.AppID, Times: []inspect.Time{{Claim: "unixTs", Unix: int64(k.IssueTs)}},
		Content: inspect.Content(k)}
	add("agora-dynamic-key", fmt.Sprintf("a DynamicKey (%s), Agora's format before the AccessToken (006) and AccessToken2 (007): it signs its channel and uid without holding them, so its signature was not checked", k.Version))
	if k.ExpiredTs != 0 {
		d.Times = append(d.Times, inspect.Time{Claim: "expiredTs", Unix: int64(k.ExpiredTs)})
		if int64(k.ExpiredTs) <= now {
			add("agora-expired", fmt.Sprintf("the key ended at expiredTs %d (%s), %s before now", k.ExpiredTs, inspect.UTC(int64(k.ExpiredTs)), jwt.Span(jwt.Sub(now, int64(k.ExpiredTs)))))
		}
	}
	return d
}

// explain006 reports what an AccessToken (006) is and what has ended in
// it: its times are absolute.
func explain006(t *Token006, now int64, add func(inspect.Code, string)) *inspect.Decoded {
	d := &inspect.Decoded{Key: t.AppID, Times: []inspect.Time{{Claim: "ts", Unix: int64(t.Ts)}}, Use: t.use,
		Content: inspect.Content(struct {
			Version    string          `json:"version"`
			AppID      string          `json:"appId"`
			CRCChannel uint32          `json:"crcChannel"`
			CRCUID     uint32          `json:"crcUid"`
			Salt       uint32          `json:"salt"`
			Ts         uint32          `json:"ts"`
			Privileges []privilegeJSON `json:"privileges"`
		}{"006", t.AppID, t.CRCChannel, t.CRCUID, t.Salt, t.Ts, privilegesJSON(RTC, t.Privileges)})}
	add("agora-006", fmt.Sprintf("an AccessToken (006), the format before AccessToken2: its times are absolute Unix times (ts %d, %s), and it holds its channel and uid only as CRC-32s, so its signature was not checked", t.Ts, inspect.UTC(int64(t.Ts))))
	if int64(t.Ts) <= now {
		add("agora-expired", fmt.Sprintf("the token ended at ts %d (%s), %s before now", t.Ts, inspect.UTC(int64(t.Ts)), jwt.Span(jwt.Sub(now, int64(t.Ts)))))
		return d
	}
	// agora-access-token sets ts to 24 hours after it makes the token.
	if ahead := jwt.Sub(int64(t.Ts), now); ahead > MaxLifetime+jwt.Skew {
		twice := ""
		if int64(t.Ts) >= 2*absolute {
			twice = ": two Unix times added (now + now + a lifetime)?"
		}
		add("agora-lifetime", fmt.Sprintf("ts %d (%s) is %s after now, and an AccessToken lasts at most 24 hours%s", t.Ts, inspect.UTC(int64(t.Ts)), jwt.Span(ahead), twice))
	}
	var ended []string
	for _, p := range t.Privileges {
		if p.Expire != 0 && int64(p.Expire) <= now {
			what := privilegeName(RTC, p.ID) + " at " + strconv.FormatUint(uint64(p.Expire), 10) + " (" + inspect.UTC(int64(p.Expire)) + ")"
			if p.Expire < absolute {
				what += ", a number of seconds where an AccessToken takes a Unix time"
			}
			ended = append(ended, what)
		}
	}
	if len(ended) > 0 {
		add("agora-privilege-expired", "these privileges have ended: "+strings.Join(ended, ", "))
	}
	return d
}
