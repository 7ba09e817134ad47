package livekit

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sdkjwt/sdkjwt/internal/flat"
	"github.com/sdkjwt/sdkjwt/internal/js"
	"github.com/sdkjwt/sdkjwt/jwt"
)

// RoomConfig is roomConfig, LiveKit's RoomConfiguration without egress: the
// room's settings, applied if the token's holder creates the room, and the
// agents to dispatch to it. It is written as the Node SDK writes a
// RoomConfiguration (protobuf-es's toJSON): every field, set or not, in the
// order of their field numbers.
type RoomConfig struct {
	Name                                            string // name
	EmptyTimeout, DepartureTimeout, MaxParticipants uint32 // emptyTimeout (s), departureTimeout (s), maxParticipants
	MinPlayoutDelay, MaxPlayoutDelay                uint32 // minPlayoutDelay, maxPlayoutDelay (ms)
	SyncStreams                                     bool   // syncStreams
	Agents                                          []Agent
	Metadata                                        string      // metadata
	Tags                                            []Attribute // tags
}

// An Agent is an agent to dispatch to the room (RoomAgentDispatch).
type Agent struct {
	Name          string      // agentName
	Metadata      string      // metadata: the job's metadata
	RestartPolicy string      // restartPolicy: "JRP_ON_FAILURE" (the default) or "JRP_NEVER"
	Deployment    string      // deployment
	Attributes    []Attribute // attributes
}

// MaxAgents is the most agents a RoomConfig may dispatch. LiveKit documents
// no limit; this one is sdkjwt's, since each agent adds some 100 bytes to
// every token and a request of 16 KiB could otherwise ask for 5,000.
const MaxAgents = 16

// MaxAttributes is the most names a string map (participant attributes,
// tags, an agent's attributes) may hold. LiveKit documents no count, only
// sizes; this one is sdkjwt's, since a request of 16 KiB could otherwise
// ask for thousands, which cost a hundred times a usual request to sign.
const MaxAttributes = 64

// restartPolicies are JobRestartPolicy's names, the default first.
var restartPolicies = []string{"JRP_ON_FAILURE", "JRP_NEVER"}

func (rc *RoomConfig) append(o *jwt.Object, b []byte) []byte {
	b = o.Begin(b, "roomConfig")
	b = o.String(b, "name", rc.Name)
	b = o.Int(b, "emptyTimeout", int64(rc.EmptyTimeout))
	b = o.Int(b, "departureTimeout", int64(rc.DepartureTimeout))
	b = o.Int(b, "maxParticipants", int64(rc.MaxParticipants))
	b = o.Int(b, "minPlayoutDelay", int64(rc.MinPlayoutDelay))
	b = o.Int(b, "maxPlayoutDelay", int64(rc.MaxPlayoutDelay))
	b = o.Bool(b, "syncStreams", rc.SyncStreams)
	b = o.BeginArray(b, "agents")
	for _, a := range rc.Agents {
		b = o.Element(b)
		b = o.String(b, "agentName", a.Name)
		b = o.String(b, "metadata", a.Metadata)
		policy := a.RestartPolicy
		if policy == "" {
			policy = restartPolicies[0]
		}
		b = o.String(b, "restartPolicy", policy)
		b = o.String(b, "deployment", a.Deployment)
		b = appendMap(o, b, "attributes", a.Attributes)
		b = o.End(b)
	}
	b = o.EndArray(b)
	b = o.String(b, "metadata", rc.Metadata)
	b = appendMap(o, b, "tags", rc.Tags)
	return o.End(b)
}

// appendMap writes a string map, in the order JavaScript keeps its keys.
func appendMap(o *jwt.Object, b []byte, name string, m []Attribute) []byte {
	m = slices.Clone(m)
	js.SortProperties(m, func(a Attribute) string { return a.Key })
	b = o.Begin(b, name)
	for _, a := range m {
		b = o.String(b, a.Key, a.Value)
	}
	return o.End(b)
}

// ParseRoomConfig reads a RoomConfiguration written as JSON, with the field
// names in either of the forms LiveKit's server accepts (emptyTimeout or
// empty_timeout). It refuses, with a *jwt.ClaimError for roomConfig, what
// LiveKit would refuse or what sdkjwt does not sign: another name, a value
// of the wrong type, a name twice, and egress (whose outputs carry storage
// credentials that every holder of the token could read).
func ParseRoomConfig(data []byte) (*RoomConfig, error) {
	rc := new(RoomConfig)
	err := errors.New("not valid JSON")
	if !utf8.Valid(data) {
		err = errors.New("not valid UTF-8")
	} else if esc := loneSurrogate(data); esc != "" {
		err = errors.New(esc + " is half of a UTF-16 surrogate pair, without its other half: not text")
	} else if json.Valid(data) {
		err = members(data, "", true, func(name string, v json.RawMessage) error {
			switch name {
			case "name":
				return str(v, &rc.Name)
			case "emptyTimeout", "empty_timeout":
				return u32(v, &rc.EmptyTimeout)
			case "departureTimeout", "departure_timeout":
				return u32(v, &rc.DepartureTimeout)
			case "maxParticipants", "max_participants":
				return u32(v, &rc.MaxParticipants)
			case "minPlayoutDelay", "min_playout_delay":
				return u32(v, &rc.MinPlayoutDelay)
			case "maxPlayoutDelay", "max_playout_delay":
				return u32(v, &rc.MaxPlayoutDelay)
			case "syncStreams", "sync_streams":
				return boolean(v, &rc.SyncStreams)
			case "metadata":
				return str(v, &rc.Metadata)
			case "tags":
				return stringMap(v, &rc.Tags)
			case "agents":
				var agents []json.RawMessage
				if err := json.Unmarshal(v, &agents); err != nil {
					return fmt.Errorf("an array of objects is expected, got %.40s", v)
				}
				if len(agents) > MaxAgents {
					return fmt.Errorf("%d agents: sdkjwt signs at most %d", len(agents), MaxAgents)
				}
				for _, raw := range agents {
					var a Agent
					if err := members(raw, "", true, func(name string, v json.RawMessage) error {
						switch name {
						case "agentName", "agent_name":
							return str(v, &a.Name)
						case "metadata":
							return str(v, &a.Metadata)
						case "restartPolicy", "restart_policy":
							return str(v, &a.RestartPolicy)
						case "deployment":
							return str(v, &a.Deployment)
						case "attributes":
							return stringMap(v, &a.Attributes)
						}
						return errUnknown
					}); err != nil {
						return err
					}
					rc.Agents = append(rc.Agents, a)
				}
				return nil
			case "egress":
				return fmt.Errorf("egress is not signed by sdkjwt: its outputs carry storage credentials and stream keys, which every holder of the token could read; start egress from your server")
			}
			return errUnknown
		})
	}
	if err != nil {
		return nil, &jwt.ClaimError{Claim: "roomConfig", Rule: "must be a RoomConfiguration that LiveKit reads", Value: err.Error(), Err: jwt.ErrValue, Code: "livekit-room-config-invalid"}
	}
	return rc, nil
}

var errUnknown = fmt.Errorf("not a field of RoomConfiguration (name, emptyTimeout, departureTimeout, maxParticipants, minPlayoutDelay, maxPlayoutDelay, syncStreams, agents, metadata, tags) or of its agents (agentName, metadata, restartPolicy, deployment, attributes)")

// members calls f for each member of the JSON object data, in order,
// refusing a name given twice, and names the member in f's error. For a
// message's fields (fields), a snake_case name and its lowerCamelCase form
// are the same field, as protojson reads them.
func members(data []byte, prefix string, fields bool, f func(string, json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("%sa JSON object is expected, got %.40s", prefix, data)
	}
	seen := map[string]bool{} // a map: a hostile object of thousands of names stays linear
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%snot valid JSON", prefix)
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("%snot valid JSON", prefix)
		}
		field := name
		if fields {
			field = cmp.Or(fieldName(name), name) // room__name is not roomName: it is its own (unknown) name
		}
		if seen[field] {
			return fmt.Errorf("%s%q appears twice", prefix, name)
		}
		seen[field] = true
		if fields && string(v) == "null" {
			continue // a message's field given null is not set, as protojson reads it
		}
		if err := f(name, v); err != nil {
			return fmt.Errorf("%s%s: %w", prefix, name, err)
		}
	}
	return nil
}

// camel turns a snake_case field name into lowerCamelCase.
// fieldName returns the lowerCamelCase name of the field that name names,
// read exactly as protojson reads it (its JSON name, or its proto name in
// snake_case): room_name and roomName, not room__name or room_Name (those
// give "", no field).
func fieldName(name string) string {
	if f := camel(name); name == f || name == snake(f) {
		return f
	}
	return ""
}

func camel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func boolean(v json.RawMessage, b *bool) error {
	if err := json.Unmarshal(v, b); err != nil || v[0] == 'n' {
		return fmt.Errorf("true or false is expected, got %.40s", v)
	}
	return nil
}

// str reads a JSON string. Its text is UTF-8 without lone surrogates,
// which the reader of the whole object (ParseTokenRequest,
// ParseRoomConfig) has already refused.
func str(v json.RawMessage, s *string) error {
	if err := json.Unmarshal(v, s); err != nil || v[0] != '"' {
		return fmt.Errorf("a JSON string is expected, got %.40s", v)
	}
	return nil
}

// loneSurrogate returns the first \u escape in the JSON text data of a
// UTF-16 surrogate that is not half of a pair (\ud800 alone), if any:
// encoding/json reads one as U+FFFD, protojson (LiveKit's decoder) refuses
// it. U+FFFD itself, written or escaped, is text like any other.
func loneSurrogate(data []byte) string {
	hex := func(i int) rune {
		if i+6 > len(data) || data[i] != '\\' || data[i+1] != 'u' {
			return -1
		}
		n, err := strconv.ParseUint(string(data[i+2:i+6]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(n)
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		switch r := hex(i); {
		case r >= 0xd800 && r < 0xdc00 && hex(i+6) >= 0xdc00 && hex(i+6) < 0xe000:
			i += 11 // a pair
		case r >= 0xd800 && r < 0xe000:
			return string(data[i : i+6])
		default:
			i++ // the escaped byte
		}
	}
	return ""
}

// u32 reads a uint32 field as protojson does: a JSON number, or a string
// whose text is one (escapes read), whose value is an integer from 0 to
// 2^32-1, however written (5, "5", 5.0, 50e-1).
func u32(v json.RawMessage, n *uint32) error {
	text := string(v)
	if len(v) > 0 && v[0] == '"' && json.Unmarshal(v, &text) != nil {
		text = ""
	}
	r, ok := new(big.Rat), false
	if e := strings.IndexAny(text, "eE"); len(text) > 0 && len(text) <= 64 && json.Valid([]byte(text)) && (text[0] == '-' || '0' <= text[0] && text[0] <= '9') {
		if exp, err := strconv.Atoi(text[e+1:]); e < 0 || err == nil && exp >= -400 && exp <= 400 { // 10^400 is cheap; 10^(10^9) is not
			_, ok = r.SetString(text)
		}
	}
	if !ok || !r.IsInt() || r.Sign() < 0 || r.Num().Cmp(big.NewInt(math.MaxUint32)) > 0 {
		return fmt.Errorf("an integer from 0 to %d is expected, got %.40s", uint32(math.MaxUint32), v)
	}
	*n = uint32(r.Num().Uint64())
	return nil
}

// flatMap reads the usual string map by hand (flat.Reader): names and
// values without escapes, each name once, at most MaxAttributes. It
// returns false on anything else, for stringMap's decoder to decide
// (FuzzStringMap).
func flatMap(v []byte) ([]Attribute, bool) {
	r := flat.NewReader(string(v))
	m, ok := readFlatMap(r)
	return m, ok && r.End()
}

func readFlatMap(r *flat.Reader) ([]Attribute, bool) {
	if !r.Byte('{') {
		return nil, false
	}
	var m []Attribute
	for first := true; !r.Byte('}'); first = false {
		if !first && !r.Byte(',') || len(m) == MaxAttributes {
			return nil, false
		}
		name, ok := r.String()
		if !ok || !r.Byte(':') || strings.ContainsRune(name, utf8.RuneError) {
			return nil, false
		}
		value, ok := r.String()
		if !ok || strings.ContainsRune(value, utf8.RuneError) || slices.ContainsFunc(m, func(a Attribute) bool { return a.Key == name }) {
			return nil, false
		}
		m = append(m, Attribute{name, value})
	}
	return m, true
}

// stringMap reads a JSON object of strings, keeping its order. It reads
// token by token, not member by member as members does: a hostile map of
// thousands of keys costs a few times less. U+FFFD is refused, since
// encoding/json also decodes invalid UTF-8 and lone surrogates as it.
func stringMap(v json.RawMessage, m *[]Attribute) error {
	if attrs, ok := flatMap(v); ok {
		*m = append(*m, attrs...)
		return nil
	}
	return decodeMap(v, m)
}

// decodeMap is stringMap by encoding/json's decoder.
func decodeMap(v json.RawMessage, m *[]Attribute) error {
	dec := json.NewDecoder(bytes.NewReader(v))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("a JSON object of strings is expected, got %.40s", v)
	}
	seen := map[string]bool{}
	for dec.More() {
		t, _ := dec.Token()
		name, _ := t.(string)
		t, err := dec.Token()
		value, ok := t.(string)
		switch {
		case len(seen) == MaxAttributes:
			return fmt.Errorf("more than %d names: sdkjwt signs at most %d", MaxAttributes, MaxAttributes)
		case err != nil || !ok:
			return fmt.Errorf("%s: a JSON string is expected", name)
		case seen[name]:
			return fmt.Errorf("%q appears twice", name)
		}
		seen[name] = true
		*m = append(*m, Attribute{name, value})
	}
	return nil
}
