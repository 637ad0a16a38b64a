package segment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// ParseError is a problem in a scheme file, with its place.
type ParseError struct {
	File string
	// Line is the file's line (1 = the header); 0 for the file as a whole.
	Line int
	// Column is the column's name, when the problem is in one cell.
	Column string
	Err    error
}

// Error returns the problem behind its place, file:line: column "name":,
// leaving out the line and column when they are not known.
func (e *ParseError) Error() string {
	place := e.File
	if e.Line > 0 {
		place = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Column != "" {
		return fmt.Sprintf("%s: column %q: %v", place, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", place, e.Err)
}

// Unwrap returns the problem without its place.
func (e *ParseError) Unwrap() error { return e.Err }

// Localize returns the message in l: the place as Error writes it, the
// problem in l.
func (e *ParseError) Localize(l Lang) string {
	if l == EN {
		return e.Error()
	}
	place := e.File
	if e.Line > 0 {
		place = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Column != "" {
		return place + "：" + l.Tf("column %q: ", e.Column) + l.Error(e.Err)
	}
	return place + "：" + l.Error(e.Err)
}

// problems are the problems of a scheme file, one a line: errors.Join's
// text, and each in a language through Localize.
type problems []error

func (ps problems) Error() string { return errors.Join(ps...).Error() }

// Unwrap returns the problems.
func (ps problems) Unwrap() []error { return ps }

// Localize returns the problems in l, one a line.
func (ps problems) Localize(l Lang) string {
	s := make([]string, len(ps))
	for i, e := range ps {
		s[i] = l.Error(e)
	}
	return strings.Join(s, "\n")
}

// The columns of a scheme file.
const (
	colSegment = iota
	colRMin
	colRMax
	colFMin
	colFMax
	colMMin
	colMMax
	colTier
	colAction
	colZH
	colEN
	colActionZH
	colActionEN
	numCols
)

var colNames = [numCols]string{"segment", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max", "tier", "action", "zh", "en", "action_zh", "action_en"}

// numRequired is the number of required columns: segment and the six bounds.
const numRequired = colMMax + 1

// maxErrors is how many problems Parse reports before it stops listing them.
const maxErrors = 20

// maxFileSize bounds a scheme file; real ones are a few kilobytes.
const maxFileSize = 1 << 20

// Parse reads a scheme file for scores 1..bins (2 ≤ bins ≤ 9). file names it
// in messages and becomes the scheme's Name.
//
// The file is CSV text in UTF-8 (a BOM is skipped), delimited by commas,
// semicolons or tabs (whichever the header uses most). Its header names the
// columns, in any order, case-insensitively:
//
//	segment                    the segment's name (required, unique)
//	r_min, r_max, f_min, f_max, m_min, m_max
//	                           inclusive score ranges (required columns; an
//	                           empty cell leaves that end open)
//	tier                       A, B or C (optional; default C)
//	zh, en                     the name in each language (optional; default
//	                           the segment column)
//	action                     the recommended action (optional)
//	action_zh, action_en       the action in one language (optional; default
//	                           the action column, else the other language's)
//
// A row whose name, in any language, is a built-in segment's (重要价值客户,
// Champions, …) takes that segment's other name, tier and action unless the
// file gives them. Lines starting with # are comments. The rows are tried in
// order and the first that contains a customer's scores names it; a customer
// that matches none is Other (其他, tier C). Gaps and rows that can never
// match are not errors; Warnings describes them.
//
// Every problem is reported as a *ParseError with its line, joined with
// errors.Join (up to 20 of them).
func Parse(r io.Reader, file string, bins int) (*Scheme, error) {
	if bins < 2 || bins > 9 {
		return nil, &ParseError{File: file, Err: i18n.Errorf("scores must have 2–9 levels, got %d", bins)}
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	if len(data) > maxFileSize {
		return nil, &ParseError{File: file, Err: i18n.New("larger than 1 MiB: not a scheme file")}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return nil, &ParseError{File: file, Err: i18n.New("not UTF-8 text: save the file as CSV UTF-8")}
	}
	p := &parser{file: file, bins: bins, s: &Scheme{Name: file, Bins: bins}}
	p.parse(data)
	if len(p.errs) > 0 {
		if p.more > 0 {
			p.errs = append(p.errs, &ParseError{File: file, Err: i18n.Errorf("%d more problems not shown", p.more)})
		}
		errs := make(problems, len(p.errs))
		for i, e := range p.errs {
			errs[i] = e
		}
		return nil, errs
	}
	return p.s, nil
}

type parser struct {
	file string
	bins int
	s    *Scheme
	errs []*ParseError
	more int
	// col maps a column kind to its field index, -1 if absent.
	col [numCols]int
	// blank lists fields with an empty header, allowed only while empty.
	blank []int
}

func (p *parser) errorf(line int, column, format string, a ...any) {
	if len(p.errs) >= maxErrors {
		p.more++
		return
	}
	p.errs = append(p.errs, &ParseError{File: p.file, Line: line, Column: column, Err: i18n.Errorf(format, a...)})
}

// delimiter picks the delimiter the header line uses most: , ; or tab.
func delimiter(data []byte) rune {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		best, n := ',', bytes.Count(line, []byte(","))
		for _, d := range []rune{';', '\t'} {
			if c := bytes.Count(line, []byte(string(d))); c > n {
				best, n = d, c
			}
		}
		return best
	}
	return ','
}

func (p *parser) parse(data []byte) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = delimiter(data)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		p.errorf(0, "", "empty file: want a header %s", strings.Join(colNames[:numRequired], ", "))
		return
	}
	if err != nil {
		p.csvError(err)
		return
	}
	hline, _ := cr.FieldPos(0)
	if !p.header(header, hline) {
		return
	}
	names := map[string]int{} // name in either language → line
	slugs := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.csvError(err)
			return
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			p.errorf(line, "", "%d fields, but the header has %d", len(rec), len(header))
			continue
		}
		p.row(cr, rec, line, names, slugs)
	}
	if len(p.s.Segments) == 0 && len(p.errs) == 0 {
		p.errorf(0, "", "no segments: add a row per segment under the header")
	}
	if p.col[colTier] < 0 && len(p.errs) == 0 {
		inherited := false
		for _, sg := range p.s.Segments {
			inherited = inherited || sg.Tier != "C"
		}
		if !inherited {
			p.s.notes = append(p.s.notes, i18n.Errorf("%s: no tier column: every segment is tier C; add a tier column (A, B or C) or use --tiers pareto", p.file))
		}
	}
}

// csvError reports a CSV syntax error (a stray quote) at its line.
func (p *parser) csvError(err error) {
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		p.errorf(ce.Line, "", "%v", ce.Err)
		return
	}
	p.errorf(0, "", "%v", err)
}

// normColumn lower-cases a header and reads "R-Min" or "r min" as r_min.
func normColumn(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer("-", "_", " ", "_").Replace(h)
}

// header maps the columns; it reports whether the rows can be read.
func (p *parser) header(h []string, line int) bool {
	for i := range p.col {
		p.col[i] = -1
	}
	ok := true
	for i, raw := range h {
		name := normColumn(raw)
		if name == "" {
			p.blank = append(p.blank, i)
			continue
		}
		k := -1
		for c, cn := range colNames {
			if cn == name {
				k = c
			}
		}
		switch {
		case k < 0:
			p.errorf(line, "", "unknown column %q (want %s)", strings.TrimSpace(raw), strings.Join(colNames[:], ", "))
			ok = false
		case p.col[k] >= 0:
			p.errorf(line, "", "column %q appears twice", colNames[k])
			ok = false
		default:
			p.col[k] = i
		}
	}
	for c := range numRequired {
		if p.col[c] < 0 {
			p.errorf(line, "", "missing column %q: a scheme file needs %s", colNames[c], strings.Join(colNames[:numRequired], ", "))
			ok = false
		}
	}
	return ok
}

// row reads one segment.
func (p *parser) row(cr *csv.Reader, rec []string, line int, names map[string]int, slugs map[string]bool) {
	nerr := len(p.errs) + p.more
	c := cells{p: p, cr: cr, rec: rec, line: line}
	c.blankFields()
	seg := Segment{}
	name := c.text(colSegment)
	if name == "" {
		p.errorf(line, colNames[colSegment], "empty segment name")
	}
	seg.ZH, seg.EN = c.text(colZH), c.text(colEN)
	tier, tl := c.at(colTier)
	action := c.text(colAction)
	actionZH, actionEN := cmpOr(c.text(colActionZH), action), cmpOr(c.text(colActionEN), action)
	b := c.bounds()
	switch t := strings.ToUpper(tier); t {
	case "A", "B", "C":
		seg.Tier = t
	case "":
	default:
		p.errorf(tl, "tier", "%q is not a tier: want A, B or C", tier)
	}
	seg = fillSegment(seg, name, actionZH, actionEN)
	if name != "" && !p.claimNames(names, line, uniq(name, seg.ZH, seg.EN)) {
		return
	}
	if len(p.errs)+p.more > nerr {
		return
	}
	seg.Slug = uniqueSlug(slugOf(seg.EN, len(p.s.Segments)+1), slugs)
	p.s.Segments = append(p.s.Segments, seg)
	p.s.Ranges = append(p.s.Ranges, Range{RMin: b[0], RMax: b[1], FMin: b[2], FMax: b[3], MMin: b[4], MMax: b[5]})
	p.s.Lines = append(p.s.Lines, line)
}

// cells reads the cells of one record, each with the line it starts on.
type cells struct {
	p    *parser
	cr   *csv.Reader
	rec  []string
	line int
}

// at returns column col's trimmed cell and its line; "" if the column is absent.
func (c cells) at(col int) (string, int) {
	i := c.p.col[col]
	if i < 0 {
		return "", c.line
	}
	l, _ := c.cr.FieldPos(i)
	return strings.TrimSpace(c.rec[i]), l
}

// text returns column col's cell, reporting a line break or control character.
func (c cells) text(col int) string {
	v, l := c.at(col)
	for _, r := range v {
		if unicode.IsControl(r) {
			c.p.errorf(l, colNames[col], "a line break or control character in %q", v)
			break
		}
	}
	return v
}

// blankFields reports values under a header without a name.
func (c cells) blankFields() {
	for _, i := range c.p.blank {
		if strings.TrimSpace(c.rec[i]) != "" {
			l, _ := c.cr.FieldPos(i)
			c.p.errorf(l, "", "field %d has a value but its column has no name", i+1)
		}
	}
}

// bounds reads r_min … m_max; an open end, or one in error, is 0.
func (c cells) bounds() [6]int {
	var b [6]int
	var outside []string // one error a row for the bounds outside 1..bins
	for k := range 6 {
		col := colRMin + k
		v, l := c.at(col)
		if v == "" {
			continue // open end
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			c.p.errorf(l, colNames[col], "%q is not a whole number", v)
			continue
		}
		if n < 1 || n > c.p.bins {
			outside = append(outside, fmt.Sprintf("%s %d", colNames[col], n))
			continue
		}
		b[k] = n
	}
	if len(outside) > 0 {
		c.p.errorf(c.line, "", "%s outside the scores 1–%d (--bins %d)", strings.Join(outside, ", "), c.p.bins, c.p.bins)
	}
	for k := 0; k < 6; k += 2 {
		if b[k] != 0 && b[k+1] != 0 && b[k] > b[k+1] {
			c.p.errorf(c.line, "", "%s %d > %s %d: empty range", colNames[colRMin+k], b[k], colNames[colRMin+k+1], b[k+1])
		}
	}
	return b
}

// fillSegment completes a row's segment: what the file leaves out comes from
// a built-in segment of the same name, then from the segment column (the
// names), tier C and the action in the other language.
func fillSegment(seg Segment, name, actionZH, actionEN string) Segment {
	if bi := builtinSegment(name, seg.ZH, seg.EN); bi != nil {
		seg.ZH = cmpOr(seg.ZH, bi.ZH)
		seg.EN = cmpOr(seg.EN, bi.EN)
		seg.Tier = cmpOr(seg.Tier, bi.Tier)
		seg.ActionZH, seg.ActionEN = bi.ActionZH, bi.ActionEN
	}
	seg.ZH = cmpOr(seg.ZH, name)
	seg.EN = cmpOr(seg.EN, name)
	seg.Tier = cmpOr(seg.Tier, "C")
	seg.ActionZH = cmpOr(actionZH, seg.ActionZH)
	seg.ActionEN = cmpOr(actionEN, seg.ActionEN)
	// An action in one language beats none in the other.
	seg.ActionZH, seg.ActionEN = cmpOr(seg.ActionZH, seg.ActionEN), cmpOr(seg.ActionEN, seg.ActionZH)
	return seg
}

// claimNames records a row's names (in any language); it reports the first
// that an earlier row already has and returns false.
func (p *parser) claimNames(names map[string]int, line int, ns []string) bool {
	for _, n := range ns {
		if first, dup := names[n]; dup {
			p.errorf(line, "", "duplicate segment name %q (first on line %d)", n, first)
			return false
		}
	}
	for _, n := range ns {
		names[n] = line
	}
	return true
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// uniq drops repeated strings, keeping the order.
func uniq(v ...string) []string {
	var out []string
	for _, s := range v {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// builtinSegment finds the built-in segment named by any of names, in
// either language (case-insensitively for English) or by its slug.
func builtinSegment(names ...string) *Segment {
	for _, s := range Builtins() {
		for i := range s.Segments {
			sg := &s.Segments[i]
			for _, n := range names {
				if n != "" && (n == sg.ZH || strings.EqualFold(n, sg.EN) || n == sg.Slug) {
					return sg
				}
			}
		}
	}
	return nil
}

// slugOf makes an ASCII slug of an English name, or segment-N.
func slugOf(name string, n int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return fmt.Sprintf("segment-%d", n)
	}
	return b.String()
}

func uniqueSlug(s string, seen map[string]bool) string {
	out := s
	for i := 2; seen[out] || out == Other.Slug; i++ {
		out = fmt.Sprintf("%s-%d", s, i)
	}
	seen[out] = true
	return out
}
