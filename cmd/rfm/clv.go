package main

import (
	"context"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/html"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// clvOptions holds the flags of `rfm clv`. The input flags are the ones of
// `rfm score`, with the same names and checks.
type clvOptions struct {
	input  string
	output string
	json   bool

	calibrationEnd flagValue[rfm.Date] // rfm.NoDate: the latest used row
	holdoutEnd     flagValue[rfm.Date] // rfm.NoDate: none
	model          flagValue[clv.ModelKind]
	compare        bool
	intervals      int
	seed           uint64
	modelFlags

	readFlags
	noHeader bool
	names    []string
	rejects  string
	quiet    bool

	// Set by validate.
	ingest ingest.Options
	file   ingest.File
}

func newCLVCmd(s streams) *cobra.Command {
	o := &clvOptions{}
	cmd := &cobra.Command{
		Use:   "clv FILE",
		Short: "Forecast customer lifetime value and flag likely-lost customers (BG/NBD and others, Gamma-Gamma)",
		Long: `Clv fits a model of repeat purchases (BG/NBD unless --model names
another) and the Gamma-Gamma model of spend per purchase to the
transactions up to the calibration end, then gives
every customer P(alive), the purchases and average spend expected over the
horizon, the lifetime value over it (discounted per unit, times the margin)
and a churn-risk flag: a high past value with a low P(alive).

The models count purchase days, not orders: x is the number of days with a
purchase after the first, t_x the time from the first to the last, T from
the first to the calibration end, in weeks (--unit week) or days; zero-amount
rows count as purchases, negative rows are left out; m̄ is the mean spend of
the repeat days. Gamma-Gamma is fitted on customers with x > 0 and m̄ > 0.

Without -o it prints the fitted models and a forecast summary; -o FILE.csv
writes one row per customer (-o - to stdout), -o FILE.xlsx a workbook with
the customers, the models, the churn-risk list and, with --holdout-end, the
validation tables with charts, -o FILE.html a one-file report of the fit and
the forecast (and the holdout charts); --json prints the fit as JSON.
--holdout-end compares the forecast for the days after the calibration end
with what happened, by calibration frequency and week by week.

--model chooses the purchase model: bgnbd (default), pareto-nbd, mbgnbd,
or bgbb, the discrete-time BG/BB, which cuts time into periods of one
--unit ending on the calibration end and counts the periods with a
purchase. --compare fits bgnbd, pareto-nbd and mbgnbd to the same summary
and prints their log-likelihood, AIC, BIC and, with --holdout-end, the
holdout errors side by side, marking the lowest BIC. --intervals N adds 90%
intervals of each customer's expected purchases and CLV from N bootstrap
refits (customers drawn with replacement; --seed makes them reproducible).

When a fit does not converge, clv says what to try and exits 1.

Exit status: 0 success, 1 failure (bad input, a fit that did not converge,
I/O error), 2 usage error, 3 done but bytes of the input that are not text
became U+FFFD (printed even with --quiet).`,
		Example: `  rfm clv orders.csv
  rfm clv orders.csv --calibration-end 2024-03-31 --horizon 12m -o clv.csv
  rfm clv orders.csv --calibration-end 2024-03-31 --holdout-end 2024-06-30 -o clv.xlsx
  rfm clv orders.csv --unit day --horizon 365d --discount-rate 0.0003 --json
  rfm clv orders.csv --calibration-end 2024-03-31 --holdout-end 2024-06-30 --compare
  rfm clv orders.csv --model pareto-nbd --intervals 200 --seed 7 -o clv.csv
  rfm clv CDNOW_sample.txt --no-header --columns master,customer_id,order_date,cds,amount \
      --delimiter whitespace --calibration-end 1997-09-30 --holdout-end 1998-06-30`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.input = args[0]
			if err := o.validate(); err != nil {
				return err
			}
			if err := o.checkPaths(); err != nil {
				return err
			}
			return runCLV(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "write customers to `FILE` (.csv or .xlsx; .html for the report; - for CSV on stdout)")
	f.BoolVar(&o.json, "json", false, "print the fitted models as JSON")
	addFlag(f, &o.calibrationEnd, "calibration-end", "", "fit on rows up to `YYYY-MM-DD` (default: the latest used row)", isoDate("--calibration-end"))
	addFlag(f, &o.holdoutEnd, "holdout-end", "", "compare the forecast with the rows after the calibration end up to `YYYY-MM-DD`", isoDate("--holdout-end"))
	addModelKindFlag(f, &o.model, "model", "purchase model: bgnbd, pareto-nbd, mbgnbd, or bgbb (periods of one --unit)")
	f.BoolVar(&o.compare, "compare", false, "fit bgnbd, pareto-nbd and mbgnbd and compare log-likelihood, AIC, BIC and holdout errors")
	f.IntVar(&o.intervals, "intervals", 0, "90% intervals of expected purchases and CLV from `N` bootstrap refits")
	f.Uint64Var(&o.seed, "seed", 1, "random seed of --intervals")
	addModelFlags(cmd, &o.modelFlags)
	addReadFlags(cmd, &o.readFlags, ingest.RoleCustomer, ingest.RoleDate, ingest.RoleAmount,
		ingest.RoleQuantity, ingest.RolePrice)
	f.BoolVar(&o.noHeader, "no-header", false, "the CSV file has no header row; name its columns with --columns")
	f.StringSliceVar(&o.names, "columns", nil, "with --no-header: the `names` of the columns, in order")
	f.StringVar(&o.rejects, "rejects", "", "write rejected rows to `FILE` (original fields + line + reason)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors on stderr")
	return cmd
}

// validate checks every flag; it touches no file.
func (o *clvOptions) validate() error {
	if err := o.modelFlags.check(); err != nil {
		return err
	}
	if err := o.model.check(); err != nil {
		return err
	}
	switch {
	case o.compare && o.model.v.Discrete():
		return usagef("--compare fits the continuous-time models bgnbd, pareto-nbd and mbgnbd to one summary; bgbb's likelihood is of periods, not comparable: leave out --model bgbb")
	case o.intervals < 0:
		return usagef("--intervals must be a number of refits ≥ 1, got %d", o.intervals)
	case o.intervals == 0 && o.cmd != nil && o.cmd.Flags().Changed("intervals"):
		return usagef("--intervals must be a number of refits ≥ 1, got 0")
	case o.intervals == 0 && o.cmd != nil && o.cmd.Flags().Changed("seed"):
		return usagef("--seed sets the bootstrap of --intervals; add --intervals N")
	}
	if err := o.calibrationEnd.check(); err != nil {
		return err
	}
	if err := o.holdoutEnd.check(); err != nil {
		return err
	}
	if o.holdoutEnd.given() {
		if !o.calibrationEnd.given() {
			return usagef("--holdout-end needs --calibration-end: the holdout is the time between them")
		}
		if o.holdoutEnd.v <= o.calibrationEnd.v {
			return usagef("--holdout-end %s must be after --calibration-end %s", o.holdoutEnd.String(), o.calibrationEnd.String())
		}
	}
	if o.output == "-" && o.json {
		return usagef("--json and -o - both write to standard output; give -o FILE.csv")
	}
	var err error
	if o.file, err = o.readFlags.ingestOptions(o.input, &o.ingest); err != nil {
		return err
	}
	o.ingest.AsOf = rfm.NoDate
	switch {
	case o.noHeader && len(o.names) == 0:
		return usagef("--no-header needs --columns to name the columns, e.g. --columns customer_id,order_date,amount")
	case !o.noHeader && len(o.names) > 0:
		return usagef("--columns names the columns of a file without a header row; add --no-header")
	case o.noHeader:
		o.file.Header = o.names
	}
	return nil
}

// checkPaths refuses, before any file is read, outputs that would write
// over the input or each other, or go to a folder that does not exist: rfm
// score's check.
func (o *clvOptions) checkPaths() error {
	var ins []inputPath
	if o.input != "-" {
		ins = append(ins, inputPath{o.input, i18n.Text("the input file")})
	}
	outs := fileOutputs(outputPath{"-o", o.output, ""}, outputPath{"--rejects", o.rejects, ""})
	return checkOutputs(ins, outs)
}

// parseHorizon reads N followed by w, m, d or y and returns days; a month
// is 365.25/12 days and a year 365.25.
func parseHorizon(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	bad := i18n.Errorf("--horizon must be a number followed by w, m, d or y (52w, 12m, 365d), got %q", s)
	if len(t) < 2 {
		return 0, bad
	}
	per := map[byte]float64{'w': 7, 'm': 365.25 / 12, 'd': 1, 'y': 365.25}[t[len(t)-1]]
	n, err := strconv.ParseFloat(t[:len(t)-1], 64)
	if per == 0 || err != nil || !(n > 0) || math.IsInf(n, 0) {
		return 0, bad
	}
	return n * per, nil
}

// purchaseSink collects the used rows for the models, sharing one string
// per customer id.
type purchaseSink struct {
	rows []clv.Purchase
	ids  map[string]string
}

func (p *purchaseSink) Start() error {
	p.rows = p.rows[:0]
	p.ids = make(map[string]string)
	return nil
}

func (p *purchaseSink) Add(r *rfm.Row) error {
	id, ok := p.ids[string(r.Customer)]
	if !ok {
		id = string(r.Customer)
		p.ids[id] = id
	}
	var amt float64
	if m, ok := r.Amount.Micros(); ok {
		amt = float64(m) / 1e6
	} else {
		amt, _ = r.Amount.Rat().Float64()
	}
	p.rows = append(p.rows, clv.Purchase{Customer: id, Day: int32(r.Date), Amount: amt})
	return nil
}

// clvResult is what runCLV computed, for the writers.
type clvResult struct {
	report.CLV
	allIDs int // customers with a used row
}

func runCLV(ctx context.Context, s streams, o *clvOptions) error {
	log := s.reporter(o.quiet)
	cleanup, err := readStdin(ctx, s, o.input, &o.file)
	if err != nil {
		return err
	}
	defer cleanup()
	rej, err := openRejects(o.rejects, s, &o.ingest)
	if err != nil {
		return err
	}
	defer rej.abort()
	sink := &purchaseSink{}
	o.ingest.Rows = sink
	agg, rep, err := scanShowing(ctx, s, o.quiet, o.input, o.file, o.ingest, rfm.ReturnsNet)
	if err != nil {
		return err
	}
	if rej != nil {
		if err := rej.commit(); err != nil {
			return i18n.Errorf("--rejects: %w", err)
		}
	}
	log.lines(clvInputNotes(rep, log.lang)...)
	if t := rep.Table; t != nil {
		// Bytes that became U+FFFD change the ids written, as in rfm score.
		if w := t.BadText.WarningIn(t.Name, t.Encoding, log.lang); w != "" {
			log.publishf("%s", w)
		}
	}
	log.notef("%s", accounting{rep})

	calEnd, how := o.calibrationEnd.v, "--calibration-end"
	if calEnd == rfm.NoDate {
		calEnd, how = agg.MaxDate(), calEndLatest
	}
	if calEnd == rfm.NoDate {
		return i18n.New("no used rows: nothing to fit")
	}
	r := &clvResult{CLV: *o.newCLV(o.input, calEnd, how), allIDs: len(sink.ids)}
	if err := fitCLV(sink.rows, &r.CLV, o.model.v, "--calibration-end"); err != nil {
		if !notConverged(err) {
			return err
		}
		// Show what was found, then fail.
		if o.json {
			if err := report.WriteCLVJSON(s.out, &r.CLV); err != nil {
				return err
			}
		} else if err := report.WriteCLVModels(s.err, &r.CLV, s.lang.ui); err != nil {
			return err
		}
		return err
	}
	if err := addCLVChecks(r, o, sink.rows); err != nil {
		return err
	}

	// Standard output carries the customers (-o -), the JSON, or the
	// summary tables; the holdout tables go where there is room.
	tables := s.out
	if o.json {
		if err := report.WriteCLVJSON(s.out, &r.CLV); err != nil {
			return err
		}
		tables = s.err
	}
	if err := writeCLVFile(s, o, &r.CLV); err != nil {
		return err
	}
	if o.output == "-" {
		tables = s.err
	}
	if o.quiet && tables == s.err {
		tables = io.Discard
	}
	if err := writeCLVTables(s.out, tables, r, o, s.lang.ui); err != nil {
		return err
	}
	log.lines(clvNotes(&r.CLV, r.allIDs, log.lang)...)
	return log.status()
}

// writeCLVFile writes the customers to -o, when it is given: CSV, a
// workbook or an HTML report.
func writeCLVFile(s streams, o *clvOptions, c *report.CLV) error {
	if o.output == "" {
		return nil
	}
	out, err := createOutput(o.output, s.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	if strings.EqualFold(filepath.Ext(o.output), ".xlsx") && o.output != "-" {
		err = report.WriteCLVXLSX(out, c, report.CLVXLSXOptions{Created: runTime(), Lang: s.lang.ui})
	} else if isHTML(o.output) {
		err = html.WriteCLV(out, c, s.lang.ui)
	} else {
		err = report.WriteCLVCSV(out, c)
	}
	if err != nil {
		return i18n.Errorf("%s: %w", o.output, err)
	}
	return out.Commit()
}

// writeCLVTables writes the summary to out when nothing else goes there,
// and the comparison or the holdout tables to tables.
func writeCLVTables(out, tables io.Writer, r *clvResult, o *clvOptions, l i18n.Lang) error {
	switch {
	case o.compare && !o.json:
		// The comparison holds the fit and its holdout errors.
		return report.WriteCLVComparison(tables, r.Comparison, l)
	case !o.json && o.output == "":
		if err := report.WriteCLVSummary(out, &r.CLV, l); err != nil {
			return err
		}
	}
	if o.holdoutEnd.given() && !o.compare {
		return report.WriteCLVHoldout(tables, &r.CLV, l)
	}
	return nil
}

// addCLVChecks adds to a fitted run what its flags ask for: the holdout
// tables, the comparison of the models, the bootstrap intervals.
func addCLVChecks(r *clvResult, o *clvOptions, rows []clv.Purchase) error {
	var err error
	holdEnd := o.holdoutEnd.v
	if holdEnd != rfm.NoDate {
		if r.Holdout, _, err = holdoutOf(&r.CLV, r.Model.Model, rows, holdEnd); err != nil {
			return err
		}
	}
	if o.compare {
		if r.Comparison, err = compareModels(&r.CLV, rows, holdEnd); err != nil {
			return err
		}
	}
	if o.intervals > 0 {
		return bootstrap(&r.CLV, o.intervals, o.seed)
	}
	return nil
}
