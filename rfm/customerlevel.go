package rfm

import (
	"slices"
	"strings"
)

// CustomerRow is one row of a customer-level input (SPEC §9): a customer's
// metrics as a CRM exports them, one row per customer.
type CustomerRow struct {
	ID   string
	Kept []string
	// Recency is the days since the last purchase as given; with Last set
	// instead it is computed from the as-of date.
	Recency int64
	// Last is the last purchase date, or NoDate when the row gives Recency.
	Last      Date
	Frequency int64
	Monetary  Amount
}

// LatestPurchase returns the latest Last among rows, or NoDate.
func LatestPurchase(rows []CustomerRow) Date {
	d := NoDate
	for i := range rows {
		d = max(d, rows[i].Last)
	}
	return d
}

// CustomersOf turns customer-level rows into customers sorted by id, as
// Aggregator.Customers does for transactions: recency_days = asOf − Last for
// rows that give a date; monetary is rounded to cents and, with
// MonetaryMean, divided by frequency; a customer with frequency 0 or a
// rounded monetary ≤ 0 is not scored but counted by reason. First is
// NoDate: a customer table does not say when a customer first bought.
func CustomersOf(rows []CustomerRow, asOf Date, rule MonetaryRule) ([]Customer, map[NotScored]int) {
	skipped := make(map[NotScored]int)
	out := make([]Customer, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		if r.Frequency == 0 {
			skipped[NoPurchase]++
			continue
		}
		var s Sum
		s.Add(r.Monetary)
		net, fits := s.Cents()
		if net <= 0 {
			skipped[NonPositiveSpend]++
			continue
		}
		if !fits {
			skipped[TooLarge]++
			continue
		}
		c := Customer{ID: r.ID, Kept: r.Kept, Recency: r.Recency, Frequency: r.Frequency,
			Net: net, Monetary: net, First: NoDate, Last: r.Last}
		if r.Last != NoDate {
			c.Recency = int64(asOf) - int64(r.Last)
		}
		if rule == MonetaryMean {
			c.Monetary = net.DivRound(c.Frequency)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Customer) int { return strings.Compare(a.ID, b.ID) })
	return out, skipped
}
