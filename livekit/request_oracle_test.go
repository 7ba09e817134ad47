package livekit_test

import (
	"testing"

	"github.com/sdkjwt/sdkjwt/livekit"
)

// TestRequestOracle: ParseTokenRequest reads a request body exactly when
// protojson reads it as LiveKit's own TokenSourceRequest (the verdicts of
// testdata/livekit/request-oracle): member names exactly, strings as
// UTF-8 with \ufffd kept and lone surrogates refused.
func TestRequestOracle(t *testing.T) {
	var cases []struct{ Name, Body string }
	var verdicts []oracleVerdict
	readOracle(t, "request-oracle", &cases, &verdicts)
	if len(cases) < 50 || len(cases) != len(verdicts) {
		t.Fatalf("%d cases, %d verdicts", len(cases), len(verdicts))
	}
	for i, c := range cases {
		v := verdicts[i]
		if v.Name != c.Name {
			t.Fatalf("case %s, verdict %s", c.Name, v.Name)
		}
		if _, err := livekit.ParseTokenRequest([]byte(c.Body)); (err == nil) != v.Accepted {
			t.Errorf("%s: %s\n\tParseTokenRequest: %v\n\tprotojson: accepted %v %s", c.Name, c.Body, err, v.Accepted, v.Error)
		}
	}
}
