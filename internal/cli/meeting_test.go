package cli

import "testing"

// TestMeetingVectors signs the Meeting SDK vectors (zoomgen, jsrsasign)
// through the command line.
func TestMeetingVectors(t *testing.T) {
	if n := vectorsThroughCLI(t, "meeting"); n < 15 {
		t.Errorf("only %d Meeting SDK vectors signed through the CLI", n)
	}
}
