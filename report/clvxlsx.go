package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

// CLVXLSXOptions configures WriteCLVXLSX.
type CLVXLSXOptions struct {
	// MaxRows is the number of customers on one sheet before the next
	// ("Customers (2)", …) begins; 0 means MaxSheetRows.
	MaxRows int
	// Created is the time of the run, written as the workbook's created
	// and modified times (the caller honours SOURCE_DATE_EPOCH).
	Created time.Time
	// Lang is the language of the labels (rfm clv --lang, English unless
	// it says zh).
	Lang segment.Lang
}

// clvLabels are the lifetime value sheets' words in one language.
type clvLabels struct {
	customers, models, churn, byFreq, tracking string

	modelsTitle, model, parameter, value, logLik, fittedOn, converged, yes, no string
	settings, input, calEnd, unit, horizon, discount, margin, penalizer        string
	churnPAlive, churnValue, quantile, version, forecast, customersAll         string
	intervals, intervalsText                                                   string
	repeat, expPurchases, clvTotal, clvPer, atRisk, units                      string

	churnTitle, churnNote, customer, class, tier, pastValue, days, first, last string
	pAlive, expected, clv, none                                                string

	freqTitle, freqNote, x, count, actual, predicted, all, freqChart string
	trackTitle, trackNote, step, through, calEndMark, trackChart     string
}

func clvLabelsFor(l segment.Lang) clvLabels {
	return clvLabels{
		customers: TC(l, "sheet", "Customers"), models: l.T("CLV models"), churn: l.T("Churn risk"), byFreq: l.T("Holdout by frequency"), tracking: l.T("Holdout cumulative"),
		modelsTitle: l.T("Lifetime value models"), model: l.T("Model"), parameter: l.T("Parameter"), value: l.T("Value"),
		logLik: l.T("Log-likelihood"), fittedOn: l.T("Customers fitted"), converged: l.T("Converged"), yes: l.T("yes (%d iterations)"), no: l.T("NO"),
		settings: l.T("Settings"), input: l.T("Input file"), calEnd: l.T("Calibration end"), unit: l.T("Time unit"), horizon: l.T("Horizon"),
		discount: l.T("Discount rate per %s"), margin: l.T("Margin"), penalizer: l.T("Penalizer"),
		churnPAlive: l.T("Churn risk: P(alive) below"), churnValue: l.T("Churn risk: past value at or above"), quantile: l.T("the %s quantile of the past values"),
		intervals: l.T("Intervals"), intervalsText: l.T("%s%% bootstrap intervals from %d refits, seed %d"),
		version: l.T("rfm version"), forecast: l.T("Forecast over the horizon"), customersAll: l.T("Customers"),
		repeat: l.T("with a repeat purchase"), expPurchases: l.T("Expected purchases"), clvTotal: l.T("CLV, total"), clvPer: l.T("CLV per customer"),
		atRisk: l.T("Customers at churn risk"), units: l.T("%s %ss"),
		churnTitle: l.T("Valuable customers most likely lost"),
		churnNote:  l.T("Past value ≥ %s and P(alive) < %s at the calibration end %s; the most valuable first."),
		customer:   l.T("Customer"), class: l.T("Class"), tier: l.T("Tier"), pastValue: l.T("Past value"), days: l.T("Purchase days"),
		first: l.T("First purchase"), last: l.T("Last purchase"), pAlive: l.T("P(alive)"), expected: l.T("Expected purchases"), clv: l.T("CLV"),
		none:      l.T("none"),
		freqTitle: l.T("Repeat purchases in the holdout by repeat purchases in the calibration period"),
		freqNote:  l.T("Holdout %s – %s (%s): mean repeat purchases per customer, actual and as %s predicted."),
		x:         l.T("x (calibration)"), count: l.T("Customers"), actual: l.T("Actual"), predicted: l.T("Predicted"), all: l.T("all"),
		freqChart:  l.T("Mean holdout repeat purchases by calibration repeat purchases x"),
		trackTitle: l.T("Cumulative repeat purchases, per %s since the first purchase"),
		trackNote:  l.T("The %s customers' repeat purchases up to each %s's end; the calibration ends %s, the holdout %s."),
		through:    l.T("Through"), calEndMark: l.T("calibration end"),
		trackChart: l.T("Cumulative repeat purchases: actual and predicted"),
	}
}

// periodLabels replaces lb's words for BG/BB, which counts periods of one
// unit with a purchase, not purchase days.
func periodLabels(lb clvLabels, l segment.Lang) clvLabels {
	lb.units = l.T("%s periods of one %s")
	lb.expPurchases, lb.expected = l.T("Expected periods with a purchase"), l.T("Expected periods with a purchase")
	lb.days = l.T("Purchase periods")
	lb.freqTitle = l.T("Periods with a purchase in the holdout by periods with a repeat purchase in the calibration period")
	lb.freqNote = l.T("Holdout %s – %s (%s): mean periods with a purchase per customer, actual and as %s predicted.")
	lb.freqChart = l.T("Mean holdout periods with a purchase by calibration repeat periods x")
	lb.trackTitle = l.T("Cumulative periods with a repeat purchase, per period of one %s")
	lb.trackNote = l.T("The %s customers' periods with a repeat purchase up to each period's end (periods of one %s, the last of the calibration ending on it); the calibration ends %s, the holdout %s.")
	lb.step = l.T("Period")
	lb.trackChart = l.T("Cumulative periods with a repeat purchase: actual and predicted")
	return lb
}

// unitName names a model time unit in a language.
func unitName(u clv.Unit, l segment.Lang) string { return TC(l, "unit", u.String()) }

// horizonCell writes c's horizon on the models sheet: as given and in
// units in English ("52w = 52 weeks"), in units only in Chinese ("52 周"),
// where the flag's letters would read as a code.
func horizonCell(c *CLV, l i18n.Lang, units string) string {
	n := fmt.Sprintf(units, TrimFloat(c.Horizon, 2), unitName(c.Unit, l))
	if l == i18n.EN {
		return c.HorizonText + " = " + n
	}
	return n
}

// HorizonIn writes c's horizon in l: as given in English ("52w"), in units
// in Chinese ("52 周").
func HorizonIn(c *CLV, l i18n.Lang) string {
	if l == i18n.EN {
		return c.HorizonText
	}
	return TrimFloat(c.Horizon, 2) + " " + unitName(c.Unit, l)
}

// clvBook writes lifetime value sheets into a workbook, with the styles of
// the RFM workbook's writer x.
type clvBook struct {
	x       *xlsxWriter
	c       *CLV
	lang    segment.Lang
	lb      clvLabels
	maxRows int

	int0, dec4, dec3, boldDec3, pct, flag int

	// scoreChurn is the churn-risk list of rfm score --with-clv.
	scoreChurn *sheetTable
}

// newCLVBook returns the writer of c's sheets into x's workbook.
func newCLVBook(x *xlsxWriter, c *CLV, lang segment.Lang, maxRows int) (*clvBook, error) {
	b := &clvBook{x: x, c: c, lang: lang, lb: clvLabelsFor(lang), maxRows: maxRows}
	u := c.Unit.String()
	b.lb.step = lang.T(strings.ToUpper(u[:1]) + u[1:]) // Week, Day
	if c.Discrete() {
		b.lb = periodLabels(b.lb, lang)
	}
	dec3, dec4, pct := "0.000", "0.0000", "0.00%"
	for _, st := range []struct {
		id    *int
		style excelize.Style
	}{
		{&b.int0, excelize.Style{NumFmt: 1}},
		{&b.dec4, excelize.Style{CustomNumFmt: &dec4}},
		{&b.dec3, excelize.Style{CustomNumFmt: &dec3}},
		{&b.boldDec3, excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "top", Color: "#7F7F7F", Style: 1}}, CustomNumFmt: &dec3}},
		{&b.pct, excelize.Style{CustomNumFmt: &pct}},
		{&b.flag, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}},
	} {
		var err error
		if *st.id, err = x.newStyle(&st.style); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// WriteCLVXLSX writes the workbook of a lifetime value run: every customer
// with the columns and values of WriteCLVCSV (numbers as numbers) on one or
// more sheets, the fitted models with the settings and the forecast totals,
// the valuable customers at churn risk and, with a holdout, the BG/NBD
// paper's two validation tables, each with its chart. Labels are English;
// text is always written as text, never as a formula.
func WriteCLVXLSX(w io.Writer, c *CLV, opt CLVXLSXOptions) error {
	if err := checkCustomerCells(nil, len(c.Sums), func(i int) (string, []string) { return c.Sums[i].Customer, nil }); err != nil {
		return err
	}
	if opt.MaxRows <= 0 || opt.MaxRows > MaxSheetRows {
		opt.MaxRows = MaxSheetRows
	}
	// The RFM workbook's writer lends its styles and cell helpers.
	x := &xlsxWriter{f: newWorkbook(), r: &Result{Scheme: segment.CN8(), Lang: opt.Lang, UI: opt.Lang},
		opt: XLSXOptions{MaxRows: opt.MaxRows}, lb: xlsxLabelsFor(opt.Lang)}
	defer x.f.Close()
	if err := x.styles(); err != nil {
		return err
	}
	b, err := newCLVBook(x, c, opt.Lang, opt.MaxRows)
	if err != nil {
		return err
	}
	custT := b.customerTable()
	cust := custT.sheets(b.lb.customers)
	churnT := b.churnTable(nil)
	churn := churnT.sheets(b.lb.churn)
	if err := x.f.SetSheetName("Sheet1", cust[0]); err != nil {
		return err
	}
	names := append(append(append([]string{}, cust[1:]...), b.lb.models), churn...)
	if c.Holdout != nil {
		names = append(names, b.lb.byFreq, b.lb.tracking)
	}
	for _, name := range names {
		if _, err := x.f.NewSheet(name); err != nil {
			return err
		}
	}
	steps := []func() error{
		func() error { return custT.write(x.f, cust) },
		b.models,
		func() error { return churnT.write(x.f, churn) },
	}
	if c.Holdout != nil {
		steps = append(steps, b.byFrequency, b.tracking)
	}
	steps = append(steps, func() error { return setBookProps(x.f, b.lb.modelsTitle, opt.Created) })
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return writeStable(x.f, w)
}

// num is v as the CSV writes it with n decimals, in a number cell, or nil
// (an empty cell) when v is not finite.
func (b *clvBook) num(v float64, n int) any {
	f, ok := rounded(v, n)
	if !ok {
		return nil
	}
	style := b.dec4
	switch n {
	case 0:
		style = b.int0
	case 2:
		style = b.x.money
	}
	return excelize.Cell{StyleID: style, Value: f}
}

// customerTable is the customer sheets: WriteCLVCSV's columns and values.
func (b *clvBook) customerTable() *sheetTable {
	c := b.c
	t := &sheetTable{head: headerIn(c.header(), b.lang), headStyle: b.x.header, rows: len(c.Sums), maxRows: b.maxRows}
	t.widths = headWidths(t.head, 10, len(c.Sums), func(i int) string { return c.Sums[i].Customer })
	t.row = func(row []any, i int) []any {
		s, p := &c.Sums[i], &c.Preds[i]
		row = append(row, cutText(s.Customer))
		for _, col := range clvColumns {
			row = append(row, b.num(col.value(s, p), c.decimals(col)))
		}
		row = append(row, excelize.Cell{StyleID: b.flag, Value: p.ChurnRisk})
		if c.Intervals != nil {
			for _, col := range intervalColumns {
				row = append(row, b.num(col.value(&c.Intervals.Rows[i]), col.decimals))
			}
		}
		return row
	}
	return t
}

// headWidths sizes a table's columns to their header (with room for the
// filter button), at least least, and the first to the first thousand of
// the n ids, at most 50.
func headWidths(head []string, least float64, n int, id func(i int) string) []float64 {
	w := make([]float64, len(head))
	for i, h := range head {
		w[i] = max(textWidth(h)+3, least)
	}
	for i := range min(n, 1000) {
		w[0] = max(w[0], min(textWidth(id(i))+1, 50))
	}
	return w
}

// appendScore appends the --with-clv cells of the RFM customer i of r:
// CLVScoreHeader()'s columns, empty when the customer has no CLV row.
func (b *clvBook) appendScore(row []any, r *Result, i int) []any {
	k := r.CLVIndex[i]
	if k < 0 {
		return append(row, nil, nil, nil)
	}
	s, p := &b.c.Sums[k], &b.c.Preds[k]
	return append(row, b.num(colPAlive.value(s, p), colPAlive.decimals), b.num(colCLV.value(s, p), colCLV.decimals),
		excelize.Cell{StyleID: b.flag, Value: p.ChurnRisk})
}

// churnTable is the churn-risk list: the customers at risk, the most
// valuable first. With r (rfm score --with-clv) it lists the scored
// customers at risk, with their kept columns, class and tier.
func (b *clvBook) churnTable(r *Result) *sheetTable {
	c, lb, x := b.c, b.lb, b.x
	risk := c.AtRisk()
	var cust []int // RFM customer of each row, with r
	if r != nil {
		of := make([]int, len(c.Sums))
		for k := range of {
			of[k] = -1
		}
		for i, k := range r.CLVIndex {
			if k >= 0 {
				of[k] = i
			}
		}
		kept := risk[:0]
		for _, k := range risk {
			if of[k] >= 0 {
				kept = append(kept, k)
				cust = append(cust, of[k])
			}
		}
		risk = kept
	}
	value := b.churnValue()
	rule := fmt.Sprintf(lb.churnNote, value, TrimFloat(c.Churn.MaxPAlive, 3), c.CalEnd)
	t := &sheetTable{
		above:     [][]any{{excelize.Cell{StyleID: x.title, Value: lb.churnTitle}}, {excelize.Cell{StyleID: x.note, Value: rule}}, nil},
		headStyle: x.header, rows: len(risk), maxRows: b.maxRows,
	}
	t.head = []string{lb.customer}
	if r != nil {
		t.head = append(append(t.head, r.Kept...), lb.class, lb.tier)
	}
	t.head = append(t.head, lb.pastValue, lb.days, lb.first, lb.last, lb.pAlive, lb.expected, lb.clv)
	t.widths = headWidths(t.head, 11, len(risk), func(i int) string { return c.Sums[risk[i]].Customer })
	if r != nil {
		nk := len(r.Kept)
		for j := range min(len(cust), 1000) {
			for k, v := range r.Customers[cust[j]].Kept {
				t.widths[1+k] = max(t.widths[1+k], min(textWidth(v)+1, 50))
			}
		}
		for _, seg := range append(x.classes, &segment.Other) {
			t.widths[1+nk] = max(t.widths[1+nk], textWidth(seg.Name(r.Lang))+1)
		}
	}
	t.row = func(row []any, j int) []any {
		k := risk[j]
		s, p := &c.Sums[k], &c.Preds[k]
		row = append(row, cutText(s.Customer))
		if r != nil {
			i := cust[j]
			for _, v := range r.Customers[i].Kept {
				row = append(row, cutText(v))
			}
			seg := r.Scheme.SegmentOf(r.Assigned.Segment[i])
			row = append(row, excelize.Cell{StyleID: x.classStyle[seg], Value: seg.Name(r.Lang)},
				excelize.Cell{StyleID: x.center, Value: r.Assigned.Tier[i]})
		}
		return append(row, b.num(s.Total, 2), excelize.Cell{StyleID: x.count, Value: int(s.X) + 1},
			excelize.Cell{StyleID: x.date, Value: excelSerial(rfm.Date(s.First))},
			excelize.Cell{StyleID: x.date, Value: excelSerial(rfm.Date(s.Last))},
			b.num(p.PAlive, 6), b.num(p.Purchases, 6), b.num(p.CLV, 2))
	}
	return t
}

// models writes the fitted parameters, the settings and the forecast totals.
func (b *clvBook) models() error {
	c, lb, x := b.c, b.lb, b.x
	s := lb.models
	var errs []error
	set := func(col, row int, v any, style int) { errs = append(errs, x.set(s, col, row, v, style)) }
	set(1, 1, lb.modelsTitle, x.title)
	set(1, 2, fmt.Sprintf("%s%s%s · %s %s · %s %s", lb.input, TC(b.lang, "label", ": "), c.Input, lb.calEnd, c.CalEnd,
		lb.customersAll, groupThousands(len(c.Sums))), x.subtitle)
	row := 4
	for i, h := range []string{lb.model, lb.parameter, lb.value} {
		set(1+i, row, h, x.headerLeft)
	}
	conv := func(f clv.FitResult) string {
		if f.Converged {
			return fmt.Sprintf(lb.yes, f.Iterations)
		}
		return lb.no
	}
	fits := []struct {
		name   string
		params [][2]any
		fit    clv.FitResult
	}{
		{c.Model.Model.Kind().Title(), paramCells(c.Model.Model), c.Model.FitResult},
		{"Gamma-Gamma", [][2]any{{"p", c.GG.Params.P}, {"q", c.GG.Params.Q}, {"γ (gamma)", c.GG.Params.Gamma}}, c.GG.FitResult},
	}
	for _, m := range fits {
		for _, kv := range m.params {
			row++
			set(1, row, m.name, x.label)
			set(2, row, kv[0], x.text)
			set(3, row, finiteOrNil(kv[1].(float64)), b.dec4)
		}
		for _, kv := range [][3]any{{lb.logLik, finiteOrNil(m.fit.LogLik), x.mean2}, {lb.fittedOn, m.fit.Customers, x.count}, {lb.converged, conv(m.fit), x.text}} {
			row++
			set(1, row, m.name, x.label)
			set(2, row, kv[0], x.text)
			set(3, row, kv[1], kv[2].(int))
		}
	}
	unit := unitName(c.Unit, b.lang)
	value := b.churnValue()
	how := c.CalEndHow
	if !strings.HasPrefix(how, "-") {
		how = b.lang.T(how) // a reason, not a flag's name
	}
	row += 2
	set(1, row, lb.settings, x.headerLeft)
	set(2, row, lb.value, x.headerLeft)
	errs = append(errs, x.f.MergeCell(s, cell(2, row), cell(3, row)))
	settings := [][3]any{
		{lb.input, c.Input, x.text},
		{lb.calEnd, b.lang.Tf("%s (%s)", c.CalEnd, how), x.text},
		{lb.unit, b.unitText(), x.text},
		{lb.horizon, horizonCell(c, b.lang, lb.units), x.text},
		{fmt.Sprintf(lb.discount, unit), c.DiscountRate, b.pct},
		{lb.margin, c.Margin, b.pct},
		{lb.penalizer, c.Penalizer, 0},
		{lb.churnPAlive, c.Churn.MaxPAlive, 0},
		{lb.churnValue, value, x.text},
		{lb.version, c.Version, x.text},
	}
	if c.Intervals != nil {
		settings = append(settings[:len(settings)-1], [3]any{lb.intervals,
			fmt.Sprintf(lb.intervalsText, TrimFloat(100*IntervalLevel, 1), c.Intervals.Replicates, c.Seed), x.text}, settings[len(settings)-1])
	}
	row = b.rows(s, row+1, settings, &errs)
	var repeat int
	var purchases, value2 float64
	for i := range c.Sums {
		if c.Sums[i].X > 0 {
			repeat++
		}
		purchases += c.Preds[i].Purchases
		value2 += c.Preds[i].CLV
	}
	per := math.NaN()
	if len(c.Sums) > 0 {
		per = value2 / float64(len(c.Sums))
	}
	row++
	set(1, row, lb.forecast, x.headerLeft)
	set(2, row, lb.value, x.headerLeft)
	errs = append(errs, x.f.MergeCell(s, cell(2, row), cell(3, row)))
	b.rows(s, row+1, [][3]any{
		{lb.customersAll, len(c.Sums), x.count},
		{lb.repeat, repeat, x.count},
		{lb.expPurchases, finiteOrNil(purchases), x.mean2},
		{lb.clvTotal, finiteOrNil(value2), x.money},
		{lb.clvPer, finiteOrNil(per), x.money},
		{lb.atRisk, len(c.AtRisk()), x.count},
	}, &errs)
	errs = append(errs, x.widths(s, 36, 22, 18))
	errs = append(errs, printUsed(x.f, s, 0, 3, 0))
	return firstErr(errs)
}

// unitText is the model's time unit on the models sheet: for BG/BB, its
// periods.
func (b *clvBook) unitText() string {
	unit := unitName(b.c.Unit, b.lang)
	if !b.c.Discrete() {
		return unit
	}
	return b.lang.Tf("%s: periods of one %s, the last ending on the calibration end", unit, unit)
}

// greek spells the parameters' names as the papers do, with the ASCII
// name after a Greek letter.
var greek = map[string]string{"alpha": "α (alpha)", "beta": "β (beta)", "gamma": "γ (gamma)", "delta": "δ (delta)"}

// ParamName returns a parameter's name as the papers write it: α, β, γ, δ
// or the letter itself.
func ParamName(name string) string {
	if g, ok := greek[name]; ok {
		return g[:len(g)-len(name)-3]
	}
	return name
}

// paramCells are m's parameters as (name, value) cells of the models sheet.
func paramCells(m clv.PurchaseModel) [][2]any {
	var out [][2]any
	for _, p := range m.Params() {
		name := p.Name
		if g, ok := greek[name]; ok {
			name = g
		}
		out = append(out, [2]any{name, p.Value})
	}
	return out
}

// rows writes label–value rows from row on, a text value merged over
// columns 2 and 3; it returns the next free row.
func (b *clvBook) rows(sheet string, row int, rows [][3]any, errs *[]error) int {
	for _, r := range rows {
		*errs = append(*errs, b.x.set(sheet, 1, row, r[0], b.x.label), b.x.set(sheet, 2, row, r[1], r[2].(int)))
		if _, text := r[1].(string); text {
			*errs = append(*errs, b.x.f.MergeCell(sheet, cell(2, row), cell(3, row)))
		}
		row++
	}
	return row
}

// churnValue is the churn rule's past value threshold, with the quantile
// it is when it is one.
func (b *clvBook) churnValue() string {
	c := b.c
	v := fixed(c.Churn.MinValue, 2)
	if !math.IsNaN(c.ChurnQuantile) {
		v = b.lang.Tf("%s (%s)", v, fmt.Sprintf(b.lb.quantile, TrimFloat(c.ChurnQuantile, 3)))
	}
	return v
}

// finiteOrNil is v, or nil (an empty cell) when v is not finite.
func finiteOrNil(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// byFrequency writes the holdout's repeat purchases by calibration
// frequency, actual against predicted, with a column chart.
func (b *clvBook) byFrequency() error {
	c, h, lb, x := b.c, b.c.Holdout, b.lb, b.x
	s := lb.byFreq
	var errs []error
	set := func(col, row int, v any, style int) { errs = append(errs, x.set(s, col, row, v, style)) }
	set(1, 1, lb.freqTitle, x.title)
	length := fmt.Sprintf(lb.units, TrimFloat(h.Length, 2), unitName(c.Unit, b.lang))
	set(1, 2, fmt.Sprintf(lb.freqNote, c.CalEnd+1, h.End, length, c.Model.Model.Kind().Title()), x.subtitle)
	const top = 4
	for i, head := range []string{lb.x, lb.count, lb.actual, lb.predicted} {
		set(1+i, top, head, x.header)
	}
	row := top
	var n int
	var actual, predicted float64
	for _, f := range h.ByFrequency {
		row++
		var label any = f.X
		if f.X == h.MaxX {
			label = strconv.Itoa(f.X) + "+"
		}
		set(1, row, label, x.center)
		set(2, row, f.Customers, x.count)
		set(3, row, f.Actual, b.dec3)
		set(4, row, f.Predicted, b.dec3)
		n += f.Customers
		actual += f.Actual * float64(f.Customers)
		predicted += f.Predicted * float64(f.Customers)
	}
	first, end := top+1, row
	row++
	set(1, row, lb.all, x.bold)
	set(2, row, n, x.boldCount)
	if n > 0 {
		set(3, row, actual/float64(n), b.boldDec3)
		set(4, row, predicted/float64(n), b.boldDec3)
	}
	errs = append(errs, x.widths(s, 16, 12, 12, 12))
	if end >= first {
		chart := &excelize.Chart{Type: excelize.Col, VaryColors: new(bool), Dimension: excelize.ChartDimension{Width: 640, Height: 320}}
		errs = append(errs, b.actualPredicted(s, cell(6, top), chart, lb.freqChart, top, first, end, func(i int, ser *excelize.ChartSeries) {
			ser.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{[2]string{"#5B9BD5", "#ED7D31"}[i]}}
		}))
	}
	// The chart spans some ten default columns from F and 16 rows.
	errs = append(errs, printUsed(x.f, s, top, 15, top+17))
	return firstErr(errs)
}

// actualPredicted adds chart at the cell at of the holdout sheet: the
// Actual and Predicted columns (C, D) of the rows first…end over the
// categories in column A, named by the header row top; look styles the
// two series.
func (b *clvBook) actualPredicted(sheet, at string, chart *excelize.Chart, title string, top, first, end int, look func(i int, s *excelize.ChartSeries)) error {
	q := quoteSheet(sheet)
	for i, col := range []string{"C", "D"} {
		s := excelize.ChartSeries{Name: fmt.Sprintf("%s!$%s$%d", q, col, top), Categories: fmt.Sprintf("%s!$A$%d:$A$%d", q, first, end),
			Values: fmt.Sprintf("%s!$%s$%d:$%s$%d", q, col, first, col, end)}
		look(i, &s)
		chart.Series = append(chart.Series, s)
	}
	fam := b.x.font
	chart.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 12, Family: fam}}}}
	chart.Legend = excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Family: fam, Size: 9}}
	chart.XAxis.Font = excelize.Font{Color: "#404040", Size: 9, Family: fam}
	chart.YAxis = excelize.ChartAxis{MajorGridLines: true, Font: excelize.Font{Color: "#404040", Size: 9, Family: fam}}
	return b.x.f.AddChart(sheet, at, chart)
}

// tracking writes the cumulative repeat purchases per unit of time, actual
// against predicted, with a line chart.
func (b *clvBook) tracking() error {
	c, h, lb, x := b.c, b.c.Holdout, b.lb, b.x
	s := lb.tracking
	var errs []error
	set := func(col, row int, v any, style int) { errs = append(errs, x.set(s, col, row, v, style)) }
	unit := unitName(c.Unit, b.lang)
	set(1, 1, fmt.Sprintf(lb.trackTitle, unit), x.title)
	set(1, 2, fmt.Sprintf(lb.trackNote, groupThousands(len(c.Sums)), unit, c.CalEnd, h.End), x.subtitle)
	const top = 4
	for i, head := range []string{lb.step, lb.through, lb.actual, lb.predicted, ""} {
		if head != "" {
			set(1+i, top, head, x.header)
		}
	}
	row := top
	for _, t := range h.Tracking {
		row++
		set(1, row, t.Period, x.center)
		set(2, row, excelSerial(rfm.Date(t.End)), x.date)
		set(3, row, t.Actual, x.count)
		set(4, row, t.Predicted, x.mean1)
		if rfm.Date(t.End) == c.CalEnd {
			set(5, row, lb.calEndMark, x.note)
		}
	}
	first, end := top+1, row
	errs = append(errs, x.widths(s, 8, 12, 12, 12, 16))
	errs = append(errs, x.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: cell(1, top+1), ActivePane: "bottomLeft"}))
	if end >= first {
		// A scatter chart with lines: its x axis is numeric, so a reader
		// labels it in round steps, not every one of 78 periods.
		zero, last := 0.0, float64(end-first+1)
		chart := &excelize.Chart{Type: excelize.Scatter, Dimension: excelize.ChartDimension{Width: 720, Height: 360},
			XAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &last}}
		errs = append(errs, b.actualPredicted(s, cell(7, top), chart, lb.trackChart, top, first, end, func(i int, ser *excelize.ChartSeries) {
			ser.Line = excelize.LineOptions{Type: excelize.LineSolid, Width: 2, Dash: [2]excelize.LineDashType{excelize.LineDashUnset, excelize.LineDashDash}[i]}
			ser.Marker = excelize.ChartMarker{Symbol: "none"}
		}))
	}
	// The chart spans some twelve default columns from G and 18 rows.
	errs = append(errs, printUsed(x.f, s, top, 19, top+19))
	return firstErr(errs)
}

// scoreSheets names the sheets rfm score --with-clv adds to its workbook.
func (b *clvBook) scoreSheets(r *Result) []string {
	b.scoreChurn = b.churnTable(r)
	return append(b.scoreChurn.sheets(b.lb.churn), b.lb.models)
}

// writeScoreSheets writes the churn-risk list and the models into the RFM
// workbook of r; nothing when b is nil (no --with-clv).
func (b *clvBook) writeScoreSheets(r *Result) error {
	if b == nil {
		return nil
	}
	t := b.scoreChurn
	if err := t.write(b.x.f, t.sheets(b.lb.churn)); err != nil {
		return err
	}
	return b.models()
}

// TrimFloat formats v with at most n decimals, without trailing zeros.
func TrimFloat(v float64, n int) string {
	s := strconv.FormatFloat(v, 'f', n, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
