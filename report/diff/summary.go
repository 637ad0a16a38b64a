package diff

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// pctOf formats n ÷ total as a percentage with one decimal, "" when total is 0.
func pctOf(n, total int) string {
	if total == 0 {
		return ""
	}
	v := (2000*int64(n) + int64(total)) / (2 * int64(total))
	return strconv.FormatInt(v/10, 10) + "." + strconv.FormatInt(v%10, 10) + "%"
}

// WriteSummary writes the terminal summary of a comparison: the counts,
// the matrix with row shares, the top largest flows and, with the lifecycle
// column in both files, the stage transitions.
func WriteSummary(w io.Writer, d *Diff, top int) error {
	var b bytes.Buffer
	l := d.UI
	c := d.Counts
	fmt.Fprintf(&b, "%s → %s\n", d.OldName, d.NewName)
	b.WriteString(l.Tf("customers: %d before, %d now; %d in both, %d new, %d gone\n", c.Before, c.After, c.Both, c.New, c.Gone))
	b.WriteString(l.Tf("moved up %d, moved down %d, same %d (class changed %d)\n", c.Up, c.Down, c.Same, c.Changed))
	b.WriteString(l.Tf("churned out of tier A %d, newly in tier A %d\n", c.OutOfA, c.IntoA))
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	if err := writeMatrixTable(w, d); err != nil {
		return err
	}
	if err := writeFlows(w, d, top); err != nil {
		return err
	}
	return writeStageSummary(w, d)
}

// writeMatrixTable writes the matrix as a terminal table, each cell with
// its share of the row.
func writeMatrixTable(w io.Writer, d *Diff) error {
	l := d.UI
	n := len(d.Classes)
	header := []string{l.T("before \\ now")}
	align := []tw.Align{tw.AlignLeft}
	// Columns are numbered like the rows, to keep the table narrow.
	for j := 0; j <= n; j++ {
		h := strconv.Itoa(j + 1)
		if j == n {
			h = d.ColName(j)
		}
		header = append(header, h)
		align = append(align, tw.AlignRight)
	}
	header = append(header, l.T("total"))
	align = append(align, tw.AlignRight)
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
	t.Header(header)
	for i := 0; i <= n; i++ {
		total := d.rowTotal(i)
		row := []string{d.RowName(i)}
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
	return t.Render()
}

// writeFlows writes the top largest flows between classes.
func writeFlows(w io.Writer, d *Diff, top int) error {
	var b bytes.Buffer
	l := d.UI
	n := len(d.Classes)
	if flows := d.Flows(top); len(flows) > 0 {
		b.WriteString(l.T("largest flows:\n"))
		for _, f := range flows {
			p := pctOf(f.Customers, d.rowTotal(f.From))
			of := d.RowName(f.From)
			if f.From == n {
				of = l.T("new customers")
			}
			b.WriteString(l.Tf("  %s → %s: %d (%s of %s)\n", d.RowName(f.From), d.ColName(f.To), f.Customers, p, of))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}
