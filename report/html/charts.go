package html

import (
	"math"
	"strconv"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/svg"
)

// histograms draws recency, frequency and monetary (log scale).
func (p *scorePage) histograms() {
	cs := p.r.Customers
	p.section("histograms", p.t("Distributions of R, F and M"))
	rec := linearBins(func(i int) int64 { return cs[i].Recency }, len(cs), 30)
	p.histogram("chart-recency", rec, 1, p.t("Days since the last purchase"), p.t("days"))
	freq := logBins(func(i int) int64 { return cs[i].Frequency }, len(cs), 1)
	p.histogram("chart-frequency", freq, 1, p.t("Orders (log scale)"), p.t("orders"))
	mon := logBins(func(i int) int64 { return int64(cs[i].Monetary) }, len(cs), 100)
	p.histogram("chart-monetary", mon, 100, p.t("Monetary (log scale)"), p.t("amount"))
	p.endSection()
}

func (p *scorePage) histogram(id string, bins []bin, scale int64, title, unit string) {
	labels := make([]string, len(bins))
	values := make([]float64, len(bins))
	tips := make([]string, len(bins))
	for k, b := range bins {
		labels[k] = svg.Compact(float64(b.lo) / float64(scale))
		values[k] = float64(b.count)
		hi := "∞"
		if b.hi < math.MaxInt64 {
			hi = svg.Compact(float64(b.hi) / float64(scale))
		}
		tips[k] = "[" + labels[k] + ", " + hi + ") " + unit + p.colon() + p.tf("%s customers", fmtInt(int64(b.count)))
	}
	chart := svg.Columns(title, labels, values, tips, title, p.t("customers"))
	p.figure(id, chart, title)
}

// medians draws the median R, F and M per class.
func (p *scorePage) medians() {
	p.section("medians", p.t("Median R, F and M per class"))
	r := svg.Series{Name: p.t("Median R (days)"), Color: svg.Palette[0]}
	f := svg.Series{Name: p.t("Median F (orders)"), Color: svg.Palette[1]}
	m := svg.Series{Name: p.t("Median M"), Color: svg.Palette[2]}
	for _, s := range p.stats {
		r.Values, r.Text = append(r.Values, s.medR), append(r.Text, fmt1(s.medR))
		f.Values, f.Text = append(f.Values, s.medF), append(f.Text, fmt1(s.medF))
		m.Values, m.Text = append(m.Values, s.medM), append(m.Text, fmtMoney(s.medM))
	}
	label := p.t("Median R, F and M per class (each scaled to its own largest value)")
	p.figure("chart-medians", svg.Bars(label, p.classNames(), []svg.Series{r, f, m}), label)
	p.endSection()
}

// density draws F against M binned on log axes: the customers per cell.
func (p *scorePage) density() {
	cs := p.r.Customers
	fb := logBins(func(i int) int64 { return cs[i].Frequency }, len(cs), 1)
	mb := logBins(func(i int) int64 { return int64(cs[i].Monetary) }, len(cs), 100)
	if len(fb) == 0 || len(mb) == 0 {
		return
	}
	counts := make([][]int, len(mb))
	for i := range counts {
		counts[i] = make([]int, len(fb))
	}
	find := func(bins []bin, v int64) int {
		for k, b := range bins {
			if v < b.hi {
				return k
			}
		}
		return len(bins) - 1
	}
	peak := 0
	for i := range cs {
		row := len(mb) - 1 - find(mb, int64(cs[i].Monetary))
		col := find(fb, cs[i].Frequency)
		counts[row][col]++
		peak = max(peak, counts[row][col])
	}
	rows, cols := make([]string, len(mb)), make([]string, len(fb))
	for k, b := range mb {
		rows[len(mb)-1-k] = "≥ " + svg.Compact(float64(b.lo)/100)
	}
	for k, b := range fb {
		cols[k] = "≥ " + strconv.FormatInt(b.lo, 10)
	}
	cells := make([][]svg.Cell, len(mb))
	for i := range cells {
		cells[i] = make([]svg.Cell, len(fb))
		for j, v := range counts[i] {
			c := svg.Cell{}
			if v > 0 {
				c.Weight = math.Log1p(float64(v)) / math.Log1p(float64(peak))
				c.Lines = []string{svg.Compact(float64(v))}
				c.Tip = "M " + rows[i] + ", F " + cols[j] + p.colon() + fmtInt(int64(v))
			}
			cells[i][j] = c
		}
	}
	p.section("density", p.t("F against M"))
	label := p.t("Customers binned by orders and monetary (log axes)")
	p.figure("chart-density", svg.Heat(label, rows, cols, cells, "M", "F"), label)
	p.endSection()
}

// pareto draws cumulative revenue share against customer share with the
// tier cuts marked.
func (p *scorePage) pareto() {
	pts := paretoCurve(p.r.Customers)
	a, b := 80.0, 95.0
	if t := p.r.Segments.Tiers; t.Pareto {
		a, b = float64(t.A), float64(t.B)
	}
	var marks []svg.Mark
	for _, cut := range []float64{a, b} {
		x := shareAt(pts, cut/100)
		marks = append(marks, svg.Mark{X: x, Label: p.tf("%s revenue ← %s customers", fmtPct(cut/100), fmtPct(x))})
	}
	pct := func(v float64) string { return strconv.Itoa(int(math.Round(100*v))) + "%" }
	p.section("pareto", p.t("Pareto curve"))
	label := p.t("Cumulative revenue share against customer share, customers ranked by net spend")
	chart := svg.Lines(label, []svg.Line{{Name: p.t("Cumulative revenue share"), Pts: pts, Color: svg.Palette[0]}},
		marks, 1, 1, pct, pct, p.t("Share of customers"), p.t("Share of revenue"))
	p.figure("chart-pareto", chart, label)
	p.endSection()
}

// clv draws the mean P(alive) and CLV per class of rfm score --with-clv.
func (p *scorePage) clv() {
	if p.r.CLV == nil {
		return
	}
	pa := svg.Series{Name: p.t("Mean P(alive)"), Color: svg.Palette[2]}
	cv := svg.Series{Name: p.t("Mean CLV"), Color: svg.Palette[4]}
	for _, s := range p.stats {
		a, v := 0.0, 0.0
		if s.withCLV > 0 {
			a, v = s.pAlive/float64(s.withCLV), s.clv/float64(s.withCLV)
		}
		pa.Values, pa.Text = append(pa.Values, a), append(pa.Text, fmtPct(a))
		cv.Values, cv.Text = append(cv.Values, v), append(cv.Text, fmtMoney(v))
	}
	p.section("clv", p.t("P(alive) and CLV per class"))
	label := p.tf("Mean P(alive) and mean CLV per class (horizon %s)", report.HorizonIn(p.r.CLV, p.lang))
	p.figure("chart-clv", svg.Bars(label, p.classNames(), []svg.Series{pa, cv}), label)
	p.endSection()
}
