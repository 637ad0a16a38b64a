package clv

import (
	"slices"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// FrequencyRow compares, for the customers with one calibration frequency,
// the repeat purchases predicted for the holdout period with those made
// (Figure 4 of the BG/NBD paper).
type FrequencyRow struct {
	// X is the calibration repeat purchases; in the last row, X or more.
	X         int
	Customers int
	// Actual and Predicted are means per customer.
	Actual, Predicted float64
}

// CompareByFrequency groups the customers by calibration frequency x = 0, 1,
// …, max−1 and max or more, and returns the mean actual holdout purchases
// (actual, by customer, from CountDays) next to the mean conditional
// expectation over the holdout length t. Groups without customers are left
// out.
func CompareByFrequency(sums []Summary, actual map[string]int, m PurchaseModel, t float64, max int) []FrequencyRow {
	if max < 1 {
		max = 1
	}
	rows := make([]FrequencyRow, max+1)
	for i := range rows {
		rows[i].X = i
	}
	for _, s := range sums {
		i := min(int(s.X), max)
		rows[i].Customers++
		rows[i].Actual += float64(actual[s.Customer])
		rows[i].Predicted += m.ConditionalExpectedPurchases(t, s.X, s.Tx, s.T)
	}
	out := rows[:0]
	for _, r := range rows {
		if r.Customers == 0 {
			continue
		}
		r.Actual /= float64(r.Customers)
		r.Predicted /= float64(r.Customers)
		out = append(out, r)
	}
	return out
}

// TrackingRow is one period of the cumulative repeat-purchase curve
// (Figure 2 of the BG/NBD paper).
type TrackingRow struct {
	// Period counts from 1; period k covers the unit-long run of days from
	// the cohort's first purchase day + (k−1)·unit.
	Period int
	// End is the period's last day (the tracking end for a last, short
	// period).
	End int32
	// Actual and Predicted are cumulative repeat purchases (purchase days
	// after each customer's first) of the whole cohort up to End.
	Actual, Predicted float64
}

// Track returns the cohort's cumulative repeat purchases, actual and
// predicted by E[X(t)] from each customer's first purchase, period by
// period from the earliest first purchase to end (typically the holdout
// end). The cohort is the customers in sums, with First as their first
// purchase day; purchases (amount ≥ 0) of other customers are ignored.
func Track(purchases []Purchase, sums []Summary, m PurchaseModel, unit Unit, end int32) ([]TrackingRow, error) {
	if unit != Day && unit != Week {
		return nil, ErrUnit
	}
	if len(sums) == 0 {
		return nil, nil
	}
	first := make(map[string]int32, len(sums))
	start := sums[0].First
	for _, s := range sums {
		first[s.Customer] = s.First
		start = min(start, s.First)
	}
	if end < start {
		return nil, i18n.Errorf("tracking end is before the first purchase")
	}
	u := int32(unit)
	n := int((end-start)/u) + 1
	rows := make([]TrackingRow, n)
	for k := range rows {
		rows[k].Period = k + 1
		rows[k].End = min(start+int32(k+1)*u-1, end)
	}
	// Actual: count each customer's distinct repeat days into their period.
	type cd struct {
		c string
		d int32
	}
	seen := make(map[cd]bool)
	for _, p := range purchases {
		f, ok := first[p.Customer]
		if !ok || p.Amount < 0 || p.Day <= f || p.Day > end || seen[cd{p.Customer, p.Day}] {
			continue
		}
		seen[cd{p.Customer, p.Day}] = true
		rows[(p.Day-start)/u].Actual++
	}
	for k := 1; k < n; k++ {
		rows[k].Actual += rows[k-1].Actual
	}
	// Predicted: customers who started on the same day share E[X(t)].
	cohort := make(map[int32]float64)
	for _, s := range sums {
		cohort[s.First]++
	}
	days := make([]int32, 0, len(cohort))
	for d := range cohort {
		days = append(days, d)
	}
	slices.Sort(days)
	for k := range rows {
		for _, d := range days {
			if d >= rows[k].End {
				break
			}
			rows[k].Predicted += cohort[d] * m.ExpectedPurchases(float64(rows[k].End-d)/float64(u))
		}
	}
	return rows, nil
}
