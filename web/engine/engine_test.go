package engine

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestKindsAll: the engine registers every kind the command line explains
// (the list of `sdkjwt help inspect`, its golden), so that the page judges
// every vendor's token.
func TestKindsAll(t *testing.T) {
	help, err := os.ReadFile("../../internal/cli/testdata/help/inspect.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)then\s+the\s+kind\s+\(([^)]*)\)`).FindSubmatch(help)
	if m == nil {
		t.Fatal("no list of kinds in inspect's help")
	}
	var want []string
	for _, k := range strings.Split(strings.Join(strings.Fields(string(m[1])), " "), ", ") {
		k = strings.TrimSuffix(strings.TrimPrefix(k, "or "), " or unknown")
		if k != "unknown" && k != "" {
			want = append(want, k)
		}
	}
	var got []string
	for _, k := range Kinds() {
		got = append(got, k.Name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the engine's kinds %v, the command line's %v", got, want)
	}
}

// TestInspect: a request gives the report, its JSON as written, and the text.
func TestInspect(t *testing.T) {
	var out struct {
		Report map[string]any
		JSON   string
		Text   string
		Error  string
	}
	secret := "Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Ex"
	req, _ := json.Marshal(Request{Token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoiVklERU9fU0RLX0tFWV9hYmMxMjMiLCJyb2xlX3R5cGUiOjAsInRwYyI6IkNvb2wgQ2FycyIsInZlcnNpb24iOjEsImlhdCI6MTcwMDAwMDAxMCwiZXhwIjoxNzAwMDA3MjEwfQ.LZJs06AmHPBCBQjQyniZjCX6x-4jZIQiTq622zZAv-Y",
		Secret: &secret, Now: 1700000030})
	if err := json.Unmarshal(Inspect(req), &out); err != nil || out.Error != "" {
		t.Fatal(err, out.Error)
	}
	if out.Report["signature"] != "valid" || !strings.HasPrefix(out.JSON, `{"verdict":"OK — zoom-video, signature valid"`) || !strings.Contains(out.Text, "kind:       zoom-video") {
		t.Errorf("%+v", out)
	}
	if err := json.Unmarshal(Inspect([]byte("{")), &out); err != nil || out.Error == "" {
		t.Errorf("a request that is not JSON: %+v %v", out, err)
	}
}

// TestNoNetwork: the page's engine, built for the browser, holds no package
// that opens a connection.
func TestNoNetwork(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("go list runs on the host")
	}
	cmd := exec.Command("go", "list", "-deps", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 || !slices.Contains(deps, "github.com/sdkjwt/sdkjwt/inspect") {
		t.Fatalf("go list -deps: %v", deps)
	}
	for _, d := range deps {
		if d == "net" || d == "net/http" || d == "crypto/tls" || d == "os/exec" {
			t.Errorf("the engine imports %s", d)
		}
	}
}
