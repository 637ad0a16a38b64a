package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// Kind is what an input holds: transactions or one row per customer.
type Kind int

// The kinds of input; KindAuto decides from the header.
const (
	KindAuto Kind = iota
	KindOrders
	KindCustomers
)

func (k Kind) String() string { return [...]string{"auto", "orders", "customers"}[k] }

// ParseKind reads auto, orders or customers.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return KindAuto, nil
	case "orders", "transactions":
		return KindOrders, nil
	case "customers":
		return KindCustomers, nil
	}
	return KindAuto, i18n.Errorf("--input-kind must be auto, orders or customers, got %q", s)
}

// Metric is a column of a customer-level input beside the customer id.
type Metric int

// The columns of a customer-level input (SPEC §9).
const (
	MetricRecency Metric = iota
	MetricLastDate
	MetricFrequency
	MetricMonetary
	NumMetrics
)

var metricNames = [...]string{"recency days", "last purchase date", "frequency", "monetary"}
var metricFlags = [...]string{"--recency-col", "--last-date-col", "--frequency-col", "--monetary-col"}

func (m Metric) String() string { return metricNames[m] }

// Flag returns the flag that names the metric's column.
func (m Metric) Flag() string { return metricFlags[m] }

// metricSynonyms lists the recognised headers of each metric, most
// preferred first; R's rfm_table_customer data uses recency_days,
// most_recent_visit, number_of_orders and revenue.
var metricSynonyms = [NumMetrics][]string{
	MetricRecency:   {"recency_days", "recency", "days_since_last", "days_since_last_order", "days_since_last_purchase", "最近消费间隔", "距今天数", "最近消费距今天数", "未消费天数", "最近一次消费间隔"},
	MetricLastDate:  {"last_purchase_date", "last_order_date", "most_recent_visit", "last_purchase", "last_order", "最近消费日期", "最后购买日期", "最近购买日期", "最后消费日期", "最近一次消费日期", "最后下单日期"},
	MetricFrequency: {"frequency", "number_of_orders", "n_transactions", "orders", "order_count", "num_orders", "purchases", "消费次数", "购买次数", "订单数", "下单次数", "累计消费次数", "购买频次"},
	MetricMonetary:  {"monetary", "total_revenue", "revenue", "total_spent", "total_amount", "total_spend", "spend", "amount", "累计消费金额", "消费金额", "总金额", "累计金额", "消费总额", "金额"},
}

// CustomerOptions say how a customer-level input is recognised and read.
type CustomerOptions struct {
	Kind Kind
	// Columns names the column of a metric, overriding the synonyms.
	Columns [NumMetrics]string
}

// ErrCustomerLevel is what Scan returns for a table that holds one row per
// customer (Options.Customers allows it): read it with ScanCustomers.
var ErrCustomerLevel = i18n.New("the input has one row per customer")

// MetricChoice records how a metric's column was chosen.
type MetricChoice struct {
	Metric Metric
	Index  int // -1 when absent
	Header string
	Others []string
	ByFlag bool
}

// CustomerColumns is the layout of a customer-level input. Recency and
// LastDate are never both in use: the recency days win unless
// --last-date-col names the date.
type CustomerColumns struct {
	Metrics [NumMetrics]MetricChoice
	// Ignored is the recency or date column found but not used.
	Ignored string
}

// Has reports whether the metric has a column in use.
func (c *CustomerColumns) Has(m Metric) bool { return c.Metrics[m].Index >= 0 }

// findMetrics looks up every metric's column; it fails only on a flag that
// names no column or a header that appears twice.
func findMetrics(header, normed []string, names [NumMetrics]string) (*CustomerColumns, error) {
	cc := &CustomerColumns{}
	for m := Metric(0); m < NumMetrics; m++ {
		ch := MetricChoice{Metric: m, Index: -1}
		if name := names[m]; name != "" {
			i, err := lookup(header, normed, name)
			if err != nil {
				return nil, i18n.Errorf("%s %q: %w", m.Flag(), name, err)
			}
			ch.Index, ch.Header, ch.ByFlag = i, header[i], true
		} else {
			for _, syn := range metricSynonyms[m] {
				want := NormalizeHeader(syn)
				for i, n := range normed {
					if n != want || i == ch.Index || slices.Contains(ch.Others, header[i]) {
						continue
					}
					if ch.Index >= 0 && NormalizeHeader(header[ch.Index]) == n {
						return nil, i18n.Errorf("two columns are headed %q (columns %d and %d); rename one or name the column with %s", header[i], ch.Index+1, i+1, m.Flag())
					}
					if ch.Index < 0 {
						ch.Index, ch.Header = i, header[i]
					} else {
						ch.Others = append(ch.Others, header[i])
					}
				}
			}
		}
		cc.Metrics[m] = ch
	}
	return cc, nil
}

// looksCustomerLevel says whether a header is a customer table: a frequency
// column and a recency or last-date column, and no transaction date column
// (a file with both is read as transactions unless --input-kind says
// otherwise). A metric flag makes any header customer-level, a date,
// amount, quantity, price or order flag a transaction export.
func (o *CustomerOptions) looksCustomerLevel(header []string, roles [numRoles]string) bool {
	switch o.Kind {
	case KindOrders:
		return false
	case KindCustomers:
		return true
	}
	for _, n := range o.Columns {
		if n != "" {
			return true
		}
	}
	for r, n := range roles {
		if n != "" && Role(r) != RoleCustomer {
			return false
		}
	}
	normed := make([]string, len(header))
	for i, h := range header {
		normed[i] = NormalizeHeader(h)
	}
	cc, err := findMetrics(header, normed, [NumMetrics]string{})
	if err != nil {
		return false
	}
	for _, syn := range synonyms[RoleDate] {
		if slices.Contains(normed, NormalizeHeader(syn)) {
			return false
		}
	}
	return cc.Has(MetricFrequency) && (cc.Has(MetricRecency) || cc.Has(MetricLastDate))
}

// resolveCustomers chooses the columns of a customer-level input: the
// customer id as for transactions, the metrics, and the kept columns.
func resolveCustomers(header []string, opt Options) (*Columns, *CustomerColumns, error) {
	var names [numRoles]string
	names[RoleCustomer] = opt.Columns[RoleCustomer]
	normed := make([]string, len(header))
	for i, h := range header {
		normed[i] = NormalizeHeader(h)
	}
	var mnames [NumMetrics]string
	if opt.Customers != nil {
		mnames = opt.Customers.Columns
	}
	cc, err := findMetrics(header, normed, mnames)
	if err != nil {
		return nil, nil, err
	}
	// The customer id: resolve's rules, without the other roles.
	cols := &Columns{Header: header, Status: -1}
	for r := range cols.Roles {
		cols.Roles[r] = Choice{Role: Role(r), Index: -1}
	}
	ch := Choice{Role: RoleCustomer, Index: -1}
	if n := names[RoleCustomer]; n != "" {
		i, err := lookup(header, normed, n)
		if err != nil {
			return nil, nil, i18n.Errorf("--customer-col %q: %w", n, err)
		}
		ch.Index, ch.Header, ch.ByFlag = i, header[i], true
	} else {
		for _, syn := range synonyms[RoleCustomer] {
			if i := slices.Index(normed, NormalizeHeader(syn)); i >= 0 {
				ch.Index, ch.Header = i, header[i]
				break
			}
		}
	}
	cols.Roles[RoleCustomer] = ch
	found := bracketed(header)
	if ch.Index < 0 {
		return nil, nil, i18n.Errorf("no customer column among %s; name it with --customer-col", found)
	}
	rec, last := &cc.Metrics[MetricRecency], &cc.Metrics[MetricLastDate]
	switch {
	case rec.Index >= 0 && last.Index >= 0 && last.ByFlag && !rec.ByFlag:
		cc.Ignored, rec.Index = rec.Header, -1
	case rec.Index >= 0 && last.Index >= 0:
		cc.Ignored, last.Index = last.Header, -1
	}
	if !cc.Has(MetricRecency) && !cc.Has(MetricLastDate) {
		return nil, nil, i18n.Errorf("no recency column among %s; name the days since the last purchase with --recency-col, or the last purchase date with --last-date-col", found)
	}
	used := map[int]i18n.Localizer{ch.Index: RoleCustomer}
	for _, m := range []Metric{MetricRecency, MetricLastDate, MetricFrequency, MetricMonetary} {
		mc := cc.Metrics[m]
		if mc.Index < 0 {
			if m == MetricFrequency || m == MetricMonetary {
				return nil, nil, i18n.Errorf("no %s column among %s; name it with %s", m, found, m.Flag())
			}
			continue
		}
		if other, ok := used[mc.Index]; ok {
			return nil, nil, i18n.Errorf("column %q cannot be both the %s and the %s column", mc.Header, other, m)
		}
		used[mc.Index] = m
	}
	for _, k := range opt.Keep {
		i, err := lookup(header, normed, k)
		if err != nil {
			return nil, nil, i18n.Errorf("--keep %q: %w", k, err)
		}
		if slices.Contains(slices.Concat(OutputColumns(), opt.Reserved), header[i]) {
			return nil, nil, i18n.Errorf("--keep %q: the output already has a column %q", k, header[i])
		}
		cols.Keep = append(cols.Keep, i)
	}
	return cols, cc, nil
}

// ScanCustomers reads a customer-level input (SPEC §9): one row per
// customer. Each row goes through SPEC §2's steps as a transaction row does
// — wrong number of fields, filters, then the customer id, the recency (days
// or date), frequency and monetary, one reason per rejected row; a
// customer id seen before is rejected the second time; a last purchase date
// after Options.AsOf is counted as after as-of. Dates are read with one
// day/month order for the whole file, as for transactions.
func ScanCustomers(ctx context.Context, src Source, opt Options) ([]rfm.CustomerRow, *Report, error) {
	t, err := src.Open()
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	defer context.AfterFunc(ctx, func() { t.Close() })()
	cols, cc, err := resolveCustomers(t.Header, opt)
	if err != nil {
		return nil, nil, &ParseError{File: t.Name, Sheet: t.Sheet, Line: t.HeaderLine, Err: err}
	}
	p := &rowParser{nFields: len(t.Header)}
	for _, w := range opt.Where {
		if err := p.addFilter(t, w, false); err != nil {
			return nil, nil, err
		}
	}
	for _, w := range opt.WhereNot {
		if err := p.addFilter(t, w, true); err != nil {
			return nil, nil, err
		}
	}
	recs, err := holdRecords(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	cs := &customerScan{opt: opt, t: t, cols: cols, cc: cc, p: p, order: opt.DateOrder, seen: map[string]bool{},
		rep: &Report{Table: t, Columns: cols, CustomerColumns: cc, Reasons: map[string]int{}, FloatIDs: true,
			RejectsWritten: opt.Rejects != nil, Earliest: DatedLine{Date: rfm.NoDate}, Latest: DatedLine{Date: rfm.NoDate}}}
	if cs.order == OrderAuto {
		cs.order = OrderMDY
		if cc.Has(MetricLastDate) && dayFirstAnywhere(recs, cc.Metrics[MetricLastDate].Index, len(t.Header)) {
			cs.order = OrderDMY
		}
	}
	cs.rep.DateOrder = cs.order
	if opt.Rejects != nil {
		if err := opt.Rejects.Start(t.Header); err != nil {
			return nil, nil, err
		}
	}
	for _, r := range recs {
		if err := cs.row(r); err != nil {
			return nil, nil, err
		}
	}
	if !cs.sawID {
		cs.rep.FloatIDs = false
	}
	cs.rep.Used = len(cs.out)
	return cs.out, cs.rep, nil
}

// record is a data record held for the second look a customer table needs:
// the day/month order is decided over all its rows first.
type record struct {
	fields [][]byte
	line   int
	err    *RecordError
}

func holdRecords(ctx context.Context, t *Table) ([]record, error) {
	var out []record
	for {
		fields, line, err := t.Records.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return nil, &ParseError{File: t.Name, Sheet: t.Sheet, Line: line, Err: err}
			}
			out = append(out, record{line: re.Line, err: re})
			continue
		}
		cp := make([][]byte, len(fields))
		for i, f := range fields {
			cp[i] = slices.Clone(f)
		}
		out = append(out, record{fields: cp, line: line})
	}
}

// dayFirstAnywhere says whether any date of column col reads as day/month.
func dayFirstAnywhere(recs []record, col, nFields int) bool {
	for _, r := range recs {
		if r.err == nil && len(r.fields) == nFields {
			if _, _, dayFirst, _ := ParseDate(r.fields[col], OrderMDY); dayFirst {
				return true
			}
		}
	}
	return false
}

// customerScan takes the rows of a customer table through the steps.
type customerScan struct {
	opt   Options
	t     *Table
	cols  *Columns
	cc    *CustomerColumns
	p     *rowParser
	order DateOrder
	rep   *Report
	seen  map[string]bool
	sawID bool
	out   []rfm.CustomerRow
}

// row applies the steps to one record.
func (cs *customerScan) row(r record) error {
	cs.rep.Read++
	if r.err != nil {
		return cs.reject(Reject{Line: r.err.Line, Fields: strs(r.err.Fields), Reason: r.err.Reason})
	}
	fields := r.fields
	bad := func(reason string, col string) error {
		return cs.reject(Reject{Line: r.line, Fields: strs(fields), Reason: reason, Column: col})
	}
	if len(fields) != cs.p.nFields {
		return bad(fmt.Sprintf("wrong number of fields: %d, want %d", len(fields), cs.p.nFields), "")
	}
	for _, w := range cs.p.where {
		v := string(trimSpace(fields[w.col]))
		if slices.Contains(w.vals, v) == w.not {
			cs.rep.Filtered++
			return nil
		}
	}
	idCol := cs.cols.Roles[RoleCustomer]
	id := string(trimSpace(fields[idCol.Index]))
	if id == "" {
		return bad("empty customer id", idCol.Header)
	}
	cs.sawID = true
	if !strings.HasSuffix(id, ".0") {
		cs.rep.FloatIDs = false
	}
	row := rfm.CustomerRow{ID: id, Last: rfm.NoDate}
	var form DateForm
	if m := cs.cc.Metrics[MetricRecency]; m.Index >= 0 {
		n, reason := wholeNumber(trimSpace(fields[m.Index]), "recency")
		if reason != "" {
			return bad(reason, m.Header)
		}
		row.Recency = n
	} else {
		m := cs.cc.Metrics[MetricLastDate]
		text := trimSpace(fields[m.Index])
		d, f, _, err := ParseDate(text, cs.order)
		switch {
		case len(text) == 0:
			return bad("empty date", m.Header)
		case err == ErrDateOrder:
			return bad(fmt.Sprintf("date contradicts the day/month order: %q", text), m.Header)
		case err != nil:
			return bad(fmt.Sprintf("bad date: %q", text), m.Header)
		}
		row.Last, form = d, f
	}
	fm := cs.cc.Metrics[MetricFrequency]
	n, reason := wholeNumber(trimSpace(fields[fm.Index]), "frequency")
	if reason != "" {
		return bad(reason, fm.Header)
	}
	row.Frequency = n
	mm := cs.cc.Metrics[MetricMonetary]
	text := trimSpace(fields[mm.Index])
	a, err := ParseAmount(text, cs.opt.DecimalComma)
	if err != nil {
		if len(text) == 0 {
			return bad("empty monetary", mm.Header)
		}
		return bad(fmt.Sprintf("bad monetary: %q", text), mm.Header)
	}
	row.Monetary = a
	if cs.seen[id] {
		return bad(fmt.Sprintf("duplicate customer id: %q", id), idCol.Header)
	}
	if cs.opt.AsOf != rfm.NoDate && row.Last != rfm.NoDate && row.Last > cs.opt.AsOf {
		cs.rep.AfterAsOf++
		return nil
	}
	cs.seen[id] = true
	for _, k := range cs.cols.Keep {
		row.Kept = append(row.Kept, string(trimSpace(fields[k])))
	}
	if row.Last != rfm.NoDate {
		cs.rep.DateForms[form]++
		if row.Last < cs.rep.Earliest.Date || cs.rep.Earliest.Date == rfm.NoDate {
			cs.rep.Earliest = DatedLine{row.Last, r.line}
		}
		if row.Last > cs.rep.Latest.Date {
			cs.rep.Latest = DatedLine{row.Last, r.line}
		}
	}
	cs.out = append(cs.out, row)
	return nil
}

// wholeNumber reads a whole number ≥ 0; reason is why it cannot.
func wholeNumber(text []byte, name string) (int64, string) {
	if len(text) == 0 {
		return 0, "empty " + name
	}
	s := strings.ReplaceAll(string(text), ",", "")
	// 12.0, as spreadsheets write whole numbers, is 12.
	if w, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" && frac != "" {
		s = w
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || s[0] == '+' || n > math.MaxInt32 {
		return 0, fmt.Sprintf("bad %s: %q (want a whole number ≥ 0)", name, text)
	}
	return n, ""
}

// reject counts a bad row and hands it on (or, with Strict, stops).
func (cs *customerScan) reject(r Reject) error {
	cs.rep.Rejected++
	kind, _, _ := strings.Cut(r.Reason, ":")
	kind, _, _ = strings.Cut(kind, " (")
	cs.rep.Reasons[kind]++
	if cs.opt.Strict {
		return &ParseError{File: cs.t.Name, Sheet: cs.t.Sheet, Line: r.Line, Column: r.Column, Err: ReasonError(r.Reason)}
	}
	if cs.opt.Rejects == nil {
		return nil
	}
	return cs.opt.Rejects.Reject(r)
}
