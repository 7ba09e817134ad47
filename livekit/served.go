package livekit

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
)

// This file is how LiveKit's server reads a token's claims, for inspect:
// github.com/livekit/protocol/auth (v1.50.4) decodes them with golang-jwt
// v5 and encoding/json into its tokenClaims, so a name matches in any case,
// the last of a repeated name counts, and a member of the wrong JSON type
// makes the server refuse the token. testdata/livekit/oracle runs that code
// on a table of payloads, and TestOracle holds inspect to its verdicts.

// served are the claims LiveKit's server decodes, with their Go types
// (protocol/auth's RegisteredClaims and ClaimGrants; the times are read by
// inspect's Claims.Times, and roomConfig by servedRoomConfig).
type served struct {
	Iss      string   `json:"iss"`
	Sub      string   `json:"sub"`
	Jti      string   `json:"jti"`
	Aud      audience `json:"aud"`
	Identity string   `json:"identity"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Details  []string `json:"kindDetails"`
	Video    *struct {
		RoomCreate, RoomList, RoomRecord, RoomAdmin, RoomJoin bool
		Room                                                  string
		CanPublish, CanSubscribe, CanPublishData              *bool
		CanPublishSources                                     []string
		CanUpdateOwnMetadata, IngressAdmin, Hidden, Recorder  bool
		Agent, CanSubscribeMetrics, CanManageAgentSession     bool
		DestinationRoom                                       string
	} `json:"video"`
	SIP           *struct{ Admin, Call bool }            `json:"sip"`
	Agent         *struct{ Admin, SimulationAdmin bool } `json:"agent"`
	Inference     *struct{ Perform bool }                `json:"inference"`
	Observability *struct{ Write bool }                  `json:"observability"`
	RoomConfig    json.RawMessage                        `json:"roomConfig"`
	RoomPreset    string                                 `json:"roomPreset"`
	Sha256        string                                 `json:"sha256"`
	Metadata      string                                 `json:"metadata"`
	Attributes    map[string]string                      `json:"attributes"`
}

// audience is aud as golang-jwt reads it (ClaimStrings): a string, or an
// array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	if json.Unmarshal(b, (*[]string)(a)) != nil {
		return errors.New("aud must be a JSON string or an array of strings")
	}
	return nil
}

// readServed decodes payload as LiveKit's server does, and returns what it
// read and, if the server refuses the token, why, naming the claim.
func readServed(payload []byte) (*served, string) {
	var s served
	err := json.Unmarshal(payload, &s)
	var ute *json.UnmarshalTypeError
	switch {
	case errors.As(err, &ute):
		return &s, fmt.Sprintf("%s must be a JSON %s, got a %s", ute.Field, jsonType(ute.Type), ute.Value)
	case err != nil:
		return &s, err.Error()
	}
	return &s, ""
}

// jsonType names the JSON type a Go type is read from.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array of " + jsonType(t.Elem()) + "s"
	case reflect.Map:
		return "object of " + jsonType(t.Elem()) + "s"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "object"
}

// roomConfigFields are RoomConfiguration's fields (livekit_room.proto) in
// lowerCamelCase, each with its protojson type; protojson also reads them
// in snake_case, and ignores the names it does not know.
var roomConfigFields = map[string]string{
	"name": "string", "emptyTimeout": "uint32", "departureTimeout": "uint32", "maxParticipants": "uint32", "metadata": "string",
	"egress": "object", "minPlayoutDelay": "uint32", "maxPlayoutDelay": "uint32", "syncStreams": "bool", "agents": "agents", "tags": "strings",
}

// agentFields are RoomAgentDispatch's (livekit_agent_dispatch.proto).
var agentFields = map[string]string{"agentName": "string", "metadata": "string", "restartPolicy": "enum", "deployment": "string", "attributes": "strings"}

// servedRoomConfig reads a roomConfig as protojson does for LiveKit's
// server (protocol 729648d8 on: unknown names discarded), and returns the
// names it does not know and, if the server refuses it, why.
func servedRoomConfig(raw json.RawMessage) (unknown []string, refused string) {
	if esc := loneSurrogate(raw); esc != "" {
		return nil, "roomConfig holds " + esc + ", half of a UTF-16 surrogate pair without its other half, which protojson refuses"
	}
	var check func(prefix string, raw json.RawMessage, fields map[string]string) string
	check = func(prefix string, raw json.RawMessage, fields map[string]string) string {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil || m == nil {
			return fmt.Sprintf("%s must be a JSON object, got %.60s", prefix, raw)
		}
		for _, name := range sortedKeys(m) {
			v, typ := m[name], fields[fieldName(name)]
			if typ == "" {
				unknown = append(unknown, prefix+"."+name)
				continue
			}
			if string(v) == "null" {
				continue
			}
			if !protoValue(typ, v) {
				return fmt.Sprintf("%s.%s must be a protojson %s, got %.60s", prefix, name, typ, v)
			}
			if typ == "agents" {
				var agents []json.RawMessage
				json.Unmarshal(v, &agents)
				for i, a := range agents {
					if why := check(prefix+"."+name+"["+strconv.Itoa(i)+"]", a, agentFields); why != "" {
						return why
					}
				}
			}
		}
		return ""
	}
	return unknown, check("roomConfig", raw, roomConfigFields)
}

// protoValue reports whether v is a value protojson reads into a field of
// typ: a uint32 as a whole number or a string of one, an enum as a name or
// a number.
func protoValue(typ string, v json.RawMessage) bool {
	switch typ {
	case "string":
		var s string
		return json.Unmarshal(v, &s) == nil
	case "bool":
		var b bool
		return json.Unmarshal(v, &b) == nil
	case "uint32":
		return u32(v, new(uint32)) == nil
	case "enum":
		var s string
		var n int32
		return json.Unmarshal(v, &s) == nil || json.Unmarshal(v, &n) == nil
	case "strings":
		var m map[string]string
		return json.Unmarshal(v, &m) == nil
	case "agents":
		var a []json.RawMessage
		return json.Unmarshal(v, &a) == nil && !slices.ContainsFunc(a, func(e json.RawMessage) bool { return len(e) == 0 || e[0] != '{' })
	}
	var m map[string]json.RawMessage // an object
	return json.Unmarshal(v, &m) == nil
}
