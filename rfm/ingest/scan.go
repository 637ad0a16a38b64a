package ingest

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm"
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
		return Filter{}, fmt.Errorf("%q: want COLUMN=VALUE[,VALUE…]", s)
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
	Where   []Filter
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
}

// DateFormat describes the date forms seen, most common first.
func (r *Report) DateFormat() string {
	type fc struct {
		f DateForm
		n int
	}
	var seen []fc
	for f, n := range r.DateForms {
		if n > 0 {
			seen = append(seen, fc{DateForm(f), n})
		}
	}
	slices.SortStableFunc(seen, func(a, b fc) int { return b.n - a.n })
	var parts []string
	for _, s := range seen {
		parts = append(parts, s.f.String())
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

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

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString("[" + e.Sheet + "]")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Scan reads the table, sends every used row to a new aggregator and returns
// it with the accounting. When the day/month order is decided from the data
// and the data says day first, the table is read a second time.
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

type scanner struct {
	opt     Options
	order   DateOrder
	t       *Table
	cols    *Columns
	agg     *rfm.Aggregator
	rep     *Report
	seed    [2]maphash.Seed
	seen    map[[2]uint64]struct{}
	nFields int
	row     rfm.Row
	where   []filterIdx
	// dayFirst is the evidence for day/month order; hold says the order may
	// still change after this pass, so a strict stop waits for the end.
	dayFirst bool
	hold     bool
	firstBad *ParseError
}

type filterIdx struct {
	col  int
	vals []string
	not  bool
}

func scanOnce(ctx context.Context, src Source, opt Options, order DateOrder, returns rfm.Returns) (*rfm.Aggregator, *Report, bool, error) {
	t, err := src.Open()
	if err != nil {
		return nil, nil, false, err
	}
	defer t.Close()
	cols, err := resolve(t.Header, opt.Columns, opt.Keep)
	if err != nil {
		return nil, nil, false, &ParseError{File: t.Name, Sheet: t.Sheet, Line: t.HeaderLine, Err: err}
	}
	s := &scanner{
		opt:     opt,
		order:   order,
		t:       t,
		cols:    cols,
		agg:     rfm.NewAggregator(cols.Has(RoleOrder), len(cols.Keep), returns),
		rep:     &Report{Table: t, Columns: cols, DateOrder: order, Reasons: map[string]int{}, FloatIDs: true},
		nFields: len(t.Header),
		hold:    opt.DateOrder == OrderAuto && order == OrderMDY,
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
	s.row.Kept = make([][]byte, len(cols.Keep))
	if opt.Dedupe {
		s.seed = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
		s.seen = make(map[[2]uint64]struct{})
	}
	for _, w := range opt.Where {
		if err := s.addFilter(w, false); err != nil {
			return nil, nil, false, err
		}
	}
	for _, w := range opt.WhereNot {
		if err := s.addFilter(w, true); err != nil {
			return nil, nil, false, err
		}
	}
	sawID := false
	for {
		fields, line, err := t.Records.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				return nil, nil, false, &ParseError{File: t.Name, Sheet: t.Sheet, Line: line, Err: err}
			}
			s.rep.Read++
			if err := s.reject(re.Line, re.Fields, re.Reason, ""); err != nil {
				return nil, nil, false, err
			}
			continue
		}
		s.rep.Read++
		if s.rep.Read&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, false, err
			}
			if opt.Progress != nil {
				opt.Progress(s.rep.Read)
			}
		}
		if err := s.process(fields, line, &sawID); err != nil {
			return nil, nil, false, err
		}
	}
	if !sawID {
		s.rep.FloatIDs = false
	}
	if s.firstBad != nil && !s.dayFirst {
		return nil, nil, false, s.firstBad
	}
	s.rep.Used = s.agg.Rows()
	return s.agg, s.rep, s.dayFirst, nil
}

func (s *scanner) addFilter(f Filter, not bool) error {
	idx := slices.Index(s.t.Header, f.Column)
	if idx < 0 {
		flag := "--where"
		if not {
			flag = "--where-not"
		}
		return &ParseError{File: s.t.Name, Sheet: s.t.Sheet, Err: fmt.Errorf("%s: no column %q among [%s]", flag, f.Column, strings.Join(s.t.Header, ", "))}
	}
	s.where = append(s.where, filterIdx{col: idx, vals: f.Values, not: not})
	return nil
}

func (s *scanner) process(fields [][]byte, line int, sawID *bool) error {
	// 1. wrong number of fields
	if len(fields) != s.nFields {
		return s.reject(line, fields, fmt.Sprintf("wrong number of fields: %d, want %d", len(fields), s.nFields), "")
	}
	cols := &s.cols.Roles
	dateText := fields[cols[RoleDate].Index]
	// The day/month evidence is gathered over all rows with the right fields.
	d, form, dayFirst, dateErr := ParseDate(dateText, s.order)
	if dayFirst && s.order == OrderMDY && s.opt.DateOrder == OrderAuto {
		s.dayFirst = true
	}
	// 2. filters, on the trimmed raw text
	for _, w := range s.where {
		v := trimSpace(fields[w.col])
		in := false
		for _, want := range w.vals {
			if string(v) == want {
				in = true
				break
			}
		}
		if in == w.not {
			s.rep.Filtered++
			return nil
		}
	}
	// 3. customer, date, amount
	id := trimSpace(fields[cols[RoleCustomer].Index])
	if len(id) == 0 {
		return s.reject(line, fields, "empty customer id", cols[RoleCustomer].Header)
	}
	*sawID = true
	if s.rep.FloatIDs && !strings.HasSuffix(string(id), ".0") {
		s.rep.FloatIDs = false
	}
	if dateErr != nil {
		if len(trimSpace(dateText)) == 0 {
			return s.reject(line, fields, "empty date", cols[RoleDate].Header)
		}
		reason := "bad date"
		if dateErr == ErrDateOrder || (dayFirst && s.order == OrderMDY) {
			reason = "date contradicts the day/month order"
		}
		return s.reject(line, fields, fmt.Sprintf("%s: %q", reason, trimSpace(dateText)), cols[RoleDate].Header)
	}
	var amt rfm.Amount
	if cols[RoleAmount].Index >= 0 {
		a, err := s.amount(fields, RoleAmount, line)
		if err != nil || a == nil {
			return err
		}
		amt = *a
	} else {
		q, err := s.amount(fields, RoleQuantity, line)
		if err != nil || q == nil {
			return err
		}
		p, err := s.amount(fields, RolePrice, line)
		if err != nil || p == nil {
			return err
		}
		amt = q.Mul(*p)
	}
	// 4. after the as-of date
	if s.opt.AsOf != rfm.NoDate && d > s.opt.AsOf {
		s.rep.AfterAsOf++
		return nil
	}
	// 5. exact duplicates
	if s.seen != nil {
		key := s.rowKey(fields)
		if _, dup := s.seen[key]; dup {
			s.rep.Duplicates++
			return nil
		}
		s.seen[key] = struct{}{}
	}
	// 6. used
	s.rep.DateForms[form]++
	s.row.Customer = id
	s.row.Date = d
	s.row.Amount = amt
	s.row.Order = nil
	if oi := cols[RoleOrder].Index; oi >= 0 {
		s.row.Order = trimSpace(fields[oi])
		if s.row.Order == nil {
			s.row.Order = []byte{}
		}
	}
	for k, i := range s.cols.Keep {
		s.row.Kept[k] = trimSpace(fields[i])
	}
	s.agg.Add(&s.row)
	if s.opt.Rows != nil {
		return s.opt.Rows.Add(&s.row)
	}
	return nil
}

// amount parses the role's field; a nil amount with a nil error means the row
// was rejected.
func (s *scanner) amount(fields [][]byte, r Role, line int) (*rfm.Amount, error) {
	ch := s.cols.Roles[r]
	text := trimSpace(fields[ch.Index])
	a, err := ParseAmount(text, s.opt.DecimalComma)
	if err == nil {
		return &a, nil
	}
	name := map[Role]string{RoleAmount: "amount", RoleQuantity: "quantity", RolePrice: "unit price"}[r]
	reason := fmt.Sprintf("bad %s: %q", name, text)
	if len(text) == 0 {
		reason = "empty " + name
	}
	return nil, s.reject(line, fields, reason, ch.Header)
}

func (s *scanner) rowKey(fields [][]byte) [2]uint64 {
	var h [2]maphash.Hash
	for k := range h {
		h[k].SetSeed(s.seed[k])
		for _, f := range fields {
			f = trimSpace(f)
			var n [4]byte
			n[0], n[1], n[2], n[3] = byte(len(f)), byte(len(f)>>8), byte(len(f)>>16), byte(len(f)>>24)
			h[k].Write(n[:])
			h[k].Write(f)
		}
	}
	return [2]uint64{h[0].Sum64(), h[1].Sum64()}
}

// reject counts a bad row and hands it on (or, with Strict, stops).
func (s *scanner) reject(line int, fields [][]byte, reason, column string) error {
	s.rep.Rejected++
	kind, _, _ := strings.Cut(reason, ":")
	s.rep.Reasons[kind]++
	if s.opt.Strict {
		err := &ParseError{File: s.t.Name, Sheet: s.t.Sheet, Line: line, Column: column, Err: errors.New(reason)}
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
	return s.opt.Rejects.Reject(Reject{Line: line, Fields: strs(fields), Reason: reason, Column: column})
}

func strs(fields [][]byte) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = string(f)
	}
	return out
}
