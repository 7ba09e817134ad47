//go:build unix

package cli

import "syscall"

// fileLimit is the number of descriptors the process may open (Go raises
// the soft limit to the hard one at start).
func fileLimit() int {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil || l.Cur > 1<<30 {
		return 1 << 30
	}
	return int(l.Cur)
}
