package vectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// An AgoraCase is one vector of testdata/agora/vectors.json: a case of
// cases.json and what Agora's Node builders made of it (gen.js). Builder
// cases are the signing goldens; the others are tokens to explain.
type AgoraCase struct {
	Name            string `json:"name"`
	Builder         string `json:"builder"` // rtc_uid, rtc_account, rtm, chat_user, or "" if not a builder's
	AppID           string `json:"app_id"`
	Certificate     string `json:"certificate"`
	IssueTs         uint32 `json:"issue_ts"`
	Salt            uint32 `json:"salt"`
	Expire          uint32 `json:"expire"`
	PrivilegeExpire uint32 `json:"privilege_expire"`
	Channel         string `json:"channel"`
	UID             uint32 `json:"uid"`
	Account         string `json:"account"`
	Role            string `json:"role"`
	User            string `json:"user"`
	Token           string `json:"token"`
	// A DynamicKey's inputs (version 3, 4 or 5), for ParseDynamicKey.
	DynamicKey *struct {
		Version   int    `json:"version"`
		UID       uint32 `json:"uid"`
		UnixTs    uint32 `json:"unix_ts"`
		Random    uint32 `json:"random"`
		ExpiredTs uint32 `json:"expired_ts"`
	} `json:"dynamic_key"`
	// What agora-token's from_string made of a 007 token: Parsed is nil
	// for another version.
	Parsed       *bool  `json:"parsed"`
	SignatureHex string `json:"signature_hex"`
	ContentHex   string `json:"content_hex"`
	Verified     bool   `json:"verified"`
	Read         *struct {
		AppID    string `json:"app_id"`
		IssueTs  uint32 `json:"issue_ts"`
		Expire   uint32 `json:"expire"`
		Salt     uint32 `json:"salt"`
		Services []struct {
			Type       uint16            `json:"type"`
			Privileges map[string]uint32 `json:"privileges"`
			Channel    *string           `json:"channel"`
			UID        *string           `json:"uid"`
			Room       *string           `json:"room"`
			User       *string           `json:"user"`
			Role       *uint16           `json:"role"` // APaaS: agora-token reads the int16 as a uint16
			Resources  []struct {
				Type   uint16 `json:"type"`
				Access []struct {
					Type  uint16   `json:"type"`
					Names []string `json:"names"`
				} `json:"access"`
			} `json:"resources"`
		} `json:"services"`
	} `json:"read"`
}

// LoadAgora reads dir/agora/vectors.json, which must hold at least 30
// builder cases.
func LoadAgora(tb testing.TB, dir string) []AgoraCase {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "agora", "vectors.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var cases []AgoraCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatalf("vectors.json: %v", err)
	}
	n := 0
	for _, c := range cases {
		if c.Builder != "" {
			n++
		}
	}
	if n < 30 {
		tb.Fatalf("%d builder cases: want at least 30", n)
	}
	return cases
}
