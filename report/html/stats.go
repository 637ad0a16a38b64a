package html

import (
	"math"
	"slices"
	"strconv"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// classStats are the per-class aggregates the class table and charts need
// beyond report.Class: orders, medians and lifetime value means.
type classStats struct {
	orders              int64
	medR, medF, medM    float64
	pAlive, clv         float64
	withCLV             int
	recs, freqs, moneys []int64
}

// statsOf groups the customers by segment, in the order of classes.
func statsOf(r *report.Result, classes []report.Class) []classStats {
	at := map[*segment.Segment]int{}
	for i, c := range classes {
		at[c.Segment] = i
	}
	out := make([]classStats, len(classes))
	for i := range r.Customers {
		seg := &segment.Other
		if k := r.Assigned.Segment[i]; k >= 0 {
			seg = r.Scheme.SegmentOf(k)
		}
		k, ok := at[seg]
		if !ok {
			continue
		}
		c := &r.Customers[i]
		s := &out[k]
		s.orders += c.Frequency
		s.recs = append(s.recs, c.Recency)
		s.freqs = append(s.freqs, c.Frequency)
		s.moneys = append(s.moneys, int64(c.Monetary))
		if r.CLV != nil && i < len(r.CLVIndex) && r.CLVIndex[i] >= 0 {
			p := r.CLV.Preds[r.CLVIndex[i]]
			if !math.IsNaN(p.PAlive) && !math.IsNaN(p.CLV) {
				s.pAlive += p.PAlive
				s.clv += p.CLV
				s.withCLV++
			}
		}
	}
	for k := range out {
		s := &out[k]
		s.medR, s.medF, s.medM = median(s.recs), median(s.freqs), median(s.moneys)/100
		s.recs, s.freqs, s.moneys = nil, nil, nil
	}
	return out
}

// median is the middle value, or the mean of the two middle ones.
func median(v []int64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return float64(v[n/2])
	}
	return (float64(v[n/2-1]) + float64(v[n/2])) / 2
}

// bin is one bar of a histogram: values in [lo, hi).
type bin struct {
	lo, hi int64
	count  int
}

// linearBins splits 0..max into about n equal whole-number bins.
func linearBins(vals func(i int) int64, n, want int) []bin {
	hi := int64(0)
	for i := range n {
		hi = max(hi, vals(i))
	}
	step := report.NiceStep(max(1, (hi+int64(want))/int64(want)))
	bins := make([]bin, hi/step+1)
	for k := range bins {
		bins[k] = bin{lo: int64(k) * step, hi: int64(k+1) * step}
	}
	for i := range n {
		bins[vals(i)/step].count++
	}
	return bins
}

// logEdges are 1, 2, 5, 10, 20, 50 … up to beyond hi (in the value's unit
// times scale), the edges of a log-scale histogram.
func logEdges(lo, hi, scale int64) []int64 {
	var out []int64
	for dec := int64(1); ; dec *= 10 {
		for _, m := range []int64{1, 2, 5} {
			e := m * dec * scale
			if e > lo && (len(out) == 0 || e > out[len(out)-1]) {
				if len(out) == 0 {
					out = append(out, lo)
				}
				out = append(out, e)
			}
			if e > hi {
				return out
			}
		}
		if dec > math.MaxInt64/100 {
			return append(out, math.MaxInt64)
		}
	}
}

// logBins counts values by logEdges.
func logBins(vals func(i int) int64, n int, scale int64) []bin {
	if n == 0 {
		return nil
	}
	lo, hi := vals(0), vals(0)
	for i := range n {
		lo, hi = min(lo, vals(i)), max(hi, vals(i))
	}
	lo = min(lo, scale)
	edges := logEdges(lo, hi, scale)
	bins := make([]bin, len(edges)-1)
	for k := range bins {
		bins[k] = bin{lo: edges[k], hi: edges[k+1]}
	}
	for i := range n {
		v := vals(i)
		k, _ := slices.BinarySearch(edges, v+1)
		bins[max(0, min(len(bins)-1, k-1))].count++
	}
	return bins
}

// paretoCurve returns the cumulative share of net spend against the share of
// customers, ranked by net spend, at 101 points.
func paretoCurve(cs []rfm.Customer) [][2]float64 {
	nets := make([]int64, len(cs))
	total := 0.0
	for i := range cs {
		nets[i] = int64(cs[i].Net)
		total += float64(nets[i])
	}
	slices.Sort(nets)
	slices.Reverse(nets)
	pts := [][2]float64{{0, 0}}
	if len(nets) == 0 || total <= 0 {
		return append(pts, [2]float64{1, 1})
	}
	sum, k := 0.0, 1
	for i, v := range nets {
		sum += float64(v)
		for k <= 100 && (i+1)*100 >= k*len(nets) {
			pts = append(pts, [2]float64{float64(k) / 100, sum / total})
			k++
		}
	}
	return pts
}

// shareAt is the customer share at which the curve first reaches y.
func shareAt(pts [][2]float64, y float64) float64 {
	for _, p := range pts {
		if p[1] >= y {
			return p[0]
		}
	}
	return 1
}

// fmtInt writes n with thousands separators.
func fmtInt(n int64) string { return report.GroupThousands(int(n)) }

// fmtMoney writes an amount with two decimals and thousands separators.
func fmtMoney(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := fmtInt(n) + frac
	if v < 0 && out != "0.00" {
		out = "-" + out
	}
	return out
}

// fmtCents writes cents exactly, with thousands separators.
func fmtCents(c rfm.Cents) string {
	s := c.String()
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	n, _ := strconv.ParseInt(s[:len(s)-3], 10, 64)
	out := fmtInt(n) + s[len(s)-3:]
	if neg {
		out = "-" + out
	}
	return out
}

// fmtPct writes a share with one decimal.
func fmtPct(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

// fmt1 writes one decimal.
func fmt1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
