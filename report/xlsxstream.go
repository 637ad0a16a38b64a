package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// sheetTable is a table written with excelize's stream writer onto as many
// sheets as it needs, at most maxRows rows to a sheet (Excel's limit less the
// header, or fewer), each sheet with the header frozen and filtered. A big
// table continues on "Name (2)", "Name (3)"…
type sheetTable struct {
	// above are rows written above the header on every sheet (a title, a
	// note), each a row of cells.
	above     [][]any
	head      []string
	headStyle int
	widths    []float64
	rows      int
	maxRows   int
	// row appends the cells of row i to dst and returns it.
	row func(dst []any, i int) []any
}

// sheets names the table's sheets: name, then "name (2)", "name (3)"…; one
// sheet when there are no rows.
func (t *sheetTable) sheets(name string) []string {
	n := max(1, (t.rows+t.maxRows-1)/t.maxRows)
	names := []string{name}
	for i := 2; i <= n; i++ {
		names = append(names, fmt.Sprintf("%s (%d)", name, i))
	}
	return names
}

// write writes the table onto sheets, which exist and are empty, and which
// sheets named.
func (t *sheetTable) write(f *excelize.File, sheets []string) error {
	top := len(t.above) + 1 // the header's row
	row := make([]any, len(t.head))
	for k, name := range sheets {
		from := k * t.maxRows
		to := min(t.rows, from+t.maxRows)
		// Sheet properties first: the stream writer writes them at once.
		// The rows above and the header repeat on every printed page.
		if err := printSetup(f, name, top, len(t.head), top+to-from); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for i, w := range t.widths {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: cell(1, top+1), ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		// The filter is set before the rows, while the worksheet is still
		// open to it; the stream writer writes it at Flush.
		if err := f.AutoFilter(name, cell(1, top)+":"+cell(len(t.head), top+to-from), nil); err != nil {
			return err
		}
		for i, cells := range t.above {
			if err := sw.SetRow(cell(1, 1+i), cells); err != nil {
				return err
			}
		}
		row = row[:0]
		for _, h := range t.head {
			row = append(row, excelize.Cell{StyleID: t.headStyle, Value: h})
		}
		if err := sw.SetRow(cell(1, top), row, excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
		for i := from; i < to; i++ {
			row = t.row(row[:0], i)
			if err := sw.SetRow(cell(1, top+1+i-from), row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
