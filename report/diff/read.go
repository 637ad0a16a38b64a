package diff

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// CustomerFile is a customer file written by rfm score, read back for Compare.
type CustomerFile struct {
	// Name names the file in messages.
	Name string
	// Settings are the file's recorded settings, or nil when there are none.
	Settings *report.Settings
	// Kept are the headers of the columns that are not SPEC §6's, in order.
	Kept []string
	// Rows are the scored customers in the file's order; prospects of rfm
	// score --customers, who have nothing scored to compare, are left out.
	Rows []CustomerRow
	// HasStages says the file has rfm score --lifecycle's lifecycle column.
	HasStages bool
}

// CustomerRow is one customer of a CustomerFile.
type CustomerRow struct {
	// ID is the customer id; in a CSV file without the formula guard's ',
	// as are the kept values and the segment.
	ID        string
	Kept      []string
	Recency   int64
	Frequency int64
	Monetary  rfm.Cents
	Code      string
	Sum       int
	Segment   string
	Tier      string
	// Stage is the lifecycle column's stage, read in either language.
	Stage rfm.Stage
	// Line is the row's line (or sheet row) in the file.
	Line int
}

// The columns Compare reads, by name.
var diffColumns = [...]string{"customer_id", "recency_days", "frequency", "monetary", "rfm_code", "rfm_sum", "segment", "tier"}

const (
	dcID = iota
	dcRecency
	dcFrequency
	dcMonetary
	dcCode
	dcSum
	dcSegment
	dcTier
)

// fileReader reads the rows of one customer table.
type fileReader struct {
	t *ingest.Table
	// idx are the columns of diffColumns, keptIdx the kept ones and
	// stageCol the lifecycle column (-1 without one).
	idx      [len(diffColumns)]int
	keptIdx  []int
	stageCol int
	// text reads a text field: through report.Unguard for CSV.
	text func(b []byte) string
	// csv says the text fields are read back through report.Unguard.
	csv bool
	// interned holds one string for each code, class and tier: they
	// repeat on every row.
	interned map[string]string
	// rows are the rows read; those from first on still need their id
	// and kept values, whose bytes are in buf back to back and where
	// each is in spans: the strings of a block of rows are one
	// allocation. seen counts the bytes of the rows read, which with
	// the file's size tell how many rows to make room for.
	rows  []CustomerRow
	first int
	buf   []byte
	spans []span
	seen  int64
}

// span is the id (kept < 0) or kept value kept of row row, buf[start:end].
type span struct {
	row, kept, start, end int
}

// rowBlock is the number of rows read before their strings are made, and
// before the file's size tells how many rows to make room for: a million
// rows appended one by one would be copied (with their pointers, under
// the garbage collector's write barrier) at every doubling.
const rowBlock = 1 << 13

// ReadCustomerFile reads the customer table t: the header of SPEC §6, kept
// columns anywhere, extra columns allowed. A CSV file's text is read back
// through report.Unguard, which undoes exactly what the guard wrote; a
// workbook's text cells were never guarded.
func ReadCustomerFile(t *ingest.Table) (*CustomerFile, error) {
	f := &CustomerFile{Name: t.Name}
	fr := &fileReader{t: t, stageCol: -1, interned: map[string]string{},
		text: func(b []byte) string { return string(b) }}
	if t.Format == "csv" {
		fr.text = func(b []byte) string { return report.Unguard(string(b)) }
		fr.csv = true
	}
	if err := fr.header(f); err != nil {
		return nil, err
	}
	fr.rows = make([]CustomerRow, 0, rowBlock)
	for {
		fields, line, err := t.Records.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *ingest.RecordError
			if errors.As(err, &re) {
				return nil, fr.fail(re.Line, "", err)
			}
			return nil, fr.fail(0, "", err)
		}
		if fr.first == 0 {
			for _, b := range fields {
				fr.seen += int64(len(b)) + 1
			}
		}
		if err := fr.row(fields, line); err != nil {
			return nil, err
		}
		if len(fr.rows)-fr.first == rowBlock {
			fr.flush()
		}
	}
	fr.flush()
	f.Rows = fr.rows
	return f, nil
}

// flush makes the strings of the rows from fr.first on. After the first
// block it makes room for the rows the rest of a CSV file holds, at as many
// bytes a row as so far, and a few more.
func (fr *fileReader) flush() {
	text := string(fr.buf)
	for _, sp := range fr.spans {
		r := &fr.rows[sp.row]
		if sp.kept < 0 {
			r.ID = text[sp.start:sp.end]
		} else {
			r.Kept[sp.kept] = text[sp.start:sp.end]
		}
	}
	if fr.first == 0 && len(fr.rows) == rowBlock && fr.csv && fr.t.Size > 0 && fr.seen > 0 {
		n := int(float64(fr.t.Size)/float64(fr.seen)*1.02*rowBlock) + rowBlock
		if n > cap(fr.rows) {
			fr.rows = append(make([]CustomerRow, 0, n), fr.rows...)
		}
	}
	fr.first = len(fr.rows)
	fr.buf, fr.spans = fr.buf[:0], fr.spans[:0]
}

// unguard is report.Unguard of a CSV field's bytes; a workbook's are as
// they are.
func (fr *fileReader) unguard(b []byte) []byte {
	if fr.csv && len(b) > 1 && b[0] == '\'' && len(report.Unguard(string(b[:2]))) == 1 {
		return b[1:]
	}
	return b
}

// keep adds b's text to buf: the id (kept < 0) or kept value kept of the
// next row.
func (fr *fileReader) keep(kept int, b []byte) {
	start := len(fr.buf)
	fr.buf = append(fr.buf, fr.unguard(b)...)
	if len(fr.buf) > start {
		fr.spans = append(fr.spans, span{len(fr.rows), kept, start, len(fr.buf)})
	}
}

// fail returns an error at line and column col of the table.
func (fr *fileReader) fail(line int, col string, err error) error {
	return &ingest.ParseError{File: fr.t.Name, Sheet: fr.t.Sheet, Line: line, Column: col, Err: err}
}

// header finds the columns: those Compare reads, the lifecycle column and
// the kept ones (every column rfm score does not write), whose names go to
// f.Kept.
func (fr *fileReader) header(f *CustomerFile) error {
	t := fr.t
	for i := range fr.idx {
		fr.idx[i] = -1
	}
	output := map[string]bool{report.WeightedColumn: true}
	for _, h := range append(report.Header(nil), report.LifecycleHeader()...) {
		output[h] = true
	}
	for i, h := range t.Header {
		h = strings.TrimSpace(h)
		name := strings.ToLower(h)
		if en, ok := report.ColumnOf(h); ok {
			// Written in Chinese (--headers zh, a Chinese workbook).
			name = en
		}
		if k := slices.Index(diffColumns[:], name); k >= 0 {
			if fr.idx[k] >= 0 {
				return fr.fail(t.HeaderLine, h, i18n.New("appears twice in the header"))
			}
			fr.idx[k] = i
			continue
		}
		if name == "lifecycle" {
			fr.stageCol = i
		}
		if !output[name] {
			fr.keptIdx = append(fr.keptIdx, i)
			f.Kept = append(f.Kept, fr.text([]byte(h)))
		}
	}
	for k, i := range fr.idx {
		if i < 0 {
			return fr.fail(t.HeaderLine, "", i18n.Errorf("no %s column among [%s]: not a customer file written by rfm score", diffColumns[k], strings.Join(t.Header, ", ")))
		}
	}
	f.HasStages = fr.stageCol >= 0
	return nil
}

// intern returns the one string of b's text.
func (fr *fileReader) intern(b []byte) string {
	if s, ok := fr.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	fr.interned[s] = s
	return s
}

// row reads the customer of one record into fr.rows; a prospect's row is
// left out.
func (fr *fileReader) row(fields [][]byte, line int) error {
	r, ok, err := fr.parseRow(fields, line)
	if err != nil || !ok {
		return err
	}
	fr.keep(-1, fr.field(fields, dcID))
	if len(fr.keptIdx) > 0 {
		r.Kept = make([]string, len(fr.keptIdx))
		for j, i := range fr.keptIdx {
			if i < len(fields) {
				fr.keep(j, fields[i])
			}
		}
	}
	fr.rows = append(fr.rows, r)
	return nil
}

// field returns column k of diffColumns in fields, nil when the record is
// short.
func (fr *fileReader) field(fields [][]byte, k int) []byte {
	if i := fr.idx[k]; i < len(fields) {
		return fields[i]
	}
	return nil
}

// parseRow reads the customer of one record but for its id and kept
// values, which row adds to buf; ok is false for a prospect's
// row.
func (fr *fileReader) parseRow(fields [][]byte, line int) (r CustomerRow, ok bool, err error) {
	raw := func(k int) []byte { return fr.field(fields, k) }
	trim := func(k int) []byte { return bytes.TrimSpace(raw(k)) }
	r = CustomerRow{Line: line, Code: fr.intern(trim(dcCode)),
		Segment: fr.intern(fr.unguard(raw(dcSegment))), Tier: fr.intern(trim(dcTier))}
	if len(fr.unguard(raw(dcID))) == 0 {
		return r, false, fr.fail(line, "customer_id", i18n.New("empty customer id"))
	}
	if isProspectRow(trim(dcCode), trim(dcTier)) {
		return r, false, nil // a prospect of rfm score --customers: nothing scored to compare
	}
	var whole [3]bool
	r.Recency, whole[0] = parseInt(trim(dcRecency))
	r.Frequency, whole[1] = parseInt(trim(dcFrequency))
	sum, ok2 := parseInt(trim(dcSum))
	r.Sum, whole[2] = int(sum), ok2
	for j, k := range [3]int{dcRecency, dcFrequency, dcSum} {
		if !whole[j] {
			return r, false, fr.fail(line, diffColumns[k], i18n.Errorf("cannot read %q as a whole number", raw(k)))
		}
	}
	if r.Monetary, err = parseCents(trim(dcMonetary)); err != nil {
		return r, false, fr.fail(line, "monetary", err)
	}
	if report.TierRank(r.Tier) == 0 {
		return r, false, fr.fail(line, "tier", i18n.Errorf("%q is not A, B or C", r.Tier))
	}
	if fr.stageCol >= 0 {
		var v []byte
		if fr.stageCol < len(fields) {
			v = bytes.TrimSpace(fields[fr.stageCol])
		}
		st, ok := rfm.ParseStage(string(v))
		if !ok || st == rfm.StageNone {
			return r, false, fr.fail(line, "lifecycle", i18n.Errorf("%q is not a lifecycle stage (新客户 … 流失客户, or new … lapsed)", v))
		}
		r.Stage = st
	}
	return r, true, nil
}

// isProspectRow says a customer output row is a prospect's: no rfm_code and
// no tier, which every scored row has.
func isProspectRow(code, tier []byte) bool {
	return len(strings.TrimSpace(string(code))) == 0 && len(strings.TrimSpace(string(tier))) == 0
}

// parseInt reads an optionally negative whole number of at most 18 digits.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// parseCents reads a decimal with at most two decimals, such as 12, -3.5 or
// 1003.57, exactly.
func parseCents(b []byte) (rfm.Cents, error) {
	whole, frac, _ := bytes.Cut(b, []byte("."))
	neg := len(whole) > 0 && whole[0] == '-'
	if neg {
		whole = whole[1:]
	}
	w, ok := parseInt(whole)
	if !ok || whole[0] == '-' || len(whole) > 17 || len(frac) > 2 || (bytes.IndexByte(b, '.') >= 0 && len(frac) == 0) {
		return 0, i18n.Errorf("cannot read %q as an amount with two decimals", b)
	}
	// Up to 17 digits and two decimals fit a uint64; any int64 cents fit.
	v := uint64(w) * 100
	for i, scale := range [2]uint64{10, 1} {
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return 0, i18n.Errorf("cannot read %q as an amount with two decimals", b)
			}
			v += uint64(c-'0') * scale
		}
	}
	if v > 1<<63-1 && !(neg && v == 1<<63) {
		return 0, i18n.Errorf("cannot read %q as an amount: beyond the %s an amount can be", b, rfm.Cents(1<<63-1))
	}
	if neg {
		return rfm.Cents(-int64(v)), nil
	}
	return rfm.Cents(int64(v)), nil
}
