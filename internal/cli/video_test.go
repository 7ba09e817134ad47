package cli

import "testing"

// TestVideoVectors signs the Video SDK vectors (zoomgen, jsrsasign)
// through the command line.
func TestVideoVectors(t *testing.T) {
	if n := vectorsThroughCLI(t, "video"); n < 45 {
		t.Errorf("only %d Video SDK vectors signed through the CLI", n)
	}
	if n := zoomgenThroughCLI(t, "video-hold"); n < 5 {
		t.Errorf("only %d hold vectors ran", n)
	}
}
