package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// envRead records every environment variable a test's command asked for.
var envRead sync.Map

// TestMain fails the tests if a command read a variable that 'sdkjwt help
// environment' (and so the README and the man page) does not list.
//
// With SDKJWT_TEST_MAIN=1 in its environment, the test binary is sdkjwt
// itself, for tests that need a process of their own (serve's signals).
func TestMain(m *testing.M) {
	if os.Getenv("SDKJWT_TEST_MAIN") == "1" {
		os.Exit(Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, time.Now))
	}
	code := m.Run()
	documented := environmentNames()
	envRead.Range(func(k, _ any) bool {
		name, _ := strings.CutSuffix(k.(string), "_FILE")  // NAME_FILE, documented with NAME
		if k != "" && !slices.Contains(documented, name) { // "": sign's key, which has no variable
			fmt.Fprintf(os.Stderr, "a command read %s, which 'sdkjwt help environment' does not list\n", k)
			code = 1
		}
		return true
	})
	os.Exit(code)
}

// environmentNames is the variables environmentUsage lists.
func environmentNames() []string {
	var names []string
	for _, line := range strings.Split(environmentUsage(), "\n") {
		if strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") {
			names = append(names, strings.Split(strings.TrimSpace(line), ", ")...)
		}
	}
	return names
}

// TestEnvironmentDocumented: the README's table lists exactly the variables
// of 'sdkjwt help environment', and each is a name the code reads.
func TestEnvironmentDocumented(t *testing.T) {
	names := environmentNames()
	if len(names) < 17 {
		t.Fatalf("environmentUsage lists %d variables: %q", len(names), names)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var table []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Z_]+)`").FindAllStringSubmatch(string(readme), -1) {
		table = append(table, m[1])
	}
	slices.Sort(table)
	sorted := slices.Sorted(slices.Values(names))
	if !slices.Equal(table, sorted) {
		t.Errorf("README's environment table lists %q, want %q", table, sorted)
	}
	var source strings.Builder
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules") {
			return cmpSkip(err)
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			source.Write(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if !strings.Contains(source.String(), `"`+name+`"`) {
			t.Errorf("%s is listed, but no Go file names it", name)
		}
	}
}

func cmpSkip(err error) error {
	if err != nil {
		return err
	}
	return filepath.SkipDir
}
