//go:build !unix

package server

import "net"

// pending cannot look into the kernel's buffer here: a request sent but
// not yet read when serve drains may be lost, as with http.Server.Shutdown.
func pending(net.Conn) bool { return false }
