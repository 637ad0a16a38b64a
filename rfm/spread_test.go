package rfm

import (
	"slices"
	"testing"
)

// scoresUsed counts the distinct scores that cuts give vals under the
// thresholds rule.
func scoresUsed(vals, cuts []int64) int {
	seen := map[int]bool{}
	for _, v := range vals {
		s := 1
		for _, c := range cuts {
			if v > c {
				s++
			}
		}
		seen[s] = true
	}
	return len(seen)
}

func TestSpreadCuts(t *testing.T) {
	repeat := func(v int64, n int) []int64 { return slices.Repeat([]int64{v}, n) }
	shop := slices.Concat(repeat(1, 850), repeat(2, 90), repeat(3, 35), repeat(4, 15), repeat(5, 6), repeat(9, 4))
	for _, tt := range []struct {
		name string
		vals []int64
		n    int
		want []int64
	}{
		// Most customers buy once: quintile cut points are 1, 1, 1, 1.
		{"shop frequencies", shop, 5, []int64{1, 2, 3, 4}},
		{"shop frequencies, 3 bins", shop, 3, []int64{1, 2}},
		{"even spread", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, []int64{2, 4, 6, 8}},
		{"fewer distinct values than bins", slices.Concat(repeat(1, 5), repeat(3, 2)), 5, []int64{1, 3, 4, 5}},
		{"one value", repeat(7, 4), 3, []int64{7, 8}},
		{"heavy top", slices.Concat([]int64{1, 2, 3, 4}, repeat(100, 96)), 5, []int64{1, 2, 3, 4}},
		{"exactly n distinct", []int64{5, 5, 6, 7, 8, 9, 9, 9}, 5, []int64{5, 6, 7, 8}},
	} {
		got := SpreadCuts(tt.vals, tt.n)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: SpreadCuts = %v, want %v", tt.name, got, tt.want)
		}
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] {
				t.Errorf("%s: cut points %v not strictly ascending", tt.name, got)
			}
		}
		distinct := len(slices.Compact(slices.Sorted(slices.Values(tt.vals))))
		if used := scoresUsed(tt.vals, got); used != min(tt.n, distinct) {
			t.Errorf("%s: %d scores used, want %d", tt.name, used, min(tt.n, distinct))
		}
	}
}

// FuzzSpreadCuts: whatever the values, the cut points are n−1, strictly
// ascending, and use as many scores as there are distinct values (up to n).
func FuzzSpreadCuts(f *testing.F) {
	f.Add([]byte{1, 1, 1, 1, 2, 3, 9}, uint8(5))
	f.Add([]byte{0}, uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, nb uint8) {
		if len(b) == 0 {
			return
		}
		n := 2 + int(nb)%8
		vals := make([]int64, len(b))
		for i, c := range b {
			vals[i] = int64(c % 23)
		}
		cuts := SpreadCuts(vals, n)
		if len(cuts) != n-1 {
			t.Fatalf("%d cut points for %d bins", len(cuts), n)
		}
		for i := 1; i < len(cuts); i++ {
			if cuts[i] <= cuts[i-1] {
				t.Fatalf("cut points %v not strictly ascending", cuts)
			}
		}
		distinct := len(slices.Compact(slices.Sorted(slices.Values(vals))))
		if used := scoresUsed(vals, cuts); used != min(n, distinct) {
			t.Fatalf("%v with %d bins: cuts %v use %d scores, want %d", vals, n, cuts, used, min(n, distinct))
		}
	})
}
