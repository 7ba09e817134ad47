package sdk

import (
	"slices"
	"strings"
	"testing"
)

// TestIsGeoRegion: IsGeoRegion knows exactly the codes of GeoRegionCodes.
func TestIsGeoRegion(t *testing.T) {
	codes := strings.Split(GeoRegionCodes, ",")
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if code := string([]rune{a, b}); IsGeoRegion(code) != slices.Contains(codes, code) {
				t.Errorf("IsGeoRegion(%q) = %v", code, IsGeoRegion(code))
			}
		}
	}
	for _, code := range []string{"", "U", "us", "US,", ",US", "USA", "U,"} {
		if IsGeoRegion(code) {
			t.Errorf("IsGeoRegion(%q)", code)
		}
	}
}
