package report

import (
	"bufio"
	"io"
	"runtime"
	"slices"
	"strconv"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// CSVOptions configures WriteCSV.
type CSVOptions struct {
	// BOM writes a UTF-8 byte order mark first, for Excel.
	BOM bool
	// Guard is how text that looks like a formula is written.
	Guard GuardMode
	// ZHHeaders writes the header in Chinese (--headers zh; ColumnName),
	// the kept columns as the input named them.
	ZHHeaders bool
}

// headerIn returns the header h in the language of opt's header.
func (opt CSVOptions) headerIn(h []string) []string {
	if !opt.ZHHeaders {
		return h
	}
	return headerIn(h, i18n.ZH)
}

// Header returns the customer output's header: SPEC §6 with the kept columns
// after customer_id.
func Header(kept []string) []string {
	h := []string{"customer_id"}
	h = append(h, kept...)
	return append(h, "recency_days", "frequency", "monetary", "first_order_date", "last_order_date",
		"r_score", "f_score", "m_score", "rfm_code", "rfm_sum", "segment", "tier")
}

// WeightedColumn is the column --weights adds, after rfm_sum.
const WeightedColumn = "weighted_score"

// weighted returns h with WeightedColumn after rfm_sum when r has weights.
func (r *Result) weighted(h []string) []string {
	if r.Weights == nil {
		return h
	}
	i := slices.Index(h, "rfm_sum") + 1
	return slices.Insert(h, i, WeightedColumn)
}

// WriteCSV writes one row per scored customer, in the result's order (by
// customer id), as SPEC §6 defines: UTF-8, LF, fields quoted only when needed,
// and text that a spreadsheet would run as a formula prefixed with '. With
// r.CLV, CLVScoreHeader()'s columns follow tier.
func WriteCSV(w io.Writer, r *Result, opt CSVOptions) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if opt.BOM {
		bw.WriteString("\uFEFF")
	}
	writeHeader(bw, opt.headerIn(r.header()), opt.Guard)
	if len(r.Prospects) > 0 {
		return writeWithProspects(bw, r, opt.Guard)
	}
	return WriteLines(bw, len(r.Customers), func() func([]byte, int) []byte {
		return func(b []byte, i int) []byte { return AppendCustomer(b, r, i, opt.Guard) }
	})
}

// WriteLines writes n lines, line i appended by a function of appender's:
// the lines are formatted in blocks on every core, each block by a
// function of its own, and written in order; bw is flushed.
func WriteLines(bw *bufio.Writer, n int, appender func() func(b []byte, i int) []byte) error {
	const block = 1 << 14
	blocks := (n + block - 1) / block
	bufs := make([]chan []byte, blocks)
	for k := range bufs {
		bufs[k] = make(chan []byte, 1)
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)+1)
	// The few buffers in flight are reused: a million lines would otherwise
	// allocate their size twice over, and keep the collector busy.
	spare := make(chan []byte, cap(sem)+1)
	go func() {
		for k := range blocks {
			sem <- struct{}{}
			go func() {
				var b []byte
				select {
				case b = <-spare:
				default:
				}
				line := appender()
				for i := k * block; i < min(n, (k+1)*block); i++ {
					b = line(b, i)
				}
				bufs[k] <- b
			}()
		}
	}()
	var err error
	for k := range blocks {
		b := <-bufs[k]
		if err == nil {
			_, err = bw.Write(b)
		}
		select {
		case spare <- b[:0]:
		default:
		}
		<-sem
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeWithProspects writes the scored customers and the prospects
// interleaved by customer id, line by line.
func writeWithProspects(bw *bufio.Writer, r *Result, g GuardMode) error {
	var b []byte
	var err error
	r.rowOrder(func(i, k int) {
		if err != nil {
			return
		}
		if k >= 0 {
			b = AppendProspect(b[:0], r, k, g)
		} else {
			b = AppendCustomer(b[:0], r, i, g)
		}
		_, err = bw.Write(b)
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// AppendCustomer appends customer i's CSV line to b, every text guarded
// in mode g: ids, kept values, and segment names and tiers, which a scheme
// file names.
func AppendCustomer(b []byte, r *Result, i int, g GuardMode) []byte {
	c := &r.Customers[i]
	b = appendField(b, g.Guard(c.ID))
	for _, k := range c.Kept {
		b = append(b, ',')
		b = appendField(b, g.Guard(k))
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, c.Recency, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, c.Frequency, 10)
	b = append(b, ',')
	b = c.Monetary.AppendTo(b)
	b = append(b, ',')
	b = appendDate(b, c.First)
	b = append(b, ',')
	b = appendDate(b, c.Last)
	for _, s := range [3]int{c.R, c.F, c.M} {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s), 10)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(c.R), 10)
	b = strconv.AppendInt(b, int64(c.F), 10)
	b = strconv.AppendInt(b, int64(c.M), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(c.Sum()), 10)
	if r.Weights != nil {
		b = append(b, ',')
		b = r.Weights.Score(c.R, c.F, c.M).AppendTo(b)
	}
	b = append(b, ',')
	b = appendField(b, g.Guard(r.Scheme.SegmentOf(r.Assigned.Segment[i]).Name(r.Lang)))
	b = append(b, ',')
	b = appendField(b, g.Guard(r.Assigned.Tier[i]))
	if r.Lifecycle != nil {
		b = r.appendLifecycle(b, i)
	}
	if r.CLV != nil {
		b = r.appendCLV(b, i)
	}
	return append(b, '\n')
}

// appendDate appends d as YYYY-MM-DD, or nothing for rfm.NoDate (a
// customer table gives no first order date).
func appendDate(b []byte, d rfm.Date) []byte {
	if d == rfm.NoDate {
		return b
	}
	return d.AppendTo(b)
}

// csvSpecial marks the bytes that make a field quoted.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// appendField appends s, quoted only when it holds a comma, quote or line break.
func appendField(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = !csvSpecial[s[i]]
	}
	if plain {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// writeHeader writes a header record; a kept column's name comes from the
// input file, so it is guarded like a value.
func writeHeader(w *bufio.Writer, names []string, m GuardMode) {
	g := make([]string, len(names))
	for i, s := range names {
		g[i] = m.Guard(s)
	}
	writeRecord(w, g)
}

func writeRecord(w *bufio.Writer, fields []string) {
	var b []byte
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendField(b, f)
	}
	b = append(b, '\n')
	w.Write(b)
}

// CSVRecordWriter writes CSV records one at a time.
type CSVRecordWriter struct {
	w *bufio.Writer
	// Guard is how fields that look like formulas are written.
	Guard GuardMode
}

// NewCSVRecordWriter returns a writer of plain CSV records.
func NewCSVRecordWriter(w io.Writer) *CSVRecordWriter {
	return &CSVRecordWriter{w: bufio.NewWriter(w)}
}

// Write writes one record; fields that look like formulas are guarded.
func (c *CSVRecordWriter) Write(fields []string) {
	g := make([]string, len(fields))
	for i, f := range fields {
		g[i] = c.Guard.Guard(f)
	}
	writeRecord(c.w, g)
}

// Flush flushes the buffer and returns the first write error.
func (c *CSVRecordWriter) Flush() error { return c.w.Flush() }
