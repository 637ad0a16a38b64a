package report

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// Result is everything a scored run produced, for the writers.
type Result struct {
	// Input is the input file as named on the command line.
	Input string
	// AsOf is the as-of date; AsOfGiven says it came from --as-of.
	AsOf      rfm.Date
	AsOfGiven bool
	Score     rfm.Options
	Scoring   rfm.Scoring
	Scheme    *segment.Scheme
	Segments  segment.Options
	// Lang is the language of class, stage and tier names (SPEC: Chinese
	// unless --lang en); UI is the language of every label, heading, note
	// and sheet name (the interface's).
	Lang      segment.Lang
	UI        i18n.Lang
	Customers []rfm.Customer
	Assigned  segment.Assignment
	// Kept are the headers of the --keep columns, as written.
	Kept      []string
	Ingest    *ingest.Report
	NotScored map[rfm.NotScored]int
	// Version is the tool's version.
	Version string
	// CLV, when set, is the lifetime value run of rfm score --with-clv:
	// CLVIndex[i] is customer i's row in its Sums and Preds, or −1 (see
	// AttachCLV).
	CLV      *CLV
	CLVIndex []int
	// Lifecycle, when set, holds the stages of rfm score --lifecycle (see
	// AttachLifecycle).
	Lifecycle *Lifecycle
	// Weights, when set, adds weighted_score after rfm_sum (--weights).
	Weights *rfm.Weights
	// Prospects are the customers of the customer file without a purchase
	// row, by id, and CustomerFile the join's accounting (prospects.go);
	// both nil without rfm score --customers.
	Prospects    []Prospect
	CustomerFile *CustomerFileJoin

	// remedy caches TieRemedy, which the note, the workbook and the HTML
	// report each ask for and which sorts every tied metric.
	remedy     string
	remedyDone bool
}

// Class is one row of the summary: a segment and its customers.
type Class struct {
	Segment   *segment.Segment
	Tier      string
	Customers int
	// Share is Customers ÷ all scored customers.
	Share    float64
	Monetary rfm.Cents
	// MonetaryShare is Monetary ÷ the total over all classes.
	MonetaryShare float64
	// MeanRecency, MeanFrequency, MeanMonetary are per-customer means.
	MeanRecency, MeanFrequency, MeanMonetary float64
}

// Classes summarises the customers by segment, in the scheme's order (for
// cn8, from 重要价值客户 to 一般挽留客户), with Other last; empty segments are
// included so that every report shows the whole scheme.
func (r *Result) Classes() []Class {
	n := len(r.Scheme.Segments)
	type acc struct {
		count        int
		rec, fr, mon int64
		tiers        map[string]int
	}
	accs := make([]acc, n+1)
	total := new(big.Int)
	for i := range r.Customers {
		k := r.Assigned.Segment[i]
		if k < 0 {
			k = n
		}
		c := &r.Customers[i]
		a := &accs[k]
		a.count++
		a.rec += c.Recency
		a.fr += c.Frequency
		a.mon += int64(c.Monetary)
		if a.tiers == nil {
			a.tiers = map[string]int{}
		}
		a.tiers[r.Assigned.Tier[i]]++
		total.Add(total, big.NewInt(int64(c.Monetary)))
	}
	order := make([]int, 0, n+1)
	if r.Scheme.HighLow {
		order = append(order, 7, 5, 3, 1, 6, 4, 2, 0) // SPEC §5's table order
	} else {
		for i := range n {
			order = append(order, i)
		}
	}
	if accs[n].count > 0 {
		order = append(order, n)
	}
	tot, _ := new(big.Float).SetInt(total).Float64()
	var out []Class
	for _, k := range order {
		a := accs[k]
		seg := &segment.Other
		if k < n {
			seg = r.Scheme.SegmentOf(k)
		}
		cl := Class{Segment: seg, Customers: a.count, Monetary: rfm.Cents(a.mon)}
		cl.Tier = cl.Segment.Tier
		if r.Segments.Tiers.Pareto {
			cl.Tier = tierMix(a.tiers)
		}
		if len(r.Customers) > 0 {
			cl.Share = float64(a.count) / float64(len(r.Customers))
		}
		if tot > 0 {
			cl.MonetaryShare = float64(a.mon) / tot
		}
		if a.count > 0 {
			cl.MeanRecency = float64(a.rec) / float64(a.count)
			cl.MeanFrequency = float64(a.fr) / float64(a.count)
			cl.MeanMonetary = float64(a.mon) / 100 / float64(a.count)
		}
		out = append(out, cl)
	}
	return out
}

// tierMix names the tiers of a class under Pareto tiers, e.g. "A 12, B 3".
func tierMix(t map[string]int) string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 1 {
		return keys[0]
	}
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k + " " + itoa(t[k])
	}
	return s
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

// NotScoredReasons returns the not-scored reasons in a fixed order.
func (r *Result) NotScoredReasons() []rfm.NotScored {
	var out []rfm.NotScored
	for k := range r.NotScored {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// cutPoints returns metric m's cut points as text, in the metric's unit
// (days, orders, currency); "" when it has none.
func (r *Result) cutPoints(m rfm.Metric) string {
	cuts := r.Scoring.Cuts[m]
	parts := make([]string, len(cuts))
	for i, c := range cuts {
		parts[i] = c.Format(metricScale(m))
	}
	return strings.Join(parts, ", ")
}

// mean returns metric m's mean (the mean method's threshold) with two
// decimals, in the metric's unit; "" when it has none.
func (r *Result) mean(m rfm.Metric) string {
	mean := r.Scoring.Means[m]
	if mean == nil {
		return ""
	}
	return new(big.Rat).Quo(mean, big.NewRat(metricScale(m), 1)).FloatString(2)
}

// metricScale is the number of stored units per unit shown: monetary is
// stored in cents.
func metricScale(m rfm.Metric) int64 {
	if m == rfm.Monetary {
		return 100
	}
	return 1
}

// CheckTotals refuses a result whose monetary totals — per class, and over
// all customers — do not fit the cents a total is written in, which would
// otherwise wrap (four customers of 92,233,720,368,547,758.07 would total
// −0.02). The summary table and the workbook check it; the customer CSV
// needs no total.
func (r *Result) CheckTotals() error {
	n := len(r.Scheme.Segments)
	sums := make([]*big.Int, n+1)
	total := new(big.Int)
	for i := range r.Customers {
		k := r.Assigned.Segment[i]
		if k < 0 || k > n {
			k = n
		}
		if sums[k] == nil {
			sums[k] = new(big.Int)
		}
		m := big.NewInt(int64(r.Customers[i].Monetary))
		sums[k].Add(sums[k], m)
		total.Add(total, m)
	}
	fits := func(v *big.Int) bool { return v == nil || (v.IsInt64() && v.Int64() != math.MinInt64) }
	for k, v := range sums {
		if !fits(v) {
			seg := &segment.Other
			if k < n {
				seg = r.Scheme.SegmentOf(k)
			}
			return i18n.Errorf("the monetary total of %s, %s, is beyond the %s a total can hold; write the customers with -o FILE.csv, which has no totals",
				seg.Name(r.Lang), bigCents(v), rfm.Cents(math.MaxInt64))
		}
	}
	if !fits(total) {
		return i18n.Errorf("the monetary total of all customers, %s, is beyond the %s a total can hold; write the customers with -o FILE.csv, which has no totals",
			bigCents(total), rfm.Cents(math.MaxInt64))
	}
	return nil
}

// bigCents formats a number of cents with two decimals.
func bigCents(v *big.Int) string {
	q, m := new(big.Int).QuoRem(v, big.NewInt(100), new(big.Int))
	sign := ""
	if v.Sign() < 0 {
		sign = "-"
		q.Abs(q)
		m.Abs(m)
	}
	return fmt.Sprintf("%s%s.%02d", sign, q, m.Int64())
}
