package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// ErrNobodyScored marks an Inspection.Err that is not a failure of rfm
// score: it would run, and write a customer output with its header only
// (SPEC §3).
var ErrNobodyScored = i18n.New("nothing to score")

// Inspection is what rfm inspect found in an input, for its writers: how the
// file was read, which column serves each role, what became of every row, and
// what the customers that would be scored look like.
type Inspection struct {
	// Input is the input file as named on the command line.
	Input string
	// Table is the opened input; nil when it could not be opened.
	Table *ingest.Table
	// Ingest is the accounting of the scan; nil when the scan failed.
	Ingest *ingest.Report
	// DateOrderGiven says --date-format set the day/month order.
	DateOrderGiven bool
	// Dedupe says duplicates were looked for.
	Dedupe bool
	// Examples holds, per reason (the text before any ':'), the first
	// rejected rows in file order.
	Examples map[string][]ingest.Reject
	// AsOf is the as-of date; AsOfGiven says it came from --as-of.
	AsOf      rfm.Date
	AsOfGiven bool
	// Customers are the customers that would be scored; NotScored counts
	// the others by reason.
	Customers []rfm.Customer
	NotScored map[rfm.NotScored]int
	// Warnings say what looks wrong in the input as a whole, in English
	// (the JSON's); WarningsText, when set, are the same in UI, for the text
	// report.
	Warnings     []string
	WarningsText []string
	// Err is why rfm score with the same flags would fail or score no one
	// (then it wraps ErrNobodyScored); nil when it would score at least one
	// customer.
	Err error
	// UI is the language of the text report (the JSON is English).
	UI i18n.Lang
}

// QuartileMethod names the quartile definition of the distribution.
const QuartileMethod = "Hyndman–Fan type 7 (Excel PERCENTILE.INC, numpy's default), as rfm score's quantile cut points"

// The JSON form of an inspection. Every key is always present; what could
// not be known is null.
type (
	statusDoc struct {
		Column string           `json:"column"`
		Index  int              `json:"index"`
		Values []statusValueDoc `json:"values"`
		// Many says the column held too many values to be a status; Values
		// is then empty.
		Many bool `json:"many"`
		// Filter is the flag that scores completed orders only, or null.
		Filter *string `json:"filter"`
	}
	statusValueDoc struct {
		Value  string `json:"value"`
		Rows   int    `json:"rows"`
		Refund bool   `json:"refund"`
		Done   bool   `json:"completed"`
	}
	inspectDoc struct {
		File         string           `json:"file"`
		Format       *string          `json:"format"`
		Encoding     *string          `json:"encoding"`
		Delimiter    *string          `json:"delimiter"`
		Sheet        *string          `json:"sheet"`
		HeaderRow    *int             `json:"header_row"`
		Header       []string         `json:"header"`
		InputKind    string           `json:"input_kind,omitempty"`
		Columns      *columnsDoc      `json:"columns"`
		AmountFrom   *string          `json:"amount_from"`
		DateFormat   *string          `json:"date_format"`
		DateOrder    *string          `json:"date_order"`
		DateOrderBy  *string          `json:"date_order_by"`
		Rows         *rowsDoc         `json:"rows"`
		Rejected     []reasonDoc      `json:"rejected"`
		FirstDate    *datedDoc        `json:"first_date"`
		LastDate     *datedDoc        `json:"last_date"`
		AsOf         *string          `json:"as_of"`
		AsOfBy       *string          `json:"as_of_by"`
		Customers    *int             `json:"customers"`
		Scored       *int             `json:"scored"`
		NotScored    map[string]int   `json:"not_scored"`
		Distribution *distributionDoc `json:"distribution"`
		Status       *statusDoc       `json:"status"`
		Warnings     []string         `json:"warnings"`
		OK           bool             `json:"ok"`
		Error        *string          `json:"error"`
	}
	columnsDoc struct {
		Customer  *columnDoc `json:"customer"`
		Date      *columnDoc `json:"date"`
		Amount    *columnDoc `json:"amount"`
		Quantity  *columnDoc `json:"quantity"`
		UnitPrice *columnDoc `json:"unit_price"`
		OrderID   *columnDoc `json:"order_id"`
		// The columns of a customer table, absent for transactions.
		RecencyDays *columnDoc `json:"recency_days,omitempty"`
		LastDate    *columnDoc `json:"last_purchase_date,omitempty"`
		Frequency   *columnDoc `json:"frequency,omitempty"`
		Monetary    *columnDoc `json:"monetary,omitempty"`
	}
	columnDoc struct {
		Column string `json:"column"`
		// Index is 1-based.
		Index  int  `json:"index"`
		ByFlag bool `json:"by_flag"`
		// Rejected are the other headers that matched the role and lost.
		Rejected []string `json:"rejected"`
	}
	rowsDoc struct {
		Read       int `json:"read"`
		Used       int `json:"used"`
		Rejected   int `json:"rejected"`
		Filtered   int `json:"filtered"`
		AfterAsOf  int `json:"after_as_of"`
		Duplicates int `json:"duplicates"`
	}
	reasonDoc struct {
		Reason   string       `json:"reason"`
		Count    int          `json:"count"`
		Examples []exampleDoc `json:"examples"`
	}
	exampleDoc struct {
		// Line is the line of a CSV file or the row of an XLSX sheet.
		Line   int      `json:"line"`
		Column string   `json:"column"`
		Reason string   `json:"reason"`
		Fields []string `json:"fields"`
	}
	datedDoc struct {
		Date string `json:"date"`
		Line int    `json:"line"`
	}
	distributionDoc struct {
		Quartiles   string  `json:"quartiles"`
		Customers   int     `json:"customers"`
		RecencyDays statDoc `json:"recency_days"`
		Frequency   statDoc `json:"frequency"`
		Monetary    statDoc `json:"monetary"`
	}
	statDoc struct {
		Min    json.Number `json:"min"`
		Q1     json.Number `json:"q1"`
		Median json.Number `json:"median"`
		Q3     json.Number `json:"q3"`
		Max    json.Number `json:"max"`
		Mean   json.Number `json:"mean"`
	}
)

// doc gathers what the writers print, so that the text and the JSON agree.
func (in *Inspection) doc() *inspectDoc {
	d := &inspectDoc{File: in.Input, Header: []string{}, Rejected: []reasonDoc{}, Warnings: []string{}, OK: in.Err == nil}
	if in.Warnings != nil {
		d.Warnings = in.Warnings
	}
	if in.Err != nil {
		d.Error = ptr(in.Err.Error())
	}
	if t := in.Table; t != nil {
		d.File = t.Name
		d.Format = ptr(t.Format)
		if t.Format == "csv" {
			d.Encoding = ptr(t.Encoding)
			d.Delimiter = ptr(t.DelimiterName())
		} else {
			d.Sheet = ptr(t.Sheet)
		}
		d.HeaderRow = ptr(t.HeaderLine)
		d.Header = t.Header
	}
	rep := in.Ingest
	if rep == nil {
		return d
	}
	d.Columns = columnsOf(rep.Columns)
	d.AmountFrom = ptr("amount column")
	switch {
	case rep.CustomerColumns != nil:
		d.InputKind = "customers"
		d.AmountFrom = nil
		customerColumnsOf(d.Columns, rep.CustomerColumns)
	case d.Columns.Amount == nil:
		d.AmountFrom = ptr("quantity × unit price")
	}
	d.DateFormat = ptr(rep.DateFormat())
	d.DateOrder = ptr("month/day")
	if rep.DateOrder == ingest.OrderDMY {
		d.DateOrder = ptr("day/month")
	}
	d.DateOrderBy = ptr("data")
	if in.DateOrderGiven {
		d.DateOrderBy = ptr("--date-format")
	}
	d.Rows = &rowsDoc{rep.Read, rep.Used, rep.Rejected, rep.Filtered, rep.AfterAsOf, rep.Duplicates}
	if st := rep.Status; st != nil {
		sd := &statusDoc{Column: st.Header, Index: st.Index + 1, Values: []statusValueDoc{}, Many: st.Many}
		for _, v := range st.Values {
			sd.Values = append(sd.Values, statusValueDoc{v.Value, v.Rows, ingest.LooksRefunded(v.Value), ingest.LooksDone(v.Value)})
		}
		if f := st.SuggestedFilter(); f != "" {
			sd.Filter = ptr(f)
		}
		d.Status = sd
	}
	d.Rejected = reasonsOf(rep.Reasons, in.Examples)
	if rep.Earliest.Date != rfm.NoDate {
		d.FirstDate = &datedDoc{rep.Earliest.Date.String(), rep.Earliest.Line}
		d.LastDate = &datedDoc{rep.Latest.Date.String(), rep.Latest.Line}
	}
	if in.AsOf != rfm.NoDate {
		d.AsOf = ptr(in.AsOf.String())
		d.AsOfBy = ptr("day after the latest used row")
		if in.AsOfGiven {
			d.AsOfBy = ptr("--as-of")
		}
	}
	total := len(in.Customers)
	d.NotScored = map[string]int{}
	for k, n := range in.NotScored {
		d.NotScored[string(k)] = n
		total += n
	}
	d.Customers, d.Scored = ptr(total), ptr(len(in.Customers))
	if len(in.Customers) > 0 {
		d.Distribution = distributionOf(in.Customers)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

func columnsOf(c *ingest.Columns) *columnsDoc {
	col := func(r ingest.Role) *columnDoc {
		ch := c.Roles[r]
		if ch.Index < 0 {
			return nil
		}
		others := ch.Others
		if others == nil {
			others = []string{}
		}
		return &columnDoc{Column: ch.Header, Index: ch.Index + 1, ByFlag: ch.ByFlag, Rejected: others}
	}
	return &columnsDoc{
		Customer:  col(ingest.RoleCustomer),
		Date:      col(ingest.RoleDate),
		Amount:    col(ingest.RoleAmount),
		Quantity:  col(ingest.RoleQuantity),
		UnitPrice: col(ingest.RolePrice),
		OrderID:   col(ingest.RoleOrder),
	}
}

// reasonsOf lists the reasons, most rows first, with their examples.
func reasonsOf(counts map[string]int, examples map[string][]ingest.Reject) []reasonDoc {
	out := []reasonDoc{}
	for k, n := range counts {
		r := reasonDoc{Reason: k, Count: n, Examples: []exampleDoc{}}
		for _, x := range examples[k] {
			fields := x.Fields
			if fields == nil {
				fields = []string{}
			}
			r.Examples = append(r.Examples, exampleDoc{Line: x.Line, Column: x.Column, Reason: x.Reason, Fields: fields})
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b reasonDoc) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	return out
}

// distributionOf describes recency, frequency and monetary over the
// customers, exactly: quartiles by QuartileMethod, means rounded half away
// from zero, monetary to cents.
func distributionOf(cs []rfm.Customer) *distributionDoc {
	rec := make([]int64, len(cs))
	freq := make([]int64, len(cs))
	mon := make([]int64, len(cs))
	for i, c := range cs {
		rec[i], freq[i], mon[i] = c.Recency, c.Frequency, int64(c.Monetary)
	}
	return &distributionDoc{
		Quartiles:   QuartileMethod,
		Customers:   len(cs),
		RecencyDays: describe(rec, 1),
		Frequency:   describe(freq, 1),
		Monetary:    describe(mon, 100),
	}
}

// describe returns the five-number summary and the mean of vals, in units of
// scale (100 for cents): two decimals for money, otherwise exact (quartiles
// of whole numbers are quarters) with the mean to two decimals.
func describe(vals []int64, scale int64) statDoc {
	x := slices.Clone(vals)
	slices.Sort(x)
	q := rfm.QuantileCuts(x, 4)
	sum := new(big.Int)
	for _, v := range x {
		sum.Add(sum, big.NewInt(v))
	}
	unit := big.NewRat(1, scale)
	num := func(r *big.Rat) json.Number {
		r = new(big.Rat).Mul(r, unit)
		if scale == 1 && r.IsInt() {
			return json.Number(r.Num().String())
		}
		if scale == 1 {
			return json.Number(trimFraction(r))
		}
		return json.Number(r.FloatString(2))
	}
	whole := func(v int64) *big.Rat { return new(big.Rat).SetInt64(v) }
	mean := new(big.Rat).SetFrac(sum, big.NewInt(int64(len(x))))
	mean.Mul(mean, unit)
	return statDoc{
		Min:    num(whole(x[0])),
		Q1:     num(q[0].Rat()),
		Median: num(q[1].Rat()),
		Q3:     num(q[2].Rat()),
		Max:    num(whole(x[len(x)-1])),
		Mean:   json.Number(mean.FloatString(2)),
	}
}

// trimFraction writes a non-whole count with up to two decimals, exactly
// for the quarters a quartile of whole numbers can be.
func trimFraction(r *big.Rat) string {
	s := r.FloatString(2)
	return strings.TrimSuffix(s, "0")
}

// WriteInspectionJSON writes the inspection as one JSON object with stable
// keys.
func WriteInspectionJSON(w io.Writer, in *Inspection) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(in.doc())
}

// WriteInspection writes the inspection as an aligned plain-text report in
// the inspection's language, UI. Values from the file are printed with
// control characters escaped.
func WriteInspection(w io.Writer, in *Inspection) error {
	d := in.doc()
	l := in.UI
	p := &printer{w: w}
	xlsx := d.Format != nil && *d.Format == "xlsx"
	// at names a line of a CSV file or a row of a sheet.
	at := func(n int) string {
		if xlsx {
			return l.Tf("row %d", n)
		}
		return l.Tf("line %d", n)
	}
	colon := TC(l, "label", ": ")
	p.kv(l.T("file"), printable(d.File))
	if t := in.Table; t != nil {
		if t.Format == "csv" {
			p.kv(l.T("read as"), l.Tf("CSV, encoding %s, delimiter %s", t.EncodingText(l), strconv.Quote(*d.Delimiter)))
		} else {
			p.kv(l.T("read as"), l.Tf("XLSX, sheet %s", strconv.Quote(t.Sheet)))
		}
		p.kv(l.T("header"), at(t.HeaderLine)+colon+ingest.HeaderList(t.Header))
	}
	if d.InputKind == "customers" {
		p.kv(l.T("input"), l.T("one row per customer (a customer table; --input-kind orders reads it as transactions)"))
	}
	writeColumns(p, in, d, l)
	writeRows(p, in, d, at, l)
	writeStatus(p, d, l)
	if d.FirstDate != nil {
		p.line("")
		p.kv(l.T("dates"), l.Tf("%s (%s) to %s (%s)", d.FirstDate.Date, at(d.FirstDate.Line), d.LastDate.Date, at(d.LastDate.Line)))
	}
	if d.AsOf != nil {
		by := *d.AsOfBy
		if !in.AsOfGiven {
			by = l.T(by)
		}
		p.kv(l.T("as-of date"), l.Tf("%s (%s)", *d.AsOf, by))
	}
	if d.Customers != nil {
		s := l.Tf("%d: %d scored", *d.Customers, *d.Scored)
		if n := *d.Customers - *d.Scored; n > 0 {
			var parts []string
			for _, k := range (&Result{NotScored: in.NotScored}).NotScoredReasons() {
				parts = append(parts, fmt.Sprintf("%s %d", l.T(string(k)), in.NotScored[k]))
			}
			s += l.Tf(", %d not scored (%s)", n, strings.Join(parts, ListSep(l)))
		}
		p.kv(l.T("customers"), s)
	}
	if dist := d.Distribution; dist != nil {
		p.line("")
		p.line(l.Tf("distribution over the %d scored %s", dist.Customers, plural(l, dist.Customers, "customer")))
		writeStats(p, dist, l)
		p.line("  " + l.Tf("quartiles: %s", l.T(dist.Quartiles)))
	}
	warnings := d.Warnings
	if in.WarningsText != nil {
		warnings = in.WarningsText
	}
	if len(warnings) > 0 {
		p.line("")
		for _, w := range warnings {
			p.line(l.Tf("warning: %s", printable(w)))
		}
	}
	p.line("")
	switch {
	case errors.Is(in.Err, ErrNobodyScored):
		p.kv(l.T("result"), l.Tf("rfm score would score no one (its output would be the header only): %s", printable(l.Error(in.Err))))
	case in.Err != nil:
		p.kv(l.T("result"), l.Tf("rfm score would fail: %s", printable(l.Error(in.Err))))
	default:
		p.kv(l.T("result"), l.Tf("rfm score would score %d %s", *d.Scored, plural(l, *d.Scored, "customer")))
	}
	return p.err
}

// writeColumns writes the columns found for each role, the date format and
// the day/month order.
func writeColumns(p *printer, in *Inspection, d *inspectDoc, l i18n.Lang) {
	c := d.Columns
	if c == nil {
		return
	}
	p.line("")
	p.line(l.T("columns"))
	roles := []struct {
		name string
		c    *columnDoc
	}{{"customer", c.Customer}, {"date", c.Date}, {"amount", c.Amount}, {"quantity", c.Quantity}, {"unit price", c.UnitPrice}, {"order id", c.OrderID}}
	if d.InputKind == "customers" {
		roles = customerRoles(c)
	}
	for _, r := range roles {
		name := "  " + TC(l, "role", r.name)
		switch {
		case d.InputKind == "customers":
			if r.c != nil {
				p.kv(name, columnText(r.c, l))
			}
		case r.c != nil:
			p.kv(name, columnText(r.c, l))
		case r.name == "amount":
			p.kv(name, l.T("quantity × unit price"))
		case r.name == "order id":
			p.kv(name, l.T("none: each purchase row is an order of its own"))
		}
	}
	p.kv(l.T("date format"), in.Ingest.DateFormatIn(l))
	p.kv(l.T("day/month"), dateOrderText(in, l))
}

// writeRows writes the accounting of the rows, with examples of each
// reason rows were rejected for, at their line (or sheet row: at).
func writeRows(p *printer, in *Inspection, d *inspectDoc, at func(int) string, l i18n.Lang) {
	r := d.Rows
	if r == nil {
		return
	}
	p.line("")
	p.line(l.T("rows"))
	width := len(strconv.Itoa(r.Read))
	num := func(label string, n int) { p.kv("  "+label, fmt.Sprintf("%*d", width, n)) }
	num(TC(l, "rows", "read"), r.Read)
	num(TC(l, "rows", "used"), r.Used)
	num(TC(l, "rows", "rejected"), r.Rejected)
	for _, rs := range d.Rejected {
		p.line("    " + printable(ingest.LocalReason(rs.Reason, l)) + TC(l, "label", ": ") + strconv.Itoa(rs.Count) + " " + plural(l, rs.Count, "row"))
		for _, x := range rs.Examples {
			msg := ingest.LocalReason(x.Reason, l)
			if x.Column != "" {
				msg = l.Tf("column %s: %s", strconv.Quote(x.Column), msg)
			}
			p.line("      " + at(x.Line) + TC(l, "label", ": ") + printable(msg))
			p.line("        " + l.Tf("fields: %s", quoteFields(x.Fields, l)))
		}
		if more := rs.Count - len(rs.Examples); more > 0 && len(rs.Examples) > 0 {
			p.line("      " + l.Tf("… %d more", more))
		}
	}
	num(TC(l, "rows", "filtered"), r.Filtered)
	num(TC(l, "rows", "after as-of"), r.AfterAsOf)
	if in.Dedupe || r.Duplicates > 0 {
		num(TC(l, "rows", "duplicates"), r.Duplicates)
	}
	p.kv("  "+l.T("check"), AccountingText(in.Ingest, l))
}

// writeStatus writes the values of the order status column and the filter
// it suggests.
func writeStatus(p *printer, d *inspectDoc, l i18n.Lang) {
	st := d.Status
	if st == nil {
		return
	}
	p.line("")
	p.kv(l.T("status"), l.Tf("%s (column %d): values of the used rows", printable(st.Column), st.Index))
	if st.Many {
		p.line("  " + l.T("more than a status has: not counted"))
	}
	width := 0
	for _, v := range st.Values {
		width = max(width, len(strconv.Itoa(v.Rows)))
	}
	for _, v := range st.Values {
		mark := ""
		switch {
		case v.Refund:
			mark = "  " + l.T("(looks like a refund or cancellation: scored as a purchase)")
		case v.Done:
			mark = "  " + l.T("(completed)")
		}
		p.line(fmt.Sprintf("  %*d  %s%s", width, v.Rows, printable(v.Value), mark))
	}
	if st.Filter != nil {
		p.kv("  "+l.T("suggestion"), l.Tf("to score completed orders only: %s", *st.Filter))
	}
}

func columnText(c *columnDoc, l i18n.Lang) string {
	s := l.Tf("%s (column %d", printable(c.Column), c.Index)
	if c.ByFlag {
		s += l.T(", named by flag")
	}
	if len(c.Rejected) > 0 {
		quoted := make([]string, len(c.Rejected))
		for i, o := range c.Rejected {
			quoted[i] = printable(o)
		}
		s += l.Tf("; chosen over %s", strings.Join(quoted, ", "))
	}
	return s + TC(l, "close", ")")
}

func dateOrderText(in *Inspection, l i18n.Lang) string {
	rep := in.Ingest
	order := l.T("month first")
	if rep.DateOrder == ingest.OrderDMY {
		order = l.T("day first")
	}
	switch {
	case in.DateOrderGiven:
		return order + " (--date-format)"
	case rep.DateForms[ingest.FormMDY]+rep.DateForms[ingest.FormDMY] == 0:
		return l.T("not needed: no date is written a/b/y")
	case rep.DateOrder == ingest.OrderDMY:
		return l.Tf("%s: a date has a first field over 12", order)
	}
	return l.Tf("%s: no date has a first field over 12", order)
}

// writeStats writes the distribution as a right-aligned table.
func writeStats(p *printer, d *distributionDoc, l i18n.Lang) {
	rows := [][]string{{"", l.T("min"), "Q1", TC(l, "statistic", "median"), "Q3", l.T("max"), TC(l, "statistic", "mean")}}
	for _, r := range []struct {
		name string
		s    statDoc
	}{{"recency_days", d.RecencyDays}, {"frequency", d.Frequency}, {"monetary", d.Monetary}} {
		s := r.s
		rows = append(rows, []string{r.name, s.Min.String(), s.Q1.String(), s.Median.String(), s.Q3.String(), s.Max.String(), s.Mean.String()})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], int(textWidth(c)))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		b.WriteString("  " + row[0] + strings.Repeat(" ", widths[0]-int(textWidth(row[0]))))
		for i, c := range row[1:] {
			b.WriteString("  " + strings.Repeat(" ", widths[i+1]-int(textWidth(c))) + c)
		}
		p.line(b.String())
	}
}

// printer writes lines and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s+"\n")
	}
}

// kv writes a label padded to a column (14 wide, a Chinese character
// counting two), then the value.
func (p *printer) kv(label, value string) {
	p.line(label + strings.Repeat(" ", max(0, 14-int(textWidth(label)))) + " " + value)
}

// plural writes word for n in l: English adds an s but for one, Chinese
// has one form.
func plural(l i18n.Lang, n int, word string) string {
	if n == 1 {
		return TC(l, "counted", word)
	}
	return TC(l, "counted", word+"s")
}

// printable escapes the characters of s that a terminal would act on.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != '\u3000' }) < 0 && utf8.ValidString(s) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// quoteFields writes a row's fields quoted, each cut to 60 characters and at
// most 20 of them, so that one bad line cannot flood the screen.
func quoteFields(fields []string, l i18n.Lang) string {
	const maxFields, maxLen = 20, 60
	parts := make([]string, 0, min(len(fields), maxFields)+1)
	for i, f := range fields {
		if i == maxFields {
			parts = append(parts, l.Tf("… %d more", len(fields)-maxFields))
			break
		}
		if r := []rune(f); len(r) > maxLen {
			f = string(r[:maxLen-1]) + "…"
		}
		parts = append(parts, strconv.Quote(f))
	}
	return strings.Join(parts, ", ")
}
