//go:build !unix

package cli

// fileLimit is the number of descriptors the process may open: no limit
// that Go can read here.
func fileLimit() int { return 1 << 30 }
