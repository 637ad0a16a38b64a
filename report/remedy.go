package report

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// TieRemedy returns the flags that score r's data with every score used
// when quantile (or rank) scores leave some unused because many customers
// share a value — typically frequency on shop data, where most customers
// buy once — or "" when no score is unused or the method is not one of
// those. The metrics with unused scores get cut points spread over their
// distinct values (rfm.SpreadCuts); the others keep their quantile cut
// points, so that under --method quantile pasting the flags changes only
// what was tied (under rank, the others' scores may move a little: quantile
// cut points are not rank scores).
func (r *Result) TieRemedy() string {
	if !r.remedyDone {
		r.remedy, r.remedyDone = r.tieRemedy(), true
	}
	return r.remedy
}

func (r *Result) tieRemedy() string {
	if r.Score.Method != rfm.Quantile && r.Score.Method != rfm.Rank || len(r.Customers) == 0 {
		return ""
	}
	tied := false
	for m := range r.Scoring.Unused {
		tied = tied || len(r.Scoring.Unused[m]) > 0
	}
	if !tied {
		return ""
	}
	n := r.Score.Bins
	parts := []string{"--method thresholds"}
	if n != 5 {
		parts = append(parts, "--bins "+strconv.Itoa(n))
	}
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		var cuts []rfm.Cut
		if len(r.Scoring.Unused[m]) == 0 && r.Score.Method == rfm.Quantile {
			cuts = r.Scoring.Cuts[m]
		} else {
			vals := make([]int64, len(r.Customers))
			for i := range r.Customers {
				c := &r.Customers[i]
				vals[i] = [...]int64{c.Recency, c.Frequency, int64(c.Monetary)}[m]
			}
			whole := rfm.SpreadCuts(vals, n)
			if len(r.Scoring.Unused[m]) == 0 {
				whole = quantileWhole(vals, n)
			}
			for _, c := range whole {
				cuts = append(cuts, rfm.CutAt(c))
			}
		}
		text := make([]string, len(cuts))
		for k, c := range cuts {
			text[k] = c.Format(metricScale(m))
		}
		parts = append(parts, "--"+string("rfm"[m])+"-cuts "+strings.Join(text, ","))
	}
	return strings.Join(parts, " ")
}

// quantileWhole is the rank method's stand-in for quantile cut points on a
// metric whose scores were all used: the type-7 quantiles, each at the
// distinct value at or below it, so that they stay whole.
func quantileWhole(vals []int64, n int) []int64 {
	out := make([]int64, 0, n-1)
	for _, c := range rfm.QuantileCuts(vals, n) {
		f := new(big.Int).Quo(c.Rat().Num(), c.Rat().Denom()).Int64()
		if len(out) > 0 && f <= out[len(out)-1] {
			return rfm.SpreadCuts(vals, n)
		}
		out = append(out, f)
	}
	return out
}

// TieNote says, in lang, which metrics leave scores unused and gives the
// remedy; "" without one.
func (r *Result) TieNote(lang i18n.Lang) string {
	remedy := r.TieRemedy()
	if remedy == "" {
		return ""
	}
	var names []string
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		if len(r.Scoring.Unused[m]) > 0 {
			names = append(names, strings.ToUpper(string("rfm"[m])))
		}
	}
	return lang.Tf("to use every %s score, cut at the distinct values instead: %s", strings.Join(names, ListSep(lang)), remedy)
}

// WeightsText states --weights and the formula, in lang.
func WeightsText(w *rfm.Weights, lang i18n.Lang) string {
	ws := w.W
	return lang.Tf("R %s, F %s, M %s; weighted_score = (wR·R + wF·F + wM·M) ÷ (wR + wF + wM)", ws[0], ws[1], ws[2])
}
