package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// LimitListener returns a listener that holds at most n connections open:
// while n are, it accepts no more, and the next wait in the kernel's
// backlog, holding no descriptor of the process, until one closes.
func LimitListener(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, places: make(chan struct{}, n), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	places chan struct{} // one per open connection
	done   chan struct{} // closed by Close
	once   sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.places <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.places
		return nil, err
	}
	return &limitConn{Conn: c, release: sync.OnceFunc(func() { <-l.places })}, nil
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitConn struct {
	net.Conn
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// maxClients bounds the rate limiter's memory: about 64 bytes per client.
const maxClients = 1 << 16

// limiter is a token bucket per client address, in bounded memory.
type limiter struct {
	mu        sync.Mutex
	rate      float64 // tokens per second
	burst     float64
	max       int
	clients   map[netip.Addr]bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate float64, burst, max int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), max: max, clients: map[netip.Addr]bucket{}}
}

// take spends one of client's tokens, and returns 0, or how long until it
// has one if it has none.
func (l *limiter) take(client netip.Addr, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.clients[client]
	if !ok {
		b = bucket{tokens: l.burst, at: now}
		if len(l.clients) >= l.max {
			l.evict(now)
		}
	}
	if elapsed := now.Sub(b.at).Seconds(); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed*l.rate)
		b.at = now
	}
	if b.tokens < 1 {
		l.clients[client] = b
		return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	l.clients[client] = b
	return 0
}

// evict makes room for a client: at most once a second it forgets every
// client whose bucket has refilled (one that is the same as a new one);
// if none has, it forgets any one client, who starts again with a full
// bucket. Memory stays bounded, and so does the work per request.
func (l *limiter) evict(now time.Time) {
	if now.Sub(l.lastSweep) >= time.Second {
		l.lastSweep = now
		for c, b := range l.clients {
			if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
				delete(l.clients, c)
			}
		}
	}
	for c := range l.clients {
		if len(l.clients) < l.max {
			break
		}
		delete(l.clients, c)
	}
}

// clientAddr is the address requests are counted against: the peer, or,
// when the peer is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one. An IPv6 client is its /64, which one
// host usually holds whole.
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	ap, _ := netip.ParseAddrPort(r.RemoteAddr) // not an IP (a Unix socket): the zero Addr, one client
	addr := ap.Addr().Unmap()
	if isTrusted(addr, trusted) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break
			}
			if addr = a.Unmap(); !isTrusted(addr, trusted) {
				break
			}
		}
	}
	if addr.Is6() {
		addr = netip.PrefixFrom(addr, 64).Masked().Addr()
	}
	return addr
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
