package inspect_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
)

// TestKindsDisjoint runs every token of testdata/*/*vectors.json (each
// vendor's known-good tokens, made by its own generator, and the
// inspector's vectors) through recognition, with every vendor registered:
// no token is of two kinds. Each vendor's own tests check that its tokens
// are of its kind; a new vendor's vectors are read here with no change.
func TestKindsDisjoint(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*/*vectors.json")
	n := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cases []struct {
			Name, Token string
			Codes       []string // the inspector's vectors: what they expect
		}
		if err := json.Unmarshal(b, &cases); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, c := range cases {
			if c.Token == "" || slices.Contains(c.Codes, "kind-ambiguous") { // of two kinds on purpose
				continue
			}
			n++
			if ks := inspect.Recognize(c.Token); len(ks) > 1 {
				var names []string
				for _, k := range ks {
					names = append(names, k.Name)
				}
				t.Errorf("%s: %s is of %d kinds: %q", file, c.Name, len(ks), names)
			}
		}
	}
	if len(files) < 7 || n < 300 {
		t.Errorf("%d files and %d tokens read, want every vendor's", len(files), n)
	}
}
