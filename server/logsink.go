package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// A LogSink is an io.Writer for a log that must never hold up its caller:
// Write only copies the line into a bounded buffer, and one goroutine
// writes the buffer out, at most every [LogSinkPause]: a busy server's
// lines go out a batch at a time, not with a system call each. When the
// buffer is full (the writer is stalled: a pipe nobody reads), lines are
// dropped and counted; once a write succeeds again, the count is logged.
// A write that fails (a closed pipe) drops what it held.
type LogSink struct {
	w      io.Writer
	max    int
	report func(dropped uint64) []byte
	pause  time.Duration // LogSinkPause, or a test's

	mu       sync.Mutex
	buf      []byte        // lines waiting
	dropped  uint64        // all lines dropped so far
	reported uint64        // of those, the ones already logged
	wake     chan struct{} // a line is waiting
	stop     chan struct{} // closed by Close
	done     chan struct{} // closed when the goroutine ends
}

// LogSinkPause is the time a LogSink waits after a write before the next
// one, gathering the lines logged meanwhile. A line logged when the sink
// is idle is written at once.
const LogSinkPause = 10 * time.Millisecond

// NewLogSink starts a LogSink writing to w, holding at most max bytes of
// lines. report formats the line that says how many were dropped.
func NewLogSink(w io.Writer, max int, report func(dropped uint64) []byte) *LogSink {
	return newLogSink(w, max, report, LogSinkPause)
}

func newLogSink(w io.Writer, max int, report func(dropped uint64) []byte, pause time.Duration) *LogSink {
	s := &LogSink{w: w, max: max, report: report, pause: pause, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go s.run()
	return s
}

// Write queues p, which should be whole lines, or drops it. It never
// blocks on the sink and never fails.
func (s *LogSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	if len(s.buf)+len(p) > s.max {
		s.dropped += uint64(max(1, bytes.Count(p, []byte("\n"))))
	} else {
		s.buf = append(s.buf, p...)
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Dropped returns how many lines have been dropped so far.
func (s *LogSink) Dropped() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

func (s *LogSink) run() {
	defer close(s.done)
	var out []byte
	pause := time.NewTimer(s.pause)
	for {
		select {
		case <-s.wake:
		case <-s.stop:
			s.flush(&out)
			return
		}
		s.flush(&out)
		pause.Reset(s.pause)
		select {
		case <-pause.C:
		case <-s.stop:
			s.flush(&out)
			return
		}
	}
}

// flush writes out the lines waiting, and then the count of lines
// dropped if some were since the last report.
func (s *LogSink) flush(out *[]byte) {
	s.mu.Lock()
	*out, s.buf = s.buf, (*out)[:0]
	s.mu.Unlock()
	if len(*out) == 0 {
		return
	}
	if _, err := s.w.Write(*out); err != nil {
		s.mu.Lock()
		s.dropped += uint64(bytes.Count(*out, []byte("\n")))
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	n := s.dropped - s.reported
	s.reported = s.dropped
	s.mu.Unlock()
	if n > 0 {
		s.w.Write(s.report(n))
	}
}

// Close writes out what is waiting, giving up after timeout (the sink may
// be stalled for good), and stops the goroutine if it can.
func (s *LogSink) Close(timeout time.Duration) {
	close(s.stop)
	select {
	case <-s.done:
	case <-time.After(timeout):
	}
}

// A RequestLog writes the line logged for each request answered: the bytes
// that slog's TextHandler (or, if JSON, JSONHandler) writes for the message
// "request" at level INFO with the attributes method, path, status,
// latency, kind and role. It makes the usual line itself, several times
// cheaper than slog's general machinery (BenchmarkRequestLog); a line
// holding a value that slog would quote or escape is left to slog.
type RequestLog struct {
	W    io.Writer
	JSON bool
}

var lineBuffers = sync.Pool{New: func() any { return new([]byte) }}

func (l *RequestLog) log(t time.Time, method, path string, status int, latency time.Duration, kind, role string) {
	if y := t.Year(); !plain(method) || !plain(path) || !plain(kind) && kind != "" || !plain(role) && role != "" || l.JSON && (y < 0 || y > 9999) || t.IsZero() {
		l.slog(t, method, path, status, latency, kind, role)
		return
	}
	p := lineBuffers.Get().(*[]byte)
	b := (*p)[:0]
	if l.JSON {
		b = append(b, `{"time":"`...)
		b = t.Round(0).AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"INFO","msg":"request","method":"`...)
		b = append(b, method...)
		b = append(b, `","path":"`...)
		b = append(b, path...)
		b = append(b, `","status":`...)
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, `,"latency":`...)
		b = strconv.AppendInt(b, int64(latency), 10)
		b = append(b, `,"kind":"`...)
		b = append(b, kind...)
		b = append(b, `","role":"`...)
		b = append(b, role...)
		b = append(b, "\"}\n"...)
	} else {
		// slog's time to the millisecond: RFC 3339 with 3 digits after the
		// point, which RFC3339Nano would trim.
		b = append(b, "time="...)
		n := len(b) + len("2006-01-02T15:04:05.000")
		b = t.Round(0).Truncate(time.Millisecond).Add(time.Millisecond/10).AppendFormat(b, time.RFC3339Nano)
		b = append(b[:n], b[n+1:]...)
		b = append(b, " level=INFO msg=request method="...)
		b = append(b, method...)
		b = append(b, " path="...)
		b = append(b, path...)
		b = append(b, " status="...)
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, " latency="...)
		b = append(b, latency.String()...)
		b = append(b, " kind="...)
		b = appendText(b, kind)
		b = append(b, " role="...)
		b = appendText(b, role)
		b = append(b, '\n')
	}
	l.W.Write(b)
	*p = b
	lineBuffers.Put(p)
}

// plain reports whether s is written as it is by both of slog's handlers:
// printable ASCII but for space, '"', '\' and '='.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' || c == '=' {
			return false
		}
	}
	return s != ""
}

// appendText appends a plain or empty value as slog's TextHandler does.
func appendText(b []byte, s string) []byte {
	if s == "" {
		return append(b, `""`...)
	}
	return append(b, s...)
}

// slog writes a line through slog itself.
func (l *RequestLog) slog(t time.Time, method, path string, status int, latency time.Duration, kind, role string) {
	var h slog.Handler = slog.NewTextHandler(l.W, nil)
	if l.JSON {
		h = slog.NewJSONHandler(l.W, nil)
	}
	r := slog.NewRecord(t, slog.LevelInfo, "request", 0)
	r.AddAttrs(slog.String("method", method), slog.String("path", path), slog.Int("status", status),
		slog.Duration("latency", latency), slog.String("kind", kind), slog.String("role", role))
	h.Handle(context.Background(), r)
}
