// Command build makes inspect.html, the offline page of sdkjwt inspect: one
// file holding the page (web/page.html, page.css, page.js), Go's
// wasm_exec.js and the engine (web/, compiled to WebAssembly, in base64),
// with a Content-Security-Policy that allows those inline scripts and style
// by their SHA-256 and nothing else: no connection, no remote script,
// style, image, frame or form target. Two builds with the same Go give the
// same bytes.
//
//	go run ./web/build [-o inspect.html] [-version v1.2.3]
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("o", "inspect.html", "where to write the page")
	version := flag.String("version", "", "the release the page is of, shown in it")
	flag.Parse()
	if err := build(*out, *version); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}

func build(out, version string) error {
	root, err := goEnv("GOMOD")
	if err != nil {
		return err
	}
	root = filepath.Dir(root)
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	// What is inlined must not end its element early.
	read := func(path string) (string, error) {
		b, err := os.ReadFile(path)
		if lower := strings.ToLower(string(b)); err == nil && (strings.Contains(lower, "</script") || strings.Contains(lower, "</style")) {
			err = fmt.Errorf("%s holds </script or </style, which would end the element it is inlined in", path)
		}
		return string(b), err
	}
	page, err := os.ReadFile(filepath.Join(root, "web", "page.html"))
	if err != nil {
		return err
	}
	style, err := read(filepath.Join(root, "web", "page.css"))
	if err != nil {
		return err
	}
	script, err := read(filepath.Join(root, "web", "page.js"))
	if err != nil {
		return err
	}
	wasmExec, err := read(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	wasm, err := compile(root)
	if err != nil {
		return err
	}
	csp := "default-src 'none'; script-src " + hash(wasmExec) + " " + hash(script) + " 'wasm-unsafe-eval'; style-src " + hash(style) +
		"; connect-src 'none'; img-src 'none'; media-src 'none'; font-src 'none'; frame-src 'none'; worker-src 'none'; object-src 'none'; manifest-src 'none'; form-action 'none'; base-uri 'none'"
	r := strings.NewReplacer("{{CSP}}", csp, "{{STYLE}}", style, "{{VERSION}}", htmlText(version), "{{WASM}}", base64.StdEncoding.EncodeToString(wasm),
		"{{WASM_EXEC}}", wasmExec, "{{SCRIPT}}", script)
	html := r.Replace(string(page))
	if strings.Contains(html, "{{") {
		return errors.New("web/page.html holds a {{ marker build does not fill")
	}
	return os.WriteFile(out, []byte(html), 0o644)
}

// compile builds web/ for GOOS=js GOARCH=wasm, reproducibly: no paths, no
// build id, no symbol table.
func compile(root string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "sdkjwt-web")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	wasm := filepath.Join(dir, "engine.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", wasm, "./web")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build ./web: %w", err)
	}
	return os.ReadFile(wasm)
}

func goEnv(name string) (string, error) {
	b, err := exec.Command("go", "env", name).Output()
	v := string(bytes.TrimSpace(b))
	if err == nil && v == "" || v == os.DevNull {
		err = fmt.Errorf("go env %s is empty: run build inside the sdkjwt module", name)
	}
	return v, err
}

// hash is a CSP source for an inline script or style: its SHA-256.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// htmlText escapes s for an HTML text node.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
