package server

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// A LogSink is an io.Writer for a log that must never hold up its caller:
// Write only copies the line into a bounded buffer, and one goroutine
// writes the buffer out, at most every [LogSinkPause]: a busy server's
// lines go out a batch at a time, not with a system call each. When the buffer is full (the writer is stalled:
// a pipe nobody reads), lines are dropped and counted; once a write
// succeeds again, the count is logged. A write that fails (a closed pipe)
// drops what it held.
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
