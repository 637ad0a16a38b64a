package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

// schemeLabels are the headers of the `rfm segments` tables.
type schemeLabels struct {
	scheme, segments, about, segment, tier, action, line, cells, note string
	high, low, rest                                                   string
}

func schemeLabelsFor(l i18n.Lang) schemeLabels {
	return schemeLabels{l.T("Scheme"), TC(l, "count", "Segments"), l.T("About"), l.T("Segment"), l.T("Tier"), l.T("Action"),
		TC(l, "of a file", "Line"), l.T("Cells"), l.T("Note"), l.T("high"), l.T("low"), l.T("the rest")}
}

func newSchemeTable(w io.Writer, align ...tw.Align) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
}

// WriteSchemes lists schemes: name, number of segments and what they are,
// with headers and descriptions in ui.
func WriteSchemes(w io.Writer, schemes []*segment.Scheme, ui i18n.Lang) error {
	lb := schemeLabelsFor(ui)
	t := newSchemeTable(w, tw.AlignLeft, tw.AlignRight, tw.AlignLeft)
	t.Header(lb.scheme, lb.segments, lb.about)
	for _, s := range schemes {
		if err := t.Append([]string{s.Name, fmt.Sprint(len(s.Segments)), s.About(ui)}); err != nil {
			return err
		}
	}
	return t.Render()
}

// WriteRules writes a scheme's rules as a table: for cn8 the high/low split
// of R, F and M that names each class, in SPEC §5's order; for range schemes
// the score ranges in the order they are tried, then Other unless every
// score has a segment. Class names and actions are in l, the headers in ui.
func WriteRules(w io.Writer, s *segment.Scheme, l, ui i18n.Lang) error {
	lb := schemeLabelsFor(ui)
	t := newSchemeTable(w, tw.AlignLeft, tw.AlignCenter, tw.AlignCenter, tw.AlignCenter, tw.AlignCenter, tw.AlignLeft)
	t.Header(lb.segment, "R", "F", "M", lb.tier, lb.action)
	for _, row := range ruleRows(s, l, ui) {
		if err := t.Append(row); err != nil {
			return err
		}
	}
	return t.Render()
}

// ruleRows are the segment, R, F, M, tier and action of each rule, with
// Other last for range schemes that leave cells to it.
func ruleRows(s *segment.Scheme, l, ui i18n.Lang) [][]string {
	lb := schemeLabelsFor(ui)
	bins := schemeBins(s)
	var rows [][]string
	for _, r := range s.Rules() {
		row := []string{r.Segment.Name(l), "", "", "", r.Segment.Tier, r.Segment.Action(l)}
		if s.HighLow {
			for d, h := range r.High {
				row[1+d] = map[int]string{0: lb.low, 1: lb.high}[h]
			}
		} else {
			g := r.Range
			row[1] = segment.Bounds(g.RMin, g.RMax, bins, ui)
			row[2] = segment.Bounds(g.FMin, g.FMax, bins, ui)
			row[3] = segment.Bounds(g.MMin, g.MMax, bins, ui)
		}
		rows = append(rows, row)
	}
	if !s.HighLow && (bins == 0 || s.Coverage(bins).OtherCells > 0) {
		o := &segment.Other
		rows = append(rows, []string{o.Name(l), lb.rest, lb.rest, lb.rest, o.Tier, o.Action(l)})
	}
	return rows
}

// schemeBins is the number of score levels a range scheme's ranges are
// read against: the file's, or 5 for rfgrid; 0 when unknown.
func schemeBins(s *segment.Scheme) int {
	switch {
	case s.Bins > 0:
		return s.Bins
	case s.FiveLevel:
		return 5
	}
	return 0
}

// WriteCoverage writes how a range scheme covers the bins-level grid of
// scores: each row's line, ranges, tier, the cells it is the first match
// of, and a note for rows that lose cells to earlier rows; then the cells
// that fall to Other, as boxes. A high/low scheme names every customer, and
// gets one line saying so. Class names are in l, the rest in ui.
func WriteCoverage(w io.Writer, s *segment.Scheme, bins int, l, ui i18n.Lang) error {
	c := s.Coverage(bins)
	if c == nil {
		_, err := fmt.Fprintf(w, "%s%s%s\n", s.Name, TC(ui, "label", ": "), ui.Tf("every customer has exactly one of its %d high/low classes", len(s.Segments)))
		return err
	}
	lb := schemeLabelsFor(ui)
	if _, err := fmt.Fprintf(w, "%s: %s\n", s.Name, ui.Tf("%d segments, scores 1–%d, %d (R, F, M) cells", len(s.Segments), bins, c.Cells())); err != nil {
		return err
	}
	t := newSchemeTable(w, tw.AlignRight, tw.AlignLeft, tw.AlignCenter, tw.AlignCenter, tw.AlignCenter, tw.AlignCenter, tw.AlignRight, tw.AlignLeft)
	t.Header(lb.line, lb.segment, "R", "F", "M", lb.tier, lb.cells, lb.note)
	for _, r := range s.Rules() {
		k := r.Index
		line := ""
		if r.Line > 0 {
			line = fmt.Sprint(r.Line)
		}
		g := r.Range
		note := ""
		switch {
		case c.ShadowedBy[k] != nil:
			by := lineList(s, c.ShadowedBy[k])
			note = ui.Tf("never matches: the rows on lines %s take all its cells", by)
		case c.Taken[k] > 0:
			note = ui.Tf("%d of its cells go to earlier rows", c.Taken[k])
		}
		row := []string{line, r.Segment.Name(l),
			segment.Bounds(g.RMin, g.RMax, bins, ui), segment.Bounds(g.FMin, g.FMax, bins, ui), segment.Bounds(g.MMin, g.MMax, bins, ui),
			r.Segment.Tier, fmt.Sprint(c.Won[k]), note}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	note := ""
	if c.OtherCells > 0 {
		note = ui.T("cells no row matches (below)")
	}
	if err := t.Append([]string{"", segment.Other.Name(l), lb.rest, lb.rest, lb.rest, segment.Other.Tier, fmt.Sprint(c.OtherCells), note}); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	var b strings.Builder
	if c.OtherCells == 0 {
		b.WriteString(ui.T("Every cell has a segment.\n"))
	} else {
		b.WriteString(ui.Tf("%d of %d cells fall to %s:\n", c.OtherCells, c.Cells(), segment.Other.Name(l)))
		for _, g := range c.Other {
			fmt.Fprintf(&b, "  %s\n", g.Format(bins, ui))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lineList names rows by their lines ("3, 5"), or by name for built-ins.
func lineList(s *segment.Scheme, rows []int) string {
	parts := make([]string, len(rows))
	for i, k := range rows {
		if k < len(s.Lines) {
			parts[i] = fmt.Sprint(s.Lines[k])
		} else {
			parts[i] = s.Segments[k].EN
		}
	}
	return strings.Join(parts, ", ")
}
