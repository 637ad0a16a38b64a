package html

import (
	"io"
	"math"
	"strconv"

	"github.com/rfmtool/rfm/report/diff"
	"github.com/rfmtool/rfm/report/svg"
)

// WriteDiff writes the report of a comparison of two customer files: the
// counts, the migration matrix with the moves off its diagonal highlighted,
// new and gone customers, and the top largest flows.
func WriteDiff(w io.Writer, d *diff.Diff, top int, version string) error {
	p := &page{lang: d.UI, names: d.Lang}
	p.start(p.t("Customer migration report"), d.OldName+" → "+d.NewName)
	c := d.Counts
	p.section("counts", p.t("Overview"))
	p.kv([][2]string{
		{p.t("Before"), d.OldName + p.colon() + fmtInt(int64(c.Before))},
		{p.t("Now"), d.NewName + p.colon() + fmtInt(int64(c.After))},
		{p.t("In both"), fmtInt(int64(c.Both))},
		{p.t("New customers"), fmtInt(int64(c.New))},
		{p.t("Gone customers"), fmtInt(int64(c.Gone))},
		{p.t("Moved up"), fmtInt(int64(c.Up))},
		{p.t("Moved down"), fmtInt(int64(c.Down))},
		{p.t("Same"), fmtInt(int64(c.Same))},
		{p.t("Class changed"), fmtInt(int64(c.Changed))},
		{p.t("Out of tier A"), fmtInt(int64(c.OutOfA))},
		{p.t("Newly in tier A"), fmtInt(int64(c.IntoA))},
	})
	for _, n := range d.NotesIn(p.lang) {
		p.note(n)
	}
	p.endSection()
	diffMatrix(p, d)
	diffFlows(p, d, top)
	return p.finish(w, version)
}

// diffMatrix writes the matrix as a table and as a heat grid in which the
// diagonal (customers who stayed put) is grey and the moves are coloured.
func diffMatrix(p *page, d *diff.Diff) {
	n := len(d.Classes)
	peak := 0
	for i := 0; i <= n; i++ {
		for j := 0; j <= n; j++ {
			if i != j {
				peak = max(peak, d.Matrix[i][j])
			}
		}
	}
	head := []string{p.t("before \\ now")}
	cols := make([]string, n+1)
	rows := make([]string, n+1)
	for j := 0; j <= n; j++ {
		cols[j] = strconv.Itoa(j + 1)
		head = append(head, strconv.Itoa(j+1)+" "+d.ColName(j))
	}
	head = append(head, p.t("Total"))
	var table [][]cell
	cells := make([][]svg.Cell, n+1)
	for i := 0; i <= n; i++ {
		rows[i] = strconv.Itoa(i+1) + " " + d.RowName(i)
		row := []cell{txt(rows[i])}
		total := 0
		cells[i] = make([]svg.Cell, n+1)
		for j := 0; j <= n; j++ {
			v := d.Matrix[i][j]
			total += v
			c := num(fmtInt(int64(v)))
			sc := svg.Cell{Lines: []string{fmtInt(int64(v))}, Tip: d.RowName(i) + " → " + d.ColName(j) + p.colon() + fmtInt(int64(v))}
			switch {
			case i == j:
				c.class = "diag"
				sc.Weight = -1
			case v > 0 && peak > 0:
				c.class = "hot"
				sc.Weight = math.Sqrt(float64(v) / float64(peak))
			}
			row = append(row, c)
			cells[i][j] = sc
		}
		table = append(table, append(row, num(fmtInt(int64(total)))))
	}
	p.section("matrix", p.t("Migration matrix"))
	p.table("matrix-table", head, table, nil)
	label := p.t("Customers from the class before (rows) to the class now (columns); the diagonal (no move) is grey, darker cells are larger moves")
	p.figure("chart-matrix", svg.Heat(label, rows, cols, cells, "", p.t("now")), label)
	p.endSection()
}

// diffFlows writes the largest flows between classes.
func diffFlows(p *page, d *diff.Diff, top int) {
	flows := d.Flows(top)
	p.section("flows", p.t("Largest flows"))
	if len(flows) == 0 {
		p.note(p.t("No customer moved."))
		p.endSection()
		return
	}
	s := svg.Series{Name: p.t("Customers"), Color: svg.Palette[3]}
	var labels []string
	var rows [][]cell
	for _, f := range flows {
		l := d.RowName(f.From) + " → " + d.ColName(f.To)
		labels = append(labels, l)
		s.Values = append(s.Values, float64(f.Customers))
		s.Text = append(s.Text, fmtInt(int64(f.Customers)))
		rows = append(rows, []cell{txt(d.RowName(f.From)), txt(d.ColName(f.To)), num(fmtInt(int64(f.Customers)))})
	}
	p.table("flows-table", []string{p.t("Before"), p.t("Now"), p.t("Customers")}, rows, nil)
	label := p.t("The largest flows (new and gone included)")
	p.figure("chart-flows", svg.Bars(label, labels, []svg.Series{s}), label)
	p.endSection()
}
