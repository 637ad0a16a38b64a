package rfm

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectAtMatchesSort checks the quantile positions selectAt finds
// against a full sort, on shapes that trouble a quickselect: sorted,
// reversed, all equal, few distinct values, organ pipes and random.
func TestSelectAtMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, n := range []int{1, 2, 3, 17, 100, 1000, 100_000} {
		for shape := range 6 {
			x := make([]int64, n)
			for i := range x {
				switch shape {
				case 0:
					x[i] = int64(i)
				case 1:
					x[i] = int64(n - i)
				case 2:
					x[i] = 7
				case 3:
					x[i] = int64(rng.IntN(4))
				case 4:
					x[i] = int64(min(i, n-i))
				default:
					x[i] = rng.Int64() - rng.Int64()
				}
			}
			want := slices.Clone(x)
			slices.Sort(want)
			for _, bins := range []int{2, 5, 9} {
				var at []int
				for k := 1; k < bins; k++ {
					j := (n - 1) * k / bins
					at = append(at, j, min(j+1, n-1))
				}
				slices.Sort(at)
				at = slices.Compact(at)
				got := slices.Clone(x)
				selectAt(got, at, 0, 2*bits.Len(uint(n)))
				for _, p := range at {
					if got[p] != want[p] {
						t.Fatalf("n=%d shape %d bins %d: position %d holds %d, want %d", n, shape, bins, p, got[p], want[p])
					}
				}
				if !slices.Equal(slices.Sorted(slices.Values(got)), want) {
					t.Fatalf("n=%d shape %d: selectAt lost values", n, shape)
				}
			}
		}
	}
}
