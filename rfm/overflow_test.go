package rfm

import (
	"math"
	"math/big"
	"testing"
)

// TestSumBeyondCents checks that a sum too large for Cents is reported, not
// wrapped: 10³⁵ used to come out as 687399551400673.27.
func TestSumBeyondCents(t *testing.T) {
	rat := func(s string) Amount {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("bad rational %q", s)
		}
		return AmountFromRat(r)
	}
	for _, tt := range []struct {
		name    string
		amounts []string
		want    Cents
		ok      bool
	}{
		{"fits", []string{"92233720368547758.07"}, math.MaxInt64, true},
		{"half a cent over", []string{"92233720368547758.075"}, math.MaxInt64, false},
		{"10^35", []string{"99999999999999999999999999999999999.99"}, math.MaxInt64, false},
		{"below", []string{"-1e40"}, math.MinInt64, false},
		{"back in range", []string{"1e40", "-1e40", "12.345"}, 1235, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var s Sum
			for _, a := range tt.amounts {
				s.Add(rat(a))
			}
			got, ok := s.Cents()
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestCustomerBeyondCents: a customer whose net sum does not fit is counted
// as not scored, and the others are scored as usual.
func TestCustomerBeyondCents(t *testing.T) {
	d, _ := ParseISODate("2024-01-01")
	huge, _ := new(big.Rat).SetString("1e35")
	a := NewAggregator(false, 0, ReturnsNet)
	for _, r := range []Row{
		{Customer: []byte("whale"), Date: d, Amount: AmountFromRat(huge)},
		{Customer: []byte("sink"), Date: d, Amount: AmountFromMicros(1)},
		{Customer: []byte("sink"), Date: d, Amount: AmountFromRat(new(big.Rat).Neg(huge))},
		{Customer: []byte("a"), Date: d, Amount: AmountFromMicros(5_000_000)},
		{Customer: []byte("max"), Date: d, Amount: AmountFromRat(big.NewRat(math.MaxInt64, 100))},
	} {
		a.Add(&r)
	}
	cs, skipped := a.Customers(d+1, MonetarySum)
	if len(cs) != 2 || cs[0].ID != "a" || cs[0].Monetary != 500 || cs[1].ID != "max" || cs[1].Monetary != math.MaxInt64 {
		t.Errorf("scored %+v", cs)
	}
	if skipped[TooLarge] != 1 || skipped[NonPositiveSpend] != 1 {
		t.Errorf("not scored %v, want one too large and one ≤ 0", skipped)
	}
	for _, m := range []Method{Quantile, Rank, Mean} {
		if _, err := Score(cs, Options{Method: m, Bins: 5}); err != nil {
			t.Fatal(err)
		}
		if cs[1].M <= cs[0].M {
			t.Errorf("%v: the larger monetary scored %d, the smaller %d", m, cs[1].M, cs[0].M)
		}
	}
}

// TestThresholdCutsBeyondInt64: a cut point beyond the int64 range is above
// (or below) every value; it used to wrap, and score the largest customer
// as if it were above a cut of 10²⁰ cents.
func TestThresholdCutsBeyondInt64(t *testing.T) {
	huge := AmountFromRat(new(big.Rat).SetFrac(new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil), big.NewInt(1)))
	neg := AmountFromRat(new(big.Rat).Neg(huge.Rat()))
	cs := []Customer{{ID: "a", Recency: 1, Frequency: 1, Monetary: math.MaxInt64}, {ID: "b", Recency: 5, Frequency: 2, Monetary: 1}}
	opt := Options{Method: Thresholds, Bins: 2}
	opt.Cuts[Recency] = []Amount{huge}
	opt.Cuts[Frequency] = []Amount{neg}
	opt.Cuts[Monetary] = []Amount{huge}
	if _, err := Score(cs, opt); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.R != 2 || c.F != 2 || c.M != 1 {
			t.Errorf("%s: scores %d %d %d, want 2 2 1", c.ID, c.R, c.F, c.M)
		}
	}
}
