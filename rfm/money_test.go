package rfm

import (
	"math/big"
	"testing"
)

func TestSumCents(t *testing.T) {
	tests := []struct {
		name    string
		amounts []int64 // micros
		want    string
	}{
		{"half up", []int64{1_005_000}, "1.01"},
		{"half away from zero when negative", []int64{-1_005_000}, "-1.01"},
		{"below half", []int64{1_004_999}, "1.00"},
		{"never -0.00", []int64{-4_000}, "0.00"},
		{"net of a return", []int64{10_000_000, -2_500_000}, "7.50"},
		{"many small", []int64{1_001, 1_001, 1_001, 1_001, 1_001}, "0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Sum
			for _, a := range tt.amounts {
				s.Add(AmountFromMicros(a))
			}
			if got, _ := s.Cents(); got.String() != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSumOverflowIsExact(t *testing.T) {
	var s Sum
	big1 := AmountFromMicros(9_000_000_000_000_000_000)
	s.Add(big1)
	s.Add(big1) // overflows int64 micros
	s.Add(AmountFromMicros(5_000))
	if got := s.Amount().Rat(); got.Cmp(new(big.Rat).Add(new(big.Rat).Mul(big.NewRat(9_000_000_000_000, 1), big.NewRat(2, 1)), big.NewRat(5, 1000))) != 0 {
		t.Errorf("sum = %s", got.RatString())
	}
}

func TestAmountMul(t *testing.T) {
	tests := []struct {
		a, b int64
		want string
	}{
		{6_000_000, 2_550_000, "15.3"},
		{-12_000_000, 1_250_000, "-15"},
		{1_234_567, 1_234_567, "1.524155677489"}, // finer than micros: exact rational
		{3_000_000, 333_333, "0.999999"},
	}
	for _, tt := range tests {
		got := AmountFromMicros(tt.a).Mul(AmountFromMicros(tt.b))
		r := got.Rat()
		if r.FloatString(12) != mustRat(tt.want).FloatString(12) {
			t.Errorf("%d × %d = %s, want %s", tt.a, tt.b, r.FloatString(12), tt.want)
		}
	}
}

func mustRat(s string) *big.Rat {
	r, _ := new(big.Rat).SetString(s)
	return r
}

func TestCentsDivRound(t *testing.T) {
	tests := []struct {
		c    Cents
		n    int64
		want string
	}{
		{1000, 3, "3.33"},
		{1001, 2, "5.01"}, // 5.005 → 5.01
		{1, 3, "0.00"},
		{5, 2, "0.03"}, // 0.025 → 0.03
	}
	for _, tt := range tests {
		if got := tt.c.DivRound(tt.n).String(); got != tt.want {
			t.Errorf("%d ÷ %d = %s, want %s", tt.c, tt.n, got, tt.want)
		}
	}
}
