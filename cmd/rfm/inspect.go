package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// inspectOptions holds the flags of `rfm inspect`. The reading flags are the
// ones of `rfm score`, with the same names and checks.
type inspectOptions struct {
	input    string
	json     bool
	examples int

	readFlags
	customerLevelFlags
	keep     []string
	asOf     flagValue[rfm.Date]
	returns  flagValue[rfm.Returns]
	monetary flagValue[rfm.MonetaryRule]

	// Set by validate: the score run inspect stands in for.
	score *scoreOptions
}

func newInspectCmd(s streams) *cobra.Command {
	o := &inspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect FILE",
		Short: "Show how a transaction export would be read and scored, without scoring it",
		Long: `Inspect reads a transaction export as rfm score would with the same flags,
and reports what it saw: the encoding, delimiter or sheet, the header row,
the column chosen for each role (and the others that matched), the date
format, what became of every row (read, used, rejected by reason with the
first examples and their line numbers, filtered, after the as-of date), the
date range, the number of customers, and the minimum, quartiles, maximum and
mean of recency_days, frequency and monetary over the customers that would
be scored. It writes no file.

--json prints the same as one JSON object with stable keys.

Exit status: 0 when rfm score with the same flags would score at least one
customer; 1 when it would fail or score no one (the report's result line
gives the reason, as rfm score gives it; nothing is added on stderr); 2 usage
error.`,
		Example: `  rfm inspect testdata/orders.csv
  rfm inspect orders.xlsx --sheet 2 --examples 10
  rfm inspect orders.csv --customer-col 会员ID --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.input = args[0]
			if err := o.validate(); err != nil {
				return err
			}
			return runInspect(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.json, "json", false, "print the report as JSON")
	f.IntVar(&o.examples, "examples", 3, "show the first `N` rejected rows of each reason")
	addReadFlags(cmd, &o.readFlags, ingest.RoleCustomer, ingest.RoleDate, ingest.RoleAmount,
		ingest.RoleQuantity, ingest.RolePrice, ingest.RoleOrder)
	addCustomerLevelFlags(f, &o.customerLevelFlags)
	f.StringSliceVar(&o.keep, "keep", nil, "check these `columns` exist, as rfm score --keep does")
	addAmountFlags(f, &o.asOf, &o.returns, &o.monetary)
	return cmd
}

// validate checks every flag before any file is touched, by rfm score's own
// validation with its default scoring.
func (o *inspectOptions) validate() error {
	if o.examples < 0 {
		return usagef("--examples must be 0 or more, got %d", o.examples)
	}
	so := &scoreOptions{
		input:              o.input,
		readFlags:          o.readFlags,
		customerLevelFlags: o.customerLevelFlags,
		keep:               o.keep,
		scoringFlags:       defaultScoring(),
	}
	so.asOf, so.returns, so.monetary = o.asOf, o.returns, o.monetary
	if err := so.validate(); err != nil {
		return err
	}
	// Every bad row is counted and shown; --strict decides the exit status
	// at the end, as the first bad row would stop rfm score.
	so.ingest.Strict = false
	o.score = so
	return nil
}

// rejectExamples keeps the first rejected rows of each reason.
type rejectExamples struct {
	max    int
	byKind map[string][]ingest.Reject
	first  *ingest.Reject
}

func (e *rejectExamples) Start([]string) error {
	e.byKind = map[string][]ingest.Reject{}
	e.first = nil
	return nil
}

func (e *rejectExamples) Reject(r ingest.Reject) error {
	if e.first == nil {
		e.first = &r
	}
	kind, _, _ := strings.Cut(r.Reason, ":")
	if len(e.byKind[kind]) < e.max {
		e.byKind[kind] = append(e.byKind[kind], r)
	}
	return nil
}

func runInspect(ctx context.Context, s streams, o *inspectOptions) error {
	so := o.score
	cleanup, err := readStdin(ctx, s, o.input, &so.file)
	if err != nil {
		return err
	}
	defer cleanup()
	sink := &rejectExamples{max: o.examples}
	so.ingest.Rejects = sink
	sc, err := scanInput(ctx, s, false, o.input, so.file, so.ingest, so.returns.v, so.asOf.v, so.monetary.v)
	ins := &report.Inspection{
		Input:          o.input,
		DateOrderGiven: so.ingest.DateOrder != ingest.OrderAuto,
		Dedupe:         so.ingest.Dedupe,
		AsOf:           so.asOf.v,
		AsOfGiven:      so.asOf.v != rfm.NoDate,
		UI:             s.lang.ui,
	}
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		// Show what can be known without the scan: how the file opens.
		if t, oerr := so.file.Open(); oerr == nil {
			t.Close()
			if o.input == "-" {
				t.Name = "-"
			}
			ins.Table = t
		}
		ins.Err = err
		return writeInspection(s, o, ins)
	}
	rep := sc.rep
	rep.RejectsWritten = false // the examples are not a rejects file
	ins.Table, ins.Ingest, ins.Examples = rep.Table, rep, sink.byKind
	ins.AsOf, ins.Customers, ins.NotScored = sc.asOf, sc.customers, sc.notScored
	ins.WarningsText = []string{}
	if rep.FloatIDs {
		ins.Warnings = append(ins.Warnings, `every customer id ends in ".0": the column was probably converted to numbers; ids are kept as written`)
		ins.WarningsText = append(ins.WarningsText, s.lang.ui.T(`every customer id ends in ".0": the column was probably converted to numbers; ids are kept as written`))
	}
	ins.Warnings = append(ins.Warnings, rep.Warnings(s.today())...)
	ins.WarningsText = append(ins.WarningsText, rep.WarningsIn(s.today(), s.lang.ui)...)
	switch {
	case so.strict && sink.first != nil:
		x := sink.first
		ins.Err = &ingest.ParseError{File: rep.Table.Name, Sheet: rep.Table.Sheet, Line: x.Line, Column: x.Column, Err: ingest.ReasonError(x.Reason)}
	case len(ins.Customers) == 0:
		ins.Err = i18n.Errorf("%s: %w: %s", rep.Table.Name, report.ErrNobodyScored, nobodyScored(rep, ins.NotScored))
	}
	return writeInspection(s, o, ins)
}

// writeInspection prints the report and returns why scoring would fail, as
// a reportedError: the report says it, so it is not printed again.
func writeInspection(s streams, o *inspectOptions, ins *report.Inspection) error {
	var err error
	if o.json {
		err = report.WriteInspectionJSON(s.out, ins)
	} else {
		err = report.WriteInspection(s.out, ins)
	}
	if err != nil {
		return err
	}
	if ins.Err != nil {
		return reportedError{ins.Err}
	}
	return nil
}

// reportedError is a failure that the command's report on standard output
// already states: the exit status is 1, and nothing is added on stderr
// (unless standard output could not be written).
type reportedError struct{ err error }

func (e reportedError) Error() string { return e.err.Error() }
func (e reportedError) Unwrap() error { return e.err }

// Localize returns the failure in l.
func (e reportedError) Localize(l i18n.Lang) string { return l.Error(e.err) }

// nobodyScored says why no customer would be scored.
func nobodyScored(rep *ingest.Report, notScored map[rfm.NotScored]int) error {
	switch {
	case rep.Read == 0:
		return i18n.New("the file has a header and no data rows")
	case rep.Used == 0:
		return i18n.Errorf("no row was used (%s)", accounting{rep})
	}
	n := 0
	for _, k := range notScored {
		n += k
	}
	return i18n.Errorf("none of the %d customers can be scored (%s)", n, notScoredList(notScored))
}

// notScoredList counts the customers not scored by reason, "no purchase row
// 1, net monetary ≤ 0 2", in a message.
type notScoredList map[rfm.NotScored]int

func (m notScoredList) String() string { return m.Localize(i18n.EN) }

// Localize writes the list in l.
func (m notScoredList) Localize(l i18n.Lang) string {
	parts := make([]string, 0, len(m))
	for _, k := range (&report.Result{NotScored: m}).NotScoredReasons() {
		parts = append(parts, fmt.Sprintf("%s %d", l.T(string(k)), m[k]))
	}
	return strings.Join(parts, l.Pick("，", ", "))
}
