package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/report"
)

// csvFlags say how CSV outputs are written: rfm score's and rfm diff's, one
// name, one help text and one check for both.
type csvFlags struct {
	excelBOM bool
	guard    string
	encoding string

	// Set by validate.
	guardV   report.GuardMode
	guardSet bool
	gbk      bool
}

func addCSVFlags(cmd *cobra.Command, c *csvFlags, guardDefault string) {
	f := cmd.Flags()
	f.BoolVar(&c.excelBOM, "excel-bom", false, "start CSV output with a UTF-8 BOM, for Excel")
	f.StringVar(&c.guard, "guard", "", "formula guard of CSV text: sheet (a ' before = + - @ tab CR ') or mail (the same, but phone numbers and e-mail addresses as they are) (default "+guardDefault+")")
	f.StringVar(&c.encoding, "output-encoding", "utf-8", "encoding of CSV output: utf-8 or gbk (for Excel on Chinese Windows)")
}

// validate checks the flags; it touches no file.
func (c *csvFlags) validate() error {
	if c.guard != "" {
		g, err := report.ParseGuard(c.guard)
		if err != nil {
			return usageError{err}
		}
		c.guardV, c.guardSet = g, true
	}
	switch c.encoding {
	case "utf-8", "utf8", "UTF-8", "":
	case "gbk", "GBK":
		c.gbk = true
		if c.excelBOM {
			return usagef("--excel-bom is a UTF-8 byte order mark: drop it with --output-encoding gbk, which Excel on Chinese Windows reads without one")
		}
	default:
		return usagef("--output-encoding must be utf-8 or gbk, got %q", c.encoding)
	}
	return nil
}

// options returns the CSV options of an output whose guard is def unless
// --guard says otherwise.
func (c *csvFlags) options(def report.GuardMode) report.CSVOptions {
	if c.guardSet {
		def = c.guardV
	}
	return report.CSVOptions{BOM: c.excelBOM, Guard: def}
}

// encode returns the writer CSV text for w goes through, and the flush that
// completes it before w is committed.
func (c *csvFlags) encode(w io.Writer) (io.Writer, func() error) {
	if !c.gbk {
		return w, func() error { return nil }
	}
	g := report.NewGBKWriter(w)
	return g, g.Flush
}

// needCSV refuses --output-encoding gbk and --excel-bom in a run that writes
// no CSV file, where they would do nothing: csv says whether one of its
// outputs is CSV, what names the output that is not ("-o x.xlsx is a
// workbook"). Called after validate.
func (c *csvFlags) needCSV(csv bool, what string) error {
	switch {
	case csv:
		return nil
	case c.gbk:
		return usagef("--output-encoding gbk applies to CSV files, and this run writes none: %s; drop the flag or write CSV", what)
	case c.excelBOM:
		return usagef("--excel-bom applies to CSV files, and this run writes none: %s; drop the flag or write CSV", what)
	}
	return nil
}

// notCSV says what rfm score writes when it is not CSV, for needCSV.
func (o *scoreOptions) notCSV() string {
	switch o.formatV {
	case "xlsx":
		return "-o " + o.output + " is a workbook"
	case "html":
		return "-o " + o.output + " is an HTML report"
	}
	return "the summary table goes to the terminal"
}
