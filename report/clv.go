package report

import (
	"bufio"
	"io"
	"math"
	"sort"
	"strconv"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
)

// CLV is a run of the lifetime value models (rfm clv, rfm score --with-clv),
// for the writers: the per-customer summaries of SPEC §7, the fits, the
// forecasts and the settings they were made with.
type CLV struct {
	// Input is the input file as named on the command line.
	Input string
	// CalEnd is the calibration end; CalEndHow says where it came from
	// ("--calibration-end", "the latest used row", …).
	CalEnd    rfm.Date
	CalEndHow string
	Unit      clv.Unit
	// Horizon is the forecast horizon in units; HorizonText is it as given
	// (52w, 12m).
	Horizon      float64
	HorizonText  string
	DiscountRate float64
	Margin       float64
	Penalizer    float64
	// Churn is the churn-risk rule. ChurnQuantile is the quantile of the
	// customers' past values that Churn.MinValue is, or NaN when the
	// threshold was given as an amount.
	Churn         clv.ChurnRule
	ChurnQuantile float64
	// Sums and Preds are the customers, by customer id; Preds[i] is Sums[i]'s.
	// For BG/BB (Model.Model.Kind().Discrete()) Sums are period summaries.
	Sums  []clv.Summary
	Preds []clv.Prediction
	// Model is the purchase model's fit (BG/NBD unless chosen otherwise).
	Model clv.ModelFit
	GG    clv.GammaGammaFit
	// Intervals holds the per-customer bootstrap intervals, by customer as
	// Sums; nil without --intervals. Seed is the bootstrap's seed.
	Intervals *clv.Intervals
	Seed      uint64
	// Comparison holds the fits of every continuous-time model on Sums;
	// nil without --compare.
	Comparison *CLVComparison
	// Holdout compares the forecast with the period after the calibration
	// end; nil without one.
	Holdout *CLVHoldout
	// Version is the tool's version.
	Version string
}

// CLVHoldout is the forecast for the holdout period against what happened:
// the BG/NBD paper's validation figures.
type CLVHoldout struct {
	// End is the holdout's last day; it begins the day after the
	// calibration end. Length is its length in units.
	End    rfm.Date
	Length float64
	// ByFrequency holds the mean repeat purchases per customer in the
	// holdout, by calibration repeat purchases x; the row of MaxX holds the
	// customers with x ≥ MaxX ("7+").
	ByFrequency []clv.FrequencyRow
	MaxX        int
	// Tracking holds the cumulative repeat purchases per unit of time since
	// the first purchase.
	Tracking []clv.TrackingRow
}

// clvColumn is one numeric column of the lifetime value output: its name,
// its decimals in CSV, and its value.
type clvColumn struct {
	name     string
	decimals int
	value    func(s *clv.Summary, p *clv.Prediction) float64
}

// clvColumns are the numeric columns of rfm clv's customer output, between
// customer_id and churn_risk.
var clvColumns = []clvColumn{
	{"x", 0, func(s *clv.Summary, _ *clv.Prediction) float64 { return s.X }},
	{"t_x", 4, func(s *clv.Summary, _ *clv.Prediction) float64 { return s.Tx }},
	{"T", 4, func(s *clv.Summary, _ *clv.Prediction) float64 { return s.T }},
	{"m_bar", 2, func(s *clv.Summary, _ *clv.Prediction) float64 { return s.Spend }},
	{"past_value", 2, func(s *clv.Summary, _ *clv.Prediction) float64 { return s.Total }},
	{"p_alive", 6, func(_ *clv.Summary, p *clv.Prediction) float64 { return p.PAlive }},
	{"expected_purchases", 6, func(_ *clv.Summary, p *clv.Prediction) float64 { return p.Purchases }},
	{"expected_spend", 2, func(_ *clv.Summary, p *clv.Prediction) float64 { return p.Spend }},
	{"clv", 2, func(_ *clv.Summary, p *clv.Prediction) float64 { return p.CLV }},
}

// Discrete reports whether c's purchase model counts periods with a
// purchase (BG/BB) rather than purchase days.
func (c *CLV) Discrete() bool { return c.Model.Model != nil && c.Model.Model.Kind().Discrete() }

// decimals is col's number of decimals in c's output: BG/BB's t_x and T
// count whole periods, so they have none.
func (c *CLV) decimals(col clvColumn) int {
	if c.Discrete() && (col.name == "t_x" || col.name == "T") {
		return 0
	}
	return col.decimals
}

// The columns of clvColumns that rfm score --with-clv adds.
var (
	colPAlive = clvColumns[5]
	colCLV    = clvColumns[8]
)

// IntervalLevel is the coverage of the bootstrap intervals.
const IntervalLevel = 0.9

// intervalColumns are the columns the bootstrap intervals add after
// churn_risk, with their decimals and values.
var intervalColumns = []struct {
	name     string
	decimals int
	value    func(iv *clv.Interval) float64
}{
	{"expected_purchases_p05", 6, func(iv *clv.Interval) float64 { return iv.PurchasesLo }},
	{"expected_purchases_p95", 6, func(iv *clv.Interval) float64 { return iv.PurchasesHi }},
	{"clv_p05", 2, func(iv *clv.Interval) float64 { return iv.CLVLo }},
	{"clv_p95", 2, func(iv *clv.Interval) float64 { return iv.CLVHi }},
}

// CLVHeader returns the header of rfm clv's customer output.
func CLVHeader() []string {
	h := []string{"customer_id"}
	for _, c := range clvColumns {
		h = append(h, c.name)
	}
	return append(h, "churn_risk")
}

// header is c's customer header: CLVHeader, then the interval columns
// when there are intervals.
func (c *CLV) header() []string {
	h := CLVHeader()
	if c.Intervals != nil {
		for _, col := range intervalColumns {
			h = append(h, col.name)
		}
	}
	return h
}

// CLVScoreHeader returns the columns rfm score --with-clv appends to SPEC
// §6's, after tier, with the values of the same columns of rfm clv.
func CLVScoreHeader() []string { return []string{colPAlive.name, colCLV.name, "churn_risk"} }

// WriteCLVCSV writes one row per customer of c, by customer id, with SPEC
// §6's CSV conventions; a value that is not finite is left empty.
func WriteCLVCSV(w io.Writer, c *CLV) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	writeRecord(bw, c.header())
	var b, scratch []byte
	for i := range c.Sums {
		s, p := &c.Sums[i], &c.Preds[i]
		b = appendField(b[:0], Guard(s.Customer))
		for _, col := range clvColumns {
			b = append(b, ',')
			b, scratch = appendFixed(b, scratch, col.value(s, p), c.decimals(col))
		}
		b = append(b, ',')
		b = strconv.AppendBool(b, p.ChurnRisk)
		if c.Intervals != nil {
			for _, col := range intervalColumns {
				b = append(b, ',')
				b, scratch = appendFixed(b, scratch, col.value(&c.Intervals.Rows[i]), col.decimals)
			}
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendCLV appends customer i's --with-clv fields, each after a comma;
// empty when the customer has no lifetime value row.
func (r *Result) appendCLV(b []byte, i int) []byte {
	k := r.CLVIndex[i]
	if k < 0 {
		return append(b, ",,,"...)
	}
	s, p := &r.CLV.Sums[k], &r.CLV.Preds[k]
	for _, col := range [...]clvColumn{colPAlive, colCLV} {
		b = append(b, ',')
		b, _ = appendFixed(b, nil, col.value(s, p), col.decimals)
	}
	b = append(b, ',')
	return strconv.AppendBool(b, p.ChurnRisk)
}

// header is the customer output's header: SPEC §6's, then the lifetime
// value columns when there are any.
func (r *Result) header() []string {
	h := r.weighted(Header(r.Kept))
	if r.Lifecycle != nil {
		h = append(h, LifecycleHeader()...)
	}
	if r.CLV != nil {
		h = append(h, CLVScoreHeader()...)
	}
	return h
}

// AttachCLV sets r.CLV to c and matches the customers: CLVIndex[i] is the
// row of c for customer i, or −1 when c has none. Both are in customer id
// order.
func (r *Result) AttachCLV(c *CLV) {
	r.CLV = c
	r.CLVIndex = make([]int, len(r.Customers))
	k := 0
	for i := range r.Customers {
		id := r.Customers[i].ID
		for k < len(c.Sums) && c.Sums[k].Customer < id {
			k++
		}
		if k < len(c.Sums) && c.Sums[k].Customer == id {
			r.CLVIndex[i] = k
		} else {
			r.CLVIndex[i] = -1
		}
	}
}

// AtRisk returns the rows of c flagged at churn risk, the most valuable
// first: by past value descending, then customer id.
func (c *CLV) AtRisk() []int {
	var out []int
	for i := range c.Preds {
		if c.Preds[i].ChurnRisk {
			out = append(out, i)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &c.Sums[out[i]], &c.Sums[out[j]]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Customer < b.Customer
	})
	return out
}

// rounded is v as the CSV writes it with n decimals, for the workbook's
// cells, so that both hold the same numbers; false when v is not finite.
func rounded(v float64, n int) (float64, bool) {
	b, _ := appendFixed(nil, nil, v, n)
	if len(b) == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}

// fixed formats v with n decimals, rounding the shortest decimal that
// reads back as v half away from zero (22.345 → 22.35, as a person reading
// the number expects), empty when v is not finite, and never as -0.
func fixed(v float64, n int) string {
	b, _ := appendFixed(nil, nil, v, n)
	return string(b)
}

// appendFixed appends fixed(v, n) to b, using scratch (returned for reuse)
// for the shortest decimal.
func appendFixed(b, scratch []byte, v float64, n int) ([]byte, []byte) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b, scratch
	}
	s := strconv.AppendFloat(scratch[:0], v, 'f', -1, 64)
	scratch = s
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	ip, fp := s, []byte(nil)
	for i, c := range s {
		if c == '.' {
			ip, fp = s[:i], s[i+1:]
			break
		}
	}
	start := len(b)
	if neg {
		b = append(b, '-')
	}
	digits := len(b)
	b = append(b, ip...)
	if len(fp) <= n {
		b = append(b, fp...)
		for range n - len(fp) {
			b = append(b, '0')
		}
	} else {
		b = append(b, fp[:n]...)
		if fp[n] >= '5' {
			i := len(b) - 1
			for ; i >= digits && b[i] == '9'; i-- {
				b[i] = '0'
			}
			if i < digits {
				b = append(b, 0)
				copy(b[digits+1:], b[digits:])
				b[digits] = '1'
			} else {
				b[i]++
			}
		}
	}
	if n > 0 {
		k := len(b) - n
		b = append(b, 0)
		copy(b[k+1:], b[k:])
		b[k] = '.'
	}
	if neg {
		zero := true
		for _, c := range b[digits:] {
			if c != '0' && c != '.' {
				zero = false
				break
			}
		}
		if zero {
			b = append(b[:start], b[start+1:]...)
		}
	}
	return b, scratch
}
