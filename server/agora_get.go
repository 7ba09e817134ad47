package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/sdkjwt/sdkjwt/agora"
	"github.com/sdkjwt/sdkjwt/internal/flat"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file answers the GET routes of agora-token-service: their
// parameters are the path's segments and ?expiry=.

// params reads a GET route's body: its parameters, all strings, and
// whether expiry is absent.
func params(body []byte) (p map[string]string, noExpiry bool) {
	// The engine made it, an object of strings: read by hand, as it
	// usually is, else by encoding/json.
	p = make(map[string]string, 8)
	r := flat.NewReader(string(body))
	ok := r.Byte('{')
	for more := ok && !r.Byte('}'); more; more = ok && r.Byte(',') {
		name, nameValid, nameOK := r.Text()
		value, valueValid, valueOK := "", false, false
		if nameOK && r.Byte(':') {
			value, valueValid, valueOK = r.Text()
		}
		ok = nameValid && valueValid && valueOK
		p[name] = value
	}
	ok = ok && (len(p) == 0 || r.Byte('}'))
	if !ok || !r.End() {
		clear(p)
		json.Unmarshal(body, &p)
	}
	_, ok = p["expiry"]
	return p, !ok
}

// getAnswer is a GET route's answer: 200 and its tokens, in the order of
// their names (the service's gin.H, a map, is written sorted).
func getAnswer(role string, nameToken ...string) Answer {
	var o jwt.Object
	b := o.Open(nil)
	for i := 0; i < len(nameToken); i += 2 {
		b = o.String(b, nameToken[i], nameToken[i+1])
	}
	b, _ = o.Close(b) // tokens are ASCII
	return Answer{Status: http.StatusOK, Body: b, Role: role}
}

// refuseJSON answers a refusal of a GET route in the service's shape,
// {"message":…,"status":N} for what its parsing refuses and
// {"error":…,"status":N} for what its builders do, the reason after the
// service's words for the token ("Error Generating RTC token").
func refuseJSON(what string, r *refusal) Answer {
	key, sep := "message", ": "
	if r.signing || r.status == http.StatusForbidden {
		key = "error"
		if what == "RTC" {
			sep = " - "
		}
	}
	var o jwt.Object
	b := o.String(o.Open(nil), key, "Error Generating "+what+" token"+sep+r.reason)
	b, _ = o.Close(o.Int(b, "status", int64(r.status))) // reasons quote text as Go does: valid UTF-8
	return Answer{Status: r.status, Refused: []Problem{{r.field, r.reason}}, Body: b}
}

// rtcService reads the parameters of /rtc/ and /rte/: the RTC service they
// ask for, as the service's generateRtcToken builds it.
func (a *Agora) rtcService(p map[string]string, noExpiry bool) (agora.Service, agoraAsk, *refusal) {
	var s agora.Service
	expire, r := a.expire("expiry", p["expiry"], noExpiry)
	if r != nil {
		return s, agoraAsk{}, r
	}
	publisher, r := role(p["role"])
	if r != nil {
		return s, agoraAsk{}, r
	}
	ask := agoraAsk{expire: expire, channel: p["channelName"], publisher: publisher}
	uid := p["rtcuid"]
	switch p["tokenType"] {
	case "userAccount":
	case "uid":
		var numeric bool
		if uid, numeric, r = numericUID("rtcuid", uid); !numeric {
			r = badRequest("rtcuid", "must be a uid from 0 to 4294967295 with tokenType uid (a string goes with userAccount), not "+quote(uid))
		}
		if r != nil {
			r.signing = true
			return s, ask, r
		}
	default:
		return s, ask, &refusal{http.StatusBadRequest, "tokenType", "must be uid or userAccount, not " + quote(p["tokenType"]), true}
	}
	if r = a.policy(ask, true); r != nil {
		return s, ask, r
	}
	return agora.RTCService(ask.channel, uid, publisher, expire), ask, nil
}

var rtcFields = map[string]string{"expire": "expiry", "rtc.channel": "channelName", "rtc.uid": "rtcuid", "rtm.user": "rtmuid", "chat.user": "chatid"}

func rtcRole(publisher bool) string {
	if publisher {
		return "publisher"
	}
	return "subscriber"
}

// rtc answers /rtc/{channelName}/{role}/{tokenType}/{rtcuid}/: {"rtcToken":…}.
func (a *Agora) rtc(body []byte, now time.Time) Answer {
	s, ask, r := a.rtcService(params(body))
	var token string
	if r == nil {
		token, r = a.sign(now, ask.expire, rtcFields, s)
	}
	if r != nil {
		return refuseJSON("RTC", r)
	}
	return getAnswer(rtcRole(ask.publisher), "rtcToken", token)
}

// rtm answers /rtm/{rtmuid}/: {"rtmToken":…}, a login token. The service
// refuses the user IDs "" and "0".
func (a *Agora) rtm(body []byte, now time.Time) Answer {
	p, noExpiry := params(body)
	expire, r := a.expire("expiry", p["expiry"], noExpiry)
	if r == nil && p["rtmuid"] == "0" {
		r = badRequest("rtmuid", `invalid RTM User ID: "0"`)
	}
	if r == nil {
		r = a.policy(agoraAsk{expire: expire}, true)
	}
	var token string
	if r == nil {
		token, r = a.sign(now, expire, rtcFields, agora.UserService(agora.RTM, p["rtmuid"], expire))
	}
	if r != nil {
		return refuseJSON("RTM", r)
	}
	return getAnswer("rtm", "rtmToken", token)
}

// rte answers /rte/…/{rtcuid}/[{rtmuid}/]: {"rtcToken":…,"rtmToken":…},
// the RTM token for rtmuid (else rtcuid) holding also the stream channel's
// RTC service, as the service's RTM builder makes it.
func (a *Agora) rte(body []byte, now time.Time) Answer {
	p, noExpiry := params(body)
	s, ask, r := a.rtcService(p, noExpiry)
	user := p["rtmuid"]
	if user == "" && p["rtcuid"] != "0" {
		user = p["rtcuid"]
	}
	if r == nil && user == "" {
		r = badRequest("rtmuid", `failed to parse rtm user ID. Cannot be empty or "0"`)
	}
	var rtcToken, rtmToken string
	if r == nil {
		rtcToken, r = a.sign(now, ask.expire, rtcFields, s)
	}
	if r == nil {
		fields := map[string]string{"expire": "expiry", "rtc.channel": "channelName", "rtc.uid": "rtmuid", "rtm.user": "rtmuid"}
		rtmToken, r = a.sign(now, ask.expire, fields, agora.UserService(agora.RTM, user, ask.expire), streamService(ask.channel, user, ask.expire))
	}
	if r != nil {
		return refuseJSON("RTC and RTM", r)
	}
	return getAnswer(rtcRole(ask.publisher), "rtcToken", rtcToken, "rtmToken", rtmToken)
}

// chat answers /chat/app/ and /chat/account/{chatid}/: {"chatToken":…}.
func (a *Agora) chat(body []byte, now time.Time) Answer {
	p, noExpiry := params(body)
	expire, r := a.expire("expiry", p["expiry"], noExpiry)
	if r == nil {
		r = a.policy(agoraAsk{expire: expire}, true)
	}
	var token string
	if r == nil {
		token, r = a.sign(now, expire, rtcFields, chatService(p["chatid"], expire))
	}
	if r != nil {
		return refuseJSON("Chat", r)
	}
	return getAnswer("chat", "chatToken", token)
}
