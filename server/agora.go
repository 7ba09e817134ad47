package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/sdkjwt/sdkjwt/agora"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// Agora configures the routes of AgoraIO-Community/agora-token-service
// (commit b1fa0fc, 2025-02), the token service Agora's developers deploy:
//
//	POST /getToken {"tokenType":"rtc"|"rtm"|"chat","channel","role","uid","expire"}  → {"token":…}
//	GET  /rtc/{channelName}/{role}/{tokenType}/{rtcuid}/?expiry=N      → {"rtcToken":…}
//	GET  /rtm/{rtmuid}/?expiry=N                                         → {"rtmToken":…}
//	GET  /rte/{channelName}/{role}/{tokenType}/{rtcuid}/[{rtmuid}/]     → {"rtcToken":…,"rtmToken":…}
//	GET  /chat/app/, /chat/account/{chatid}/?expiry=N                    → {"chatToken":…}
//	GET  /ping                                                           → {"message":"pong"}
//
// each under /agora/, and at the root too when Agora is the default kind
// (serve --sdk agora), where the service has them. The tokens are
// AccessToken2, holding what the service's builders (go-tokenbuilder
// 1.3.0) put in them, and refused by the rules of [agora.Token.Problems]. A
// refusal has the service's shape: text for POST /getToken,
// {"message"|"error":…,"status":N} for the others. docs/serve.md lists
// where sdkjwt refuses what the service signs, and why.
type Agora struct {
	AppID       string // 32 hexadecimal digits
	Certificate []byte // the App Certificate, 32 hexadecimal digits
	// Channel, if set, is the only channel an RTC service is for: a
	// request for another is refused (403). RTM logins and Chat tokens
	// are for no channel, and are not.
	Channel string
	// MaxExpire, if above 0, is the longest expire a request may ask for,
	// in seconds (more is refused, 403); the default, 3600, is cut to it.
	MaxExpire uint32
	// SubscriberOnly refuses publisher tokens (403).
	SubscriberOnly bool
}

// AgoraFields are the fields of POST /getToken's body.
var AgoraFields = []string{"tokenType", "channel", "role", "uid", "expire"}

// agoraParams are the parameters of the GET routes: their wildcards and
// expiry.
var agoraParams = []string{"channelName", "role", "tokenType", "rtcuid", "rtmuid", "chatid", "expiry"}

// Routes returns the routes of the service. With a nil, none is served.
func (a *Agora) Routes() []Route {
	var c *Agora
	if a != nil {
		cp := *a
		c = &cp
	}
	route := func(path string, props []string, answer func(*Agora, []byte, time.Time) Answer) Route {
		r := Route{Path: "/agora" + path, Alias: path, Kind: "agora", Get: path != "/getToken", Properties: props}
		if c != nil {
			r.Token = func(body []byte, now time.Time) Answer { return answer(c, body, now) }
		}
		return r
	}
	return []Route{
		route("/getToken", AgoraFields, (*Agora).getToken),
		route("/rtc/{channelName}/{role}/{tokenType}/{rtcuid}/", agoraParams, (*Agora).rtc),
		route("/rtm/{rtmuid}/", agoraParams, (*Agora).rtm),
		route("/rte/{channelName}/{role}/{tokenType}/{rtcuid}/", agoraParams, (*Agora).rte),
		route("/rte/{channelName}/{role}/{tokenType}/{rtcuid}/{rtmuid}/", agoraParams, (*Agora).rte),
		route("/chat/app/", agoraParams, (*Agora).chat),
		route("/chat/account/{chatid}/", agoraParams, (*Agora).chat),
		route("/ping", nil, func(*Agora, []byte, time.Time) Answer {
			return Answer{Status: http.StatusOK, Body: []byte(`{"message":"pong"}`)}
		}),
	}
}

// agoraDefaultExpire is the service's expire when a request gives none.
const agoraDefaultExpire = 3600

// A refusal is why a request is refused: its status, the request's field,
// and the reason, which names the rule and the value.
type refusal struct {
	status        int
	field, reason string
	signing       bool // the service's builder would refuse it ("error"), not its parsing ("message")
}

func badRequest(field, reason string) *refusal {
	return &refusal{status: http.StatusBadRequest, field: field, reason: reason}
}

// agoraAsk is what a request asks to sign, for its policy to judge.
type agoraAsk struct {
	expire    uint32
	channel   string // an RTC service's channel, or ""
	publisher bool
}

// expire reads an expiry the service reads with strconv.ParseUint: absent
// is 3600 (or MaxExpire, if less).
func (a *Agora) expire(field, s string, absent bool) (uint32, *refusal) {
	if absent {
		if a.MaxExpire > 0 && a.MaxExpire < agoraDefaultExpire {
			return a.MaxExpire, nil
		}
		return agoraDefaultExpire, nil
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, badRequest(field, "must be seconds after now, 1 to 86400, not "+quote(s))
	}
	return uint32(n), nil
}

// policy refuses what the deployment does not let clients ask for, naming
// the request's fields: POST /getToken's (expire, channel), or with get
// the GET routes' (expiry, channelName).
func (a *Agora) policy(ask agoraAsk, get bool) *refusal {
	expire, channel := "expire", "channel"
	if get {
		expire, channel = "expiry", "channelName"
	}
	switch {
	case a.MaxExpire > 0 && ask.expire > a.MaxExpire:
		return &refusal{http.StatusForbidden, expire, "This endpoint signs tokens for at most " + strconv.FormatUint(uint64(a.MaxExpire), 10) + " seconds, not " + strconv.FormatUint(uint64(ask.expire), 10), false}
	case a.Channel != "" && ask.channel != "" && ask.channel != a.Channel:
		return &refusal{http.StatusForbidden, channel, "This endpoint signs tokens for one channel only, not " + quote(ask.channel), false}
	case a.SubscriberOnly && ask.publisher:
		return &refusal{http.StatusForbidden, "role", "This endpoint signs subscriber tokens only", false}
	}
	return nil
}

// role reads a role as the service does, publisher or not, but refuses a
// word it would read as subscriber by mistake: only subscriber and
// audience (the word of Agora's Node token server) are.
func role(s string) (publisher bool, r *refusal) {
	switch s {
	case "publisher":
		return true, nil
	case "subscriber", "audience", "":
		return false, nil
	}
	return false, badRequest("role", "must be publisher or subscriber (audience is subscriber), not "+quote(s))
}

// sign signs services for expire seconds from now. A rule the token breaks
// is refused naming the request's field for the token's (fields).
func (a *Agora) sign(now time.Time, expire uint32, fields map[string]string, services ...agora.Service) (string, *refusal) {
	t := agora.Token{AppID: a.AppID, IssueTs: uint32(now.Unix()), Expire: expire, Services: services}
	var err error
	if t.Salt, err = agora.NewSalt(); err != nil {
		return "", &refusal{http.StatusInternalServerError, "$server", "No random salt: " + err.Error(), true}
	}
	token, err := t.Sign(a.Certificate)
	var ce *jwt.ClaimError
	if errors.As(err, &ce) {
		field := fields[ce.Claim]
		if field == "" {
			field = ce.Claim
		}
		reason := ce.Claim + " " + ce.Rule
		if ce.Value != "" {
			reason += ", got " + ce.Value
		}
		return "", &refusal{http.StatusBadRequest, field, reason, true}
	}
	if err != nil { // the certificate, checked at start
		return "", &refusal{http.StatusInternalServerError, "$server", err.Error(), true}
	}
	return token, nil
}

// streamService is the RTC service go-tokenbuilder's RTM builder adds for
// a stream channel: joining it as user, and publishing data.
func streamService(channel, user string, expire uint32) agora.Service {
	return agora.Service{Type: agora.RTC, Strings: []string{channel, user},
		Privileges: []agora.Privilege{{ID: agora.JoinChannel, Expire: expire}, {ID: agora.PublishData, Expire: expire}}}
}

// numericUID reads a uid as the service does, as a uint32 when it is
// digits; one beyond 32 bits, which the service wraps round (4294967296
// is uid 0, any user), is refused.
func numericUID(field, s string) (uid string, numeric bool, r *refusal) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return s, false, nil
	}
	if n > 0xffffffff {
		return "", true, badRequest(field, "must be a uid from 0 to 4294967295, not "+quote(s))
	}
	return agora.UID(uint32(n)), true, nil
}

// agoraRequest is POST /getToken's body, decoded by encoding/json as the
// service decodes it (its TokenRequest): names in any case, null as absent.
type agoraRequest struct {
	TokenType string `json:"tokenType"`
	Channel   string `json:"channel"`
	Role      string `json:"role"`
	UID       string `json:"uid"`
	Expire    int64  `json:"expire"`
}

// getToken answers POST /getToken: 200 {"token":…} and a newline, as
// json.Encoder writes it; a refusal as text, as http.Error writes it.
func (a *Agora) getToken(body []byte, now time.Time) Answer {
	var req agoraRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return a.refuseText(badRequest("$request", err.Error()))
	}
	if !validText(body) {
		return a.refuseText(badRequest("$request", "Request body must be Unicode text: it holds invalid UTF-8 or a lone surrogate (\\ud800 to \\udfff)"))
	}
	expire := uint32(agoraDefaultExpire)
	switch {
	case req.Expire < 0 || req.Expire > 0xffffffff:
		return a.refuseText(badRequest("expire", "must be seconds after now, 1 to 86400, not "+strconv.FormatInt(req.Expire, 10)))
	case req.Expire > 0:
		expire = uint32(req.Expire)
	case a.MaxExpire > 0:
		expire = min(expire, a.MaxExpire)
	}
	ask := agoraAsk{expire: expire}
	fields := map[string]string{"expire": "expire", "rtc.channel": "channel", "rtc.uid": "uid", "rtm.user": "uid", "chat.user": "uid"}
	var services []agora.Service
	switch req.TokenType {
	case "rtc":
		if req.Channel == "" {
			return a.refuseText(badRequest("channel", "invalid: missing channel name"))
		}
		if req.UID == "" {
			return a.refuseText(badRequest("uid", "invalid: missing user ID or account"))
		}
		uid, _, r := numericUID("uid", req.UID)
		if r == nil {
			ask.publisher, r = role(req.Role)
		}
		if r != nil {
			return a.refuseText(r)
		}
		ask.channel = req.Channel
		services = append(services, agora.RTCService(req.Channel, uid, ask.publisher, expire))
	case "rtm":
		if req.UID == "" {
			return a.refuseText(badRequest("uid", "invalid: missing user ID or account"))
		}
		services = append(services, agora.UserService(agora.RTM, req.UID, expire))
		if ask.channel = req.Channel; req.Channel != "" {
			services = append(services, streamService(req.Channel, req.UID, expire))
		}
	case "chat":
		services = append(services, chatService(req.UID, expire))
	default:
		return a.refuseText(badRequest("tokenType", "Unsupported tokenType"))
	}
	if r := a.policy(ask, false); r != nil {
		return a.refuseText(r)
	}
	token, r := a.sign(now, expire, fields, services...)
	if r != nil {
		return a.refuseText(r)
	}
	var o jwt.Object
	b, _ := o.Close(o.String(o.Open(nil), "token", token))
	role := req.TokenType
	if role == "rtc" {
		role = rtcRole(ask.publisher)
	}
	return Answer{Status: http.StatusOK, Body: append(b, '\n'), ContentType: "application/json", Role: role}
}

// chatService is the Chat service of a user's token, or with user "" of
// the app's (privilege 2), as go-tokenbuilder's chat builders make them.
func chatService(user string, expire uint32) agora.Service {
	if user == "" {
		return agora.Service{Type: agora.Chat, Strings: []string{""}, Privileges: []agora.Privilege{{ID: 2, Expire: expire}}}
	}
	return agora.UserService(agora.Chat, user, expire)
}

// refuseText answers a refusal of POST /getToken: its reason, as text.
func (a *Agora) refuseText(r *refusal) Answer {
	return Answer{Status: r.status, Refused: []Problem{{r.field, r.reason}}, Body: []byte(r.reason + "\n"), ContentType: textContentType}
}
