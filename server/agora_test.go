package server

import (
	"encoding/json"
	"flag"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sdkjwt/sdkjwt/internal/vectors"
)

var agoraOurs = flag.String("ours", "", "write serve's answers to the requests of testdata/serve-agora.json to this file, for testdata/agora/service.js to compare")

// agoraAnswer is one request of testdata/serve-agora.json and the answer
// of agora-token-service (or, written by -ours, of serve).
type agoraAnswer struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	ContentType string `json:"content_type,omitempty"`
	Body        string `json:"body,omitempty"`
	At          int64  `json:"at"`
	Status      int    `json:"status"`
	AnswerType  string `json:"answer_content_type"`
	Location    string `json:"location,omitempty"`
	Answer      string `json:"answer"`
}

// agoraOnPurpose are the requests serve answers otherwise than
// agora-token-service, on purpose: serve's status, and why (docs/serve.md
// lists them).
var agoraOnPurpose = map[string]struct {
	status int
	why    string
}{
	`POST /getToken {"tokenType":"rtc","channel":"test","role":"host","uid":"42"}`: {400, "a role other than publisher, subscriber or audience: the service signs a subscriber token, which cannot publish, for a typo"},
	`GET /rtc/test/host/uid/42/`: {400, "the same, in the path"},
	`POST /getToken {"tokenType":"rtc","channel":"test","role":"publisher","uid":"4294967296"}`:                    {400, "a uid beyond 32 bits: the service wraps it round, and 4294967296 is uid 0, a token any user may join with"},
	`GET /rtc/test/publisher/uid/4294967296/`:                                                                      {400, "the same, in the path"},
	`POST /getToken {"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":86401}`:             {400, "an expire over 24 hours, the longest Agora documents"},
	`GET /rtc/test/publisher/uid/42/?expiry=86401`:                                                                 {400, "the same, in the query"},
	`POST /getToken {"tokenType":"rtc","channel":"test","role":"publisher","uid":"42","expire":-1}`:                {400, "a negative expire: the service wraps it round to 4294967295 seconds"},
	`GET /rtc/test/publisher/uid/42/?expiry=0`:                                                                     {400, "expiry 0: the service signs a token that has expired when it is made"},
	`POST /getToken {"tokenType":"rtc","channel":"bad/chan","role":"publisher","uid":"42"}`:                        {400, "a channel name Agora's SDKs refuse (here a /): the service signs a token no client can join with"},
	`POST /getToken {"tokenType":"rtc","channel":"` + strings.Repeat("c", 64) + `","role":"publisher","uid":"42"}`: {400, "a channel name over 63 bytes, likewise"},
	`POST /getToken {"tokenType":"rtm","uid":"alice","channel":"*"}`:                                               {400, `channel "*": Agora documents an RTC token as valid for the channel it names, and no wildcard; the service's comment says "*" is all channels`},
	`POST /getToken {"tokenType":"rtm","uid":"alice"} as text/plain`:                                               {400, "a Content-Type other than application/json (here text/plain): a page of another origin can send that without asking (no CORS preflight)"},
	`GET /rtc/test/publisher/uid/42`:                                                                               {307, "a path without its final slash is redirected with 307 (net/http), not 301 (gin): clients follow both"},
	`POST /rtc/test/publisher/uid/42/ {}`:                                                                          {405, "a POST to a GET route: 405, not 404"},
}

// TestAgoraService is the differential test of the Agora routes: for each
// request agora-token-service answered (testdata/serve-agora.json), serve
// answers with its status, its content type and its JSON shape (the
// members' names), but for agoraOnPurpose. testdata/agora/service.js
// compares the tokens (.ci/run).
func TestAgoraService(t *testing.T) {
	var rec struct {
		Service     string        `json:"service"`
		AppID       string        `json:"app_id"`
		Certificate string        `json:"certificate"`
		Answers     []agoraAnswer `json:"answers"`
	}
	b, err := os.ReadFile("../testdata/serve-agora.json")
	if err == nil {
		err = json.Unmarshal(b, &rec)
	}
	if err != nil || len(rec.Answers) < 50 {
		t.Fatalf("%d answers recorded: %v", len(rec.Answers), err)
	}
	var now time.Time
	a := &Agora{AppID: rec.AppID, Certificate: []byte(rec.Certificate)}
	e, err := New(Config{Routes: a.Routes(), Default: "agora", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var ours []agoraAnswer
	differ := 0
	for _, want := range rec.Answers {
		now = time.Unix(want.At, 0)
		req := httptest.NewRequest(want.Method, want.Path, strings.NewReader(want.Body))
		if want.ContentType != "" {
			req.Header.Set("Content-Type", want.ContentType)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		got := want
		got.Status, got.AnswerType, got.Location, got.Answer = w.Code, w.Header().Get("Content-Type"), w.Header().Get("Location"), w.Body.String()
		ours = append(ours, got)
		name := strings.TrimSpace(want.Method + " " + want.Path + " " + want.Body)
		if want.ContentType != "" && want.ContentType != "application/json" {
			name += " as " + want.ContentType
		}
		if p, ok := agoraOnPurpose[name]; ok {
			differ++
			if got.Status != p.status {
				t.Errorf("%s: %d %s, want %d (%s)", name, got.Status, got.Answer, p.status, p.why)
			}
			continue
		}
		if got.Status != want.Status || got.AnswerType != want.AnswerType && got.Status != http.StatusNotFound || shape(got.Answer) != shape(want.Answer) && got.Status != http.StatusNotFound {
			t.Errorf("%s:\n got  %d %s %s\n want %d %s %s", name, got.Status, got.AnswerType, got.Answer, want.Status, want.AnswerType, want.Answer)
		}
	}
	if differ != len(agoraOnPurpose) {
		t.Errorf("%d requests answered otherwise on purpose, want %d: the recording lacks some", differ, len(agoraOnPurpose))
	}
	vectors.WriteOurs(t, *agoraOurs, ours)
}

// shape is an answer's JSON members' names, or "text".
func shape(body string) string {
	var o map[string]any
	if json.Unmarshal([]byte(body), &o) != nil {
		return "text"
	}
	return strings.Join(slices.Sorted(maps.Keys(o)), ",")
}

// TestAgoraPolicy: a deployment's policy refuses, with 403 naming the
// field, what it does not let clients ask for, on both kinds of route.
func TestAgoraPolicy(t *testing.T) {
	a := &Agora{AppID: "970CA35de60c44645bbae8a215061b33", Certificate: []byte("5CFd2fd1755d40ecb72977518be15d3b"),
		Channel: "stage", MaxExpire: 600, SubscriberOnly: true}
	e, err := New(Config{Routes: a.Routes(), Default: "agora", Now: func() time.Time { return time.Unix(1796600000, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", "/rtc/stage/subscriber/uid/42/", "", 200, `{"rtcToken":"007`},
		{"GET", "/agora/rtc/stage/subscriber/uid/42/?expiry=600", "", 200, `{"rtcToken":"007`},
		{"GET", "/rtc/other/subscriber/uid/42/", "", 403, `{"error":"Error Generating RTC token - This endpoint signs tokens for one channel only, not \"other\"","status":403}`},
		{"GET", "/rtc/stage/publisher/uid/42/", "", 403, `{"error":"Error Generating RTC token - This endpoint signs subscriber tokens only","status":403}`},
		{"GET", "/rtc/stage/subscriber/uid/42/?expiry=601", "", 403, `{"error":"Error Generating RTC token - This endpoint signs tokens for at most 600 seconds, not 601","status":403}`},
		{"GET", "/rtm/alice/?expiry=601", "", 403, `{"error":"Error Generating RTM token: This endpoint signs tokens for at most 600 seconds, not 601","status":403}`},
		{"GET", "/rtm/alice/", "", 200, `{"rtmToken":"007`},
		{"GET", "/rte/other/subscriber/uid/42/", "", 403, `{"error":"Error Generating RTC and RTM token: This endpoint signs tokens for one channel only`},
		{"POST", "/getToken", `{"tokenType":"rtm","uid":"alice","channel":"other"}`, 403, "This endpoint signs tokens for one channel only, not \"other\"\n"},
		{"POST", "/getToken", `{"tokenType":"rtc","channel":"stage","uid":"1","role":"publisher"}`, 403, "This endpoint signs subscriber tokens only\n"},
		{"POST", "/getToken", `{"tokenType":"chat","expire":3600}`, 403, "This endpoint signs tokens for at most 600 seconds, not 3600\n"},
		{"POST", "/getToken", `{"tokenType":"chat"}`, 200, `{"token":"007`},
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != tc.status || !strings.HasPrefix(w.Body.String(), tc.want) {
			t.Errorf("%s %s %s: %d %s, want %d %s", tc.method, tc.path, tc.body, w.Code, w.Body, tc.status, tc.want)
		}
	}
}

// TestAgoraRoot: the service's paths are answered at the root only when
// Agora is the default kind; under /agora/ always. The metrics name a
// route by its pattern, never by the path a client sent.
func TestAgoraRoot(t *testing.T) {
	a := &Agora{AppID: "970CA35de60c44645bbae8a215061b33", Certificate: []byte("5CFd2fd1755d40ecb72977518be15d3b")}
	routes := append(a.Routes(), (&Twilio{}).Route())
	for _, def := range []string{"", "agora"} {
		e, err := New(Config{Routes: routes, Default: def})
		if err != nil {
			t.Fatal(err)
		}
		for path, status := range map[string]int{"/agora/ping": 200, "/ping": 404, "/agora/chat/account/x/": 200, "/chat/account/x/": 404} {
			if def == "agora" {
				status = 200
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			if w.Code != status {
				t.Errorf("default %q: GET %s: %d %s, want %d", def, path, w.Code, w.Body, status)
			}
			if w.Code == 200 && w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("GET %s: Cache-Control %q, want no-store", path, w.Header().Get("Cache-Control"))
			}
		}
		var m strings.Builder
		w := httptest.NewRecorder()
		e.Metrics("test").ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
		m.WriteString(w.Body.String())
		if !strings.Contains(m.String(), `path="/agora/chat/account/{chatid}/"`) || strings.Contains(m.String(), `path="/agora/chat/account/x/"`) {
			t.Errorf("default %q: the metrics do not name the route by its pattern:\n%s", def, m.String())
		}
	}
}

// TestRoutePaths: Check refuses paths ServeMux would panic on, or that
// would match other paths than the route's.
func TestRoutePaths(t *testing.T) {
	ok := func(body []byte, now time.Time) Answer { return Answer{Status: 200} }
	for _, tc := range []struct {
		r    Route
		fine bool
	}{
		{Route{Path: "/a/{x}/", Kind: "k", Get: true, Token: ok}, true},
		{Route{Path: "/a/{x}/", Kind: "k", Token: ok}, false}, // wildcards are for GET routes
		{Route{Path: "/a/{x}/{x}/", Kind: "k", Get: true, Token: ok}, false},
		{Route{Path: "/a/{x.y}/", Kind: "k", Get: true, Token: ok}, false},
		{Route{Path: "/a/b{x}/", Kind: "k", Get: true, Token: ok}, false},
		{Route{Path: "/a/{$}", Kind: "k", Get: true, Token: ok}, false},
		{Route{Path: "/a b", Kind: "k", Token: ok}, false},
		{Route{Path: "/healthz", Kind: "k", Token: ok}, false},
		{Route{Path: "/a", Alias: "/readyz", Kind: "k", Token: ok}, false},
	} {
		err := (&Config{Routes: []Route{tc.r}}).Check()
		if (err == nil) != tc.fine {
			t.Errorf("%+v: %v", tc.r, err)
		}
	}
	two := []Route{{Path: "/a/{x}/", Kind: "k", Get: true, Token: func([]byte, time.Time) Answer { return Answer{} }}, {Path: "/a/{y}/", Kind: "j", Get: true}}
	if err := (&Config{Routes: two}).Check(); err == nil {
		t.Error("two patterns for the same paths: no error")
	}
}

// FuzzParams: params reads what encoding/json reads of any body, and an
// object of strings whole.
func FuzzParams(f *testing.F) {
	f.Add(`{"channelName":"test","expiry":"60","role":"publisher","rtcuid":"42","tokenType":"uid"}`)
	f.Add(`{}`)
	f.Add(`{"a":"\u00e9\ud83d\ude00","b":""}`)
	f.Add(`{"a":"b",}`)
	f.Fuzz(func(t *testing.T, body string) {
		var want map[string]string
		if json.Unmarshal([]byte(body), &want) != nil || want == nil {
			return // the engine makes only objects of strings
		}
		got, noExpiry := params([]byte(body))
		_, has := want["expiry"]
		if !maps.Equal(got, want) || noExpiry == has {
			t.Errorf("params(%q) = %q, %v; encoding/json: %q", body, got, noExpiry, want)
		}
	})
}
