package report

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// CustomerFile is a customer file written by rfm score, read back for Compare.
type CustomerFile struct {
	// Name names the file in messages.
	Name string
	// Settings are the file's recorded settings, or nil when there are none.
	Settings *Settings
	// Kept are the headers of the columns that are not SPEC §6's, in order.
	Kept []string
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

// ReadCustomerFile reads the customer table t: the header of SPEC §6, kept
// columns anywhere, extra columns allowed. A CSV file's text is read back
// through Unguard, which undoes exactly what the guard wrote; a workbook's
// text cells were never guarded.
func ReadCustomerFile(t *ingest.Table) (*CustomerFile, error) {
	f := &CustomerFile{Name: t.Name}
	text := func(b []byte) string { return string(b) }
	if t.Format == "csv" {
		text = func(b []byte) string { return Unguard(string(b)) }
	}
	fail := func(line int, col string, err error) error {
		return &ingest.ParseError{File: t.Name, Sheet: t.Sheet, Line: line, Column: col, Err: err}
	}
	var idx [len(diffColumns)]int
	for i := range idx {
		idx[i] = -1
	}
	var keptIdx []int
	output := map[string]bool{WeightedColumn: true}
	for _, h := range append(Header(nil), LifecycleHeader()...) {
		output[h] = true
	}
	stageCol := -1
	for i, h := range t.Header {
		h = strings.TrimSpace(h)
		if k := slices.Index(diffColumns[:], strings.ToLower(h)); k >= 0 {
			if idx[k] >= 0 {
				return nil, fail(t.HeaderLine, h, errors.New("appears twice in the header"))
			}
			idx[k] = i
			continue
		}
		if strings.ToLower(h) == "lifecycle" {
			stageCol = i
		}
		if !output[strings.ToLower(h)] {
			keptIdx = append(keptIdx, i)
			f.Kept = append(f.Kept, text([]byte(h)))
		}
	}
	for k, i := range idx {
		if i < 0 {
			return nil, fail(t.HeaderLine, "", fmt.Errorf("no %s column among [%s]: not a customer file written by rfm score", diffColumns[k], strings.Join(t.Header, ", ")))
		}
	}
	f.HasStages = stageCol >= 0
	// Codes, classes and tiers repeat on every row: one string each.
	interned := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := interned[string(b)]; ok {
			return s
		}
		s := string(b)
		interned[s] = s
		return s
	}
	for {
		fields, line, err := t.Records.Next()
		if err == io.EOF {
			break
		}
		var re *ingest.RecordError
		if errors.As(err, &re) {
			return nil, fail(re.Line, "", err)
		}
		if err != nil {
			return nil, fail(0, "", err)
		}
		raw := func(k int) []byte {
			if i := idx[k]; i < len(fields) {
				return fields[i]
			}
			return nil
		}
		trim := func(k int) []byte { return bytes.TrimSpace(raw(k)) }
		r := CustomerRow{ID: text(raw(dcID)), Line: line, Code: intern(trim(dcCode)),
			Segment: intern([]byte(text(raw(dcSegment)))), Tier: intern(trim(dcTier))}
		if r.ID == "" {
			return nil, fail(line, "customer_id", errors.New("empty customer id"))
		}
		if isProspectRow(trim(dcCode), trim(dcTier)) {
			continue // a prospect of rfm score --customers: nothing scored to compare
		}
		if len(keptIdx) > 0 {
			r.Kept = make([]string, len(keptIdx))
			for j, i := range keptIdx {
				if i < len(fields) {
					r.Kept[j] = text(fields[i])
				}
			}
		}
		var ok [3]bool
		r.Recency, ok[0] = parseInt(trim(dcRecency))
		r.Frequency, ok[1] = parseInt(trim(dcFrequency))
		sum, ok2 := parseInt(trim(dcSum))
		r.Sum, ok[2] = int(sum), ok2
		for j, k := range [3]int{dcRecency, dcFrequency, dcSum} {
			if !ok[j] {
				return nil, fail(line, diffColumns[k], fmt.Errorf("cannot read %q as a whole number", raw(k)))
			}
		}
		if r.Monetary, err = parseCents(trim(dcMonetary)); err != nil {
			return nil, fail(line, "monetary", err)
		}
		if tierRank(r.Tier) == 0 {
			return nil, fail(line, "tier", fmt.Errorf("%q is not A, B or C", r.Tier))
		}
		if stageCol >= 0 {
			var v []byte
			if stageCol < len(fields) {
				v = bytes.TrimSpace(fields[stageCol])
			}
			st, ok := rfm.ParseStage(string(v))
			if !ok || st == rfm.StageNone {
				return nil, fail(line, "lifecycle", fmt.Errorf("%q is not a lifecycle stage (新客户 … 流失客户, or new … lapsed)", v))
			}
			r.Stage = st
		}
		f.Rows = append(f.Rows, r)
	}
	return f, nil
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
		return 0, fmt.Errorf("cannot read %q as an amount with two decimals", b)
	}
	// Up to 17 digits and two decimals fit a uint64; any int64 cents fit.
	v := uint64(w) * 100
	for i, scale := range [2]uint64{10, 1} {
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("cannot read %q as an amount with two decimals", b)
			}
			v += uint64(c-'0') * scale
		}
	}
	if v > 1<<63-1 && !(neg && v == 1<<63) {
		return 0, fmt.Errorf("cannot read %q as an amount: beyond the %s an amount can be", b, rfm.Cents(1<<63-1))
	}
	if neg {
		return rfm.Cents(-int64(v)), nil
	}
	return rfm.Cents(int64(v)), nil
}

// tierRank orders tiers: A 3, B 2, C 1; anything else 0.
func tierRank(t string) int {
	switch t {
	case "A":
		return 3
	case "B":
		return 2
	case "C":
		return 1
	}
	return 0
}

// Direction says how a customer moved between two files.
type Direction int

// The directions. Up and Down follow the tier (A above B above C), then
// rfm_sum; a customer in only one file is New or Gone.
const (
	Same Direction = iota
	Up
	Down
	New
	Gone
)

func (d Direction) String() string { return [...]string{"same", "up", "down", "new", "gone"}[d] }

// DiffClass is one class of a comparison's matrix.
type DiffClass struct {
	Slug, ZH, EN, Tier string
	// listed says the class is a class of the files' scheme, shown even
	// when no customer is in it; raw says its name matched no scheme.
	listed, raw bool
}

// Name returns the class's name in lang.
func (c *DiffClass) Name(l segment.Lang) string { return l.Pick(c.ZH, c.EN) }

// Move is one customer in a comparison.
type Move struct {
	// ID is the id as written in the newer file (the older one when gone).
	ID   string
	Kept []string
	// From and To index Diff.Classes; -1 when the customer is not in that file.
	From, To  int
	Old, New  *CustomerRow
	Direction Direction
}

// DiffCounts are a comparison's totals.
type DiffCounts struct {
	Before, After, Both int
	Up, Down, Same      int
	// Changed counts customers in both files whose class changed.
	Changed int
	// New and Gone count customers in only the newer or the older file.
	New, Gone int
	// OutOfA counts customers in tier A before and not now (gone included);
	// IntoA those in tier A now and not before (new included).
	OutOfA, IntoA int
}

// Diff compares two customer files.
type Diff struct {
	OldName, NewName string
	// Lang is the language classes are named in: the newer file's.
	Lang    segment.Lang
	Classes []DiffClass
	// Matrix[i][j] counts customers of class i before and class j now; row
	// len(Classes) holds new customers, column len(Classes) gone ones.
	Matrix [][]int
	// Kept are the kept columns of either file, the newer file's first.
	Kept   []string
	Moves  []Move
	Counts DiffCounts
	// Notes are facts worth telling, such as names matched across languages.
	Notes []string
	// Stages are the lifecycle stage transitions; nil unless both files
	// have the lifecycle column.
	Stages *StageDiff
}

// catalog resolves class names in either language to classes.
type catalog struct {
	classes []DiffClass
	byName  map[string]int
}

func newCatalog(ss *SchemeSettings) *catalog {
	c := &catalog{byName: map[string]int{}}
	add := func(cl DiffClass) {
		i := len(c.classes)
		c.classes = append(c.classes, cl)
		for _, n := range []string{cl.ZH, cl.EN} {
			if _, ok := c.byName[n]; !ok && n != "" {
				c.byName[n] = i
			}
		}
	}
	if ss != nil {
		for _, cl := range ss.Classes {
			add(DiffClass{Slug: cl.Slug, ZH: cl.ZH, EN: cl.EN, Tier: cl.Tier, listed: cl.Slug != segment.Other.Slug})
		}
		return c
	}
	// No recorded scheme: the built-in schemes' names.
	for _, sc := range segment.Builtins() {
		for _, seg := range SchemeClasses(sc) {
			if seg.Slug != segment.Other.Slug {
				add(DiffClass{Slug: seg.Slug, ZH: seg.ZH, EN: seg.EN, Tier: seg.Tier})
			}
		}
	}
	o := segment.Other
	add(DiffClass{Slug: o.Slug, ZH: o.ZH, EN: o.EN, Tier: o.Tier})
	return c
}

// resolve returns the class named name, adding one for an unknown name, and
// notes in lang whether the name was the class's zh or en name.
func (c *catalog) resolve(name string, lang map[string]bool) int {
	if i, ok := c.byName[name]; ok {
		cl := &c.classes[i]
		switch {
		case cl.raw || cl.ZH == cl.EN:
		case name == cl.ZH:
			lang["zh"] = true
		default:
			lang["en"] = true
		}
		return i
	}
	i := len(c.classes)
	c.classes = append(c.classes, DiffClass{ZH: name, EN: name, raw: true})
	c.byName[name] = i
	return i
}

// Compare compares an older and a newer customer file of the same customers.
// Customers are matched by customer_id as read (without the formula
// guard's ', so a CSV file matches a workbook); an id twice is an error. Classes are matched by name in either
// language, through the recorded scheme or the built-in ones.
func Compare(old, cur *CustomerFile) (*Diff, error) {
	d := &Diff{OldName: old.Name, NewName: cur.Name}
	var ss *SchemeSettings
	switch {
	case cur.Settings != nil:
		ss = &cur.Settings.Segments
	case old.Settings != nil:
		ss = &old.Settings.Segments
	}
	cat := newCatalog(ss)
	langs := [2]map[string]bool{{}, {}}
	oldIdx, err := index(old)
	if err != nil {
		return nil, err
	}
	curIdx, err := index(cur)
	if err != nil {
		return nil, err
	}
	fromClass := make([]int, len(old.Rows))
	for i := range old.Rows {
		fromClass[i] = cat.resolve(old.Rows[i].Segment, langs[0])
	}
	toClass := make([]int, len(cur.Rows))
	for i := range cur.Rows {
		toClass[i] = cat.resolve(cur.Rows[i].Segment, langs[1])
	}
	langOf := func(f *CustomerFile, seen map[string]bool) string {
		if f.Settings != nil {
			return f.Settings.Lang
		}
		switch {
		case seen["zh"] && !seen["en"]:
			return "zh"
		case seen["en"] && !seen["zh"]:
			return "en"
		}
		return ""
	}
	ol, nl := langOf(old, langs[0]), langOf(cur, langs[1])
	d.Lang = segment.ZH
	if nl == "en" || (nl == "" && ol == "en") {
		d.Lang = segment.EN
	}
	if ol != "" && nl != "" && ol != nl {
		for _, cl := range cat.classes {
			if cl.raw {
				return nil, fmt.Errorf("cannot match classes: %s names them in %s, %s in %s, and %q is not a class of the scheme; score both with the same --lang",
					old.Name, ol, cur.Name, nl, cl.ZH)
			}
		}
		d.Notes = append(d.Notes, fmt.Sprintf("%s names classes in %s, %s in %s: matched through the scheme's names", old.Name, ol, cur.Name, nl))
	}

	// Keep the scheme's classes and those that occur, in catalog order.
	used := make([]bool, len(cat.classes))
	for _, k := range fromClass {
		used[k] = true
	}
	for _, k := range toClass {
		used[k] = true
	}
	remap := make([]int, len(cat.classes))
	var rawNames []int
	for i, cl := range cat.classes {
		remap[i] = -1
		switch {
		case cl.raw:
			rawNames = append(rawNames, i)
		case cl.listed || used[i]:
			remap[i] = len(d.Classes)
			d.Classes = append(d.Classes, cl)
		}
	}
	// Names no scheme knows go last, in byte order.
	slices.SortFunc(rawNames, func(a, b int) int { return strings.Compare(cat.classes[a].ZH, cat.classes[b].ZH) })
	for _, i := range rawNames {
		remap[i] = len(d.Classes)
		d.Classes = append(d.Classes, cat.classes[i])
	}
	n := len(d.Classes)
	d.Matrix = make([][]int, n+1)
	for i := range d.Matrix {
		d.Matrix[i] = make([]int, n+1)
	}

	d.Kept = append([]string{}, cur.Kept...)
	oldKept := make([]int, len(d.Kept))
	for i, h := range d.Kept {
		oldKept[i] = slices.Index(old.Kept, h)
	}
	for i, h := range old.Kept {
		if !slices.Contains(d.Kept, h) {
			d.Kept = append(d.Kept, h)
			oldKept = append(oldKept, i)
		}
	}
	keptOf := func(m *Move) {
		m.Kept = make([]string, len(d.Kept))
		for i := range d.Kept {
			switch {
			case m.New != nil && i < len(cur.Kept):
				m.Kept[i] = m.New.Kept[i]
			case m.Old != nil && oldKept[i] >= 0:
				m.Kept[i] = m.Old.Kept[oldKept[i]]
			}
		}
	}

	c := &d.Counts
	c.Before, c.After = len(old.Rows), len(cur.Rows)
	d.Moves = make([]Move, 0, max(len(old.Rows), len(cur.Rows)))
	i, j := 0, 0
	for i < len(oldIdx) || j < len(curIdx) {
		m := Move{From: -1, To: -1}
		var cmp int
		switch {
		case i == len(oldIdx):
			cmp = 1
		case j == len(curIdx):
			cmp = -1
		default:
			cmp = strings.Compare(oldIdx[i].key, curIdx[j].key)
		}
		if cmp <= 0 {
			k := oldIdx[i].row
			m.Old, m.From, m.ID = &old.Rows[k], remap[fromClass[k]], old.Rows[k].ID
			i++
		}
		if cmp >= 0 {
			k := curIdx[j].row
			m.New, m.To, m.ID = &cur.Rows[k], remap[toClass[k]], cur.Rows[k].ID
			j++
		}
		row, col := m.From, m.To
		switch {
		case m.Old == nil:
			m.Direction, row = New, n
			c.New++
		case m.New == nil:
			m.Direction, col = Gone, n
			c.Gone++
		default:
			c.Both++
			m.Direction = direction(m.Old, m.New)
			if m.From != m.To {
				c.Changed++
			}
		}
		switch m.Direction {
		case Up:
			c.Up++
		case Down:
			c.Down++
		case Same:
			c.Same++
		}
		wasA := m.Old != nil && m.Old.Tier == "A"
		isA := m.New != nil && m.New.Tier == "A"
		if wasA && !isA {
			c.OutOfA++
		}
		if isA && !wasA {
			c.IntoA++
		}
		d.Matrix[row][col]++
		keptOf(&m)
		d.Moves = append(d.Moves, m)
	}
	compareStages(d, old, cur)
	return d, nil
}

// direction compares tiers first (A above B above C), then rfm_sum.
func direction(o, n *CustomerRow) Direction {
	a, b := tierRank(o.Tier), tierRank(n.Tier)
	if a == b {
		a, b = o.Sum, n.Sum
	}
	switch {
	case b > a:
		return Up
	case b < a:
		return Down
	}
	return Same
}

type keyed struct {
	key string
	row int
}

// index sorts a file's rows by customer id (without the guard, as rfm score
// sorts them) and refuses an id that occurs twice.
func index(f *CustomerFile) ([]keyed, error) {
	out := make([]keyed, len(f.Rows))
	for i := range f.Rows {
		out[i] = keyed{f.Rows[i].ID, i}
	}
	slices.SortStableFunc(out, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	for i := 1; i < len(out); i++ {
		if out[i].key == out[i-1].key {
			a, b := &f.Rows[out[i-1].row], &f.Rows[out[i].row]
			return nil, &ingest.ParseError{File: f.Name, Line: b.Line, Column: "customer_id",
				Err: fmt.Errorf("customer %q appears twice (also on line %d)", b.ID, a.Line)}
		}
	}
	return out, nil
}

// MovesHeader returns the header of the moves file.
func MovesHeader(kept []string) []string {
	h := []string{"customer_id"}
	h = append(h, kept...)
	return append(h, "from_segment", "to_segment", "from_tier", "to_tier", "from_rfm_code", "to_rfm_code",
		"d_recency", "d_frequency", "d_monetary", "direction")
}

// WriteMoves writes one row per customer of either file, by customer id:
// the classes, tiers and codes before and now, the changes in recency,
// frequency and monetary (now minus before; monetary exact to the cent) and
// the direction. A customer in one file only has the other side empty.
func WriteMoves(w io.Writer, d *Diff, opt CSVOptions) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if opt.BOM {
		bw.WriteString("\uFEFF")
	}
	g := opt.Guard
	head := MovesHeader(d.Kept)
	if d.Stages != nil {
		head = append(head, "from_lifecycle", "to_lifecycle")
	}
	writeHeader(bw, head, g)
	var b []byte
	for i := range d.Moves {
		m := &d.Moves[i]
		b = appendField(b[:0], g.Guard(m.ID))
		for _, k := range m.Kept {
			b = append(b, ',')
			b = appendField(b, g.Guard(k))
		}
		var from, to, ft, tt, fc, tc string
		if m.Old != nil {
			from, ft, fc = d.Classes[m.From].Name(d.Lang), m.Old.Tier, m.Old.Code
		}
		if m.New != nil {
			to, tt, tc = d.Classes[m.To].Name(d.Lang), m.New.Tier, m.New.Code
		}
		for _, f := range []string{from, to, ft, tt, fc, tc} {
			b = append(b, ',')
			b = appendField(b, g.Guard(f))
		}
		b = append(b, ',')
		if m.Old != nil && m.New != nil {
			b = strconv.AppendInt(b, m.New.Recency-m.Old.Recency, 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, m.New.Frequency-m.Old.Frequency, 10)
			b = append(b, ',')
			b = (m.New.Monetary - m.Old.Monetary).AppendTo(b)
		} else {
			b = append(b, ',', ',')
		}
		b = append(b, ',')
		b = append(b, m.Direction.String()...)
		if d.Stages != nil {
			b = d.appendStages(b, m)
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// newGone returns the labels of the matrix's extra row and column.
func newGone(l segment.Lang) (string, string) {
	return l.Pick("(新增)", "(new)"), l.Pick("(流失)", "(gone)")
}

// rowName and colName name the matrix's rows and columns.
func (d *Diff) rowName(i int) string {
	if i == len(d.Classes) {
		n, _ := newGone(d.Lang)
		return n
	}
	return d.Classes[i].Name(d.Lang)
}

func (d *Diff) colName(j int) string {
	if j == len(d.Classes) {
		_, g := newGone(d.Lang)
		return g
	}
	return d.Classes[j].Name(d.Lang)
}

// rowTotal is the number of customers in row i: class i before, or new.
func (d *Diff) rowTotal(i int) int {
	t := 0
	for _, v := range d.Matrix[i] {
		t += v
	}
	return t
}

// share formats n ÷ total rounded half away from zero to places decimals,
// "" when total is 0.
func share(n, total, places int) string {
	if total == 0 {
		return ""
	}
	scale := int64(1)
	for range places {
		scale *= 10
	}
	v := (2*int64(n)*scale + int64(total)) / (2 * int64(total))
	s := strconv.FormatInt(v/scale, 10)
	if places > 0 {
		f := strconv.FormatInt(v%scale, 10)
		s += "." + strings.Repeat("0", places-len(f)) + f
	}
	return s
}

// WriteMatrix writes the migration matrix as one row per cell — from_segment,
// to_segment, customers, row_share (the cell ÷ its row, four decimals) —
// rows in the matrix's order, empty cells included, so that it imports as a
// table and pivots back into the matrix.
func WriteMatrix(w io.Writer, d *Diff, opt CSVOptions) error {
	bw := bufio.NewWriter(w)
	if opt.BOM {
		bw.WriteString("\uFEFF")
	}
	writeRecord(bw, []string{"from_segment", "to_segment", "customers", "row_share"})
	n := len(d.Classes)
	for i := 0; i <= n; i++ {
		total := d.rowTotal(i)
		for j := 0; j <= n; j++ {
			if i == n && j == n {
				continue
			}
			v := d.Matrix[i][j]
			writeRecord(bw, []string{opt.Guard.Guard(d.rowName(i)), opt.Guard.Guard(d.colName(j)), strconv.Itoa(v), share(v, total, 4)})
		}
	}
	return bw.Flush()
}

// Flow is one cell of the matrix off its diagonal.
type Flow struct {
	// From and To index the matrix: len(Classes) is new customers as From,
	// gone ones as To.
	From, To  int
	Customers int
}

// Flows returns the largest n flows between different classes (new and gone
// customers included), largest first, ties in matrix order.
func (d *Diff) Flows(n int) []Flow {
	k := len(d.Classes)
	var out []Flow
	for i := 0; i <= k; i++ {
		for j := 0; j <= k; j++ {
			if i != j && d.Matrix[i][j] > 0 {
				out = append(out, Flow{i, j, d.Matrix[i][j]})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Flow) int { return b.Customers - a.Customers })
	return out[:min(n, len(out))]
}

// pctOf formats n ÷ total as a percentage with one decimal, "" when total is 0.
func pctOf(n, total int) string {
	if total == 0 {
		return ""
	}
	v := (2000*int64(n) + int64(total)) / (2 * int64(total))
	return strconv.FormatInt(v/10, 10) + "." + strconv.FormatInt(v%10, 10) + "%"
}

// WriteDiffSummary writes the terminal summary of a comparison: the counts,
// the matrix with row shares, and the top largest flows.
func WriteDiffSummary(w io.Writer, d *Diff, top int) error {
	var b bytes.Buffer
	l := d.Lang
	c := d.Counts
	fmt.Fprintf(&b, "%s → %s\n", d.OldName, d.NewName)
	if l == segment.EN {
		fmt.Fprintf(&b, "customers: %d before, %d now; %d in both, %d new, %d gone\n", c.Before, c.After, c.Both, c.New, c.Gone)
		fmt.Fprintf(&b, "moved up %d, moved down %d, same %d (class changed %d)\n", c.Up, c.Down, c.Same, c.Changed)
		fmt.Fprintf(&b, "churned out of tier A %d, newly in tier A %d\n", c.OutOfA, c.IntoA)
	} else {
		fmt.Fprintf(&b, "客户：之前 %d，现在 %d；两边都有 %d，新增 %d，流失 %d\n", c.Before, c.After, c.Both, c.New, c.Gone)
		fmt.Fprintf(&b, "上升 %d，下降 %d，不变 %d（类别变化 %d）\n", c.Up, c.Down, c.Same, c.Changed)
		fmt.Fprintf(&b, "跌出 A 级 %d，新进 A 级 %d\n", c.OutOfA, c.IntoA)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	n := len(d.Classes)
	header := []string{l.Pick("之前 \\ 现在", "before \\ now")}
	align := []tw.Align{tw.AlignLeft}
	// Columns are numbered like the rows, to keep the table narrow.
	for j := 0; j <= n; j++ {
		h := strconv.Itoa(j + 1)
		if j == n {
			h = d.colName(j)
		}
		header = append(header, h)
		align = append(align, tw.AlignRight)
	}
	header = append(header, l.Pick("合计", "total"))
	align = append(align, tw.AlignRight)
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
	t.Header(header)
	for i := 0; i <= n; i++ {
		total := d.rowTotal(i)
		row := []string{d.rowName(i)}
		if i < n {
			row[0] = strconv.Itoa(i+1) + " " + row[0]
		}
		for j := 0; j <= n; j++ {
			v := d.Matrix[i][j]
			switch {
			case i == n && j == n:
				row = append(row, "")
			case v == 0:
				row = append(row, "0")
			default:
				row = append(row, fmt.Sprintf("%d (%d%%)", v, (200*v+total)/(2*total)))
			}
		}
		row = append(row, strconv.Itoa(total))
		if err := t.Append(row); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	b.Reset()
	if flows := d.Flows(top); len(flows) > 0 {
		b.WriteString(l.Pick("最大流向：\n", "largest flows:\n"))
		for _, f := range flows {
			p := pctOf(f.Customers, d.rowTotal(f.From))
			of := d.rowName(f.From)
			if f.From == n {
				of = l.Pick("新增客户", "new customers")
			}
			if l == segment.EN {
				fmt.Fprintf(&b, "  %s → %s: %d (%s of %s)\n", d.rowName(f.From), d.colName(f.To), f.Customers, p, of)
			} else {
				fmt.Fprintf(&b, "  %s → %s：%d（占%s的 %s）\n", d.rowName(f.From), d.colName(f.To), f.Customers, of, p)
			}
		}
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	return writeStageSummary(w, d)
}
