package diff

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/report"
)

// MovesHeader returns the header of the moves file.
func MovesHeader(kept []string) []string {
	h := []string{"customer_id"}
	h = append(h, kept...)
	return append(h, "from_segment", "to_segment", "from_tier", "to_tier", "from_rfm_code", "to_rfm_code",
		"d_recency", "d_frequency", "d_monetary", "direction")
}

// appendRecord appends fields as one CSV record, without its line break.
func appendRecord(b []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = report.AppendCSVField(b, f)
	}
	return b
}

// writeRecord writes fields as one CSV record.
func writeRecord(w *bufio.Writer, fields []string) {
	w.Write(append(appendRecord(nil, fields), '\n'))
}

// WriteMoves writes one row per customer of either file, by customer id:
// the classes, tiers and codes before and now, the changes in recency,
// frequency and monetary (now minus before; monetary exact to the cent) and
// the direction. A customer in one file only has the other side empty.
func WriteMoves(w io.Writer, d *Diff, opt report.CSVOptions) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if opt.BOM {
		bw.WriteString("\uFEFF")
	}
	g := opt.Guard
	head := MovesHeader(d.Kept)
	if d.Stages != nil {
		head = append(head, "from_lifecycle", "to_lifecycle")
	}
	// A kept column's name comes from the input file: guarded like a value.
	for i, h := range head {
		head[i] = g.Guard(h)
	}
	writeRecord(bw, head)
	// The lines are formatted on every core (report.WriteLines).
	return report.WriteLines(bw, len(d.Moves), func() func([]byte, int) []byte {
		return func(b []byte, i int) []byte { return d.appendMove(b, &d.Moves[i], g) }
	})
}

// appendMove appends move m's line, its line break included.
func (d *Diff) appendMove(b []byte, m *Move, g report.GuardMode) []byte {
	b = report.AppendCSVField(b, g.Guard(m.ID))
	for _, k := range m.Kept {
		b = append(b, ',')
		b = report.AppendCSVField(b, g.Guard(k))
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
		b = report.AppendCSVField(b, g.Guard(f))
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
	return append(b, '\n')
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
func WriteMatrix(w io.Writer, d *Diff, opt report.CSVOptions) error {
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
			writeRecord(bw, []string{opt.Guard.Guard(d.rowName(i, d.Lang)), opt.Guard.Guard(d.colName(j, d.Lang)), strconv.Itoa(v), share(v, total, 4)})
		}
	}
	return bw.Flush()
}
