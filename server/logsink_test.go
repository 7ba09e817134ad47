package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"
)

// slogLine is what slog itself writes for a request line: the reference.
func slogLine(t time.Time, json bool, method, path string, status int, latency time.Duration, kind, role string) string {
	var b bytes.Buffer
	var h slog.Handler = slog.NewTextHandler(&b, nil)
	if json {
		h = slog.NewJSONHandler(&b, nil)
	}
	r := slog.NewRecord(t, slog.LevelInfo, "request", 0)
	r.AddAttrs(slog.String("method", method), slog.String("path", path), slog.Int("status", status),
		slog.Duration("latency", latency), slog.String("kind", kind), slog.String("role", role))
	h.Handle(context.Background(), r)
	return b.String()
}

// TestRequestLog: the line RequestLog makes is slog's, byte for byte, in
// both formats, for usual and unusual values.
func TestRequestLog(t *testing.T) {
	india := time.FixedZone("IST", 5*3600+1800)
	for _, at := range []time.Time{
		time.Date(2026, 11, 24, 13, 50, 17, 123456789, time.UTC),
		time.Date(2026, 11, 24, 13, 50, 17, 0, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 999999999, india),
		time.Date(2026, 1, 2, 3, 4, 5, 1000, india),
		time.Date(12000, 1, 2, 3, 4, 5, 0, time.UTC),
		{}, // slog leaves the time out
	} {
		for _, tc := range []struct {
			method, path string
			status       int
			latency      time.Duration
			kind, role   string
		}{
			{"POST", "/video", 200, 12345 * time.Nanosecond, "video", "host"},
			{"POST", "/meeting", 200, 1500 * time.Microsecond, "meeting", "participant"},
			{"GET", "/healthz", 200, 0, "", ""},
			{"OPTIONS", "/", 204, time.Nanosecond, "", ""},
			{"POST", "/livekit", 201, 2 * time.Hour, "livekit", "participant"},
			{"POST", "/nowhere/at_all", 404, 3 * time.Second, "", ""},
			{"POST", "/a b", 404, 0, "", ""},
			{"POST", `/a"b\c=d`, 404, 0, "", ""},
			{"POST", "/\u00e9t\u00e9\u2028\x7f", 404, 0, "", ""},
			{"POST", "/\xff\n", 404, 0, "", ""},
			{"PATCH", "", 405, -time.Millisecond, "", ""},
		} {
			for _, json := range []bool{false, true} {
				var got bytes.Buffer
				l := &RequestLog{W: &got, JSON: json}
				l.log(at, tc.method, tc.path, tc.status, tc.latency, tc.kind, tc.role)
				if want := slogLine(at, json, tc.method, tc.path, tc.status, tc.latency, tc.kind, tc.role); got.String() != want {
					t.Errorf("json %v:\n got %q\nwant %q", json, got.String(), want)
				}
			}
		}
	}
}

// FuzzRequestLog: the line is slog's for any values.
func FuzzRequestLog(f *testing.F) {
	f.Add("POST", "/video", 200, int64(12345), "video", "host", int64(1700000000), int64(123456789), false)
	f.Add("GET", "/a b\"", 404, int64(0), "", "", int64(-62135596800), int64(0), true)
	f.Fuzz(func(t *testing.T, method, path string, status int, latency int64, kind, role string, sec, nsec int64, json bool) {
		at := time.Unix(sec, nsec).In(time.FixedZone("", int(sec%50000)))
		var got bytes.Buffer
		l := &RequestLog{W: &got, JSON: json}
		l.log(at, method, path, status, time.Duration(latency), kind, role)
		if want := slogLine(at, json, method, path, status, time.Duration(latency), kind, role); got.String() != want {
			t.Errorf("\n got %q\nwant %q", got.String(), want)
		}
	})
}

// BenchmarkRequestLog: the usual request line made by RequestLog, and by
// a slog handler as RequestLog's fallback makes it, in both formats.
func BenchmarkRequestLog(b *testing.B) {
	at := time.Date(2026, 11, 24, 13, 50, 17, 123456789, time.UTC)
	for _, json := range []bool{false, true} {
		l := &RequestLog{W: io.Discard, JSON: json}
		b.Run(fmt.Sprintf("json=%v/RequestLog", json), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.log(at, "POST", "/video", 200, 12345, "video", "host")
			}
		})
		b.Run(fmt.Sprintf("json=%v/slog", json), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.slog(at, "POST", "/video", 200, 12345, "video", "host")
			}
		})
	}
}
