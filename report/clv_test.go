package report

import (
	"math"
	"testing"
)

func TestFixed(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		n    int
		want string
	}{
		{22.345, 2, "22.35"}, {1.005, 2, "1.01"}, {1.0049, 2, "1.00"}, {-0.001, 2, "0.00"}, {-1.5, 1, "-1.5"},
		{-2.675, 2, "-2.68"}, {9.995, 2, "10.00"}, {99.5, 0, "100"}, {0.25, 4, "0.2500"}, {3, 2, "3.00"},
		{1e-7, 6, "0.000000"}, {1e21, 2, "1000000000000000000000.00"}, {math.Inf(1), 2, ""}, {math.NaN(), 2, ""},
	} {
		if got := fixed(tc.v, tc.n); got != tc.want {
			t.Errorf("fixed(%v, %d) = %q, want %q", tc.v, tc.n, got, tc.want)
		}
	}
}
