package cli

import "testing"

// TestAPIVectors signs the Build platform API vectors (zoomgen, jsrsasign)
// through the command line.
func TestAPIVectors(t *testing.T) {
	if n := zoomgenThroughCLI(t, "api"); n < 5 {
		t.Errorf("only %d API vectors ran", n)
	}
}
