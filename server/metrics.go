package server

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// buckets are the latency histogram's upper bounds, in seconds.
var buckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10}

// metrics counts what the endpoint answered. Every label takes its value
// from a fixed set, whatever requests send, so the series are bounded.
type metrics struct {
	inFlight atomic.Int64
	mu       sync.Mutex
	requests map[pathStatus]uint64
	tokens   map[[2]string]uint64 // kind, role
	refusals map[string]uint64    // property
	latency  []uint64             // per bucket, and +Inf last
	sum      float64
	count    uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[pathStatus]uint64{}, tokens: map[[2]string]uint64{}, refusals: map[string]uint64{}, latency: make([]uint64, len(buckets)+1)}
}

type pathStatus struct {
	path   string
	status int
}

// observe counts one answer. path and property are label values already:
// a path or property of the endpoint's configuration, or "other"
// (ServeHTTP's known), so the series are bounded.
func (m *metrics) observe(path string, status int, kind, role, property string, latency time.Duration) {
	i, _ := slices.BinarySearch(buckets, latency.Seconds())
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[pathStatus{path, status}]++
	if role != "" {
		m.tokens[[2]string{kind, role}]++
	}
	if property != "" {
		m.refusals[property]++
	}
	m.latency[i]++
	m.sum += latency.Seconds()
	m.count++
}

// Metrics returns the handler of GET /metrics: the Prometheus text
// exposition format (version 0.0.4). Serve it on its own listener
// (serve's --metrics-addr), never beside the token paths.
func (e *Endpoint) Metrics(version string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		e.writeMetrics(w, version)
	})
}

func (e *Endpoint) writeMetrics(w io.Writer, version string) {
	m := e.metrics
	var dropped uint64
	if f := e.state.Load().cfg.DroppedLogLines; f != nil {
		dropped = f()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	head := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	head("sdkjwt_requests_total", "counter", "Requests answered, by path and status.")
	for _, k := range slices.SortedFunc(maps.Keys(m.requests), func(a, b pathStatus) int {
		return cmp.Or(strings.Compare(a.path, b.path), a.status-b.status)
	}) {
		fmt.Fprintf(&b, "sdkjwt_requests_total{path=%q,status=\"%d\"} %d\n", k.path, k.status, m.requests[k])
	}
	head("sdkjwt_tokens_total", "counter", "Tokens issued, by kind and role.")
	for _, k := range slices.SortedFunc(maps.Keys(m.tokens), compareKeys) {
		fmt.Fprintf(&b, "sdkjwt_tokens_total{kind=%q,role=%q} %d\n", k[0], k[1], m.tokens[k])
	}
	head("sdkjwt_refusals_total", "counter", "Requests refused, by the first property named.")
	for _, k := range slices.Sorted(maps.Keys(m.refusals)) {
		fmt.Fprintf(&b, "sdkjwt_refusals_total{property=%q} %d\n", k, m.refusals[k])
	}
	head("sdkjwt_request_duration_seconds", "histogram", "Time to answer a request.")
	var cum uint64
	for i, le := range slices.Concat(buckets, []float64{math.Inf(1)}) {
		cum += m.latency[i]
		fmt.Fprintf(&b, "sdkjwt_request_duration_seconds_bucket{le=%q} %d\n", strconv.FormatFloat(le, 'g', -1, 64), cum)
	}
	fmt.Fprintf(&b, "sdkjwt_request_duration_seconds_sum %g\nsdkjwt_request_duration_seconds_count %d\n", m.sum, m.count)
	head("sdkjwt_requests_in_flight", "gauge", "Requests being answered.")
	fmt.Fprintf(&b, "sdkjwt_requests_in_flight %d\n", m.inFlight.Load())
	head("sdkjwt_log_lines_dropped_total", "counter", "Log lines dropped because the log could not keep up.")
	fmt.Fprintf(&b, "sdkjwt_log_lines_dropped_total %d\n", dropped)
	head("sdkjwt_draining", "gauge", "1 once the server is stopping.")
	fmt.Fprintf(&b, "sdkjwt_draining %d\n", map[bool]int{false: 0, true: 1}[e.draining.Load()])
	head("sdkjwt_build_info", "gauge", "The version of sdkjwt and of Go it was built with.")
	fmt.Fprintf(&b, "sdkjwt_build_info{version=%q,goversion=%q} 1\n", version, runtime.Version())
	io.WriteString(w, b.String())
}

func compareKeys(a, b [2]string) int {
	return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1])
}
