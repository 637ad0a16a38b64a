package rfm

import (
	"fmt"
	"math/big"
	"slices"
	"testing"
)

func cutStrings(cs []Cut, scale int64) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Format(scale)
	}
	return out
}

func TestQuantileCuts(t *testing.T) {
	tests := []struct {
		name string
		vals []int64
		n    int
		want []string
	}{
		{"one value", []int64{7}, 5, []string{"7", "7", "7", "7"}},
		{"two values", []int64{10, 20}, 5, []string{"12", "14", "16", "18"}},
		{"all equal", []int64{3, 3, 3, 3}, 4, []string{"3", "3", "3"}},
		{"unsorted input", []int64{5, 1, 4, 2, 3}, 5, []string{"1.8", "2.6", "3.4", "4.2"}},
		// numpy.quantile([1..10], [1/3, 2/3]) = 4, 7
		{"N=3", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3, []string{"4", "7"}},
		{"N=2 even count", []int64{1, 2, 3, 4}, 2, []string{"2.5"}},
		// h = 3k/7: 3/7 → 1 + 3/7 = 1.4286 (not a terminating decimal)
		{"N=7 thirds", []int64{1, 2, 3, 4}, 7, []string{"1.4286", "1.8571", "2.2857", "2.7143", "3.1429", "3.5714"}},
		{"heavy ties", []int64{1, 1, 1, 1, 1, 1, 1, 2, 5, 9}, 5, []string{"1", "1", "1", "2.6"}},
		{"N=9", []int64{0, 90}, 9, []string{"10", "20", "30", "40", "50", "60", "70", "80"}},
		{"negative", []int64{-10, 10}, 2, []string{"0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cutStrings(QuantileCuts(tt.vals, tt.n), 1)
			if !slices.Equal(got, tt.want) {
				t.Errorf("QuantileCuts(%v, %d) = %v, want %v", tt.vals, tt.n, got, tt.want)
			}
		})
	}
}

// TestQuantileCutsExact checks the cut points against the type-7 formula in
// exact rationals, and the floor used for comparisons.
func TestQuantileCutsExact(t *testing.T) {
	vals := []int64{3, 17, 17, 18, 40, 41, 99, 100, 100, 1000, 12345}
	for n := 2; n <= 9; n++ {
		cuts := QuantileCuts(vals, n)
		for k := 1; k < n; k++ {
			h := big.NewRat(int64((len(vals)-1)*k), int64(n))
			j := new(big.Int).Quo(h.Num(), h.Denom()).Int64()
			frac := new(big.Rat).Sub(h, new(big.Rat).SetInt64(j))
			want := new(big.Rat).SetInt64(vals[j])
			if j+1 < int64(len(vals)) {
				d := new(big.Rat).SetInt64(vals[j+1] - vals[j])
				want.Add(want, d.Mul(d, frac))
			}
			c := cuts[k-1]
			if c.Rat().Cmp(want) != 0 {
				t.Errorf("N=%d k=%d: got %s, want %s", n, k, c.Rat().RatString(), want.RatString())
			}
			for _, v := range []int64{c.floor - 1, c.floor, c.floor + 1} {
				if got, want := c.Above(v), new(big.Rat).SetInt64(v).Cmp(want) > 0; got != want {
					t.Errorf("N=%d k=%d: Above(%d) = %v, want %v", n, k, v, got, want)
				}
			}
		}
	}
}

func scoreOf(t *testing.T, cs []Customer, opt Options) [][3]int {
	t.Helper()
	if _, err := Score(cs, opt); err != nil {
		t.Fatal(err)
	}
	out := make([][3]int, len(cs))
	for i, c := range cs {
		out[i] = [3]int{c.R, c.F, c.M}
	}
	return out
}

func custs(rfm ...[3]int64) []Customer {
	cs := make([]Customer, len(rfm))
	for i, v := range rfm {
		cs[i] = Customer{ID: fmt.Sprint(i), Recency: v[0], Frequency: v[1], Monetary: Cents(v[2]), Net: Cents(v[2])}
	}
	return cs
}

func TestScoreMethods(t *testing.T) {
	five := custs([3]int64{1, 5, 500}, [3]int64{10, 4, 400}, [3]int64{20, 3, 300}, [3]int64{30, 2, 200}, [3]int64{40, 1, 100})
	tests := []struct {
		name string
		cs   []Customer
		opt  Options
		want [][3]int
	}{
		{"quantile spreads five distinct customers", five, Options{Method: Quantile, Bins: 5},
			[][3]int{{5, 5, 5}, {4, 4, 4}, {3, 3, 3}, {2, 2, 2}, {1, 1, 1}}},
		{"rank spreads five distinct customers", five, Options{Method: Rank, Bins: 5},
			[][3]int{{5, 5, 5}, {4, 4, 4}, {3, 3, 3}, {2, 2, 2}, {1, 1, 1}}},
		{"quantile one customer", custs([3]int64{3, 2, 100}), Options{Method: Quantile, Bins: 5},
			[][3]int{{5, 1, 1}}},
		{"rank one customer", custs([3]int64{3, 2, 100}), Options{Method: Rank, Bins: 5},
			[][3]int{{5, 5, 5}}},
		{"quantile two customers", custs([3]int64{3, 1, 100}, [3]int64{9, 2, 200}), Options{Method: Quantile, Bins: 5},
			[][3]int{{5, 1, 1}, {1, 5, 5}}},
		{"rank two customers", custs([3]int64{3, 1, 100}, [3]int64{9, 2, 200}), Options{Method: Rank, Bins: 5},
			// p = 1/2 → ⌈2.5⌉ = 3; p = 1 → 5
			[][3]int{{5, 3, 3}, {3, 5, 5}}},
		{"all equal", custs([3]int64{7, 1, 50}, [3]int64{7, 1, 50}, [3]int64{7, 1, 50}), Options{Method: Quantile, Bins: 5},
			[][3]int{{5, 1, 1}, {5, 1, 1}, {5, 1, 1}}},
		{"rank all equal shares the average rank", custs([3]int64{7, 1, 50}, [3]int64{7, 1, 50}, [3]int64{7, 1, 50}), Options{Method: Rank, Bins: 5},
			// average rank 2, p = 2/3, ⌈10/3⌉ = 4
			[][3]int{{4, 4, 4}, {4, 4, 4}, {4, 4, 4}}},
		{"N=2", five, Options{Method: Quantile, Bins: 2},
			// the median recency 20 is not above the cut: R = 2
			[][3]int{{2, 2, 2}, {2, 2, 2}, {2, 1, 1}, {1, 1, 1}, {1, 1, 1}}},
		{"N=3", five, Options{Method: Quantile, Bins: 3},
			// cuts at h = 4/3, 8/3: recency 13.33, 26.67
			[][3]int{{3, 3, 3}, {3, 3, 3}, {2, 2, 2}, {1, 1, 1}, {1, 1, 1}}},
		{"N=9", five, Options{Method: Quantile, Bins: 9},
			[][3]int{{9, 9, 9}, {7, 7, 7}, {5, 5, 5}, {3, 3, 3}, {1, 1, 1}}},
		{"heavy ties at a cut point", custs([3]int64{5, 1, 10}, [3]int64{5, 1, 10}, [3]int64{5, 1, 10}, [3]int64{5, 2, 10}, [3]int64{9, 7, 90}),
			Options{Method: Quantile, Bins: 5},
			// frequency cuts 1, 1, 1, 2.2: value 1 → 1, 2 → 4 (not above 2.2), 7 → 5
			[][3]int{{5, 1, 1}, {5, 1, 1}, {5, 1, 1}, {5, 4, 1}, {1, 5, 5}}},
		{"thresholds", five, Options{Method: Thresholds, Bins: 3, Cuts: [3][]Amount{
			{AmountFromMicros(10e6), AmountFromMicros(25e6)},
			{AmountFromMicros(2e6), AmountFromMicros(4e6)},
			{AmountFromMicros(1.5e6), AmountFromMicros(3e6)}}},
			// recency 10 is not above 10 → 3; monetary cents 200 > cut 1.50 → 2
			[][3]int{{3, 3, 3}, {3, 2, 3}, {2, 2, 2}, {1, 1, 2}, {1, 1, 1}}},
		{"mean split", five, Options{Method: Mean},
			// means 20.2, 3, 300: recency 20 < 20.2; frequency 3 and monetary 300 not above
			[][3]int{{1, 1, 1}, {1, 1, 1}, {1, 0, 0}, {0, 0, 0}, {0, 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := slices.Clone(tt.cs)
			got := scoreOf(t, cs, tt.opt)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecencyDirection(t *testing.T) {
	for _, m := range []Method{Quantile, Rank, Mean} {
		cs := custs([3]int64{1, 1, 1}, [3]int64{50, 1, 1}, [3]int64{100, 1, 1}, [3]int64{2, 1, 1})
		got := scoreOf(t, cs, Options{Method: m, Bins: 5})
		if !(got[0][0] >= got[3][0] && got[3][0] >= got[1][0] && got[1][0] >= got[2][0]) || got[0][0] == got[2][0] {
			t.Errorf("%v: recency scores %v do not fall as recency grows", m, got)
		}
	}
}

func TestUnusedScores(t *testing.T) {
	cs := custs([3]int64{5, 1, 10}, [3]int64{5, 1, 10}, [3]int64{5, 1, 10}, [3]int64{5, 2, 10}, [3]int64{9, 7, 90})
	sc, err := Score(cs, Options{Method: Quantile, Bins: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sc.Unused[Frequency], []int{2, 3}; !slices.Equal(got, want) {
		t.Errorf("unused frequency scores %v, want %v", got, want)
	}
}

func TestThresholdsMustAscend(t *testing.T) {
	cs := custs([3]int64{1, 1, 1})
	_, err := Score(cs, Options{Method: Thresholds, Bins: 3, Cuts: [3][]Amount{
		{AmountFromMicros(5e6), AmountFromMicros(5e6)}, {AmountFromMicros(1e6), AmountFromMicros(2e6)}, {AmountFromMicros(1e6), AmountFromMicros(2e6)}}})
	if err == nil {
		t.Fatal("equal recency cuts were accepted")
	}
}

// FuzzScoreInvariants checks that scores stay in 1..N, that equal values get
// equal scores, and that a more recent customer never gets a lower R.
func FuzzScoreInvariants(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(5), uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0}, uint8(2), uint8(1))
	f.Add([]byte{200, 1, 200, 1, 3}, uint8(9), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, bins, method uint8) {
		n := int(bins%8) + 2
		m := []Method{Quantile, Rank}[method%2]
		var cs []Customer
		for i := 0; i+2 < len(data); i += 3 {
			cs = append(cs, Customer{Recency: int64(data[i]), Frequency: int64(data[i+1]%7) + 1, Monetary: Cents(int64(data[i+2]) * 37)})
		}
		if _, err := Score(cs, Options{Method: m, Bins: n}); err != nil {
			t.Fatal(err)
		}
		for i := range cs {
			for _, s := range []int{cs[i].R, cs[i].F, cs[i].M} {
				if s < 1 || s > n {
					t.Fatalf("score %d outside 1..%d", s, n)
				}
			}
			for j := range cs {
				a, b := cs[i], cs[j]
				if a.Recency < b.Recency && a.R < b.R {
					t.Fatalf("recency %d scored %d below recency %d scored %d", a.Recency, a.R, b.Recency, b.R)
				}
				if a.Frequency == b.Frequency && a.F != b.F || a.Monetary == b.Monetary && a.M != b.M {
					t.Fatal("equal values got different scores")
				}
				if a.Monetary > b.Monetary && a.M < b.M {
					t.Fatal("higher monetary scored lower")
				}
			}
		}
	})
}
