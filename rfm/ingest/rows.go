package ingest

import (
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"sync/atomic"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// rowParser does the per-row work that needs no state from earlier rows —
// steps 1–3 of SPEC §2 — so that chunks of a file can be parsed in parallel.
type rowParser struct {
	order        DateOrder
	auto         bool // the order is being decided from the data
	cols         *Columns
	nFields      int
	decimalComma bool
	where        []filterIdx
	dedupe       bool
	seed         [2]maphash.Seed
	// hashID, when set, hashes each row's customer id for the aggregator's
	// parts (rfm.Aggregator.Split), on the parsing cores.
	hashID func([]byte) uint64
}

type filterIdx struct {
	col  int
	vals []string
	not  bool
}

func (p *rowParser) addFilter(t *Table, f Filter, not bool) error {
	idx := slices.Index(t.Header, f.Column)
	if idx >= 0 && slices.Index(t.Header[idx+1:], f.Column) >= 0 {
		return &ParseError{File: t.Name, Sheet: t.Sheet, Err: i18n.Errorf("two columns are headed %q; rename one", f.Column)}
	}
	if idx < 0 {
		flag := "--where"
		if not {
			flag = "--where-not"
		}
		return &ParseError{File: t.Name, Sheet: t.Sheet, Err: i18n.Errorf("%s: no column %q among [%s]", flag, f.Column, headerList(t.Header))}
	}
	p.where = append(p.where, filterIdx{col: idx, vals: f.Values, not: not})
	return nil
}

const (
	kindUsed = iota // parsed; the later steps decide
	kindFiltered
	kindRejected
	kindAdd // used, for the aggregator's parts to add
)

// span is a piece of batch.text.
type span struct{ off, n uint32 }

// parsedRow is one data row after steps 1–3. It holds no pointers, so that a
// batch of them costs the garbage collector nothing.
type parsedRow struct {
	kind     uint8
	form     DateForm
	hasOrder bool
	reject   int32 // index in batch.rejects
	big      int32 // index in batch.bigs when the amount is not in micros, else -1
	kept     int32 // first index in batch.kept
	cust     span
	order    span
	date     rfm.Date
	line     int32 // for the report's date range; saturates at 2³¹−1
	micros   int64
	key      [2]uint64 // the dedupe key
	hash     uint64    // the customer id's hash, with rowParser.hashID
}

// batch holds the parsed rows of a chunk, in file order, and the text their
// spans point into: the chunk itself, then any unescaped quoted fields.
type batch struct {
	seq      int
	text     []byte
	rows     []parsedRow
	rejects  []Reject
	kept     []span
	bigs     []rfm.Amount
	dayFirst bool
	sawID    bool
	floatIDs bool // every id seen ends in ".0"
	// status counts the status column's values; status.index has one entry
	// per row when the file has such a column.
	status statusTable
	err    error
	// row is reused by the consumer to hand rows on.
	row rfm.Row
	// pending counts the aggregator's parts yet to add the batch's rows.
	pending atomic.Int32
}

func (b *batch) reset() {
	b.rows = b.rows[:0]
	b.rejects = b.rejects[:0]
	b.kept = b.kept[:0]
	b.bigs = b.bigs[:0]
	b.dayFirst, b.sawID, b.floatIDs, b.err = false, false, true, nil
	b.status.reset()
}

func (b *batch) addReject(line int, fields [][]byte, reason, column string) {
	b.rejects = append(b.rejects, Reject{Line: line, Fields: strs(fields), Reason: reason, Column: column})
	b.rows = append(b.rows, parsedRow{kind: kindRejected, reject: int32(len(b.rejects) - 1)})
}

func (b *batch) bytes(s span) []byte { return b.text[s.off : s.off+s.n : s.off+s.n] }

// rowAt returns parsed row i as an rfm.Row; it is valid until the next call.
func (b *batch) rowAt(i int, nKept int) *rfm.Row { return b.rowInto(i, nKept, &b.row) }

// rowInto sets out to parsed row i and returns it.
func (b *batch) rowInto(i int, nKept int, out *rfm.Row) *rfm.Row {
	r := &b.rows[i]
	out.Customer = b.bytes(r.cust)
	out.Order = nil
	if r.hasOrder {
		out.Order = b.bytes(r.order)
	}
	out.Date = r.date
	if r.big >= 0 {
		out.Amount = b.bigs[r.big]
	} else {
		out.Amount = rfm.AmountFromMicros(r.micros)
	}
	out.Kept = out.Kept[:0]
	for k := range nKept {
		out.Kept = append(out.Kept, b.bytes(b.kept[int(r.kept)+k]))
	}
	return out
}

// fieldText locates a record's fields in b.text: in place when the reader
// split them out of the chunk (offs), else copied there.
type fieldText struct {
	b    *batch
	offs []int // nil: copy
}

// trimmed returns the span of field i without surrounding white space.
func (ft fieldText) trimmed(fields [][]byte, i int) span {
	return ft.spanOf(fields, i, trimSpace(fields[i]))
}

// spanOf returns the span of t, which is field i trimmed (a part of it,
// not a copy).
func (ft fieldText) spanOf(fields [][]byte, i int, t []byte) span {
	if ft.offs != nil {
		// t is fields[i][lead:…]: reslicing keeps the end of the capacity.
		lead := cap(fields[i]) - cap(t)
		return span{uint32(ft.offs[i] + lead), uint32(len(t))}
	}
	off := len(ft.b.text)
	ft.b.text = append(ft.b.text, t...)
	return span{uint32(off), uint32(len(t))}
}

// parse takes one record through steps 1–3 and appends the outcome to b.
// offs, when not nil, gives each field's offset in b.text.
func (p *rowParser) parse(b *batch, fields [][]byte, offs []int, line int) {
	// 1. wrong number of fields
	if len(fields) != p.nFields {
		b.addReject(line, fields, fmt.Sprintf("wrong number of fields: %d, want %d", len(fields), p.nFields), "")
		return
	}
	cols := &p.cols.Roles
	dateText := fields[cols[RoleDate].Index]
	// The day/month evidence is gathered over all rows with the right fields.
	d, form, dayFirst, dateErr := ParseDate(dateText, p.order)
	if dayFirst && p.auto && p.order == OrderMDY {
		b.dayFirst = true
	}
	// 2. filters, on the trimmed raw text
	for _, w := range p.where {
		v := trimSpace(fields[w.col])
		in := false
		for _, want := range w.vals {
			if string(v) == want {
				in = true
				break
			}
		}
		if in == w.not {
			b.rows = append(b.rows, parsedRow{kind: kindFiltered})
			return
		}
	}
	// 3. customer, date, amount
	id := trimSpace(fields[cols[RoleCustomer].Index])
	if len(id) == 0 {
		b.addReject(line, fields, "empty customer id", cols[RoleCustomer].Header)
		return
	}
	b.sawID = true
	if b.floatIDs && !(len(id) >= 2 && id[len(id)-2] == '.' && id[len(id)-1] == '0') {
		b.floatIDs = false
	}
	if dateErr != nil {
		if len(trimSpace(dateText)) == 0 {
			b.addReject(line, fields, "empty date", cols[RoleDate].Header)
			return
		}
		reason := "bad date"
		if dateErr == ErrDateOrder {
			reason = "date contradicts the day/month order"
		}
		b.addReject(line, fields, fmt.Sprintf("%s: %q", reason, trimSpace(dateText)), cols[RoleDate].Header)
		return
	}
	amt, ok := p.rowAmount(b, fields, line)
	if !ok {
		return
	}
	ft := fieldText{b: b, offs: offs}
	r := parsedRow{kind: kindUsed, form: form, date: d, line: int32(min(line, math.MaxInt32)), big: -1, kept: int32(len(b.kept))}
	r.cust = ft.spanOf(fields, cols[RoleCustomer].Index, id)
	if p.hashID != nil {
		r.hash = p.hashID(b.bytes(r.cust))
	}
	if m, ok := amt.Micros(); ok {
		r.micros = m
	} else {
		r.big = int32(len(b.bigs))
		b.bigs = append(b.bigs, amt)
	}
	if oi := cols[RoleOrder].Index; oi >= 0 {
		r.hasOrder = true
		r.order = ft.trimmed(fields, oi)
	}
	for _, i := range p.cols.Keep {
		b.kept = append(b.kept, ft.trimmed(fields, i))
	}
	if p.dedupe {
		r.key = p.rowKey(fields)
	}
	if si := p.cols.Status; si >= 0 {
		// One entry per row, the rows before this one included.
		for len(b.status.index) < len(b.rows) {
			b.status.index = append(b.status.index, -1)
		}
		b.status.index = append(b.status.index, b.status.of(trimSpace(fields[si])))
	}
	b.rows = append(b.rows, r)
}

// rowAmount returns the row's amount: the amount column, or quantity ×
// unit price; false means the row was rejected.
func (p *rowParser) rowAmount(b *batch, fields [][]byte, line int) (rfm.Amount, bool) {
	if p.cols.Roles[RoleAmount].Index >= 0 {
		return p.amount(b, fields, RoleAmount, line)
	}
	q, ok := p.amount(b, fields, RoleQuantity, line)
	if !ok {
		return rfm.Amount{}, false
	}
	pr, ok := p.amount(b, fields, RolePrice, line)
	if !ok {
		return rfm.Amount{}, false
	}
	return q.Mul(pr), true
}

// amount parses the role's field; false means the row was rejected.
func (p *rowParser) amount(b *batch, fields [][]byte, r Role, line int) (rfm.Amount, bool) {
	ch := &p.cols.Roles[r]
	// The commonest form, digits and a point with nothing around them,
	// without the general path's trimming.
	if !p.decimalComma {
		if a, ok := plainAmount(fields[ch.Index]); ok {
			return a, true
		}
	}
	text := trimSpace(fields[ch.Index])
	a, err := ParseAmount(text, p.decimalComma)
	if err == nil {
		return a, true
	}
	name := [...]string{RoleAmount: "amount", RoleQuantity: "quantity", RolePrice: "unit price"}[r]
	reason := fmt.Sprintf("bad %s: %q", name, text)
	if len(text) == 0 {
		reason = "empty " + name
	}
	b.addReject(line, fields, reason, ch.Header)
	return rfm.Amount{}, false
}

func (p *rowParser) rowKey(fields [][]byte) [2]uint64 {
	var h [2]maphash.Hash
	for k := range h {
		h[k].SetSeed(p.seed[k])
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
