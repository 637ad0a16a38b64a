package diff

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
)

// XLSXOptions configures WriteXLSX.
type XLSXOptions struct {
	// Created is the time of the run, written as the workbook's created
	// and modified times (the caller honours SOURCE_DATE_EPOCH).
	Created time.Time
}

// WriteXLSX writes a comparison as a workbook: a matrix sheet — the
// counts, the row shares under a colour scale that leaves the diagonal
// (customers who stayed in their class) grey, and the totals — and a moves
// sheet with the columns of WriteMoves, numbers as numbers. Text is written
// as WriteMoves writes it, formula guard included, so the two agree. The
// styles, fonts and print setup are the score workbook's (report.Book).
func WriteXLSX(w io.Writer, d *Diff, opt XLSXOptions) error {
	if err := report.CheckCustomerCells(d.Kept, len(d.Moves), func(i int) (string, []string) { return d.Moves[i].ID, d.Moves[i].Kept }); err != nil {
		return err
	}
	b, err := report.NewBook(d.Lang, d.UI)
	if err != nil {
		return err
	}
	defer b.Close()
	f := b.File
	l := d.UI
	matrix, moves := l.T("Matrix"), l.T("Moves")
	if err := f.SetSheetName("Sheet1", matrix); err != nil {
		return err
	}
	if err := matrixSheet(b, matrix, d); err != nil {
		return err
	}
	if err := movesSheets(b, moves, d); err != nil {
		return err
	}
	if err := stageSheet(b, d); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return b.WriteTo(w, l.Tf("RFM customer moves: %s → %s", d.OldName, d.NewName), opt.Created)
}

// diffAt names the cell at 1-based column col and row.
func diffAt(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// matrixSheet writes the matrix sheet: the counts and the row shares, each
// under a colour scale off the diagonal, and the totals.
func matrixSheet(x *report.Book, s string, d *Diff) error {
	f, l := x.File, d.UI
	m := &matrixWriter{x: x, s: s, d: d}
	grey := func(numFmt int) int {
		id, err := x.NewStyle(&excelize.Style{NumFmt: numFmt, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E7E6E6"}},
			Font: &excelize.Font{Color: "#595959"}})
		m.errs = append(m.errs, err)
		return id
	}
	pct, err := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	m.errs = append(m.errs, err)
	sameCount, samePct := grey(3), grey(10)
	m.total, err = x.NewStyle(&excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true}})
	m.errs = append(m.errs, err)
	n := len(d.Classes)
	m.set(1, 1, d.OldName+" → "+d.NewName, x.Title)
	m.widthA, m.widthB = report.TextWidth(d.OldName+" → "+d.NewName)*0.8, 10.0
	top := 3
	end := m.block(top, l.T("customers: before \\ now"), func(i, j int) any { return d.Matrix[i][j] }, x.Count, sameCount)
	shareTop := end + 1
	end = m.block(shareTop, l.T("row share: before \\ now"), func(i, j int) any {
		if t := d.rowTotal(i); t > 0 {
			return float64(d.Matrix[i][j]) / float64(t)
		}
		return ""
	}, pct, samePct)
	m.set(1, end, l.T("Grey: customers who stayed in their class; the darker a cell, the more customers moved."), x.Note)
	row := m.counts(end + 1)
	errs := m.errs
	errs = append(errs, f.SetColWidth(s, "A", "A", min(m.widthA, 40)))
	last, _ := excelize.ColumnNumberToName(n + 3)
	errs = append(errs, f.SetColWidth(s, "B", last, m.widthB))
	errs = append(errs, f.SetRowHeight(s, top, 32), f.SetRowHeight(s, shareTop, 32))
	errs = append(errs, f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: 1, TopLeftCell: "B1", ActivePane: "topRight"}))
	// The matrix prints on one page.
	errs = append(errs, x.PrintSetup(s, 0, n+3, row-1))
	one := 1
	errs = append(errs, f.SetPageLayout(s, &excelize.PageLayoutOptions{FitToHeight: &one}))
	return errors.Join(errs...)
}

// matrixWriter writes the matrix sheet s, gathering its errors and the
// widths its columns need: A for the row labels, B… for the numbers.
type matrixWriter struct {
	x              *report.Book
	s              string
	d              *Diff
	total          int // the style of the row totals
	errs           []error
	widthA, widthB float64
}

func (m *matrixWriter) set(col, row int, v any, st int) {
	m.errs = append(m.errs, m.x.Set(m.s, col, row, v, st))
}

// block writes one matrix with its header in row top: value(i, j) in the
// cells, in style st, or same on the diagonal, and the row totals; a colour
// scale covers the cells off the diagonal. It returns the row after it.
func (m *matrixWriter) block(top int, title string, value func(i, j int) any, st, same int) int {
	x, d := m.x, m.d
	n := len(d.Classes)
	m.set(1, top, title, x.HeaderLeft)
	m.widthA = max(m.widthA, report.TextWidth(title)+2)
	for j := 0; j <= n; j++ {
		m.set(2+j, top, d.ColName(j), x.Header)
		w := min(report.TextWidth(d.ColName(j))/2+2, 14)
		if j == n {
			w = min(report.TextWidth(d.ColName(j))+2, 14) // one word, not two lines
		}
		m.widthB = max(m.widthB, w)
	}
	m.set(n+3, top, d.UI.T("total"), x.Header)
	for i := 0; i <= n; i++ {
		m.set(1, top+1+i, d.RowName(i), x.Label)
		m.widthA = max(m.widthA, report.TextWidth(d.RowName(i))*1.1+2)
		for j := 0; j <= n; j++ {
			if i == n && j == n {
				continue
			}
			cs := st
			if i == j {
				cs = same
			}
			m.set(2+j, top+1+i, value(i, j), cs)
		}
		m.set(n+3, top+1+i, d.rowTotal(i), m.total)
		m.widthB = max(m.widthB, report.TextWidth(report.GroupThousands(d.rowTotal(i)))+2)
	}
	// The colour scale goes on the moves only: each row without its
	// diagonal cell.
	var ranges []string
	for i := 0; i <= n; i++ {
		r := top + 1 + i
		switch {
		case i == n: // the new customers: every cell but the corner
			ranges = append(ranges, diffAt(2, r)+":"+diffAt(1+n, r))
		default:
			if i > 0 {
				ranges = append(ranges, diffAt(2, r)+":"+diffAt(1+i, r))
			}
			ranges = append(ranges, diffAt(3+i, r)+":"+diffAt(2+n, r))
		}
	}
	m.errs = append(m.errs, x.File.SetConditionalFormat(m.s, strings.Join(ranges, " "), []excelize.ConditionalFormatOptions{{
		Type: "2_color_scale", Criteria: "=", MinType: "min", MaxType: "max",
		MinColor: "#FFFFFF", MaxColor: "#F8696B",
	}}))
	return top + n + 2
}

// counts writes the comparison's counts from row on and returns the row
// after them.
func (m *matrixWriter) counts(row int) int {
	c, l := m.d.Counts, m.d.UI
	for _, kv := range []struct {
		label string
		v     int
	}{
		{l.T("customers before"), c.Before}, {l.T("customers now"), c.After}, {l.T("in both"), c.Both},
		{report.TC(l, "count", "new"), c.New}, {report.TC(l, "count", "gone"), c.Gone}, {l.T("moved up"), c.Up}, {l.T("moved down"), c.Down},
		{report.TC(l, "count", "same"), c.Same}, {l.T("class changed"), c.Changed}, {l.T("churned out of tier A"), c.OutOfA},
		{l.T("newly in tier A"), c.IntoA},
	} {
		m.set(1, row, kv.label, m.x.Label)
		m.set(2, row, kv.v, m.x.Count)
		m.widthB = max(m.widthB, report.TextWidth(report.GroupThousands(kv.v))+2)
		row++
	}
	return row
}

// movesSheets writes the moves, continuing on "Moves (2)" … past Excel's
// row limit.
func movesSheets(x *report.Book, name string, d *Diff) error {
	f := x.File
	head := MovesHeader(d.Kept)
	hdr := make([]any, len(head))
	for i, h := range head {
		if i == 0 || i > len(d.Kept) { // a kept column keeps the input's name
			head[i] = report.ColumnName(h, d.UI)
		}
		hdr[i] = excelize.Cell{StyleID: x.Header, Value: head[i]}
	}
	nKept := len(d.Kept)
	widths := movesWidths(d, head)
	for k, from := 0, 0; from < len(d.Moves) || k == 0; k, from = k+1, from+MaxSheetRows {
		s := name
		if k > 0 {
			s += " (" + strconv.Itoa(k+1) + ")"
		}
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
		// Sheet properties first: the stream writer writes them at once.
		to := min(len(d.Moves), from+MaxSheetRows)
		if err := x.PrintSetup(s, 1, len(head), 1+to-from); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s)
		if err != nil {
			return err
		}
		for i, w := range widths {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		// The filter goes in before the rows, while the stream writer can
		// still take it.
		if err := f.AutoFilter(s, "A1:"+diffAt(len(head), max(2, 1+to-from)), nil); err != nil {
			return err
		}
		if err := sw.SetRow("A1", hdr, excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
		row := make([]any, len(head))
		for i := from; i < to; i++ {
			m := &d.Moves[i]
			row[0] = report.Guard(m.ID)
			for j, v := range m.Kept {
				row[1+j] = report.Guard(v)
			}
			side := func(r *CustomerRow, class int) (string, string, string) {
				if r == nil {
					return "", "", ""
				}
				return report.Guard(d.Classes[class].Name(d.Lang)), r.Tier, r.Code
			}
			fs, ft, fc := side(m.Old, m.From)
			ts, tt, tc := side(m.New, m.To)
			p := 1 + nKept
			row[p], row[p+1], row[p+2], row[p+3], row[p+4], row[p+5] = fs, ts, ft, tt, fc, tc
			if m.Old != nil && m.New != nil {
				row[p+6] = m.New.Recency - m.Old.Recency
				row[p+7] = m.New.Frequency - m.Old.Frequency
				row[p+8] = excelize.Cell{StyleID: x.Money, Value: float64(m.New.Monetary-m.Old.Monetary) / 100}
			} else {
				row[p+6], row[p+7], row[p+8] = "", "", ""
			}
			row[p+9] = excelize.Cell{StyleID: x.Indent, Value: report.TC(d.UI, "direction", m.Direction.String())}
			if err := sw.SetRow(diffAt(1, 2+i-from), row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// movesWidths sizes the moves columns to their header (with room for
// the filter button) and the first thousand moves' text, at most 40.
func movesWidths(d *Diff, head []string) []float64 {
	w := make([]float64, len(head))
	for i, h := range head {
		w[i] = max(report.TextWidth(h)+3, 8)
	}
	p := 1 + len(d.Kept)
	for _, c := range d.Classes {
		w[p] = max(w[p], report.TextWidth(c.Name(d.Lang))+1)
		w[p+1] = max(w[p+1], report.TextWidth(c.Name(d.Lang))+1)
	}
	w[p+8] = max(w[p+8], 13)
	for i := range min(len(d.Moves), 1000) {
		m := &d.Moves[i]
		w[0] = max(w[0], report.TextWidth(m.ID)+1)
		for k, v := range m.Kept {
			w[1+k] = max(w[1+k], report.TextWidth(v)+1)
		}
		w[p+9] = max(w[p+9], report.TextWidth(m.Direction.String())+1)
	}
	for i := range w {
		w[i] = min(w[i], 40)
	}
	return w
}

// MaxSheetRows is the number of customers one moves sheet holds: Excel's
// 1,048,576 rows less the header.
const MaxSheetRows = 1048575

// stageSheet writes the stage transitions on their own sheet.
func stageSheet(b *report.Book, d *Diff) error {
	f := b.File
	sd := d.Stages
	if sd == nil {
		return nil
	}
	l, names := d.UI, d.Lang
	s := l.T("Stages")
	if _, err := f.NewSheet(s); err != nil {
		return err
	}
	var errs []error
	set := func(col, row int, v any) { errs = append(errs, f.SetCellValue(s, diffAt(col, row), v)) }
	used := sd.usedStages()
	set(1, 1, l.T("lifecycle stage: before \\ now"))
	for j, b := range used {
		set(2+j, 1, stageLabel(b, names, l))
	}
	for i, a := range used {
		set(1, 2+i, stageLabel(a, names, l))
		for j, b := range used {
			if a != rfm.StageNone || b != rfm.StageNone {
				set(2+j, 2+i, sd.Matrix[a][b])
			}
		}
	}
	row := len(used) + 3
	for _, g := range []struct {
		label string
		ids   []string
	}{{l.T("won back (dormant or lapsed → active or returning)"), sd.WonBack},
		{l.T("newly lapsed"), sd.NewlyLapsed}} {
		set(1, row, g.label+report.TC(l, "label", ": ")+strconv.Itoa(len(g.ids)))
		row++
		for _, id := range g.ids {
			errs = append(errs, f.SetCellStr(s, diffAt(1, row), report.CellText(id)))
			row++
		}
		row++
	}
	errs = append(errs, f.SetColWidth(s, "A", "A", 28))
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return b.PrintUsed(s, 1, 1, 1)
}
