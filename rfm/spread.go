package rfm

import (
	"slices"
	"sort"
)

// SpreadCuts returns n−1 strictly ascending whole-number cut points for
// vals that leave as few scores unused as the data allows, for the
// thresholds method's rule (a value above the k-th cut point scores above
// it). Each cut point is one of the distinct values, chosen so that the
// share of values at or below the k-th is as near k/n as it can be while
// every score keeps at least one distinct value. With fewer than n distinct
// values, every distinct value but the largest is a cut point, and the
// rest lie above the largest value: scores stay unused only where the data
// has too few different values. It is the remedy offered when quantile cut
// points coincide.
func SpreadCuts(vals []int64, n int) []int64 {
	if len(vals) == 0 || n < 2 {
		return nil
	}
	x := slices.Clone(vals)
	slices.Sort(x)
	// The distinct values and how many values are at or below each.
	var distinct []int64
	var atOrBelow []int
	for i, v := range x {
		if i+1 < len(x) && x[i+1] == v {
			continue
		}
		distinct = append(distinct, v)
		atOrBelow = append(atOrBelow, i+1)
	}
	d := len(distinct)
	cuts := make([]int64, 0, n-1)
	if d < n {
		cuts = append(cuts, distinct[:d-1]...)
		for top := distinct[d-1]; len(cuts) < n-1; top++ {
			cuts = append(cuts, top)
		}
		return cuts
	}
	prev := -1 // index in distinct of the last cut point
	for k := 1; k < n; k++ {
		target := float64(k) * float64(len(x)) / float64(n)
		// The first distinct value with at least target values at or
		// below it, or the one before it when that is nearer.
		i := sort.SearchInts(atOrBelow, int(target+0.5))
		if i > 0 && i < d && target-float64(atOrBelow[i-1]) < float64(atOrBelow[i])-target {
			i--
		}
		// Strictly after the last cut point, and room left for the rest:
		// cut k at index i leaves indexes i+1 … d−1 for n−1−k more cut
		// points and the last score.
		i = max(i, prev+1)
		i = min(i, d-1-(n-k))
		cuts = append(cuts, distinct[i])
		prev = i
	}
	return cuts
}
