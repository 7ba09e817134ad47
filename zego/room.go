package zego

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// A Room is the payload of a token for room authentication, which ZEGO
// turns on for an application on request: the room the user may log in to,
// what it may do there, and the streams it may publish. Its JSON is what
// ZEGO's samples write:
//
//	{"room_id":"room1","privilege":{"1":1,"2":0},"stream_id_list":null}
type Room struct {
	ID        string   // room_id
	Login     bool     // privilege "1": may log in to the room
	Publish   bool     // privilege "2": may publish streams
	StreamIDs []string // stream_id_list: the streams it may publish; nil for any
}

// The privileges, as --privileges and inspect's --use name them.
var Privileges = []string{"login", "publish"}

// Payload returns r's JSON, as the samples' JSON.stringify writes it.
func (r Room) Payload() (string, error) {
	bit := func(on bool) int64 {
		if on {
			return 1
		}
		return 0
	}
	var o jwt.Object
	b := o.String(o.Open(nil), "room_id", r.ID)
	b = o.Begin(b, "privilege")
	b = o.Int(b, "1", bit(r.Login))
	b = o.End(o.Int(b, "2", bit(r.Publish)))
	if r.StreamIDs == nil {
		b = append(b, `,"stream_id_list":null`...)
	} else {
		b = o.Strings(b, "stream_id_list", r.StreamIDs)
	}
	b, err := o.Close(b)
	return string(b), err
}

// Problems returns the rules r breaks: a room ID of 1 to 128 bytes of
// letters, digits and the user ID's characters; stream IDs of 1 to 256
// bytes of letters, digits, - and _ (the Express SDKs' rules).
func (r Room) Problems() []*jwt.ClaimError {
	var all []*jwt.ClaimError
	if !valid(r.ID, 128, userIDChars) {
		all = append(all, &jwt.ClaimError{Claim: "payload.room_id", Rule: "must be 1 to 128 bytes of letters, digits and " + userIDChars + " (the Express SDKs' rule)", Value: strconv.Quote(r.ID), Err: jwt.ErrValue, Code: "zego-payload"})
	}
	for _, s := range r.StreamIDs {
		if !valid(s, 256, "-_") {
			all = append(all, &jwt.ClaimError{Claim: "payload.stream_id_list", Rule: "must hold stream IDs of 1 to 256 bytes of letters, digits, - and _ (the Express SDKs' rule)", Value: strconv.Quote(s), Err: jwt.ErrValue, Code: "zego-payload"})
		}
	}
	return all
}

// ParseRoom reads payload as a Room. ok is false for a payload that is not
// a JSON object with a room_id or privilege member: a payload the server
// does not read as a room's (empty, or the application's own).
func ParseRoom(payload string) (r Room, ok bool, err error) {
	var doc map[string]json.RawMessage
	if json.Unmarshal([]byte(payload), &doc) != nil || doc == nil {
		return r, false, nil
	}
	if _, has := doc["room_id"]; !has {
		if _, has = doc["privilege"]; !has {
			return r, false, nil
		}
	}
	if err := json.Unmarshal(doc["room_id"], &r.ID); err != nil || doc["room_id"] == nil {
		return r, true, errors.New("room_id must be a string")
	}
	var priv map[string]json.RawMessage
	if err := json.Unmarshal(doc["privilege"], &priv); err != nil || priv == nil {
		return r, true, errors.New(`privilege must be an object such as {"1":1,"2":0}`)
	}
	for key, v := range priv {
		on, off := bytes.Equal(v, []byte("1")), bytes.Equal(v, []byte("0"))
		switch {
		case key != "1" && key != "2":
			return r, true, fmt.Errorf("privilege %q is not ZEGO's (1 login, 2 publish)", key)
		case !on && !off:
			return r, true, fmt.Errorf("privilege %q must be 1 (enabled) or 0, not %s", key, v)
		case key == "1":
			r.Login = on
		default:
			r.Publish = on
		}
	}
	if s := doc["stream_id_list"]; s != nil && !bytes.Equal(s, []byte("null")) {
		if err := json.Unmarshal(s, &r.StreamIDs); err != nil {
			return r, true, errors.New("stream_id_list must be null or a list of stream IDs")
		}
		if r.StreamIDs == nil {
			r.StreamIDs = []string{}
		}
	}
	return r, true, nil
}
