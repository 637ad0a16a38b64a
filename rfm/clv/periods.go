package clv

import (
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Periods of the discrete-time model (BG/BB). Time is cut into periods of
// one unit that end on the calibration end: period 0 is the unit-long run
// of days up to and including it, period −1 the one before, period 1 the
// first after it. A customer's first purchase period is their birth; each
// later period is one opportunity to buy, and a period with a purchase
// (any number of purchase days) counts once. So every calibration period
// is complete.

// period returns the number of the period that holds day d.
func period(d, end int32, unit Unit) int32 {
	u := int32(unit)
	diff := end - d
	q := diff / u
	if diff%u != 0 && diff < 0 {
		q--
	}
	return -q
}

// SummarizePeriods builds BG/BB's per-customer summaries from used rows,
// with the rows Summarize keeps (dated on or before end, amount ≥ 0): X is
// the number of periods after the birth period with a purchase, Tx the
// number of the last such period counted from the birth (0 when X is 0),
// and T the number n of periods after the birth up to the calibration end.
// Spend is the mean of the repeat periods' spend, Total the spend of all.
// The result is ordered by customer id in byte order.
func SummarizePeriods(purchases []Purchase, end int32, unit Unit) ([]Summary, error) {
	days, err := Summarize(purchases, end, Day)
	if err != nil {
		return nil, err
	}
	if unit != Day && unit != Week {
		return nil, ErrUnit
	}
	spend := periodSpend(purchases, end, unit)
	out := make([]Summary, len(days))
	for i, s := range days {
		birth := period(s.First, end, unit)
		p := Summary{Customer: s.Customer, T: float64(-birth), First: s.First, Last: s.Last}
		var repeat float64
		for _, ps := range spend[s.Customer] {
			p.Total += ps.spend
			if ps.period > birth {
				p.X++
				repeat += ps.spend
				p.Tx = float64(ps.period - birth)
			}
		}
		if p.X > 0 {
			p.Spend = repeat / p.X
		}
		out[i] = p
	}
	return out, nil
}

type periodTotal struct {
	period int32
	spend  float64
}

// periodSpend returns each customer's periods with a purchase up to end,
// in order, with their spend.
func periodSpend(purchases []Purchase, end int32, unit Unit) map[string][]periodTotal {
	type row struct {
		cust   string
		period int32
		spend  float64
	}
	var rows []row
	for _, p := range purchases {
		if p.Day > end || !(p.Amount >= 0) {
			continue
		}
		rows = append(rows, row{p.Customer, period(p.Day, end, unit), p.Amount})
	}
	// As in Summarize: the file order within a period fixes the float sum.
	slices.SortStableFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.cust, b.cust); c != 0 {
			return c
		}
		return int(a.period) - int(b.period)
	})
	out := make(map[string][]periodTotal)
	for _, r := range rows {
		l := out[r.cust]
		if n := len(l); n > 0 && l[n-1].period == r.period {
			l[n-1].spend += r.spend
			continue
		}
		out[r.cust] = append(l, periodTotal{r.period, r.spend})
	}
	return out
}

// HoldoutPeriods returns the number of whole periods between the
// calibration end and the holdout end.
func HoldoutPeriods(end, holdoutEnd int32, unit Unit) int {
	return int((holdoutEnd - end) / int32(unit))
}

// CountPeriods returns, per customer, the number of the first n periods
// after the calibration end with a purchase occasion: BG/BB's actual
// holdout purchases.
func CountPeriods(purchases []Purchase, end int32, n int, unit Unit) map[string]int {
	last := end + int32(n)*int32(unit)
	type cp struct {
		c string
		p int32
	}
	seen := make(map[cp]bool)
	out := make(map[string]int)
	for _, p := range purchases {
		if p.Day <= end || p.Day > last || !(p.Amount >= 0) {
			continue
		}
		k := cp{p.Customer, period(p.Day, end, unit)}
		if !seen[k] {
			seen[k] = true
			out[p.Customer]++
		}
	}
	return out
}

// TrackPeriods is Track for BG/BB: the cohort's cumulative repeat
// purchases (periods with a purchase after each customer's birth period),
// actual and predicted by E[X(n)], period by period from the earliest
// birth period to the n-th after the calibration end. sums are period
// summaries.
func TrackPeriods(purchases []Purchase, sums []Summary, m PurchaseModel, end int32, n int, unit Unit) ([]TrackingRow, error) {
	if unit != Day && unit != Week {
		return nil, ErrUnit
	}
	if len(sums) == 0 {
		return nil, nil
	}
	birth := make(map[string]int32, len(sums))
	first := int32(0)
	for _, s := range sums {
		b := period(s.First, end, unit)
		birth[s.Customer] = b
		first = min(first, b)
	}
	if n < 0 {
		return nil, i18n.Errorf("tracking ends before the calibration end")
	}
	u := int32(unit)
	rows := make([]TrackingRow, int(int32(n)-first)+1)
	for k := range rows {
		rows[k].Period = k + 1
		rows[k].End = end + (first+int32(k))*u
	}
	type cp struct {
		c string
		p int32
	}
	seen := make(map[cp]bool)
	for _, p := range purchases {
		b, ok := birth[p.Customer]
		if !ok || !(p.Amount >= 0) {
			continue
		}
		k := period(p.Day, end, unit)
		if k <= b || k > int32(n) || seen[cp{p.Customer, k}] {
			continue
		}
		seen[cp{p.Customer, k}] = true
		rows[k-first].Actual++
	}
	for k := 1; k < len(rows); k++ {
		rows[k].Actual += rows[k-1].Actual
	}
	cohort := make(map[int32]float64)
	for _, b := range birth {
		cohort[b]++
	}
	// A fixed order makes the float sums reproducible.
	births := make([]int32, 0, len(cohort))
	for b := range cohort {
		births = append(births, b)
	}
	slices.Sort(births)
	for k := range rows {
		j := first + int32(k)
		for _, b := range births {
			if j > b {
				rows[k].Predicted += cohort[b] * m.ExpectedPurchases(float64(j-b))
			}
		}
	}
	return rows, nil
}
