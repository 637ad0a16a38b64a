package ingest

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// Filter keeps (or, in a WhereNot, drops) rows whose column is one of Values.
type Filter struct {
	Column string
	Values []string
}

// ParseFilter reads COL=V1,V2.
func ParseFilter(s string) (Filter, error) {
	col, vals, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(col) == "" {
		return Filter{}, i18n.Errorf("%q: want COLUMN=VALUE[,VALUE…]", s)
	}
	f := Filter{Column: col}
	for _, v := range strings.Split(vals, ",") {
		f.Values = append(f.Values, string(trimSpace([]byte(v))))
	}
	return f, nil
}

// Options says how to read a file and which rows to use.
type Options struct {
	// Columns names the column of a role, overriding the header synonyms.
	Columns [numRoles]string
	Keep    []string
	// Reserved names output columns beyond SPEC §6's (e.g. rfm score
	// --with-clv's) that a kept column must not repeat either.
	Reserved []string
	Where    []Filter
	// WhereNot drops the rows that match.
	WhereNot     []Filter
	DateOrder    DateOrder
	DecimalComma bool
	// AsOf leaves out rows dated after it; rfm.NoDate for none.
	AsOf   rfm.Date
	Dedupe bool
	// Strict stops at the first rejected row.
	Strict bool
	// Rejects, when set, receives every rejected row.
	Rejects RejectSink
	// Rows, when set, receives every used row too, for commands that need
	// the rows themselves rather than the per-customer aggregates.
	Rows RowSink
	// Progress, when set, is called now and then with the rows read so far.
	Progress func(rows int)
	// Sequential reads row by row on one core, as XLSX input always is.
	Sequential bool
	// TrackDays keeps the per-customer state of the lifecycle stages (see
	// rfm.Aggregator.TrackDays).
	TrackDays bool
	// Customers, when set, lets Scan recognise a customer-level input, for
	// which it returns ErrCustomerLevel (see ScanCustomers).
	Customers *CustomerOptions
}

// WithColumn sets the column name of a role.
func (o *Options) WithColumn(r Role, name string) { o.Columns[r] = name }

// RejectSink receives rejected rows. Start begins each reading of the table
// with its header, forgetting any rows of an earlier reading.
type RejectSink interface {
	Start(header []string) error
	Reject(Reject) error
}

// RowSink receives the used rows, in file order. Start begins each reading
// of the table, forgetting any rows of an earlier reading. The row's byte
// slices are only valid during Add.
type RowSink interface {
	Start() error
	Add(*rfm.Row) error
}

// Reject is a rejected row with its place and reason.
type Reject struct {
	Line   int
	Fields []string
	Reason string
	// Column is the header of the column at fault, if one is.
	Column string
}

// Report is the accounting of one scan (SPEC §2) and what was detected.
type Report struct {
	Table      *Table
	Columns    *Columns
	DateOrder  DateOrder
	DateForms  [numForms]int
	Read       int
	Used       int
	Rejected   int
	Filtered   int
	AfterAsOf  int
	Duplicates int
	// Reasons counts rejected rows by reason, without the detail.
	Reasons map[string]int
	// FloatIDs says every customer id ended in ".0".
	FloatIDs bool
	// RejectsWritten says the rejected rows went to Options.Rejects.
	RejectsWritten bool
	// CustomerColumns is the layout of a customer-level input (ScanCustomers);
	// nil for transactions.
	CustomerColumns *CustomerColumns
	// Status is the order-status column and its values among the used
	// rows; nil when the file has none.
	Status *Status
	// Earliest and Latest are the first and last dates among the used rows,
	// each with the line of the first row that has it; rfm.NoDate when no
	// row was used.
	Earliest, Latest DatedLine
}

// DatedLine is a date and the line (or sheet row) it was read on.
type DatedLine struct {
	Date rfm.Date
	Line int
}

// DateFormat describes the date forms seen, most common first.
func (r *Report) DateFormat() string { return r.DateFormatIn(i18n.EN) }

// Accounted reports whether rows read = used + rejected + filtered + after
// as-of + duplicates.
func (r *Report) Accounted() bool {
	return r.Read == r.Used+r.Rejected+r.Filtered+r.AfterAsOf+r.Duplicates
}

// ParseError is a bad row met with Options.Strict, or a file that cannot be
// read, with its place.
type ParseError struct {
	File   string
	Sheet  string
	Line   int
	Column string
	Err    error
}

func (e *ParseError) Error() string { return e.Localize(i18n.EN) }

func (e *ParseError) Unwrap() error { return e.Err }

// Localize returns the message in l: the place, then the reason in l.
func (e *ParseError) Localize(l i18n.Lang) string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString("[" + e.Sheet + "]")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(l.Pick("：", ": "))
	if e.Column != "" {
		b.WriteString(l.Tf("column %q: ", e.Column))
	}
	b.WriteString(l.Error(e.Err))
	return b.String()
}

// Scan reads the table, sends every used row to a new aggregator and returns
// it with the accounting. When the day/month order is decided from the data
// and the data says day first, the table is read a second time.
//
// CSV input is cut into chunks at record boundaries and parsed on every core;
// the parsed rows are then applied in file order, and the used rows added to
// the aggregator's parts on every core by the protocol of rfm's parallel API
// (rfm/parallel.go), so the result is the same as reading row by row
// (Options.Sequential does that, for comparison).
func Scan(ctx context.Context, src Source, opt Options, returns rfm.Returns) (*rfm.Aggregator, *Report, error) {
	order := opt.DateOrder
	if order == OrderAuto {
		order = OrderMDY
	}
	agg, rep, dayFirst, err := scanOnce(ctx, src, opt, order, returns)
	if err == nil && opt.DateOrder == OrderAuto && dayFirst {
		agg, rep, _, err = scanOnce(ctx, src, opt, OrderDMY, returns)
	}
	return agg, rep, err
}

// scanner applies parsed rows, in file order, to the accounting and the
// aggregator: steps 4–6 of SPEC §2 and the handling of rejects.
type scanner struct {
	opt  Options
	t    *Table
	cols *Columns
	agg  *rfm.Aggregator
	rep  *Report
	seen map[[2]uint64]struct{}
	// dayFirst is the evidence for day/month order; hold says the order may
	// still change after this pass, so a strict stop waits for the end.
	dayFirst bool
	hold     bool
	firstBad *ParseError
	sawID    bool
	// split says apply leaves the used rows to the aggregator's parts.
	split bool
	// status counts the used rows' status values.
	status statusCounter
}

func scanOnce(ctx context.Context, src Source, opt Options, order DateOrder, returns rfm.Returns) (*rfm.Aggregator, *Report, bool, error) {
	t, err := src.Open()
	if err != nil {
		return nil, nil, false, err
	}
	defer t.Close()
	// A read that waits on a pipe or a slow disk stops when the file closes.
	defer context.AfterFunc(ctx, func() { t.Close() })()
	if opt.Customers != nil && opt.Customers.looksCustomerLevel(t.Header, opt.Columns) {
		return nil, nil, false, ErrCustomerLevel
	}
	cols, err := resolve(t.Header, opt.Columns, opt.Keep, opt.Reserved)
	if err != nil {
		return nil, nil, false, &ParseError{File: t.Name, Sheet: t.Sheet, Line: t.HeaderLine, Err: err}
	}
	p := &rowParser{order: order, auto: opt.DateOrder == OrderAuto, cols: cols, nFields: len(t.Header),
		decimalComma: opt.DecimalComma, dedupe: opt.Dedupe}
	if opt.Dedupe {
		p.seed = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	}
	for _, w := range opt.Where {
		if err := p.addFilter(t, w, false); err != nil {
			return nil, nil, false, err
		}
	}
	for _, w := range opt.WhereNot {
		if err := p.addFilter(t, w, true); err != nil {
			return nil, nil, false, err
		}
	}
	s := &scanner{
		opt:  opt,
		t:    t,
		cols: cols,
		agg:  rfm.NewAggregator(cols.Has(RoleOrder), len(cols.Keep), returns),
		rep: &Report{Table: t, Columns: cols, DateOrder: order, Reasons: map[string]int{}, FloatIDs: true, RejectsWritten: opt.Rejects != nil,
			Earliest: DatedLine{Date: rfm.NoDate}, Latest: DatedLine{Date: rfm.NoDate}},
		hold: opt.DateOrder == OrderAuto && order == OrderMDY,
	}
	if opt.TrackDays {
		s.agg.TrackDays()
	}
	if opt.Dedupe {
		s.seen = make(map[[2]uint64]struct{})
	}
	if opt.Rejects != nil {
		if err := opt.Rejects.Start(t.Header); err != nil {
			return nil, nil, false, err
		}
	}
	if opt.Rows != nil {
		if err := opt.Rows.Start(); err != nil {
			return nil, nil, false, err
		}
	}
	if t.csv != nil && !opt.Sequential {
		err = s.parallel(ctx, p, t.csv)
	} else {
		err = s.sequential(ctx, p, t.Records)
	}
	if err != nil && ctx.Err() != nil {
		err = ctx.Err() // not the read error of the closed file
	}
	if err != nil {
		return nil, nil, false, err
	}
	if !s.sawID {
		s.rep.FloatIDs = false
	}
	if s.firstBad != nil && !s.dayFirst {
		return nil, nil, false, s.firstBad
	}
	s.rep.Used = s.agg.Rows()
	if i := cols.Status; i >= 0 {
		s.rep.Status = s.status.result(i, t.Header[i])
	}
	return s.agg, s.rep, s.dayFirst, nil
}

// sequential parses and applies one record at a time.
func (s *scanner) sequential(ctx context.Context, p *rowParser, recs Records) error {
	b := &batch{}
	for {
		b.reset()
		b.text = b.text[:0]
		fields, line, err := recs.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				return &ParseError{File: s.t.Name, Sheet: s.t.Sheet, Line: line, Err: err}
			}
			b.addReject(re.Line, re.Fields, re.Reason, "")
		} else {
			p.parse(b, fields, nil, line)
		}
		if err := s.apply(ctx, b); err != nil {
			return err
		}
	}
}

// apply takes a batch of parsed rows through the ordered steps.
func (s *scanner) apply(ctx context.Context, b *batch) error {
	if b.dayFirst {
		s.dayFirst = true
	}
	if b.sawID {
		s.sawID = true
		if !b.floatIDs {
			s.rep.FloatIDs = false
		}
	}
	nKept := len(s.cols.Keep)
	for i := range b.rows {
		r := &b.rows[i]
		s.rep.Read++
		if s.rep.Read&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if s.opt.Progress != nil {
				s.opt.Progress(s.rep.Read)
			}
		}
		switch r.kind {
		case kindFiltered:
			s.rep.Filtered++
			continue
		case kindRejected:
			if err := s.reject(&b.rejects[r.reject]); err != nil {
				return err
			}
			continue
		}
		// 4. after the as-of date
		if s.opt.AsOf != rfm.NoDate && r.date > s.opt.AsOf {
			s.rep.AfterAsOf++
			continue
		}
		// 5. exact duplicates
		if s.seen != nil {
			if _, dup := s.seen[r.key]; dup {
				s.rep.Duplicates++
				continue
			}
			s.seen[r.key] = struct{}{}
		}
		// 6. used
		s.rep.DateForms[r.form]++
		if s.cols.Status >= 0 {
			s.status.add(&b.status, i)
		}
		if r.date < s.rep.Earliest.Date || s.rep.Earliest.Date == rfm.NoDate {
			s.rep.Earliest = DatedLine{r.date, int(r.line)}
		}
		if r.date > s.rep.Latest.Date {
			s.rep.Latest = DatedLine{r.date, int(r.line)}
		}
		if s.split {
			r.kind = kindAdd
			continue
		}
		row := b.rowAt(i, nKept)
		s.agg.Add(row)
		if s.opt.Rows != nil {
			if err := s.opt.Rows.Add(row); err != nil {
				return err
			}
		}
	}
	if s.cols.Status >= 0 {
		s.status.merge(&b.status)
	}
	return nil
}

// reject counts a bad row and hands it on (or, with Strict, stops).
func (s *scanner) reject(r *Reject) error {
	s.rep.Rejected++
	kind, _, _ := strings.Cut(r.Reason, ":")
	s.rep.Reasons[kind]++
	if s.opt.Strict {
		err := &ParseError{File: s.t.Name, Sheet: s.t.Sheet, Line: r.Line, Column: r.Column, Err: ReasonError(r.Reason)}
		if !s.hold {
			return err
		}
		// The day/month order may still change: decide at the end of the pass.
		if s.firstBad == nil {
			s.firstBad = err
		}
		return nil
	}
	if s.opt.Rejects == nil {
		return nil
	}
	return s.opt.Rejects.Reject(*r)
}

func strs(fields [][]byte) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = string(f)
	}
	return out
}
