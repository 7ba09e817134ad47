package vectors

import (
	"encoding/json"
	"os"
	"testing"
)

// LoadJSON reads a generator's vectors from path (testdata/V/vectors.json,
// relative to the test's package) into a slice of the test's own type, and
// fails the test unless it holds at least min of them.
func LoadJSON[T any](tb testing.TB, path string, min int) []T {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var vs []T
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < min {
		tb.Fatalf("%s: %d vectors, want at least %d: %v", path, len(vs), min, err)
	}
	return vs
}

// WriteOurs writes the tokens a vendor's TestGolden made to path (its -ours
// flag), for the vendor's verifier to read (testdata/V/verify.js); "" writes
// nothing.
func WriteOurs(tb testing.TB, path string, made any) {
	tb.Helper()
	if path == "" {
		return
	}
	b, err := json.MarshalIndent(made, "", "  ")
	if err == nil {
		err = os.WriteFile(path, append(b, '\n'), 0o644)
	}
	if err != nil {
		tb.Fatal(err)
	}
}
