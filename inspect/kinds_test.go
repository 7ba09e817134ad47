package inspect_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

// TestKindsDisjoint runs every known-good token of every vendor (made by
// the vendors' own generators under testdata/) and every token of the
// inspector's vectors through recognition: each vendor's token is of its
// kind and of no other, and no token is of two kinds.
func TestKindsDisjoint(t *testing.T) {
	type token struct{ name, value, kind string } // kind "": any one kind, or none
	var tokens []token
	for _, v := range vectors.Load(t, "../testdata") {
		kind := "zoom-video"
		if v.Kind == "meeting" {
			kind = "zoom-meeting-native"
			if v.Fields.MN != nil || v.Fields.Role != nil {
				kind = "zoom-meeting-web"
			}
		}
		tokens = append(tokens, token{v.Name, v.Token, kind})
	}
	for _, v := range vectors.LoadZoomgen(t, "../testdata") {
		kind := map[string]string{"cobrowse": "zoom-cobrowse", "api": "zoom-api", "video-hold": "zoom-video"}[v.Kind]
		tokens = append(tokens, token{v.Name, v.Token, kind})
	}
	for _, c := range vectors.LoadLiveKit(t, "../testdata") {
		tokens = append(tokens, token{c.Name, c.Token, "livekit"})
	}
	for _, c := range vectors.LoadAgora(t, "../testdata") {
		tokens = append(tokens, token{c.Name, c.Token, "agora"})
	}
	var hms []struct{ Name, Type, Token string }
	readJSON(t, "../testdata/jsonwebtoken/vectors.json", &hms)
	for _, v := range hms {
		kind := map[string]string{"app": "hms-app", "management": "hms-management"}[v.Type] // "raw": sdkjwt sign's
		tokens = append(tokens, token{v.Name, v.Token, kind})
	}
	for _, v := range loadVectors(t) {
		if !slices.Contains(v.Codes, "kind-ambiguous") { // of two kinds on purpose
			tokens = append(tokens, token{"inspect " + v.Name, v.Token, ""})
		}
	}
	for _, tok := range tokens {
		ks := inspect.Recognize(tok.value)
		var names []string
		for _, k := range ks {
			names = append(names, k.Name)
		}
		switch {
		case len(ks) > 1:
			t.Errorf("%s is of %d kinds: %q", tok.name, len(ks), names)
		case tok.kind != "" && (len(ks) == 0 || ks[0].Name != tok.kind):
			t.Errorf("%s is of %q, want %s", tok.name, names, tok.kind)
		}
	}
	if len(tokens) < 300 {
		t.Errorf("%d tokens read, want every vendor's", len(tokens))
	}
}

func readJSON(t *testing.T, path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
