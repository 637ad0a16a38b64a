package html

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/svg"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// WriteCLV writes the report of a lifetime value run: the fits and settings,
// the forecast, the distributions of P(alive) and CLV, and, with a holdout
// period, the BG/NBD paper's validation charts.
func WriteCLV(w io.Writer, c *report.CLV, lang i18n.Lang) error {
	p := &page{lang: lang, names: lang}
	p.start(p.t("Customer lifetime value report"), p.tf("%s · calibration end %s", c.Input, c.CalEnd))
	clvFit(p, c)
	clvDistributions(p, c)
	if c.Intervals != nil {
		clvIntervals(p, c)
	}
	if c.Holdout != nil {
		clvHoldout(p, c)
	}
	return p.finish(w, c.Version)
}

func dec(v float64, n int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', n, 64)
}

func converged(p *page, f clv.FitResult) string {
	if f.Converged {
		return p.tf("yes (%d iterations)", f.Iterations)
	}
	return p.t("no")
}

func clvFit(p *page, c *report.CLV) {
	p.section("fit", p.t("The fit"))
	head := []string{p.t("Model"), p.t("Parameters"), p.t("Log-likelihood"),
		p.t("Fitted on"), p.t("Converged")}
	gg := c.GG.Params
	p.table("fit-table", head, [][]cell{
		{txt(c.Model.Model.Kind().Title()), txt(report.ParamText(c.Model.Model)),
			num(dec(c.Model.LogLik, 2)), num(fmtInt(int64(c.Model.Customers))), txt(converged(p, c.Model.FitResult))},
		{txt("Gamma-Gamma"), txt("p " + dec(gg.P, 4) + ", q " + dec(gg.Q, 4) + ", γ " + dec(gg.Gamma, 4)),
			num(dec(c.GG.LogLik, 2)), num(fmtInt(int64(c.GG.Customers))), txt(converged(p, c.GG.FitResult))},
	}, nil)
	if c.Comparison != nil {
		clvComparison(p, c.Comparison)
	}
	var repeat int
	var purchases, value float64
	for i := range c.Sums {
		if c.Sums[i].X > 0 {
			repeat++
		}
		purchases += c.Preds[i].Purchases
		value += c.Preds[i].CLV
	}
	per := math.NaN()
	if len(c.Sums) > 0 {
		per = value / float64(len(c.Sums))
	}
	rows := [][2]string{
		{p.t("Calibration end"), p.tf("%s (%s)", c.CalEnd, calEndHow(c.CalEndHow, p.lang))},
		{p.t("Unit"), unitText(c.Unit, p.lang)},
		{p.t("Horizon"), report.HorizonIn(c, p.lang)},
		{p.t("Discount rate per unit"), dec(100*c.DiscountRate, 2) + "%"},
		{p.t("Margin"), dec(100*c.Margin, 1) + "%"},
		{p.t("Penalizer"), dec(c.Penalizer, 4)},
		{p.t("Customers"), fmtInt(int64(len(c.Sums)))},
		{p.t("Repeat customers"), fmtInt(int64(repeat))},
		{p.t("Expected purchases over the horizon"), dec(purchases, 1) + totalRange(p, c, false)},
		{p.t("Total CLV"), money(value) + totalRange(p, c, true)},
		{p.t("CLV per customer"), money(per)},
		{p.t("Customers at churn risk"), fmtInt(int64(len(c.AtRisk())))},
	}
	if c.Intervals != nil {
		rows = append(rows, [2]string{p.t("Intervals"), p.tf("%s%% bootstrap intervals from %s refits, seed %d",
			dec(100*report.IntervalLevel, 0), fmtInt(int64(c.Intervals.Replicates)), c.Seed)})
	}
	p.kv(rows)
	p.endSection()
}

// totalRange is the bootstrap interval of a total, " (90%: lo – hi)", or
// nothing without --intervals.
func totalRange(p *page, c *report.CLV, value bool) string {
	if c.Intervals == nil {
		return ""
	}
	t := c.Intervals.Total
	lo, hi := dec(t.PurchasesLo, 1), dec(t.PurchasesHi, 1)
	if value {
		lo, hi = money(t.CLVLo), money(t.CLVHi)
	}
	return p.tf(" (%s%%: %s – %s)", dec(100*report.IntervalLevel, 0), lo, hi)
}

// topIntervals is how many customers the interval table lists.
const topIntervals = 20

// clvIntervals lists the customers of the highest CLV with their bootstrap
// intervals, so that a reader sees how sure the largest forecasts are.
func clvIntervals(p *page, c *report.CLV) {
	level := dec(100*report.IntervalLevel, 0) + "%"
	p.section("intervals", p.tf("Forecast intervals (%s)", level))
	p.note(p.tf("The %d customers of the highest CLV; intervals from %s bootstrap refits over customers (seed %d). Every customer's interval is in the CSV and the workbook.",
		topIntervals, fmtInt(int64(c.Intervals.Replicates)), c.Seed))
	idx := make([]int, 0, len(c.Preds))
	for i := range c.Preds {
		if !math.IsNaN(c.Preds[i].CLV) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(c.Preds[b].CLV, c.Preds[a].CLV) })
	var rows [][]cell
	for _, i := range idx[:min(topIntervals, len(idx))] {
		iv := c.Intervals.Rows[i]
		rows = append(rows, []cell{txt(c.Sums[i].Customer),
			num(dec(c.Preds[i].Purchases, 2)), num(dec(iv.PurchasesLo, 2) + " – " + dec(iv.PurchasesHi, 2)),
			num(money(c.Preds[i].CLV)), num(money(iv.CLVLo) + " – " + money(iv.CLVHi))})
	}
	span := p.tf("%s interval", level)
	p.table("interval-table", []string{p.t("Customer"), p.t("Expected purchases"), span,
		"CLV", span}, rows, nil)
	p.endSection()
}

// clvComparison writes the fits of every model of --compare.
func clvComparison(p *page, c *report.CLVComparison) {
	p.heading(p.t("Models compared"))
	var rows [][]cell
	for i, r := range c.Rows {
		name := r.Fit.Model.Kind().Title()
		if i == c.Best {
			name += p.t(" (best)")
		}
		rows = append(rows, []cell{txt(name), txt(report.ParamText(r.Fit.Model)), num(dec(r.Fit.LogLik, 2)), num(dec(r.AIC, 2)), num(dec(r.BIC, 2))})
	}
	p.table("compare-table", []string{p.t("Model"), p.t("Parameters"), p.t("Log-likelihood"), "AIC", "BIC"}, rows, nil)
}

func money(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmtMoney(v)
}

func unitText(u clv.Unit, l i18n.Lang) string { return report.TC(l, "unit", u.String()) }

// calEndHow says where the calibration end came from in l: a flag's name
// as it is, a reason translated.
func calEndHow(how string, l i18n.Lang) string {
	if strings.HasPrefix(how, "-") {
		return how
	}
	return l.T(how)
}

// clvDistributions draws P(alive) in tenths and CLV on log bins.
func clvDistributions(p *page, c *report.CLV) {
	p.section("distributions", p.t("Distributions of P(alive) and CLV"))
	counts := make([]float64, 10)
	labels := make([]string, 10)
	tips := make([]string, 10)
	for i := range c.Preds {
		v := c.Preds[i].PAlive
		if math.IsNaN(v) {
			continue
		}
		counts[min(9, max(0, int(v*10)))]++
	}
	for k := range counts {
		labels[k] = strconv.Itoa(10*k) + "%"
		tips[k] = "[" + strconv.Itoa(10*k) + "%, " + strconv.Itoa(10*k+10) + "%): " + fmtInt(int64(counts[k]))
	}
	title := p.t("P(alive)")
	p.figure("chart-palive", svg.Columns(title, labels, counts, tips, title, p.t("customers")), title)
	var cents []int64
	for i := range c.Preds {
		if v := c.Preds[i].CLV; !math.IsNaN(v) && v > 0 {
			cents = append(cents, int64(math.Round(v*100)))
		}
	}
	bins := logBins(func(i int) int64 { return cents[i] }, len(cents), 100)
	labels, tips = nil, nil
	counts = counts[:0]
	for _, b := range bins {
		labels = append(labels, svg.Compact(float64(b.lo)/100))
		counts = append(counts, float64(b.count))
		tips = append(tips, "≥ "+svg.Compact(float64(b.lo)/100)+p.colon()+fmtInt(int64(b.count)))
	}
	title = p.t("CLV (log scale, customers with CLV > 0)")
	p.figure("chart-clv", svg.Columns(title, labels, counts, tips, title, p.t("customers")), title)
	p.endSection()
}

// clvHoldout draws the holdout purchases by calibration frequency and the
// cumulative tracking, actual against predicted.
func clvHoldout(p *page, c *report.CLV) {
	h := c.Holdout
	p.section("holdout", p.t("Holdout check"))
	p.note(p.tf("Holdout %s – %s", c.CalEnd+1, h.End))
	var act, pred [][2]float64
	xMax, yMax := 1.0, 0.0
	var rows [][]cell
	for _, r := range h.ByFrequency {
		act = append(act, [2]float64{float64(r.X), r.Actual})
		pred = append(pred, [2]float64{float64(r.X), r.Predicted})
		xMax, yMax = math.Max(xMax, float64(r.X)), math.Max(yMax, math.Max(r.Actual, r.Predicted))
		x := strconv.Itoa(r.X)
		if r.X == h.MaxX {
			x += "+"
		}
		rows = append(rows, []cell{num(x), num(fmtInt(int64(r.Customers))), num(dec(r.Actual, 3)), num(dec(r.Predicted, 3))})
	}
	actual, predicted := p.t("Actual"), p.t("Predicted")
	p.table("byfreq-table", []string{p.t("Calibration repeats"), p.t("Customers"), actual, predicted}, rows, nil)
	whole := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	label := p.t("Mean holdout purchases per customer by calibration repeat purchases")
	wholeX := func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
	p.figure("chart-byfreq", svg.Lines(label, []svg.Line{{Name: actual, Pts: act, Color: svg.Palette[0]}, {Name: predicted, Pts: pred, Color: svg.Palette[1]}},
		nil, xMax, math.Max(yMax*1.1, 1e-9), wholeX, whole, p.t("calibration repeats"), p.t("per customer")), label)
	act, pred = nil, nil
	xMax, yMax = 1, 0
	var marks []svg.Mark
	for _, t := range h.Tracking {
		if rfm.Date(t.End) == c.CalEnd {
			marks = append(marks, svg.Mark{X: float64(t.Period), Label: p.t("calibration end")})
		}
		act = append(act, [2]float64{float64(t.Period), t.Actual})
		pred = append(pred, [2]float64{float64(t.Period), t.Predicted})
		xMax, yMax = math.Max(xMax, float64(t.Period)), math.Max(yMax, math.Max(t.Actual, t.Predicted))
	}
	label = p.t("Cumulative repeat purchases, actual and predicted")
	p.figure("chart-tracking", svg.Lines(label, []svg.Line{{Name: actual, Pts: act, Color: svg.Palette[0]}, {Name: predicted, Pts: pred, Color: svg.Palette[1]}},
		marks, xMax, math.Max(yMax*1.1, 1e-9), svg.Compact, svg.Compact, unitText(c.Unit, p.lang), p.t("cumulative")), label)
	p.endSection()
}
