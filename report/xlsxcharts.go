package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
)

// The overview's layout: the R × F grids stand right of the class table
// (columns A–J) after a narrow gap, in columns of one width; the charts'
// numbers stand in hidden columns further right.
const (
	heatCol      = 12 // L
	chartDataCol = 40 // AN
	// The charts below the class table, in rows of 20 pixels: the class
	// chart, then two rows of two.
	classChartH, smallChartH, smallChartW = 300, 280, 480
)

// overview writes the rest of the summary sheet s, whose class table has
// its header in row top, its classes in rows first…last and leaves
// chartRow free: the R × F grids of customers and of mean monetary, the
// class chart, the histograms of R, F and M and the Pareto curve, and the
// print setup.
func (x *xlsxWriter) overview(s string, top, first, last, chartRow int) []error {
	f := x.f
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	c := x.chartLook(s)
	x.classChart(c, top, first, last, chartRow, &errs)
	// The right-hand charts start at the first column boundary past the
	// left ones: an anchor on a column, not an offset, which readers
	// place differently.
	right := x.columnAt(s, smallChartW+4)
	chartAt := [4]chartPlace{
		{chartRow + classChartH/20 + 2, 1},
		{chartRow + classChartH/20 + 2, right},
		{chartRow + classChartH/20 + smallChartH/20 + 4, 1},
		{chartRow + classChartH/20 + smallChartH/20 + 4, right},
	}
	// The histograms and the Pareto curve read hidden columns.
	x.histograms(c, top, chartAt[:3], &errs)
	pc := chartDataCol + 6
	x.paretoChart(c, top, pc, chartAt[3], &errs)
	first0, _ := excelize.ColumnNumberToName(chartDataCol)
	last0, _ := excelize.ColumnNumberToName(pc + 1)
	add(f.SetColVisible(s, first0+":"+last0, false))

	// The rows under the charts get the 20 pixels the layout counts on,
	// whatever a reader's default row height; the grids' notes, set
	// after, may be taller.
	chartsEnd := chartAt[3].row + smallChartH/20
	for row := chartRow; row <= chartsEnd; row++ {
		add(f.SetRowHeight(s, row, 15))
	}
	heatEnd := x.heatGrids(s, top, &errs)
	add(f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: cell(1, top+1), ActivePane: "bottomLeft"}))
	add(printSetup(f, s, 0, heatCol+len(scoreLevels(x.r)), max(heatEnd, chartsEnd)))
	return errs
}

// chartPlace is the cell a chart's top left corner is anchored to.
type chartPlace struct{ row, col int }

// chartLook is what the summary's charts share: the sheet, quoted for
// references, and the workbook's font.
type chartLook struct {
	s, q     string
	fam      string
	axisFont excelize.Font
}

func (x *xlsxWriter) chartLook(s string) chartLook {
	return chartLook{s: s, q: quoteSheet(s), fam: x.font, axisFont: excelize.Font{Color: "#404040", Size: 9, Family: x.font}}
}

// title is a chart's title in bold.
func (c chartLook) title(t string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Bold: true, Size: 12, Family: c.fam}}}}
}

// classChart adds the class chart at chartRow: the shares of customers and
// of monetary, side by side, of the classes in rows first…last.
func (x *xlsxWriter) classChart(c chartLook, top, first, last, chartRow int, errs *[]error) {
	q := c.q
	cats := fmt.Sprintf("%s!$A$%d:$A$%d", q, first, last)
	*errs = append(*errs, x.f.AddChart(c.s, cell(1, chartRow), &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: new(bool),
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("%s!$D$%d", q, top), Categories: cats, Values: fmt.Sprintf("%s!$D$%d:$D$%d", q, first, last),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#5B9BD5"}}},
			{Name: fmt.Sprintf("%s!$F$%d", q, top), Categories: cats, Values: fmt.Sprintf("%s!$F$%d:$F$%d", q, first, last),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#ED7D31"}}},
		},
		Title:     c.title(x.lb.chartTitle),
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Size: 9, Family: c.fam}},
		Dimension: excelize.ChartDimension{Width: 2*smallChartW + 2, Height: classChartH},
		XAxis:     excelize.ChartAxis{Font: c.axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}, Font: c.axisFont},
	}))
}

// histograms writes the bins of R, F and M to two hidden columns each from
// chartDataCol on and adds their charts at the places at.
func (x *xlsxWriter) histograms(c chartLook, top int, at []chartPlace, errs *[]error) {
	r, s, q := x.r, c.s, c.q
	add := func(err error) { *errs = append(*errs, err) }
	custWord := r.UI.T("Customers")
	hists := []struct {
		title string
		bins  []histBin
	}{
		{r.UI.T("Recency: days since the last purchase"), recencyBins(r.Customers)},
		{r.UI.T("Frequency: orders"), frequencyBins(r.Customers)},
		{r.UI.T("Monetary (log-spaced bins)"), monetaryBins(r.Customers)},
	}
	gap := uint(10)
	for k, h := range hists {
		lc, nc := chartDataCol+2*k, chartDataCol+2*k+1
		add(x.set(s, lc, top, h.title, 0))
		add(x.set(s, nc, top, custWord, 0))
		for i, b := range h.bins {
			add(x.set(s, lc, top+1+i, b.label, 0))
			add(x.set(s, nc, top+1+i, b.n, 0))
		}
		if len(h.bins) == 0 {
			continue
		}
		lcn, _ := excelize.ColumnNumberToName(lc)
		ncn, _ := excelize.ColumnNumberToName(nc)
		end := top + len(h.bins)
		add(x.f.AddChart(s, cell(at[k].col, at[k].row), &excelize.Chart{
			Type:       excelize.Col,
			VaryColors: new(bool),
			GapWidth:   &gap,
			Series: []excelize.ChartSeries{{Name: fmt.Sprintf("%s!$%s$%d", q, ncn, top),
				Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", q, lcn, top+1, lcn, end),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, ncn, top+1, ncn, end),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#5B9BD5"}}}},
			Title:     c.title(h.title),
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: smallChartW, Height: smallChartH},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Color: "#404040", Size: 8, Family: c.fam}},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: c.axisFont},
		}))
	}
}

// paretoChart writes the Pareto curve to the hidden columns pc and pc+1
// and adds its chart at the place at.
func (x *xlsxWriter) paretoChart(c chartLook, top, pc int, at chartPlace, errs *[]error) {
	r, s, q := x.r, c.s, c.q
	add := func(err error) { *errs = append(*errs, err) }
	add(x.set(s, pc, top, r.UI.T("Customer share"), 0))
	add(x.set(s, pc+1, top, r.UI.T("Cumulative monetary share"), 0))
	pareto := paretoCurve(r.Customers)
	for i, p := range pareto {
		add(x.set(s, pc, top+1+i, p[0], 0))
		add(x.set(s, pc+1, top+1+i, p[1], 0))
	}
	if len(pareto) == 0 {
		return
	}
	xc, _ := excelize.ColumnNumberToName(pc)
	yc, _ := excelize.ColumnNumberToName(pc + 1)
	zero, one := 0.0, 1.0
	end := top + len(pareto)
	pct := excelize.ChartNumFmt{CustomNumFmt: "0%"}
	axisTitle := excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
		Text: r.UI.T("Share of customers, highest monetary first"),
		Font: &excelize.Font{Size: 9, Family: c.fam, Color: "#404040"}}}}
	add(x.f.AddChart(s, cell(at.col, at.row), &excelize.Chart{
		Type: excelize.Scatter,
		Series: []excelize.ChartSeries{{Name: fmt.Sprintf("%s!$%s$%d", q, yc, top),
			Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", q, xc, top+1, xc, end),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, yc, top+1, yc, end),
			Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: 2},
			Marker:     excelize.ChartMarker{Symbol: "none"}}},
		Title:     c.title(r.UI.T("Pareto curve: cumulative share of monetary")),
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: smallChartW, Height: smallChartH},
		XAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorUnit: 0.2, NumFmt: pct, Font: c.axisFont,
			Title: axisTitle},
		YAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorUnit: 0.2, MajorGridLines: true, NumFmt: pct, Font: c.axisFont},
	}))
}

// columnAt is the first column of sheet s that starts at least px pixels
// from the sheet's left edge (a column of width w characters is w·7+5
// pixels wide).
func (x *xlsxWriter) columnAt(s string, px int) int {
	at := 0.0
	for c := 1; c < heatCol-1; c++ {
		if at >= float64(px) {
			return c
		}
		name, _ := excelize.ColumnNumberToName(c)
		w, err := x.f.GetColWidth(s, name)
		if err != nil {
			return heatCol - 1
		}
		at += w*7 + 5
	}
	return heatCol - 1
}

// heatGrids writes the R × F grids beside the class table: customers under
// a colour scale, then the mean monetary value of the same cells, each in
// columns of one width, and a note naming the scores no customer got. It
// returns the last row written.
func (x *xlsxWriter) heatGrids(s string, top int, errs *[]error) int {
	r, lb, f := x.r, x.lb, x.f
	add := func(err error) { *errs = append(*errs, err) }
	set := func(col, row int, v any, style int) { add(x.set(s, col, row, v, style)) }
	levels := scoreLevels(r)
	n := len(levels)
	at := func(v int) int {
		if r.Score.Method == rfm.Mean {
			return v
		}
		return v - 1
	}
	counts := make([]int, n*n)
	sums := make([]int64, n*n)
	for i := range r.Customers {
		c := &r.Customers[i]
		ri, fi := at(c.R), at(c.F)
		if ri < 0 || ri >= n || fi < 0 || fi >= n {
			continue
		}
		counts[ri*n+fi]++
		sums[ri*n+fi] += int64(c.Monetary)
	}
	most, widest := 0, ""
	for k, c := range counts {
		most = max(most, c)
		if c > 0 {
			if m := fmt.Sprintf("%.2f", float64(sums[k])/float64(c)/100); len(m) > len(widest) {
				widest = m
			}
		}
	}
	grid := func(row int, name string, value func(k int) any, style int) int {
		set(heatCol, row, name, x.label)
		row++
		set(heatCol, row, lb.rScore+" \\ "+lb.fScore, x.header)
		for j, fv := range levels {
			set(heatCol+1+j, row, fmt.Sprintf("%s %d", lb.fScore, fv), x.header)
		}
		for i := range levels {
			rv := levels[n-1-i]
			set(heatCol, row+1+i, fmt.Sprintf("%s %d", lb.rScore, rv), x.headerLeft)
			for j := range levels {
				set(heatCol+1+j, row+1+i, value(at(rv)*n+j), style)
			}
		}
		return row + 1
	}
	countTop := grid(top-1, lb.heatmap, func(k int) any { return counts[k] }, x.heat)
	meanTop := grid(countTop+n+1, r.UI.T("Mean monetary by R and F score"), func(k int) any {
		if counts[k] == 0 {
			return nil
		}
		return float64(sums[k]) / float64(counts[k]) / 100
	}, x.heatMoney)
	scale := func(row int, lo, mid, hi string) {
		add(f.SetConditionalFormat(s, cell(heatCol+1, row)+":"+cell(heatCol+n, row+n-1), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
			MinColor: lo, MidColor: mid, MaxColor: hi,
		}}))
	}
	// The darkest colours stay light enough for black digits.
	scale(countTop, "#F7FBFF", "#C6DBEF", "#6BAED6")
	scale(meanTop, "#F7FCF5", "#C7E9C0", "#74C476")
	row := meanTop + n
	notes := []string{r.UI.T("Rows: R score (recent at the top); columns: F score; darker: larger; blank: no customers.")}
	var unused []string
	for _, m := range []rfm.Metric{rfm.Recency, rfm.Frequency} {
		if u := r.Scoring.Unused[m]; len(u) > 0 {
			unused = append(unused, [2]string{"R", "F"}[m]+" "+joinInts(u))
		}
	}
	if len(unused) > 0 {
		notes = append(notes, fmt.Sprintf(r.UI.T("Unused scores: %s. Tied cut points (many customers share one value) leave them to no customer, so their rows or columns are 0."),
			strings.Join(unused, TC(r.UI, "list", "; "))))
		if note := r.TieNote(r.UI); note != "" {
			notes = append(notes, note)
		}
	}
	w := max(9, textWidth(groupThousands(most))+3, textWidth(widest)+4, textWidth(lb.rScore+" \\ "+lb.fScore)+3)
	// The notes wrap within the grids' width.
	for _, t := range notes {
		row++
		set(heatCol, row, t, x.noteWrap)
		add(f.MergeCell(s, cell(heatCol, row), cell(heatCol+n, row)))
		lines := int(textWidth(t)/(float64(n+1)*w*0.9)) + 1
		add(f.SetRowHeight(s, row, float64(lines)*15))
	}
	gapName, _ := excelize.ColumnNumberToName(heatCol - 1)
	from, _ := excelize.ColumnNumberToName(heatCol)
	to, _ := excelize.ColumnNumberToName(heatCol + n)
	add(f.SetColWidth(s, gapName, gapName, 3))
	add(f.SetColWidth(s, from, to, w))
	return row
}

// histBin is one bar of a histogram: its label and its customers.
type histBin struct {
	label string
	n     int
}

// NiceStep is the least of 1, 2, 5, 10, 20, 50… that is at least v: the
// width of a histogram's bins, so that its edges are round numbers.
func NiceStep(v int64) int64 {
	for s := int64(1); ; s *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if s*m >= v {
				return s * m
			}
		}
	}
}

// recencyBins counts the customers by recency in at most 12 bins of one
// round width of days.
func recencyBins(cs []rfm.Customer) []histBin {
	if len(cs) == 0 {
		return nil
	}
	var most int64
	for i := range cs {
		most = max(most, cs[i].Recency)
	}
	w := NiceStep((most + 12) / 12)
	bins := make([]histBin, most/w+1)
	for i := range bins {
		lo := int64(i) * w
		bins[i].label = groupThousands(int(lo))
		if w > 1 {
			bins[i].label += "–" + groupThousands(int(lo+w-1))
		}
	}
	for i := range cs {
		bins[max(0, cs[i].Recency)/w].n++
	}
	return bins
}

// frequencyBins counts the customers by frequency: one bin per count up to
// 20 (up to 9 when there are larger counts), then bins of 1-2-5 edges
// (10–19, 20–49, 50–99, 100–199…).
func frequencyBins(cs []rfm.Customer) []histBin {
	if len(cs) == 0 {
		return nil
	}
	var most int64
	for i := range cs {
		most = max(most, cs[i].Frequency)
	}
	label := func(v int64) string { return groupThousands(int(v)) }
	freq := func(c *rfm.Customer) int64 { return c.Frequency }
	var edges []int64 // each bin's least count
	if most <= 20 {
		for v := int64(1); v <= most; v++ {
			edges = append(edges, v)
		}
		return countBins(cs, edges, most+1, freq, label, false)
	}
	for v := int64(1); v <= 9; v++ {
		edges = append(edges, v)
	}
	edges = append(edges, logEdges(10, most)...)
	return countBins(cs, edges, next125(edges[len(edges)-1]), freq, label, false)
}

// logEdges are the 1-2-5 values (1, 2, 5, 10, 20…) whose bins, up to the
// next such value, reach lo and start at or below hi.
func logEdges(lo, hi int64) []int64 {
	var out []int64
	for e := int64(1); e > 0 && e <= hi; e = next125(e) {
		if next125(e) > lo {
			out = append(out, e)
		}
	}
	return out
}

// next125 is the 1-2-5 value after e: 1→2, 2→5, 5→10.
func next125(e int64) int64 {
	d := e
	for d >= 10 {
		d /= 10
	}
	if d == 2 {
		return e / 2 * 5
	}
	return e * 2
}

// monetaryBins counts the customers by monetary value in bins whose edges
// run 1, 2, 5, 10, 20, 50… currency units (cents below one unit): evenly
// spaced on a log scale.
func monetaryBins(cs []rfm.Customer) []histBin {
	if len(cs) == 0 {
		return nil
	}
	lo, hi := int64(cs[0].Monetary), int64(cs[0].Monetary)
	for i := range cs {
		lo, hi = min(lo, int64(cs[i].Monetary)), max(hi, int64(cs[i].Monetary))
	}
	edges := logEdges(max(lo, 1), max(hi, 1))
	return countBins(cs, edges, next125(edges[len(edges)-1]), func(c *rfm.Customer) int64 { return int64(c.Monetary) }, centsLabel, true)
}

// centsLabel writes an amount in cents as currency units, short: 0.5, 20,
// 500, 1k, 20k, 5M, 1G — the 1-2-5 edges of the monetary bins.
func centsLabel(c int64) string {
	for _, u := range []struct {
		cents  int64
		suffix string
	}{{100_000_000_000, "G"}, {100_000_000, "M"}, {100_000, "k"}} {
		if c >= u.cents && c%u.cents == 0 {
			return groupThousands(int(c/u.cents)) + u.suffix
		}
	}
	s := groupThousands(int(c / 100))
	if c%100 != 0 {
		s += fmt.Sprintf(".%02d", c%100)
		s = strings.TrimSuffix(s, "0")
	}
	return s
}

// countBins counts the customers into the bins starting at edges, each up
// to the next edge, the last up to end (values below the first edge go to
// the first bin, above end to the last), labelled "lo–hi": hi is the next
// edge less one for counts, the next edge itself for amounts (upTo), whose
// bins are [lo, hi).
func countBins(cs []rfm.Customer, edges []int64, end int64, value func(*rfm.Customer) int64, label func(int64) string, upTo bool) []histBin {
	if len(edges) == 0 {
		return nil
	}
	bins := make([]histBin, len(edges))
	for i, e := range edges {
		next := end
		if i+1 < len(edges) {
			next = edges[i+1]
		}
		switch {
		case upTo:
			bins[i].label = label(e) + "–" + label(next)
		case next == e+1:
			bins[i].label = label(e)
		default:
			bins[i].label = label(e) + "–" + label(next-1)
		}
	}
	for i := range cs {
		v := value(&cs[i])
		k := sort.Search(len(edges), func(j int) bool { return edges[j] > v }) - 1
		bins[max(k, 0)].n++
	}
	return bins
}

// paretoCurve is the share of monetary of the top 0 %, 1 %, … 100 % of
// the customers by monetary value: 101 points (customer share, monetary
// share).
func paretoCurve(cs []rfm.Customer) [][2]float64 {
	n := len(cs)
	if n == 0 {
		return nil
	}
	m := make([]int64, n)
	var total int64
	for i := range cs {
		m[i] = int64(cs[i].Monetary)
		total += m[i]
	}
	if total <= 0 {
		return nil
	}
	slices.Sort(m)
	out := make([][2]float64, 0, 101)
	var cum int64
	k := 0 // customers summed, from the largest
	for p := 0; p <= 100; p++ {
		for to := (p*n + 50) / 100; k < to; k++ {
			cum += m[n-1-k]
		}
		out = append(out, [2]float64{float64(p) / 100, float64(cum) / float64(total)})
	}
	return out
}
