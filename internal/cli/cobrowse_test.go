package cli

import "testing"

// TestCobrowseVectors signs the Cobrowse SDK vectors (zoomgen, jsrsasign)
// through the command line.
func TestCobrowseVectors(t *testing.T) {
	if n := zoomgenThroughCLI(t, "cobrowse"); n < 14 {
		t.Errorf("only %d Cobrowse SDK vectors ran", n)
	}
}
