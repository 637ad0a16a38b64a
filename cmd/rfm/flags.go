package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// flagValue is a flag whose text is parsed into a T when it is set: the
// options structs hold parsed values, never a raw string beside its parsed
// twin. A text that does not parse keeps its error, which check returns:
// each command's validate step calls check in its own order, so that a
// command line with several mistakes names the same one first, and a flag
// that needs another (--clv-model without --with-clv) says so before its
// value is judged.
type flagValue[T any] struct {
	v     T
	text  string
	err   error
	parse func(string) (T, error)
}

// addFlag registers p on f as name, parsed by parse, with the default text
// def. Its help reads as a string flag's.
func addFlag[T any](f *pflag.FlagSet, p *flagValue[T], name, def, usage string, parse func(string) (T, error)) {
	p.parse = parse
	p.Set(def)
	f.Var(p, name, usage)
}

// Set parses s; a text that does not parse is reported by check.
func (p *flagValue[T]) Set(s string) error {
	p.text = s
	p.v, p.err = p.parse(s)
	return nil
}

// String is the text as given.
func (p *flagValue[T]) String() string { return p.text }

// Type names the value in the help, as for a string flag.
func (p *flagValue[T]) Type() string { return "string" }

// given reports whether the flag has a non-empty text.
func (p *flagValue[T]) given() bool { return p.text != "" }

// check returns the usage error of a text that did not parse.
func (p *flagValue[T]) check() error {
	if p.err == nil {
		return nil
	}
	if errors.As(p.err, new(usageError)) {
		return p.err
	}
	return usageError{p.err}
}

// enum returns the parser of a flag with a fixed set of names: an unknown
// name is "FLAG must be WANT, got "TEXT"". fold matches names in any case.
func enum[T any](flag string, want choices, fold bool, names map[string]T) func(string) (T, error) {
	return func(s string) (T, error) {
		k := s
		if fold {
			k = strings.ToLower(s)
		}
		v, ok := names[k]
		if !ok {
			var zero T
			return zero, usagef("%s must be %s, got %q", flag, want, s)
		}
		return v, nil
	}
}

// choices are a flag's values in a message: "csv, xlsx or table", in
// Chinese "csv、xlsx 或 table".
type choices []string

func (c choices) String() string { return c.Localize(i18n.EN) }

// Localize lists the values in l.
func (c choices) Localize(l i18n.Lang) string {
	if len(c) < 2 {
		return strings.Join(c, "")
	}
	last := len(c) - 1
	return strings.Join(c[:last], l.Pick("、", ", ")) + l.Pick(" 或 ", " or ") + c[last]
}

// isoDate returns the parser of a date flag: YYYY-MM-DD, or "" for none
// (rfm.NoDate).
func isoDate(flag string) func(string) (rfm.Date, error) {
	return func(s string) (rfm.Date, error) {
		if s == "" {
			return rfm.NoDate, nil
		}
		d, ok := rfm.ParseISODate(s)
		if !ok {
			return rfm.NoDate, usagef("%s must be a date YYYY-MM-DD, got %q", flag, s)
		}
		return d, nil
	}
}

// scoringFlags are the flags that say how customers are scored, classed and
// named: rfm score's, and rfm sql's for the same scores in SQL.
type scoringFlags struct {
	asOf     flagValue[rfm.Date]
	returns  flagValue[rfm.Returns]
	monetary flagValue[rfm.MonetaryRule]
	method   flagValue[rfm.Method]
	bins     int
	cuts     [3]string
	split    flagValue[segment.Split]
	tiers    flagValue[segment.Tiers]
	segments string
	// lang is the language of class names (langs.names), set by the
	// command from --lang before validate.
	lang i18n.Lang
}

func addScoringFlags(f *pflag.FlagSet, o *scoringFlags) {
	addAmountFlags(f, &o.asOf, &o.returns, &o.monetary)
	addFlag(f, &o.method, "method", "quantile", "scoring: quantile, rank, thresholds or mean", func(s string) (rfm.Method, error) {
		m, err := rfm.ParseMethod(s)
		return m, usageOf(err)
	})
	f.IntVar(&o.bins, "bins", 5, "score levels N, 2–9")
	f.StringVar(&o.cuts[rfm.Recency], "r-cuts", "", "thresholds: N−1 ascending recency cut points (days)")
	f.StringVar(&o.cuts[rfm.Frequency], "f-cuts", "", "thresholds: N−1 ascending frequency cut points")
	f.StringVar(&o.cuts[rfm.Monetary], "m-cuts", "", "thresholds: N−1 ascending monetary cut points")
	addFlag(f, &o.split, "split", "mean", "high/low split of scores for the classes: mean or median",
		enum("--split", choices{"mean", "median"}, false, map[string]segment.Split{"mean": segment.SplitMean, "median": segment.SplitMedian}))
	addFlag(f, &o.tiers, "tiers", "class", "tiers: class, or pareto[=A,B] by share of spend (default 80,95)", func(s string) (segment.Tiers, error) {
		t, err := parseTiers(s)
		return t, usageOf(err)
	})
	f.StringVar(&o.segments, "segments", "cn8", "segment scheme: cn8, rfgrid or a scheme `FILE.csv`")
}

// defaultScoring is rfm score's scoring with every flag at its default.
func defaultScoring() scoringFlags {
	var o scoringFlags
	addScoringFlags(pflag.NewFlagSet("defaults", pflag.ContinueOnError), &o)
	return o
}

// addAmountFlags registers --as-of, --returns and --monetary, which rfm
// inspect shares with rfm score.
func addAmountFlags(f *pflag.FlagSet, asOf *flagValue[rfm.Date], returns *flagValue[rfm.Returns], monetary *flagValue[rfm.MonetaryRule]) {
	addFlag(f, asOf, "as-of", "", "as-of `YYYY-MM-DD` (default: the day after the latest used row)", isoDate("--as-of"))
	addFlag(f, returns, "returns", "net", "returns (negative amounts): net them or ignore them",
		enum("--returns", choices{"net", "ignore"}, false, map[string]rfm.Returns{"net": rfm.ReturnsNet, "ignore": rfm.ReturnsIgnore}))
	addFlag(f, monetary, "monetary", "sum", "monetary value: sum or mean (per order)",
		enum("--monetary", choices{"sum", "mean"}, false, map[string]rfm.MonetaryRule{"sum": rfm.MonetarySum, "mean": rfm.MonetaryMean}))
}

// usageOf marks a parse error as a usage error; nil stays nil.
func usageOf(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}

// readFlags are the flags that say how to read a transaction export and which
// of its rows to take. Every command that reads one embeds them, so that a
// flag has one name, one help text and one check everywhere.
type readFlags struct {
	columns      [6]string // by ingest.Role
	where        []string
	whereNot     []string
	encoding     flagValue[string]
	delimiter    flagValue[byte] // 0: detected
	sheet        string
	dateFormat   flagValue[ingest.DateOrder]
	decimalComma bool
	strict       bool
	dedupe       bool
}

// addReadFlags registers the reading flags on cmd, with a column flag for
// each of roles.
func addReadFlags(cmd *cobra.Command, r *readFlags, roles ...ingest.Role) {
	help := [...]string{
		ingest.RoleCustomer: "customer id `column` (default: recognised header)",
		ingest.RoleDate:     "order date `column`",
		ingest.RoleAmount:   "amount `column`",
		ingest.RoleQuantity: "quantity `column` (amount = quantity × unit price)",
		ingest.RolePrice:    "unit price `column`",
		ingest.RoleOrder:    "order id `column` (frequency counts distinct orders)",
	}
	f := cmd.Flags()
	for _, role := range roles {
		f.StringVar(&r.columns[role], strings.TrimPrefix(role.Flag(), "--"), "", help[role])
	}
	f.StringArrayVar(&r.where, "where", nil, "keep only rows whose `COL=V1,V2` (repeatable; all must hold)")
	f.StringArrayVar(&r.whereNot, "where-not", nil, "drop rows whose `COL=V1,V2` (repeatable)")
	addFlag(f, &r.encoding, "encoding", "", "CSV encoding: utf-8, gbk or gb18030 (default: detected)", func(s string) (string, error) {
		switch strings.ToLower(s) {
		case "", "utf-8", "utf8", "gbk", "gb18030", "gb2312":
			return s, nil
		}
		return "", usagef("--encoding must be utf-8, gbk or gb18030, got %q", s)
	})
	addFlag(f, &r.delimiter, "delimiter", "", "CSV delimiter: , ; tab | or whitespace (default: detected)", parseDelimiter)
	f.StringVar(&r.sheet, "sheet", "", "XLSX sheet `name or number` (default: the first)")
	addFlag(f, &r.dateFormat, "date-format", "auto", "how to read a/b/y dates: auto, mdy or dmy",
		enum("--date-format", choices{"auto", "mdy", "dmy"}, true, map[string]ingest.DateOrder{
			"auto": ingest.OrderAuto, "": ingest.OrderAuto,
			"mdy": ingest.OrderMDY, "m/d/y": ingest.OrderMDY,
			"dmy": ingest.OrderDMY, "d/m/y": ingest.OrderDMY,
		}))
	f.BoolVar(&r.decimalComma, "decimal-comma", false, "read amounts as 1.234,50")
	f.BoolVar(&r.strict, "strict", false, "stop at the first bad row (exit 1)")
	f.BoolVar(&r.dedupe, "dedupe", false, "drop rows whose every field equals an earlier row's")
}

// parseDelimiter reads --delimiter; "" is 0, detected.
func parseDelimiter(s string) (byte, error) {
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case ",", ";", "|":
		return s[0], nil
	case "tab", "\t", `\t`:
		return '\t', nil
	case "whitespace", "space", " ":
		return ingest.Whitespace, nil
	}
	return 0, usagef("--delimiter must be , ; tab | or whitespace, got %q", s)
}

// ingestOptions checks the reading flags, sets the reading options in in and
// returns the file to read. It touches no file.
func (r *readFlags) ingestOptions(input string, in *ingest.Options) (ingest.File, error) {
	in.Columns = r.columns
	in.Dedupe = r.dedupe
	in.Strict = r.strict
	in.DecimalComma = r.decimalComma
	if err := r.dateFormat.check(); err != nil {
		return ingest.File{}, err
	}
	in.DateOrder = r.dateFormat.v
	for _, w := range r.where {
		f, err := ingest.ParseFilter(w)
		if err != nil {
			return ingest.File{}, usagef("--where %v", err)
		}
		in.Where = append(in.Where, f)
	}
	for _, w := range r.whereNot {
		f, err := ingest.ParseFilter(w)
		if err != nil {
			return ingest.File{}, usagef("--where-not %v", err)
		}
		in.WhereNot = append(in.WhereNot, f)
	}
	for _, err := range []error{r.encoding.check(), r.delimiter.check()} {
		if err != nil {
			return ingest.File{}, err
		}
	}
	return ingest.File{Path: input, Encoding: r.encoding.v, Sheet: r.sheet, Delimiter: r.delimiter.v}, nil
}

// customerLevelFlags say whether the input is a customer table (SPEC §9)
// and name its columns; rfm score and rfm inspect share them.
type customerLevelFlags struct {
	inputKind flagValue[ingest.Kind]
	metrics   [ingest.NumMetrics]string
}

func addCustomerLevelFlags(f *pflag.FlagSet, c *customerLevelFlags) {
	addFlag(f, &c.inputKind, "input-kind", "auto", "orders (one row per order line), customers (one row per customer) or auto", func(s string) (ingest.Kind, error) {
		k, err := ingest.ParseKind(s)
		return k, usageOf(err)
	})
	help := [...]string{
		ingest.MetricRecency:   "customer table: days since the last purchase `column`",
		ingest.MetricLastDate:  "customer table: last purchase date `column` (recency = as-of − it)",
		ingest.MetricFrequency: "customer table: number of orders `column`",
		ingest.MetricMonetary:  "customer table: total spend `column`",
	}
	for m := ingest.Metric(0); m < ingest.NumMetrics; m++ {
		f.StringVar(&c.metrics[m], strings.TrimPrefix(m.Flag(), "--"), "", help[m])
	}
}

// kindOptions checks the flags; with --input-kind orders a metric flag is a
// usage error.
func (c *customerLevelFlags) kindOptions() (*ingest.CustomerOptions, error) {
	if err := c.inputKind.check(); err != nil {
		return nil, err
	}
	k := c.inputKind.v
	if k == ingest.KindOrders {
		for m, n := range c.metrics {
			if n != "" {
				return nil, usagef("%s names a customer table's column; it does not go with --input-kind orders", ingest.Metric(m).Flag())
			}
		}
	}
	return &ingest.CustomerOptions{Kind: k, Columns: c.metrics}, nil
}

// csvFlags say how CSV outputs are written: rfm score's and rfm diff's, one
// name, one help text and one check for both.
type csvFlags struct {
	excelBOM bool
	guard    flagValue[report.GuardMode] // not given: each output's own
	gbk      flagValue[bool]             // --output-encoding gbk
	zhHead   flagValue[bool]             // --headers zh (rfm score only)
}

// addHeadersFlag registers --headers, the language of the CSV header.
func addHeadersFlag(cmd *cobra.Command, c *csvFlags) {
	addFlag(cmd.Flags(), &c.zhHead, "headers", "en", "language of the CSV header: en (SPEC's column names, for machines and mail tools) or zh (Chinese names, which rfm diff reads too)",
		enum("--headers", choices{"en", "zh"}, true, map[string]bool{"en": false, "zh": true}))
}

func addCSVFlags(cmd *cobra.Command, c *csvFlags, guardDefault string) {
	f := cmd.Flags()
	f.BoolVar(&c.excelBOM, "excel-bom", false, "start CSV output with a UTF-8 BOM, for Excel")
	addFlag(f, &c.guard, "guard", "", "formula guard of CSV text: sheet (a ' before = + - @ tab CR ') or mail (the same, but phone numbers and e-mail addresses as they are) (default "+guardDefault+")", func(s string) (report.GuardMode, error) {
		if s == "" {
			return report.GuardSheet, nil
		}
		g, err := report.ParseGuard(s)
		return g, usageOf(err)
	})
	addFlag(f, &c.gbk, "output-encoding", "utf-8", "encoding of CSV output: utf-8 or gbk (for Excel on Chinese Windows)",
		enum("--output-encoding", choices{"utf-8", "gbk"}, false, map[string]bool{"utf-8": false, "utf8": false, "UTF-8": false, "": false, "gbk": true, "GBK": true}))
}

// validate checks the flags; it touches no file.
func (c *csvFlags) validate() error {
	if err := c.guard.check(); err != nil {
		return err
	}
	if err := c.gbk.check(); err != nil {
		return err
	}
	if err := c.zhHead.check(); err != nil {
		return err
	}
	if c.gbk.v && c.excelBOM {
		return usagef("--excel-bom is a UTF-8 byte order mark: drop it with --output-encoding gbk, which Excel on Chinese Windows reads without one")
	}
	return nil
}

// options returns the CSV options of an output whose guard is def unless
// --guard says otherwise.
func (c *csvFlags) options(def report.GuardMode) report.CSVOptions {
	if c.guard.given() {
		def = c.guard.v
	}
	return report.CSVOptions{BOM: c.excelBOM, Guard: def, ZHHeaders: c.zhHead.v}
}

// encode returns the writer CSV text for w goes through, and the flush that
// completes it before w is committed.
func (c *csvFlags) encode(w io.Writer) (io.Writer, func() error) {
	if !c.gbk.v {
		return w, func() error { return nil }
	}
	g := report.NewGBKWriter(w)
	return g, g.Flush
}

// needCSV refuses --output-encoding gbk and --excel-bom in a run that writes
// no CSV file, where they would do nothing: csv says whether one of its
// outputs is CSV, what names the output that is not ("-o x.xlsx is a
// workbook"). Called after validate.
func (c *csvFlags) needCSV(csv bool, what i18n.Localizer) error {
	switch {
	case csv:
		return nil
	case c.gbk.v:
		return usagef("--output-encoding gbk applies to CSV files, and this run writes none: %s; drop the flag or write CSV", what)
	case c.excelBOM:
		return usagef("--excel-bom applies to CSV files, and this run writes none: %s; drop the flag or write CSV", what)
	case c.zhHead.v:
		return usagef("--headers zh applies to CSV files, and this run writes none: %s; drop the flag or write CSV", what)
	}
	return nil
}
