package inspect

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzPaste pastes a JWT as people do (wrapped into lines of any width,
// with white space around it, a Bearer prefix, quotes, and an invisible
// character anywhere) and checks that read gives back the token itself,
// and that read never panics on anything else.
func FuzzPaste(f *testing.F) {
	const token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoiVklERU9fU0RLX0tFWV9hYmMxMjMiLCJyb2xlX3R5cGUiOjAsInRwYyI6IkNvb2wgQ2FycyIsInZlcnNpb24iOjEsImlhdCI6MTcwMDAwMDAxMCwiZXhwIjoxNzAwMDA3MjEwfQ.LZJs06AmHPBCBQjQyniZjCX6x-4jZIQiTq622zZAv-Y"
	f.Add(token, uint8(64), "\n", `"`, " \t", uint16(200), "\u200b")
	f.Add(token, uint8(0), "", "", "", uint16(0), "")
	f.Add("007eJxTYPj", uint8(3), "\r\n", "'", "Bearer ", uint16(5), "\u00a0")
	f.Fuzz(func(t *testing.T, tok string, width uint8, brk, quote, around string, at uint16, inv string) {
		pasted := tok
		if width > 0 {
			var b strings.Builder
			for i, r := range []rune(tok) {
				if i > 0 && i%int(width) == 0 {
					b.WriteString(brk)
				}
				b.WriteRune(r)
			}
			pasted = b.String()
		}
		if c := []rune(inv + "x")[0]; invisible[c] != "" {
			r := []rune(pasted)
			i := int(at) % (len(r) + 1)
			pasted = string(r[:i]) + string(c) + string(r[i:])
		}
		if len(quote) == 1 && strings.Contains(`"'`+"`", quote) {
			pasted = quote + pasted + quote
		}
		pasted = around + pasted + strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return r
			}
			return -1
		}, around) // a Bearer prefix and white space before, its white space after
		p := read(pasted) // anything: must not panic
		if tok != token || !utf8.ValidString(pasted) || strings.TrimSpace(brk) != "" || strings.TrimSpace(around) != "" && !(strings.EqualFold(strings.TrimSpace(around), "bearer") && strings.TrimRightFunc(around, unicode.IsSpace) != around) {
			return
		}
		if p.token != token || p.jwt == nil {
			t.Errorf("read(%q) = %q, %v", pasted, p.token, p.err)
		}
	})
}

// TestNoVendors: in a program that registered no vendor, a token is not
// silently OK: the report says that no vendor is registered.
func TestNoVendors(t *testing.T) {
	registry.Lock()
	saved := registry.kinds
	registry.kinds = nil
	registry.Unlock()
	defer func() {
		registry.Lock()
		registry.kinds = saved
		registry.Unlock()
	}()
	const video = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoiVklERU9fU0RLX0tFWV9hYmMxMjMiLCJyb2xlX3R5cGUiOjAsInRwYyI6IkNvb2wgQ2FycyIsInZlcnNpb24iOjEsImlhdCI6MTcwMDAwMDAxMCwiZXhwIjoxNzAwMDA3MjEwfQ.LZJs06AmHPBCBQjQyniZjCX6x-4jZIQiTq622zZAv-Y"
	r := Inspect(video, Options{Now: time.Unix(1700000030, 0)})
	if v := r.Verdict(); !strings.Contains(v, "no-vendors") {
		t.Errorf("verdict %q", v)
	}
}
