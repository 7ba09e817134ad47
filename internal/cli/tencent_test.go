package cli

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestTencent signs the cases of testdata/tencent/golib.json through the
// command line, at the time Tencent's official Go library read, and compares
// each token with the library's, byte for byte; and checks what is refused.
func TestTencent(t *testing.T) {
	b, err := os.ReadFile("../../testdata/tencent/golib.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Tokens []struct {
			Name, Kind, Key, UserID, RoomStr, Token string
			SDKAppID, Time, Expire                  int64
			RoomID, Privileges                      uint32
		}
	}
	if err := json.Unmarshal(b, &g); err != nil || len(g.Tokens) < 10 {
		t.Fatalf("%d tokens: %v", len(g.Tokens), err)
	}
	bits := map[uint32]string{255: "all", 42: "enter,recv-audio,recv-video", 3: "create,enter", 2: "enter", 128: "recv-sub"}
	for _, v := range g.Tokens {
		env := map[string]string{"TENCENT_SDKAPPID": strconv.FormatInt(v.SDKAppID, 10), "TENCENT_SECRET_KEY": v.Key}
		args := []string{"tencent", "usersig", "--user", v.UserID, "--ttl", strconv.FormatInt(v.Expire, 10)}
		switch v.Kind {
		case "room":
			args = append(args[:1], "privatemapkey", "--user", v.UserID, "--ttl", strconv.FormatInt(v.Expire, 10), "--room", strconv.FormatUint(uint64(v.RoomID), 10), "--privileges", bits[v.Privileges])
		case "roomstr":
			args = append(args[:1], "privatemapkey", "--user", v.UserID, "--ttl", strconv.FormatInt(v.Expire, 10), "--room-str", v.RoomStr, "--privileges", bits[v.Privileges])
		}
		r := sdkjwtAt(t, v.Time, env, "", args...)
		if r.code != exitOK || r.stdout != v.Token+"\n" || strings.Contains(r.stderr+r.stdout, v.Key) {
			t.Errorf("%s: %q: %+v\nwant %s", v.Name, args, r, v.Token)
		}
	}
	env := map[string]string{"TENCENT_SDKAPPID": "1400000001", "TENCENT_SECRET_KEY": marker}
	for _, tc := range []struct {
		env   map[string]string
		args  []string
		code  int
		error string
	}{
		{env, []string{"usersig", "--user", "a.b"}, exitError, "TLS.identifier must be 1 to 32 bytes"},
		{env, []string{"usersig"}, exitUsage, "--user is required"},
		{env, []string{"usersig", "--user", "a", "--ttl", "51y"}, exitUsage, "--ttl"},
		{env, []string{"usersig", "--user", "a", "--ttl", "1576800001"}, exitError, "TLS.expire must be 1 second to 50 years"},
		{env, []string{"privatemapkey", "--user", "a", "--privileges", "enter"}, exitUsage, "give --room or --room-str"},
		{env, []string{"privatemapkey", "--user", "a", "--room", "x", "--privileges", "enter"}, exitUsage, `--room "x": not a room number`},
		{env, []string{"privatemapkey", "--user", "a", "--room", "0", "--privileges", "enter"}, exitError, "userbuf.roomid must be a room number from 1 to 4294967294"},
		{env, []string{"privatemapkey", "--user", "a", "--room-str", "a/b", "--privileges", "enter"}, exitError, "userbuf.roomstr must be 1 to 64 bytes"},
		{env, []string{"privatemapkey", "--user", "a", "--room", "1", "--privileges", "enter,fly"}, exitUsage, `--privileges: "fly" is not one of`},
		{env, []string{"privatemapkey", "--user", "a", "--room", "1"}, exitUsage, "--privileges is required"},
		{map[string]string{"TENCENT_SECRET_KEY": marker}, []string{"usersig", "--user", "a"}, exitError, "no SDKAppID: set TENCENT_SDKAPPID"},
		{map[string]string{"TENCENT_SDKAPPID": "14000x", "TENCENT_SECRET_KEY": marker}, []string{"usersig", "--user", "a"}, exitError, `TLS.sdkappid must be the application's SDKAppID`},
		{map[string]string{"TENCENT_SDKAPPID": "1400000001"}, []string{"usersig", "--user", "a"}, exitError, "no secret: set TENCENT_SECRET_KEY"},
		{env, []string{"video"}, exitUsage, "tencent takes usersig or privatemapkey"},
	} {
		r := sdkjwtAt(t, 1767225600, tc.env, "", append([]string{"tencent"}, tc.args...)...)
		if r.code != tc.code || r.stdout != "" || !strings.Contains(r.stderr, tc.error) || strings.Contains(r.stderr, marker) {
			t.Errorf("%q: %+v, want exit %d naming %q", tc.args, r, tc.code, tc.error)
		}
	}
}
