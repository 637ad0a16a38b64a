package clv

import (
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// IntervalOptions sets up Bootstrap.
type IntervalOptions struct {
	// Kind is the purchase model refitted; sums must be its kind of
	// summary.
	Kind ModelKind
	// Replicates is the number of refits (≥ 1); Seed makes them
	// reproducible.
	Replicates int
	Seed       uint64
	// Level is the interval's coverage, 0.9 for 90 %.
	Level float64
	Fit   FitOptions
	Value ValueOptions
}

// Interval is one customer's bootstrap interval of the expected purchases
// and the lifetime value.
type Interval struct {
	PurchasesLo, PurchasesHi float64
	CLVLo, CLVHi             float64
}

// Intervals is the result of Bootstrap: Rows[i] is sums[i]'s; Total is the
// interval of the sums over all customers, from each refit's totals.
type Intervals struct {
	Rows  []Interval
	Total Interval
	// Replicates counts the refits used; Failed those that did not converge
	// and were left out.
	Replicates, Failed int
}

// Bootstrap computes per-customer intervals of the expected purchases and
// the lifetime value, as CLVTools does: Replicates times, it draws
// len(sums) customers with replacement, refits the purchase model and
// Gamma-Gamma to them, and forecasts every customer of sums with those
// fits; the interval runs between the (1−Level)/2 and (1+Level)/2
// quantiles (Hyndman–Fan type 7) of the replicates' forecasts. Replicate
// k draws from a generator seeded with (Seed, k), so the result does not
// depend on how the refits are spread over the processors, which they are.
// Refits that do not converge are left out; if more than half fail, it
// returns an error.
func Bootstrap(sums []Summary, opts IntervalOptions) (Intervals, error) {
	if opts.Replicates < 1 {
		return Intervals{}, i18n.Errorf("replicates must be at least 1, got %d", opts.Replicates)
	}
	if !(opts.Level > 0 && opts.Level < 1) {
		return Intervals{}, i18n.Errorf("level must be within (0, 1), got %v", opts.Level)
	}
	if len(sums) == 0 {
		return Intervals{}, ErrNoData
	}
	purchases := make([][]float64, opts.Replicates)
	values := make([][]float64, opts.Replicates)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), opts.Replicates) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sample := make([]Summary, len(sums))
			for k := range jobs {
				purchases[k], values[k] = replicate(sums, sample, k, opts)
			}
		}()
	}
	for k := range opts.Replicates {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	out := Intervals{Rows: make([]Interval, len(sums))}
	for k := range purchases {
		if purchases[k] == nil {
			out.Failed++
		}
	}
	out.Replicates = opts.Replicates - out.Failed
	if out.Failed*2 > opts.Replicates {
		return out, i18n.Errorf("bootstrap: %d of %d refits did not converge; try a penalizer such as --penalizer 0.001", out.Failed, opts.Replicates)
	}
	lo, hi := (1-opts.Level)/2, (1+opts.Level)/2
	col := make([]float64, 0, opts.Replicates)
	at := func(rows [][]float64, i int) []float64 {
		col = col[:0]
		for _, r := range rows {
			if r != nil && finite(r[i]) {
				col = append(col, r[i])
			}
		}
		return col
	}
	for i := range sums {
		c := at(purchases, i)
		out.Rows[i].PurchasesLo, out.Rows[i].PurchasesHi = Quantile(c, lo), Quantile(c, hi)
		c = at(values, i)
		out.Rows[i].CLVLo, out.Rows[i].CLVHi = Quantile(c, lo), Quantile(c, hi)
	}
	totals := func(rows [][]float64) []float64 {
		var t []float64
		for _, r := range rows {
			if r == nil {
				continue
			}
			sum := 0.0
			for _, v := range r {
				if finite(v) {
					sum += v
				}
			}
			t = append(t, sum)
		}
		return t
	}
	c := totals(purchases)
	out.Total.PurchasesLo, out.Total.PurchasesHi = Quantile(c, lo), Quantile(c, hi)
	c = totals(values)
	out.Total.CLVLo, out.Total.CLVHi = Quantile(c, lo), Quantile(c, hi)
	return out, nil
}

// replicate runs refit k into sample and returns every customer's expected
// purchases and CLV, or nils when a fit fails.
func replicate(sums, sample []Summary, k int, opts IntervalOptions) ([]float64, []float64) {
	rng := rand.New(rand.NewPCG(opts.Seed, uint64(k)))
	for i := range sample {
		sample[i] = sums[rng.IntN(len(sums))]
	}
	m, err := Fit(opts.Kind, sample, opts.Fit)
	if err != nil {
		return nil, nil
	}
	gg, err := FitGammaGamma(sample, opts.Fit)
	if err != nil {
		return nil, nil
	}
	preds, err := PredictModel(sums, m.Model, gg.Params, opts.Value)
	if err != nil {
		return nil, nil
	}
	p, v := make([]float64, len(sums)), make([]float64, len(sums))
	for i, pr := range preds {
		p[i], v[i] = pr.Purchases, pr.CLV
	}
	return p, v
}
