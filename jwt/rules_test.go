package jwt

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestCheckNow(t *testing.T) {
	const now = 1700000000
	for _, tc := range []struct {
		iat, exp int64
		want     string // the fields, joined
		msg      string
	}{
		{now - 30, now + 7200, "", ""},
		{now + Skew, now + 7200, "", ""},
		{now + Skew + 1, now + 7200, "iat", "iat is more than 30 seconds in the future, and servers refuse tokens issued ahead of their clock, got 31 seconds ahead (iat 1700000031, now 1700000000)"},
		{now + 600, now + 7200, "iat", "got 10 minutes ahead"},
		{now - 7200, now, "exp", "exp has passed: the token is expired, got 0 seconds ago (exp 1700000000, now 1700000000)"},
		{now - 7200, now - 3600, "exp", "got 1 hour ago"},
		{now + 3600, now - 1, "iat exp", ""},
	} {
		var fields []string
		var msgs string
		for _, e := range CheckNow(tc.iat, tc.exp, now) {
			fields = append(fields, e.Claim)
			msgs += e.Error()
			if !errors.Is(e, ErrTime) {
				t.Errorf("%v does not wrap ErrTime", e)
			}
		}
		if got := strings.Join(fields, " "); got != tc.want || !strings.Contains(msgs, tc.msg) {
			t.Errorf("CheckNow(%d, %d) = %q %q, want %q %q", tc.iat, tc.exp, got, msgs, tc.want, tc.msg)
		}
	}
}

func TestCheckLifetime(t *testing.T) {
	for _, tc := range []struct {
		d, min, max int64
		msg         string // "" if allowed
	}{
		{1, 1, 0, ""},
		{0, 1, 0, "exp must be later than iat (a positive lifetime), got 0 seconds (iat 1700000000, exp 1700000000)"},
		{1800, 1800, 172800, ""},
		{172800, 1800, 172800, ""},
		{1799, 1800, 172800, "exp must be 1800 to 172800 seconds (30 minutes to 48 hours) after iat, got 1799 seconds"},
		{172801, 1800, 172800, "got 172801 seconds"},
	} {
		err := CheckLifetime(1700000000, 1700000000+tc.d, tc.min, tc.max)
		if (err == nil) != (tc.msg == "") || err != nil && (!strings.Contains(err.Error(), tc.msg) || !errors.Is(err, ErrTime)) {
			t.Errorf("CheckLifetime(+%d, %d, %d) = %v, want %q", tc.d, tc.min, tc.max, err, tc.msg)
		}
	}
}

func TestCheckNotBefore(t *testing.T) {
	for _, tc := range []struct {
		nbf, exp int64
		want     string
	}{
		{1700000000, 1700000001, ""},
		{1700000000, 1700000000, "exp must be later than nbf (a positive lifetime), got 0 seconds (nbf 1700000000, exp 1700000000)"},
		{1700000000000, 1700000000001, "nbf must be Unix time in seconds (1 to 9999999999; a 13-digit value is milliseconds), got 1700000000000"},
		{0, 1, "nbf must be Unix time in seconds"},
	} {
		err := CheckNotBefore(tc.nbf, tc.exp)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want) || !errors.Is(err, ErrTime)) {
			t.Errorf("CheckNotBefore(%d, %d) = %v, want %q", tc.nbf, tc.exp, err, tc.want)
		}
	}
}

// TestCheckNowLeeway follows golang-jwt v5's validator with a leeway of 60:
// nbf is refused when now+60 is before it, exp when now is not before
// exp+60.
func TestCheckNowLeeway(t *testing.T) {
	const now = 1700000000
	for _, tc := range []struct {
		nbf, exp int64
		want     []string
	}{
		{now + 60, now - 59, nil},
		{now + 61, now + 3600, []string{"nbf is more than 60 seconds in the future: the token is not valid yet, got 1 minute 1 second ahead (nbf 1700000061, now 1700000000)"}},
		{now, now - 60, []string{"exp is 60 seconds (the leeway) or more in the past: the token is expired, got 1 minute ago (exp 1699999940, now 1700000000)"}},
		{now + 3600, now - 3600, []string{"nbf is more", "exp is 60"}},
	} {
		errs := CheckNowLeeway(tc.nbf, tc.exp, now, 60)
		if len(errs) != len(tc.want) {
			t.Errorf("nbf %d exp %d: %v, want %q", tc.nbf, tc.exp, errs, tc.want)
			continue
		}
		for i, e := range errs {
			if !strings.HasPrefix(e.Error(), tc.want[i]) || !errors.Is(e, ErrTime) {
				t.Errorf("nbf %d exp %d: %v, want %q", tc.nbf, tc.exp, e, tc.want[i])
			}
		}
	}
}

// TestSpan: durations as people read them, and the edges of int64.
func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		s    int64
		want string
	}{
		{0, "0 seconds"}, {1, "1 second"}, {45, "45 seconds"}, {60, "1 minute"}, {1799, "29 minutes 59 seconds"},
		{1800, "30 minutes"}, {3600, "1 hour"}, {3661, "1 hour 1 minute"}, {172800, "48 hours"}, {259199, "71 hours 59 minutes"},
		{3 * 86400, "3 days"}, {3*86400 + 7200, "3 days 2 hours"}, {365 * 86400, "1 year"}, {253402300799 - 1700000000, "7981 years 156 days"},
		{-90, "-1 minute 30 seconds"}, {math.MaxInt64, "292471208677 years 195 days"}, {math.MinInt64, "-292471208677 years 195 days"},
	} {
		if got := Span(tc.s); got != tc.want {
			t.Errorf("Span(%d) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestSub: the distance between any two int64 times, saturated.
func TestSub(t *testing.T) {
	for _, tc := range []struct{ a, b, want int64 }{
		{5, 3, 2}, {3, 5, -2}, {math.MaxInt64, -1, math.MaxInt64}, {math.MinInt64, 1, math.MinInt64},
		{math.MaxInt64, math.MinInt64, math.MaxInt64}, {math.MinInt64, math.MaxInt64, math.MinInt64}, {-1, math.MaxInt64, math.MinInt64},
		{0, math.MinInt64, math.MaxInt64},
	} {
		if got := Sub(tc.a, tc.b); got != tc.want {
			t.Errorf("Sub(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if errs := CheckNow(1700000000, 1700007200, math.MaxInt64); len(errs) != 1 || errs[0].Claim != "exp" || strings.Contains(errs[0].Error(), "--") {
		t.Errorf("CheckNow at the end of time: %v", errs)
	}
	if errs := CheckNow(1700000000, 1700007200, math.MinInt64); len(errs) != 1 || errs[0].Claim != "iat" {
		t.Errorf("CheckNow at the start of time: %v", errs)
	}
}
