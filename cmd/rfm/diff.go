package main

import (
	"context"
	"io"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/diff"
	"github.com/rfmtool/rfm/report/html"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// diffOptions holds the flags of `rfm diff`.
type diffOptions struct {
	old, cur string
	output   string
	matrix   string
	stages   string
	top      int
	csvFlags
	quiet bool
}

func newDiffCmd(s streams) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two customer files written by rfm score: who moved between classes",
		Long: `Diff compares two customer files written by rfm score (CSV, or XLSX
workbooks with a customer sheet) — typically last week's and this week's —
and prints how many customers moved up or down, left or entered tier A, are
new or gone, the migration matrix (class before × class now, counts and
shares of each row) and the largest flows.

Customers are matched by customer_id; classes by name, in either language
(--lang zh or en). Up and down follow the tier (A above B above C), then
rfm_sum. -o FILE.csv writes one row per customer of either file with its
classes, tiers and codes before and now, the change in recency, frequency
and monetary, and the direction (up, down, same, new or gone); --matrix
FILE.csv writes the matrix, one row per cell. -o FILE.xlsx writes a workbook
with a matrix sheet (counts, row shares, the moves off the diagonal
coloured, totals) and a moves sheet; -o FILE.html a one-file report with the
matrix and the largest flows.

rfm score -o FILE records its settings in FILE.rfm.json. Files scored with
a different --method, --bins, cut points, --segments or --split are
refused; without a settings file diff warns and compares anyway.

Tiers, --monetary, --returns, --lifecycle or --churn-factor that differ,
and a NEW file older than OLD (the wrong way round), are warnings that
change what the moves mean: they are printed even with --quiet, and the
exit status is 3.

Exit status: 0 success (whether or not customers moved), 1 failure
(unreadable or incompatible files, I/O error), 2 usage error, 3 compared
and written, with a warning about the settings or the order of the files.`,
		Example: `  rfm diff last-week.csv this-week.csv
  rfm diff last-week.csv this-week.csv -o moves.csv --matrix matrix.csv
  rfm diff last-week.csv this-week.csv -o - | grep ',down$'`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.old, o.cur = args[0], args[1]
			if err := o.validate(); err != nil {
				return err
			}
			return runDiff(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "write the per-customer moves to `FILE` (.csv; .xlsx: matrix and moves sheets; .html: a report; - for CSV on stdout)")
	f.StringVar(&o.matrix, "matrix", "", "write the migration matrix to `FILE.csv`, one row per cell (- for stdout)")
	f.StringVar(&o.stages, "stage-matrix", "", "write the lifecycle stage transitions to `FILE.csv`, one row per cell (both files need --lifecycle's column)")
	f.IntVar(&o.top, "top", 5, "list the `N` largest flows")
	addCSVFlags(cmd, &o.csvFlags, "sheet")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors on stderr, and warnings that change what is published (exit status 3)")
	return cmd
}

// validate checks the flags before any file is touched.
func (o *diffOptions) validate() error {
	if o.top < 0 {
		return usagef("--top must be 0 or more, got %d", o.top)
	}
	if err := o.csvFlags.validate(); err != nil {
		return err
	}
	if err := o.csvFlags.needCSV(o.matrix != "" || o.stages != "" || isCSVOutput(o.output), o.notCSV()); err != nil {
		return err
	}
	for _, c := range []struct{ flag, path string }{{"-o", o.output}, {"--matrix", o.matrix}, {"--stage-matrix", o.stages}} {
		if c.path == "" || c.path == "-" {
			continue
		}
		if c.flag != "-o" && strings.EqualFold(filepath.Ext(c.path), ".xlsx") {
			return usagef("--matrix %s: the matrix file is CSV; -o FILE.xlsx puts the matrix in the workbook", c.path)
		}
	}
	if o.output != "" && o.output == o.matrix {
		return usagef("-o and --matrix name the same file %s", o.output)
	}
	if o.stages != "" && (o.stages == o.output || o.stages == o.matrix) {
		return usagef("--stage-matrix %s is named by another output flag too", o.stages)
	}
	// The settings records beside the inputs are read too: an output over
	// one would let a later diff compare runs made differently.
	var ins []inputPath
	for _, in := range []string{o.old, o.cur} {
		ins = append(ins, inputPath{in, i18n.Text("an input file")},
			inputPath{in + report.SettingsSuffix, msgf("the settings record of the input %s", in)})
	}
	outs := fileOutputs(outputPath{"-o", o.output, ""}, outputPath{"--matrix", o.matrix, ""}, outputPath{"--stage-matrix", o.stages, ""})
	return checkOutputs(ins, outs)
}

// isCSVOutput reports whether rfm diff's -o path gets the moves as CSV.
func isCSVOutput(path string) bool {
	return path != "" && !strings.EqualFold(filepath.Ext(path), ".xlsx") && !isHTML(path)
}

// notCSV says what rfm diff writes when it is not CSV, for needCSV.
func (o *diffOptions) notCSV() i18n.Localizer {
	switch {
	case o.output == "":
		return i18n.Text("the summary goes to the terminal")
	case isHTML(o.output):
		return msgf("-o %s is an HTML report", o.output)
	}
	return msgf("-o %s is a workbook", o.output)
}

// runDiff compares the two files and writes the outputs. The warnings of
// CompareSettings — settings that differ, files the wrong way round — change
// what every move means: they are printed even with --quiet, and the run,
// its outputs all written, ends with a warnedError (exit status 3).
func runDiff(ctx context.Context, s streams, o *diffOptions) error {
	r := s.reporter(o.quiet)
	// Two CSV files are read and compared with the collector off: what
	// they hold is kept, and collections as their records grow would scan
	// them again and again (a third of the time of a million customers,
	// for a few MB less at the peak). A workbook's reading, and writing
	// the outputs, make short-lived garbage: the collector stays on there.
	restore := func() {}
	if csvFile(o.old) && csvFile(o.cur) {
		gc := debug.SetGCPercent(-1)
		restore = func() { debug.SetGCPercent(gc) }
	}
	d, err := readAndCompare(ctx, r, o)
	restore()
	if err != nil {
		return err
	}
	d.UI = s.lang.ui
	r.lines(d.NotesIn(s.lang.ui)...)
	if err := writeDiffFiles(s, o, d); err != nil {
		return err
	}
	// The summary goes to stdout unless a file does.
	if o.output != "-" && o.matrix != "-" && o.stages != "-" {
		if err := diff.WriteSummary(s.out, d, o.top); err != nil {
			return err
		}
	}
	return r.status()
}

// csvFile reports whether path opens as a CSV file (not a workbook).
func csvFile(path string) bool {
	t, err := ingest.File{Path: path}.Open()
	if err != nil {
		return false
	}
	defer t.Close()
	return t.Format == "csv"
}

// readAndCompare reads the two files (readDiffFiles) and compares them.
func readAndCompare(ctx context.Context, r *reporter, o *diffOptions) (*diff.Diff, error) {
	old, cur, err := readDiffFiles(ctx, r, o)
	if err != nil {
		return nil, err
	}
	return diff.Compare(old, cur)
}

// readDiffFiles reads the two customer files with their settings records,
// and prints the warnings of settings that differ or are missing.
func readDiffFiles(ctx context.Context, r *reporter, o *diffOptions) (old, cur *diff.CustomerFile, err error) {
	var files [2]*diff.CustomerFile
	var errs, warnings [2]error
	// The two files are read at once, each on a core of its own.
	var wg sync.WaitGroup
	for i, path := range []string{o.old, o.cur} {
		wg.Go(func() {
			f, err := readCustomerFile(path)
			if err != nil {
				errs[i] = err
				return
			}
			f.Settings, warnings[i] = readSidecar(path)
			files[i] = f
		})
	}
	wg.Wait()
	// The old file's error first, as when they were read in turn.
	for _, err := range append(errs[:], ctx.Err()) {
		if err != nil {
			return nil, nil, err
		}
	}
	var missing []error
	for _, w := range warnings {
		if w != nil {
			missing = append(missing, w)
		}
	}
	old, cur = files[0], files[1]
	if old.Settings != nil && cur.Settings != nil {
		warnings, err := diff.CompareSettings(old.Name, old.Settings, cur.Name, cur.Settings, r.lang)
		if err != nil {
			return nil, nil, err
		}
		for _, w := range warnings {
			r.publishf("%s", w)
		}
	} else {
		for _, w := range missing {
			r.notef("warning: %s", w)
		}
		r.notef("warning: cannot check that both files were scored with the same settings; comparing anyway")
	}
	return old, cur, nil
}

// writeDiffFiles writes the files -o, --matrix and --stage-matrix name, and
// renames them into place only when all were written.
func writeDiffFiles(s streams, o *diffOptions, d *diff.Diff) error {
	var outs []*output
	defer func() {
		for _, out := range outs {
			out.Abort()
		}
	}()
	write := func(path string, fn func(*output) error) error {
		if path == "" {
			return nil
		}
		out, err := createOutput(path, s.out)
		if err != nil {
			return err
		}
		outs = append(outs, out)
		if err := fn(out); err != nil {
			return i18n.Errorf("%s: %w", path, err)
		}
		return nil
	}
	csvOpt := o.options(report.GuardSheet)
	csv := func(writeCSV func(io.Writer, *diff.Diff, report.CSVOptions) error) func(*output) error {
		return func(out *output) error {
			w, flush := o.encode(out)
			if err := writeCSV(w, d, csvOpt); err != nil {
				return err
			}
			return flush()
		}
	}
	if err := write(o.output, func(out *output) error {
		if strings.EqualFold(filepath.Ext(o.output), ".xlsx") {
			return diff.WriteXLSX(out, d, diff.XLSXOptions{Created: runTime()})
		}
		if isHTML(o.output) {
			return html.WriteDiff(out, d, o.top, version)
		}
		return csv(diff.WriteMoves)(out)
	}); err != nil {
		return err
	}
	if err := write(o.matrix, csv(diff.WriteMatrix)); err != nil {
		return err
	}
	if o.stages != "" && d.Stages == nil {
		return i18n.Errorf("--stage-matrix: %s and %s need the lifecycle column of rfm score --lifecycle", o.old, o.cur)
	}
	if err := write(o.stages, csv(diff.WriteStageMatrix)); err != nil {
		return err
	}
	for _, out := range outs {
		if err := out.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// readCustomerFile reads a customer file written by rfm score: a CSV file, or
// an XLSX workbook's customer sheets — the first sheet with the customer
// columns and the sheets right after it that have them too, where a large
// workbook continues.
func readCustomerFile(path string) (*diff.CustomerFile, error) {
	src := ingest.File{Path: path}
	t, err := src.Open()
	if err != nil {
		return nil, err
	}
	if t.Format != "xlsx" {
		defer t.Close()
		return diff.ReadCustomerFile(t)
	}
	t.Close()
	var f *diff.CustomerFile
	for n := 1; ; n++ {
		src.Sheet = strconv.Itoa(n)
		t, err := src.Open()
		if err != nil || !customerHeader(t.Header) {
			if err == nil {
				t.Close()
			}
			if f != nil || err != nil {
				break
			}
			continue
		}
		g, err := diff.ReadCustomerFile(t)
		t.Close()
		if err != nil {
			return nil, err
		}
		switch {
		case f == nil:
			f = g
			f.Name = path
		case !slices.Equal(f.Kept, g.Kept):
			return nil, i18n.Errorf("%s: sheet %d has other columns than the customer sheet before it", path, n)
		default:
			f.Rows = append(f.Rows, g.Rows...)
		}
	}
	if f == nil {
		return nil, i18n.Errorf("%s: no sheet has the columns of a customer file written by rfm score (customer_id … segment, tier)", path)
	}
	return f, nil
}

// customerHeader reports whether a header has the customer file's key columns.
func customerHeader(h []string) bool {
	lower := make([]string, len(h))
	for i, x := range h {
		lower[i] = strings.ToLower(strings.TrimSpace(x))
		if en, ok := report.ColumnOf(strings.TrimSpace(x)); ok {
			lower[i] = en // a Chinese header
		}
	}
	return slices.Contains(lower, "customer_id") && slices.Contains(lower, "segment") && slices.Contains(lower, "rfm_code")
}
