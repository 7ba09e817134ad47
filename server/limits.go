package server

import (
	"context"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// LimitListener returns a listener that holds at most n connections open:
// while n are, it accepts no more, and the next wait in the kernel's
// backlog, holding no descriptor of the process, until one closes. Served
// by a server from [NewServer], it knows which of its connections wait
// for a request, for [Listener.Drain].
func LimitListener(ln net.Listener, n int) *Listener {
	return &Listener{Listener: ln, places: make(chan struct{}, n), done: make(chan struct{}), conns: map[*limitConn]bool{}}
}

// A Listener is a [LimitListener].
type Listener struct {
	net.Listener
	places chan struct{} // one per open connection
	done   chan struct{} // closed by Close
	once   sync.Once
	mu     sync.Mutex
	conns  map[*limitConn]bool // the open connections
}

func (l *Listener) Accept() (net.Conn, error) {
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
	lc := &limitConn{Conn: c}
	lc.waiting.Store(true) // no request yet
	lc.release = sync.OnceFunc(func() {
		l.mu.Lock()
		delete(l.conns, lc)
		l.mu.Unlock()
		<-l.places
	})
	l.mu.Lock()
	l.conns[lc] = true
	l.mu.Unlock()
	return lc, nil
}

func (l *Listener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn is a connection of a Listener. waiting and read tell Drain
// whether a request has begun to arrive: the server sets waiting (through
// its ConnState hook) while the connection is new or idle, and read counts
// the bytes read since.
type limitConn struct {
	net.Conn
	release func()
	waiting atomic.Bool
	read    atomic.Int64
}

func (c *limitConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// connState is NewServer's ConnState hook.
func connState(c net.Conn, s http.ConnState) {
	if lc, ok := c.(*limitConn); ok {
		if s == http.StateIdle {
			lc.read.Store(0) // before waiting: Drain never sees a waiting connection with a past request's count
		}
		lc.waiting.Store(s == http.StateNew || s == http.StateIdle)
	}
}

// drainQuiet is how long Drain sees a connection wait with no byte of a
// request before it closes it: bytes sent just before the signal may still
// be on their way, even on loopback when the machine is busy.
const drainQuiet = 100 * time.Millisecond

// Drain closes the listener and then, until ctx is done, each connection
// once it has waited drainQuiet for a request of which no byte arrived:
// none read by the server and none in the kernel's buffer (where the
// operating system lets it tell, pending). A request whose bytes arrived,
// whole or in part, is read and answered; the server's Endpoint then
// answers with Connection: close (see [Endpoint.Drain]). Unlike
// http.Server.Shutdown, which closes every idle connection, it loses no
// request already sent on a kept-alive connection. When ctx is done, the
// connections still open are closed and Drain returns ctx's error.
func (l *Listener) Drain(ctx context.Context) error {
	l.Close()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	quiet := map[*limitConn]time.Time{} // since when each connection has been seen waiting with nothing
	for {
		now := time.Now()
		l.mu.Lock()
		conns := slices.Collect(maps.Keys(l.conns))
		l.mu.Unlock()
		var closing []*limitConn // the system calls of pending, outside the lock
		for _, c := range conns {
			if !c.waiting.Load() || c.read.Load() != 0 || pending(c.Conn) {
				delete(quiet, c)
			} else if _, ok := quiet[c]; !ok {
				quiet[c] = now
			}
			if since, ok := quiet[c]; ctx.Err() != nil || ok && now.Sub(since) >= drainQuiet {
				closing = append(closing, c)
			}
		}
		open := len(conns) - len(closing)
		for _, c := range closing {
			delete(quiet, c)
			c.Close()
		}
		if err := ctx.Err(); err != nil || open == 0 {
			return err
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
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
