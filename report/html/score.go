package html

import (
	"io"
	"math"
	"math/big"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/svg"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// ScoreOptions are the facts of a scored run that are not in its result.
type ScoreOptions struct {
	// InputSHA256 is the input file's SHA-256 in hex; "" when it is read
	// from standard input.
	InputSHA256 string
}

// scorePage is the report of a scored run being written.
type scorePage struct {
	page
	r       *report.Result
	opt     ScoreOptions
	classes []report.Class
	stats   []classStats
}

// WriteScore writes the report of a scored run: the run, the class table and
// the charts (SPEC §3–§5's numbers, aggregated), in the result's language.
func WriteScore(w io.Writer, r *report.Result, opt ScoreOptions) error {
	p := &scorePage{page: page{lang: r.UI, names: r.Lang}, r: r, opt: opt, classes: r.Classes()}
	p.stats = statsOf(r, p.classes)
	p.start(p.t("RFM customer report"), p.inputName()+" · "+p.asOf())
	for _, step := range []func(){p.run, p.classTable, p.classCharts, p.lifecycle, p.heat, p.histograms, p.medians, p.density, p.pareto, p.clv} {
		step()
	}
	return p.finish(w, r.Version)
}

func (p *scorePage) inputName() string {
	if p.r.Input == "-" {
		return p.t("standard input")
	}
	return filepath.Base(p.r.Input)
}

func (p *scorePage) asOf() string {
	if p.r.AsOf == rfm.NoDate {
		return p.t("no used rows")
	}
	return p.tf("as of %s", p.r.AsOf)
}

// run writes the facts of the run: input, method, cut points, accounting.
func (p *scorePage) run() {
	r := p.r
	p.section("run", p.t("The run"))
	rows := [][2]string{{p.t("Input"), p.inputName()}}
	if p.opt.InputSHA256 != "" {
		rows = append(rows, [2]string{"SHA-256", p.opt.InputSHA256})
	}
	how := p.t("day after the latest used row")
	if r.AsOfGiven {
		how = "--as-of"
	}
	asOf := p.t("no used rows")
	if r.AsOf != rfm.NoDate {
		asOf = p.tf("%s (%s)", r.AsOf, how)
	}
	rows = append(rows, [2]string{p.t("As-of date"), asOf})
	method := report.MethodText(r.Score.Method, p.lang)
	if r.Score.Method != rfm.Mean {
		method += p.tf(", %d bins", r.Score.Bins)
	}
	rows = append(rows, [2]string{p.t("Method"), method}, [2]string{p.t("Segments"), r.Scheme.Name})
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		cuts := cutPoints(r, m)
		if cuts != "" {
			rows = append(rows, [2]string{p.tf("%s cut points", metricLabel(m, p.lang)), cuts})
		}
		if u := r.Scoring.Unused[m]; len(u) > 0 {
			rows = append(rows, [2]string{p.tf("%s unused scores", metricLabel(m, p.lang)), unusedText(u, p.lang)})
		}
	}
	if r.Weights != nil {
		rows = append(rows, [2]string{p.t("Weighted score"), report.WeightsText(r.Weights, p.lang)})
	}
	if remedy := r.TieRemedy(); remedy != "" {
		rows = append(rows, [2]string{p.t("To use every score"), remedy})
	}
	rows = append(rows, [2]string{p.t("Row accounting"), report.AccountingIn(r.Ingest, p.lang)})
	rows = append(rows, [2]string{p.t("Customers scored"), fmtInt(int64(len(r.Customers)))})
	for _, k := range r.NotScoredReasons() {
		rows = append(rows, [2]string{p.tf("Not scored: %s", report.Reason(string(k), p.lang)), fmtInt(int64(r.NotScored[k]))})
	}
	p.kv(rows)
	p.endSection()
}

// cutPoints writes metric m's cut points in its own format: money with two
// decimals, days and orders whole where they are whole.
func cutPoints(r *report.Result, m rfm.Metric) string {
	var parts []string
	for _, c := range r.Scoring.Cuts[m] {
		if m == rfm.Monetary {
			// Exactly, rounded half away from zero to the cent: a cut
			// point near the int64 range is beyond a float64's digits.
			parts = append(parts, report.GroupDigits(new(big.Rat).Quo(c.Rat(), big.NewRat(100, 1)).FloatString(2)))
		} else {
			parts = append(parts, c.Format(1))
		}
	}
	return strings.Join(parts, ", ")
}

// unusedText says which scores no customer got, and why.
func unusedText(u []int, l segment.Lang) string {
	s := make([]string, len(u))
	for i, v := range u {
		s[i] = strconv.Itoa(v)
	}
	return l.Tf("scores %s given to no one: cut points coincide (many equal values)", strings.Join(s, report.ListSep(l)))
}

func metricLabel(m rfm.Metric, l segment.Lang) string {
	return [...]string{l.T("R recency (days)"), l.T("F frequency (orders)"), l.T("M monetary")}[m]
}

// classTable writes one row per class with the totals.
func (p *scorePage) classTable() {
	p.section("classes", p.t("Classes"))
	head := []string{p.t("Class"), p.t("Tier"), p.t("Customers"), p.t("Share"),
		p.t("Revenue"), report.TC(p.lang, "of revenue", "Share"), p.t("Orders"), p.t("Avg order"),
		p.t("Mean R"), p.t("Mean F"), p.t("Mean M"), p.t("Action")}
	var rows [][]cell
	var orders int64
	var money rfm.Cents
	for i, c := range p.classes {
		s := p.stats[i]
		orders += s.orders
		money += c.Monetary
		rows = append(rows, []cell{txt(c.Segment.Name(p.names)), txt(c.Tier), num(fmtInt(int64(c.Customers))), num(fmtPct(c.Share)),
			num(fmtCents(c.Monetary)), num(fmtPct(c.MonetaryShare)), num(fmtInt(s.orders)), num(aov(c.Monetary, s.orders)),
			num(fmt1(c.MeanRecency)), num(fmt1(c.MeanFrequency)), num(fmtMoney(c.MeanMonetary)), txt(c.Segment.Action(p.names))})
	}
	n := len(p.r.Customers)
	total := []cell{txt(p.t("Total")), txt(""), num(fmtInt(int64(n))), num(fmtPct(1)), num(fmtCents(money)),
		num(fmtPct(1)), num(fmtInt(orders)), num(aov(money, orders)), txt(""), txt(""), txt(""), txt("")}
	p.table("class-table", head, rows, total)
	p.endSection()
}

func aov(m rfm.Cents, orders int64) string {
	if orders == 0 {
		return ""
	}
	return fmtMoney(float64(m) / 100 / float64(orders))
}

func (p *scorePage) classNames() []string {
	out := make([]string, len(p.classes))
	for i, c := range p.classes {
		out[i] = c.Segment.Name(p.names)
	}
	return out
}

// classCharts draws customers' and revenue's share per class.
func (p *scorePage) classCharts() {
	p.section("class-charts", p.t("Customers and revenue by class"))
	var cust, rev svg.Series
	cust = svg.Series{Name: p.t("Customer share"), Color: svg.Palette[0]}
	rev = svg.Series{Name: p.t("Revenue share"), Color: svg.Palette[1]}
	for _, c := range p.classes {
		cust.Values = append(cust.Values, c.Share)
		cust.Text = append(cust.Text, fmtPct(c.Share))
		rev.Values = append(rev.Values, c.MonetaryShare)
		rev.Text = append(rev.Text, fmtPct(c.MonetaryShare))
	}
	top := 0.0
	for _, v := range append(slices.Clone(cust.Values), rev.Values...) {
		top = max(top, v)
	}
	cust.Max, rev.Max = top, top
	label := p.t("Customer share and revenue share per class")
	p.figure("chart-shares", svg.Bars(label, p.classNames(), []svg.Series{cust, rev}), label)
	p.endSection()
}

// heat draws the R × F grid: customers per cell and their mean monetary.
func (p *scorePage) heat() {
	r := p.r
	n := r.Score.Bins
	lo := 1
	if r.Score.Method == rfm.Mean {
		n, lo = 2, 0
	}
	counts := make([][]int, n)
	sums := make([][]int64, n)
	for i := range counts {
		counts[i], sums[i] = make([]int, n), make([]int64, n)
	}
	for i := range r.Customers {
		c := &r.Customers[i]
		// Rows from the highest R down, columns from F low to high.
		row, col := n-1-(c.R-lo), c.F-lo
		if row >= 0 && row < n && col >= 0 && col < n {
			counts[row][col]++
			sums[row][col] += int64(c.Monetary)
		}
	}
	peak := 0
	for _, row := range counts {
		for _, v := range row {
			peak = max(peak, v)
		}
	}
	rows, cols := make([]string, n), make([]string, n)
	for i := range n {
		rows[i] = "R" + strconv.Itoa(n-1-i+lo)
		cols[i] = "F" + strconv.Itoa(i+lo)
	}
	cells := make([][]svg.Cell, n)
	for i := range n {
		cells[i] = make([]svg.Cell, n)
		for j := range n {
			c := svg.Cell{Lines: []string{fmtInt(int64(counts[i][j]))}}
			if counts[i][j] > 0 {
				mean := fmtMoney(float64(sums[i][j]) / 100 / float64(counts[i][j]))
				c.Weight = math.Sqrt(float64(counts[i][j]) / float64(peak))
				c.Lines = append(c.Lines, "M̄ "+mean)
				c.Tip = rows[i] + " " + cols[j] + p.colon() + fmtInt(int64(counts[i][j])) + p.tf(" customers, mean monetary %s", mean)
			}
			cells[i][j] = c
		}
	}
	p.section("heat", p.t("R × F heat map"))
	label := p.t("Customers by R and F score (colour) with the mean monetary M̄")
	p.figure("chart-heat", svg.Heat(label, rows, cols, cells, "R", "F"), label)
	p.endSection()
}

// warningsShown is how many churn warnings the report lists.
const warningsShown = 30

// lifecycle writes the class × stage table and the first churn warnings
// (SPEC §8); nothing without --lifecycle.
func (p *scorePage) lifecycle() {
	r := p.r
	st := r.Stages()
	if st == nil {
		return
	}
	p.section("lifecycle", p.t("Lifecycle stages and churn warning"))
	p.note(r.LifecycleRule())
	head := []string{p.t("Class")}
	for _, s := range st.Stages {
		head = append(head, report.StageName(s, p.names))
	}
	var rows [][]cell
	for _, row := range st.Rows {
		cells := []cell{txt(row.Name)}
		for _, n := range row.Counts {
			cells = append(cells, num(fmtInt(int64(n))))
		}
		rows = append(rows, cells)
	}
	total := []cell{txt(p.t("Total"))}
	for _, n := range st.Total {
		total = append(total, num(fmtInt(int64(n))))
	}
	p.table("stage-table", head, rows, total)
	ws := r.Warnings()
	p.heading(p.tf("Churn warning: %s customers (by monetary, highest first)", fmtInt(int64(len(ws)))))
	if len(ws) == 0 {
		p.endSection()
		return
	}
	wh := []string{p.t("Customer"), p.t("Class"), p.t("Stage"), p.t("Monetary"),
		p.t("Expected next"), p.t("Reason")}
	_, withCLV := r.PAlive(0)
	if withCLV {
		wh = append(wh, p.t("P(alive)"))
	}
	var wrows [][]cell
	for _, x := range ws[:min(len(ws), warningsShown)] {
		c := &r.Customers[x.Index]
		lf := &r.Lifecycle.Lives[x.Index]
		row := []cell{txt(c.ID), txt(r.Scheme.SegmentOf(r.Assigned.Segment[x.Index]).Name(p.names)),
			txt(report.StageName(lf.Stage, p.names)), num(fmtCents(c.Monetary)), num(lf.Expected.String()), txt(x.Reason)}
		if withCLV {
			pa, _ := r.PAlive(x.Index)
			row = append(row, num(pa))
		}
		wrows = append(wrows, row)
	}
	p.table("warning-table", wh, wrows, nil)
	if n := len(ws) - warningsShown; n > 0 {
		p.note(p.tf("And %s more: see the churn_warning column of the customer output.", fmtInt(int64(n))))
	}
	p.endSection()
}
