package rfm

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"sync"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Method is a scoring method.
type Method int

// The scoring methods; see the package documentation.
const (
	Quantile Method = iota
	Rank
	Thresholds
	Mean
)

var methodNames = [...]string{"quantile", "rank", "thresholds", "mean"}

func (m Method) String() string { return methodNames[m] }

// ParseMethod reads a method name.
func ParseMethod(s string) (Method, error) {
	for i, n := range methodNames {
		if s == n {
			return Method(i), nil
		}
	}
	return 0, i18n.Errorf("unknown method %q (want quantile, rank, thresholds or mean)", s)
}

// Metric names one of the three dimensions.
type Metric int

// The three metrics, in rfm_code order.
const (
	Recency Metric = iota
	Frequency
	Monetary
)

func (m Metric) String() string { return [...]string{"recency", "frequency", "monetary"}[m] }

// Options configures Score.
type Options struct {
	Method Method
	// Bins is the number of score levels N, 2–9; ignored by Mean.
	Bins int
	// Cuts holds, for Thresholds, N−1 strictly ascending cut points per metric,
	// in the metric's own unit (days, orders, currency units).
	Cuts [3][]Amount
}

// Cut is a cut point: an exact rational in the metric's unit (cents for
// monetary), with the integer floor used for comparisons.
type Cut struct {
	num, den int64 // exact value num/den, den > 0; den == 0 means use rat
	rat      *big.Rat
	floor    int64
}

// Above reports whether v > the cut point.
func (c Cut) Above(v int64) bool { return v > c.floor }

// Rat returns the exact cut point in the metric's unit.
func (c Cut) Rat() *big.Rat {
	if c.rat != nil {
		return new(big.Rat).Set(c.rat)
	}
	return big.NewRat(c.num, c.den)
}

// Format writes the cut point as a decimal in display units: divide by
// scale (100 for monetary cents, 1 otherwise); non-terminating decimals are
// rounded to four places.
func (c Cut) Format(scale int64) string {
	r := c.Rat()
	r.Quo(r, big.NewRat(scale, 1))
	if r.IsInt() {
		return r.Num().String()
	}
	for prec := 1; prec <= 4; prec++ {
		s := r.FloatString(prec)
		if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(r) == 0 {
			return s
		}
	}
	return trimZeros(r.FloatString(4))
}

// CutAt is the cut point at the whole value v (days, orders or cents).
func CutAt(v int64) Cut { return cutFromRat(new(big.Rat).SetInt64(v)) }

func cutFromRat(r *big.Rat) Cut {
	fl := new(big.Int).Quo(r.Num(), r.Denom())
	if r.Sign() < 0 && !r.IsInt() {
		fl.Sub(fl, big.NewInt(1))
	}
	// Beyond int64 the cut is above (or below) every value: clamp the
	// floor rather than let it wrap.
	switch {
	case fl.IsInt64():
		return Cut{rat: new(big.Rat).Set(r), floor: fl.Int64()}
	case fl.Sign() > 0:
		return Cut{rat: new(big.Rat).Set(r), floor: math.MaxInt64}
	}
	return Cut{rat: new(big.Rat).Set(r), floor: math.MinInt64}
}

// Scoring is the outcome of Score besides the scores themselves.
type Scoring struct {
	// Cuts holds the cut points per metric for Quantile and Thresholds.
	Cuts [3][]Cut
	// Unused lists, per metric, the scores 1..N that no customer got.
	Unused [3][]int
	// Means holds, for Mean, the exact mean of each metric (monetary in cents).
	Means [3]*big.Rat
}

// Score sets R, F and M on every customer. The slice order is not changed.
func Score(cs []Customer, opt Options) (Scoring, error) {
	var sc Scoring
	if opt.Method != Mean && (opt.Bins < 2 || opt.Bins > 9) {
		return sc, i18n.Errorf("bins must be 2–9, got %d", opt.Bins)
	}
	vals := [3][]int64{make([]int64, len(cs)), make([]int64, len(cs)), make([]int64, len(cs))}
	for i := range cs {
		vals[Recency][i] = cs[i].Recency
		vals[Frequency][i] = cs[i].Frequency
		vals[Monetary][i] = int64(cs[i].Monetary)
	}
	scores := [3][]int8{} // 1–9, or 0–1: a byte each
	var errs [3]error
	var wg sync.WaitGroup
	// The three metrics are independent: score them side by side.
	for m := Recency; m <= Monetary; m++ {
		wg.Go(func() { errs[m] = scoreMetric(&sc, scores[:], vals[m], m, opt, len(cs)) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return sc, err
		}
	}
	for i := range cs {
		cs[i].R, cs[i].F, cs[i].M = int(scores[Recency][i]), int(scores[Frequency][i]), int(scores[Monetary][i])
	}
	return sc, nil
}

// scoreMetric scores one metric into scores[m] and records its cut points,
// unused scores or mean in sc (each metric writes only its own entries).
func scoreMetric(sc *Scoring, scores [][]int8, vals []int64, m Metric, opt Options, n int) error {
	switch opt.Method {
	case Quantile:
		sc.Cuts[m] = QuantileCuts(vals, opt.Bins)
		scores[m] = scoreByCuts(vals, sc.Cuts[m], m == Recency)
	case Thresholds:
		cuts, err := thresholdCuts(opt.Cuts[m], opt.Bins, m)
		if err != nil {
			return err
		}
		sc.Cuts[m] = cuts
		scores[m] = scoreByCuts(vals, cuts, m == Recency)
	case Rank:
		scores[m] = rankScores(vals, opt.Bins, m == Recency)
	case Mean:
		sc.Means[m], scores[m] = meanSplit(vals, m == Recency)
	}
	if opt.Method != Mean && n > 0 {
		sc.Unused[m] = unused(scores[m], opt.Bins)
	}
	return nil
}

// QuantileCuts returns the N−1 type-7 quantile cut points of vals, exactly:
// with x sorted ascending, h = (n−1)k/N, j = ⌊h⌋, q_k = x_j + (h−j)(x_{j+1}−x_j).
func QuantileCuts(vals []int64, n int) []Cut {
	if len(vals) == 0 {
		return nil
	}
	x := slices.Clone(vals)
	// Only the values at the cut positions are needed: select them rather
	// than sort all.
	var at []int
	for k := 1; k < n; k++ {
		num := (len(x) - 1) * k
		j := num / n
		at = append(at, j)
		if num%n != 0 {
			at = append(at, j+1)
		}
	}
	slices.Sort(at)
	selectAt(x, slices.Compact(at), 0, 2*bits.Len(uint(len(x))))
	cuts := make([]Cut, n-1)
	for k := 1; k < n; k++ {
		num := (len(x) - 1) * k
		j, rem := num/n, num%n
		if rem == 0 {
			cuts[k-1] = Cut{num: x[j], den: 1, floor: x[j]}
			continue
		}
		d := uint64(x[j+1] - x[j]) // ≥ 0: x is sorted
		hi, lo := bits.Mul64(uint64(rem), d)
		frac, _ := bits.Div64(hi, lo, uint64(n)) // ⌊rem·d/N⌋; hi < N since rem < N
		c := Cut{floor: x[j] + int64(frac)}
		if hi == 0 && lo <= 1<<62 && x[j] > -1<<58 && x[j] < 1<<58 {
			c.num, c.den = int64(n)*x[j]+int64(lo), int64(n)
		} else {
			r := new(big.Rat).SetFrac(new(big.Int).SetUint64(lo), big.NewInt(int64(n)))
			if hi != 0 {
				r.SetFrac(new(big.Int).Add(new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64), new(big.Int).SetUint64(lo)), big.NewInt(int64(n)))
			}
			c.rat = r.Add(r, new(big.Rat).SetInt64(x[j]))
		}
		cuts[k-1] = c
	}
	return cuts
}

// selectAt reorders x so that x[p-off] holds what sorting x would put there,
// for each p of at (ascending; positions in x are at − off): quickselect on
// every side that holds a position, three-way so that runs of equal values
// (frequencies above all) end it fast, and a sort once depth runs out.
func selectAt(x []int64, at []int, off, depth int) {
	for len(at) > 0 {
		if len(x) <= 16 || depth == 0 {
			slices.Sort(x)
			return
		}
		depth--
		a, b, c := x[0], x[len(x)/2], x[len(x)-1]
		p := max(min(a, b), min(max(a, b), c)) // the median of the three
		lt, i, gt := 0, 0, len(x)
		for i < gt {
			switch v := x[i]; {
			case v < p:
				x[lt], x[i] = v, x[lt]
				lt++
				i++
			case v > p:
				gt--
				x[i], x[gt] = x[gt], v
			default:
				i++
			}
		}
		// x[lt:gt] are all p, in place; go on in the sides that hold a
		// position, the larger one by this loop.
		l := 0
		for l < len(at) && at[l]-off < lt {
			l++
		}
		r := l
		for r < len(at) && at[r]-off < gt {
			r++
		}
		left, right := at[:l], at[r:]
		if len(left) > 0 && len(right) > 0 {
			selectAt(x[:lt], left, off, depth)
		} else if len(left) > 0 {
			x, at = x[:lt], left
			continue
		}
		x, at, off = x[gt:], right, off+gt
	}
}

// thresholdCuts turns user cut points (in currency units for monetary) into
// cuts in the metric's integer unit.
func thresholdCuts(given []Amount, n int, m Metric) ([]Cut, error) {
	if len(given) != n-1 {
		return nil, i18n.Errorf("%s cuts: want %d cut points for %d bins, got %d", m, n-1, n, len(given))
	}
	cuts := make([]Cut, len(given))
	for i, g := range given {
		r := g.Rat()
		if m == Monetary {
			r.Mul(r, big.NewRat(100, 1))
		}
		cuts[i] = cutFromRat(r)
		if i > 0 && cuts[i].Rat().Cmp(cuts[i-1].Rat()) <= 0 {
			return nil, i18n.Errorf("%s cuts must be strictly ascending: %s after %s", m, given[i], given[i-1])
		}
	}
	return cuts, nil
}

// scoreByCuts applies the quantile rule: 1 + #{k : v > q_k}, or for recency
// N − #{k : v > q_k}.
func scoreByCuts(vals []int64, cuts []Cut, reverse bool) []int8 {
	out := make([]int8, len(vals))
	n := len(cuts) + 1
	for i, v := range vals {
		above := 0
		for _, c := range cuts {
			if c.Above(v) {
				above++
			}
		}
		if reverse {
			out[i] = int8(n - above)
		} else {
			out[i] = int8(1 + above)
		}
	}
	return out
}

// rankScores gives ⌈p·N⌉ with p = average rank ÷ count; ties share their
// average rank. For recency the ranking is on −v.
func rankScores(vals []int64, n int, reverse bool) []int8 {
	idx := make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) int64 {
		if reverse {
			return -vals[i]
		}
		return vals[i]
	}
	slices.SortFunc(idx, func(a, b int) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	out := make([]int8, len(vals))
	count := int64(len(vals))
	for lo := 0; lo < len(idx); {
		hi := lo
		for hi+1 < len(idx) && key(idx[hi+1]) == key(idx[lo]) {
			hi++
		}
		// positions lo+1 … hi+1 share rank (lo+hi+2)/2; score = ⌈rank·N/count⌉
		num := int64(lo+hi+2) * int64(n)
		den := 2 * count
		s := int((num + den - 1) / den)
		for _, i := range idx[lo : hi+1] {
			out[i] = int8(s)
		}
		lo = hi + 1
	}
	return out
}

// meanSplit gives 1 when v > mean (v < mean for recency), else 0.
func meanSplit(vals []int64, reverse bool) (*big.Rat, []int8) {
	out := make([]int8, len(vals))
	if len(vals) == 0 {
		return nil, out
	}
	sum := new(big.Int)
	var part int64
	for _, v := range vals {
		if r, overflow := add64(part, v); overflow {
			sum.Add(sum, big.NewInt(part))
			part = v
		} else {
			part = r
		}
	}
	sum.Add(sum, big.NewInt(part))
	n := big.NewInt(int64(len(vals)))
	mean := new(big.Rat).SetFrac(sum, n)
	// For integers v: v > S/n ⇔ v > ⌊S/n⌋, and v < S/n ⇔ v < ⌈S/n⌉.
	fl, md := new(big.Int).DivMod(sum, n, new(big.Int))
	ceil := new(big.Int).Set(fl)
	if md.Sign() != 0 {
		ceil.Add(ceil, big.NewInt(1))
	}
	f, c := fl.Int64(), ceil.Int64()
	for i, v := range vals {
		if (reverse && v < c) || (!reverse && v > f) {
			out[i] = 1
		}
	}
	return mean, out
}

func unused(scores []int8, n int) []int {
	used := make([]bool, n+1)
	for _, s := range scores {
		if s >= 1 && int(s) <= n {
			used[s] = true
		}
	}
	var out []int
	for s := 1; s <= n; s++ {
		if !used[s] {
			out = append(out, s)
		}
	}
	return out
}

// Code returns rfm_code, the three scores written together.
func (c *Customer) Code() string {
	return strconv.Itoa(c.R) + strconv.Itoa(c.F) + strconv.Itoa(c.M)
}

// Sum returns rfm_sum.
func (c *Customer) Sum() int { return c.R + c.F + c.M }
