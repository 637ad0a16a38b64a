package diff

import (
	"slices"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

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

// Class is one class of a comparison's matrix.
type Class struct {
	Slug, ZH, EN, Tier string
	// listed says the class is a class of the files' scheme, shown even
	// when no customer is in it; raw says its name matched no scheme.
	listed, raw bool
}

// Name returns the class's name in lang.
func (c *Class) Name(l segment.Lang) string { return l.Pick(c.ZH, c.EN) }

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

// Counts are a comparison's totals.
type Counts struct {
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
	Lang segment.Lang
	// UI is the language of the labels of the tables, the workbook and the
	// HTML report; Compare sets it to Lang, the caller to the interface's.
	UI      i18n.Lang
	Classes []Class
	// Matrix[i][j] counts customers of class i before and class j now; row
	// len(Classes) holds new customers, column len(Classes) gone ones.
	Matrix [][]int
	// Kept are the kept columns of either file, the newer file's first.
	Kept   []string
	Moves  []Move
	Counts Counts
	// Notes are facts worth telling, such as names matched across
	// languages, in English; NotesIn gives them in a language.
	Notes []string
	notes []*i18n.Error
	// Stages are the lifecycle stage transitions; nil unless both files
	// have the lifecycle column.
	Stages *Stages
}

// catalog resolves class names in either language to classes.
type catalog struct {
	classes []Class
	byName  map[string]int
}

func newCatalog(ss *report.SchemeSettings) *catalog {
	c := &catalog{byName: map[string]int{}}
	add := func(cl Class) {
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
			add(Class{Slug: cl.Slug, ZH: cl.ZH, EN: cl.EN, Tier: cl.Tier, listed: cl.Slug != segment.Other.Slug})
		}
		return c
	}
	// No recorded scheme: the built-in schemes' names.
	for _, sc := range segment.Builtins() {
		for _, seg := range report.SchemeClasses(sc) {
			if seg.Slug != segment.Other.Slug {
				add(Class{Slug: seg.Slug, ZH: seg.ZH, EN: seg.EN, Tier: seg.Tier})
			}
		}
	}
	o := segment.Other
	add(Class{Slug: o.Slug, ZH: o.ZH, EN: o.EN, Tier: o.Tier})
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
	c.classes = append(c.classes, Class{ZH: name, EN: name, raw: true})
	c.byName[name] = i
	return i
}

// resolveAll resolves the class of every row of f and returns them with
// the languages the names were in.
func (c *catalog) resolveAll(f *CustomerFile) ([]int, map[string]bool) {
	seen := map[string]bool{}
	out := make([]int, len(f.Rows))
	// The names are interned, one string each, and few: a look through
	// those met so far compares pointers before bytes, cheaper than the
	// map of every name in either language.
	var names []string
	var idx []int
rows:
	for i := range f.Rows {
		name := f.Rows[i].Segment
		for j, n := range names {
			if n == name {
				out[i] = idx[j]
				continue rows
			}
		}
		out[i] = c.resolve(name, seen)
		if len(names) < 32 {
			names, idx = append(names, name), append(idx, out[i])
		}
	}
	return out, seen
}

// Compare compares an older and a newer customer file of the same customers.
// Customers are matched by customer_id as read (without the formula
// guard's ', so a CSV file matches a workbook); an id twice is an error.
// Classes are matched by name in either language, through the recorded
// scheme or the built-in ones.
func Compare(old, cur *CustomerFile) (*Diff, error) {
	d := &Diff{OldName: old.Name, NewName: cur.Name}
	var ss *report.SchemeSettings
	switch {
	case cur.Settings != nil:
		ss = &cur.Settings.Segments
	case old.Settings != nil:
		ss = &old.Settings.Segments
	}
	cat := newCatalog(ss)
	oldIdx, err := index(old)
	if err != nil {
		return nil, err
	}
	curIdx, err := index(cur)
	if err != nil {
		return nil, err
	}
	fromClass, oldLangs := cat.resolveAll(old)
	toClass, curLangs := cat.resolveAll(cur)
	if err := d.setLang(cat, old, cur, oldLangs, curLangs); err != nil {
		return nil, err
	}
	remap := d.setClasses(cat, fromClass, toClass)
	for i, k := range fromClass {
		fromClass[i] = remap[k]
	}
	for i, k := range toClass {
		toClass[i] = remap[k]
	}
	oldKept := d.setKept(old, cur)
	c := &d.Counts
	c.Before, c.After = len(old.Rows), len(cur.Rows)
	d.Moves = make([]Move, 0, union(oldIdx, curIdx))
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
			m.Old, m.From, m.ID = &old.Rows[k], fromClass[k], old.Rows[k].ID
			i++
		}
		if cmp >= 0 {
			k := curIdx[j].row
			m.New, m.To, m.ID = &cur.Rows[k], toClass[k], cur.Rows[k].ID
			j++
		}
		d.count(&m)
		d.keptOf(&m, len(cur.Kept), oldKept)
		d.Moves = append(d.Moves, m)
	}
	compareStages(d, old, cur)
	return d, nil
}

// langOf is the language a file names its classes in: its settings', else
// the one of the names seen, "" when that is not one language.
func langOf(f *CustomerFile, seen map[string]bool) string {
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

// langName is a file's language of class names, "zh" or "en" (the flag's
// value) in English, 中文 or 英文 in Chinese.
type langName string

func (n langName) String() string { return string(n) }

func (n langName) Localize(l i18n.Lang) string {
	if l == i18n.EN {
		return string(n)
	}
	return map[langName]string{"zh": "中文", "en": "英文"}[n]
}

// setLang sets the comparison's language, the newer file's, and refuses
// names outside the scheme when the two files name classes in different
// languages: such a name cannot be matched.
func (d *Diff) setLang(cat *catalog, old, cur *CustomerFile, oldLangs, curLangs map[string]bool) error {
	ol, nl := langOf(old, oldLangs), langOf(cur, curLangs)
	d.Lang = segment.ZH
	if nl == "en" || (nl == "" && ol == "en") {
		d.Lang = segment.EN
	}
	d.UI = d.Lang
	if ol != "" && nl != "" && ol != nl {
		for _, cl := range cat.classes {
			if cl.raw {
				return i18n.Errorf("cannot match classes: %s names them in %s, %s in %s, and %q is not a class of the scheme; score both with the same --lang",
					old.Name, langName(ol), cur.Name, langName(nl), cl.ZH)
			}
		}
		n := i18n.Errorf("%s names classes in %s, %s in %s: matched through the scheme's names", old.Name, langName(ol), cur.Name, langName(nl)).(*i18n.Error)
		d.Notes, d.notes = append(d.Notes, n.Error()), append(d.notes, n)
	}
	return nil
}

// setClasses keeps the scheme's classes and those that occur, in catalog
// order, then the names no scheme knows in byte order; it makes the empty
// matrix and returns the index in d.Classes of each catalog class (-1 for
// one left out).
func (d *Diff) setClasses(cat *catalog, fromClass, toClass []int) []int {
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
	return remap
}

// setKept sets the kept columns, the newer file's then the older file's
// others, and returns the index of each in old.Kept (-1 when old lacks it).
func (d *Diff) setKept(old, cur *CustomerFile) []int {
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
	return oldKept
}

// keptOf fills a move's kept values: the newer file's where it has the
// column, else the older file's.
func (d *Diff) keptOf(m *Move, curKept int, oldKept []int) {
	m.Kept = make([]string, len(d.Kept))
	for i := range d.Kept {
		switch {
		case m.New != nil && i < curKept:
			m.Kept[i] = m.New.Kept[i]
		case m.Old != nil && oldKept[i] >= 0:
			m.Kept[i] = m.Old.Kept[oldKept[i]]
		}
	}
}

// count sets a move's direction and adds it to the counts and the matrix.
func (d *Diff) count(m *Move) {
	n := len(d.Classes)
	c := &d.Counts
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
}

// direction compares tiers first (A above B above C), then rfm_sum.
func direction(o, n *CustomerRow) Direction {
	a, b := report.TierRank(o.Tier), report.TierRank(n.Tier)
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

// union counts the ids of either of two sorted lists.
func union(a, b []keyed) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		c := strings.Compare(a[i].key, b[j].key)
		if c <= 0 {
			i++
		}
		if c >= 0 {
			j++
		}
		n++
	}
	return n + len(a) - i + len(b) - j
}

type keyed struct {
	key string
	row int
}

// index sorts a file's rows by customer id (without the guard, as rfm score
// sorts them) and refuses an id that occurs twice.
func index(f *CustomerFile) ([]keyed, error) {
	out := make([]keyed, len(f.Rows))
	sorted := true
	for i := range f.Rows {
		out[i] = keyed{f.Rows[i].ID, i}
		sorted = sorted && (i == 0 || out[i-1].key < out[i].key)
	}
	if sorted {
		return out, nil // as rfm score writes them: no id twice
	}
	slices.SortStableFunc(out, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	for i := 1; i < len(out); i++ {
		if out[i].key == out[i-1].key {
			a, b := &f.Rows[out[i-1].row], &f.Rows[out[i].row]
			return nil, &ingest.ParseError{File: f.Name, Line: b.Line, Column: "customer_id",
				Err: i18n.Errorf("customer %q appears twice (also on line %d)", b.ID, a.Line)}
		}
	}
	return out, nil
}

// NotesIn returns the notes in l.
func (d *Diff) NotesIn(l i18n.Lang) []string {
	out := make([]string, len(d.notes))
	for i, n := range d.notes {
		out[i] = n.Localize(l)
	}
	return out
}

// RowName names row i of the migration matrix: class i before, or the new
// customers, in the labels' language.
func (d *Diff) RowName(i int) string { return d.rowName(i, d.UI) }

// ColName names column j of the migration matrix: class j now, or the
// customers absent from the newer file, in the labels' language.
func (d *Diff) ColName(j int) string { return d.colName(j, d.UI) }

// rowName is RowName with the new customers named in l.
func (d *Diff) rowName(i int, l i18n.Lang) string {
	if i == len(d.Classes) {
		n, _ := newGone(l)
		return n
	}
	return d.Classes[i].Name(d.Lang)
}

// colName is ColName with the absent customers named in l.
func (d *Diff) colName(j int, l i18n.Lang) string {
	if j == len(d.Classes) {
		_, g := newGone(l)
		return g
	}
	return d.Classes[j].Name(d.Lang)
}

// newGone returns the labels of the matrix's extra row and column: the
// customers new in the newer file, and those absent from it (not 流失,
// which names lapsed customers, SPEC §8).
func newGone(l i18n.Lang) (string, string) {
	return l.T("(new)"), l.T("(gone)")
}

// rowTotal is the number of customers in row i: class i before, or new.
func (d *Diff) rowTotal(i int) int {
	t := 0
	for _, v := range d.Matrix[i] {
		t += v
	}
	return t
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
