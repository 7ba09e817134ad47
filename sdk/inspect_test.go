package sdk_test

import (
	"testing"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/internal/vectors"
	"github.com/sdkjwt/sdkjwt/sdk"
)

// TestRecognize: every known-good Zoom token (jsrsasign's) is of the kind
// of the SDK it was made for, and of no other.
func TestRecognize(t *testing.T) {
	check := func(name, token string, want *inspect.Kind) {
		if ks := inspect.Recognize(token); len(ks) != 1 || ks[0] != want {
			t.Errorf("%s: recognised as %v, want %s", name, ks, want.Name)
		}
	}
	for _, v := range vectors.Load(t, "../testdata") {
		want := sdk.VideoKind
		if v.Kind == "meeting" {
			want = sdk.MeetingNativeKind
			if v.Fields.MN != nil || v.Fields.Role != nil {
				want = sdk.MeetingWebKind
			}
		}
		check(v.Name, v.Token, want)
	}
	for _, v := range vectors.LoadZoomgen(t, "../testdata") {
		check(v.Name, v.Token, map[string]*inspect.Kind{"cobrowse": sdk.CobrowseKind, "api": sdk.APIKind, "video-hold": sdk.VideoKind}[v.Kind])
	}
}
