package report

import (
	"errors"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// WriteDiffXLSX writes a comparison as a workbook: a matrix sheet — the
// counts, the row shares under a colour scale, and the totals — and a moves
// sheet with the columns of WriteMoves, numbers as numbers. Text is written
// as WriteMoves writes it, formula guard included, so the two agree.
func WriteDiffXLSX(w io.Writer, d *Diff) error {
	if err := checkCustomerCells(d.Kept, len(d.Moves), func(i int) (string, []string) { return d.Moves[i].ID, d.Moves[i].Kept }); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	l := d.Lang
	matrix, moves := l.Pick("迁移矩阵", "Matrix"), l.Pick("客户变动", "Moves")
	if err := f.SetSheetName("Sheet1", matrix); err != nil {
		return err
	}
	if err := diffMatrixSheet(f, matrix, d); err != nil {
		return err
	}
	if err := diffMovesSheets(f, moves, d); err != nil {
		return err
	}
	if err := diffStageSheet(f, d); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err := f.WriteTo(w)
	return err
}

// diffAt names the cell at 1-based column col and row.
func diffAt(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func diffMatrixSheet(f *excelize.File, s string, d *Diff) error {
	l := d.Lang
	var errs []error
	style := func(st *excelize.Style) int {
		id, err := f.NewStyle(st)
		errs = append(errs, err)
		return id
	}
	bold := style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	head := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Horizontal: "center", Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}}})
	pct := style(&excelize.Style{NumFmt: 10}) // 0.00%
	set := func(col, row int, v any, st int) {
		c := diffAt(col, row)
		errs = append(errs, f.SetCellValue(s, c, v))
		if st != 0 {
			errs = append(errs, f.SetCellStyle(s, c, c, st))
		}
	}
	n := len(d.Classes)
	set(1, 1, d.OldName+" → "+d.NewName, bold)
	block := func(top int, title string, value func(i, j int) any, st int) int {
		set(1, top, title, head)
		for j := 0; j <= n; j++ {
			set(2+j, top, d.colName(j), head)
		}
		set(n+3, top, l.Pick("合计", "total"), head)
		for i := 0; i <= n; i++ {
			set(1, top+1+i, d.rowName(i), bold)
			for j := 0; j <= n; j++ {
				if i == n && j == n {
					continue
				}
				set(2+j, top+1+i, value(i, j), st)
			}
			set(n+3, top+1+i, d.rowTotal(i), 0)
		}
		return top + n + 2
	}
	top := 3
	end := block(top, l.Pick("客户数：之前 \\ 现在", "customers: before \\ now"), func(i, j int) any { return d.Matrix[i][j] }, 0)
	shareTop := end + 1
	end = block(shareTop, l.Pick("行占比：之前 \\ 现在", "row share: before \\ now"), func(i, j int) any {
		if t := d.rowTotal(i); t > 0 {
			return float64(d.Matrix[i][j]) / float64(t)
		}
		return ""
	}, pct)
	errs = append(errs, f.SetConditionalFormat(s, diffAt(2, shareTop+1)+":"+diffAt(n+2, shareTop+n+1), []excelize.ConditionalFormatOptions{{
		Type: "2_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MaxType: "num", MaxValue: "1",
		MinColor: "#FFFFFF", MaxColor: "#F8696B",
	}}))
	c := d.Counts
	row := end + 1
	for _, kv := range []struct {
		zh, en string
		v      int
	}{
		{"之前客户数", "customers before", c.Before}, {"现在客户数", "customers now", c.After}, {"两边都有", "in both", c.Both},
		{"新增", "new", c.New}, {"流失", "gone", c.Gone}, {"上升", "moved up", c.Up}, {"下降", "moved down", c.Down},
		{"不变", "same", c.Same}, {"类别变化", "class changed", c.Changed}, {"跌出 A 级", "churned out of tier A", c.OutOfA},
		{"新进 A 级", "newly in tier A", c.IntoA},
	} {
		set(1, row, l.Pick(kv.zh, kv.en), bold)
		set(2, row, kv.v, 0)
		row++
	}
	errs = append(errs, f.SetColWidth(s, "A", "A", 28))
	last, _ := excelize.ColumnNumberToName(n + 3)
	errs = append(errs, f.SetColWidth(s, "B", last, 14))
	errs = append(errs, f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: 1, TopLeftCell: "B1", ActivePane: "topRight"}))
	return errors.Join(errs...)
}

// diffMovesSheets writes the moves, continuing on "Moves (2)" … past Excel's
// row limit.
func diffMovesSheets(f *excelize.File, name string, d *Diff) error {
	head := MovesHeader(d.Kept)
	hdr := make([]any, len(head))
	for i, h := range head {
		hdr[i] = h
	}
	nKept := len(d.Kept)
	for k, from := 0, 0; from < len(d.Moves) || k == 0; k, from = k+1, from+MaxDiffSheetRows {
		s := name
		if k > 0 {
			s += " (" + strconv.Itoa(k+1) + ")"
		}
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s)
		if err != nil {
			return err
		}
		if err := sw.SetColWidth(1, len(head), 16); err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		to := min(len(d.Moves), from+MaxDiffSheetRows)
		// The filter goes in before the rows, while the stream writer can
		// still take it.
		if err := f.AutoFilter(s, "A1:"+diffAt(len(head), max(2, 1+to-from)), nil); err != nil {
			return err
		}
		if err := sw.SetRow("A1", hdr, excelize.RowOpts{}); err != nil {
			return err
		}
		row := make([]any, len(head))
		for i := from; i < to; i++ {
			m := &d.Moves[i]
			row[0] = Guard(m.ID)
			for j, v := range m.Kept {
				row[1+j] = Guard(v)
			}
			side := func(r *CustomerRow, class int) (string, string, string) {
				if r == nil {
					return "", "", ""
				}
				return Guard(d.Classes[class].Name(d.Lang)), r.Tier, r.Code
			}
			fs, ft, fc := side(m.Old, m.From)
			ts, tt, tc := side(m.New, m.To)
			p := 1 + nKept
			row[p], row[p+1], row[p+2], row[p+3], row[p+4], row[p+5] = fs, ts, ft, tt, fc, tc
			if m.Old != nil && m.New != nil {
				row[p+6] = m.New.Recency - m.Old.Recency
				row[p+7] = m.New.Frequency - m.Old.Frequency
				row[p+8] = float64(m.New.Monetary-m.Old.Monetary) / 100
			} else {
				row[p+6], row[p+7], row[p+8] = "", "", ""
			}
			row[p+9] = m.Direction.String()
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

// MaxDiffSheetRows is the number of customers one moves sheet holds: Excel's
// 1,048,576 rows less the header.
const MaxDiffSheetRows = 1048575
