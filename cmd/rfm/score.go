package main

import (
	"context"
	"errors"
	"io"
	"math"
	"math/big"
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
	"github.com/rfmtool/rfm/segment"
)

// scoreOptions holds the flags of `rfm score`.
type scoreOptions struct {
	input  string
	output string
	format flagValue[outputFormat] // formatAuto until validate

	readFlags
	customerLevelFlags
	scoringFlags
	keep    []string
	rejects string
	csvFlags
	quiet    bool
	splitBy  flagValue[report.SplitBy] // split.go; not given: one output
	withCLV  bool                      // clvmodel.go
	clvModel flagValue[clv.ModelKind]  // clvmodel.go
	weights  flagValue[*rfm.Weights]   // nil: none
	modelFlags
	lifecycleFlags    // lifecycle.go
	customerFileFlags // customerfile.go

	// Set by validate.
	ingest ingest.Options
	file   ingest.File
	score  rfm.Options
	segOpt segment.Options
	// Set by checkFiles.
	scheme *segment.Scheme
}

// outputFormat is what rfm score writes: --format, or what -o's extension
// names.
type outputFormat int

// The output formats.
const (
	formatAuto outputFormat = iota // from -o's extension
	formatTable
	formatCSV
	formatXLSX
	formatHTML
)

func newScoreCmd(s streams) *cobra.Command {
	o := &scoreOptions{}
	cmd := &cobra.Command{
		Use:   "score FILE",
		Short: "Score customers from a transaction export (CSV or XLSX)",
		Long: `Score reads a transaction export — one row per order or order line — and
gives every customer recency (days since the last purchase), frequency
(distinct orders), monetary value (net spend), 1–N scores, a class and a tier.

Without -o it prints a summary table per class; -o FILE.csv writes one row per
customer, -o FILE.xlsx an annotated workbook, -o FILE.html a one-file report to open
in a browser and print, -o - the CSV to standard output.
Beside a written file, FILE.rfm.json records the settings, so that rfm diff
can refuse to compare runs made differently. --split-by segment|tier|lifecycle -o DIR/
writes one CSV per class or tier, for mail tools. --with-clv adds each
customer's P(alive), lifetime value and churn-risk flag from the models of
rfm clv, fitted on the same rows (its flags --horizon, --unit, --margin,
--discount-rate, --penalizer and --churn-* apply, and --clv-model is its
--model), and a churn-risk sheet to the workbook. FILE may be - for standard input. Rows that cannot be used are counted by reason; --rejects writes them
out. The last line on standard error always accounts for every row read.

Exit status: 0 success, 1 failure (bad input, I/O error, a --with-clv fit
that did not converge), 2 usage error, 3 done but with a warning that
changes what was published (a stale --split-by list kept, input bytes that
became U+FFFD, a --customers file none of whose customers bought, an
output replaced by a concurrent run), printed even with --quiet.`,
		Example: `  rfm score testdata/orders.csv
  rfm score orders.csv -o customers.csv
  rfm score orders.csv -o - --keep email,name
  rfm score orders.csv --method mean
  rfm score orders.csv --as-of 2024-07-01 --rejects bad.csv
  rfm score orders.csv --with-clv --horizon 12m -o customers.xlsx
  rfm score orders.csv --with-clv --clv-model pareto-nbd -o customers.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.input, o.lang = args[0], s.lang.names()
			if err := o.validateLifecycle(cmd); err != nil {
				return err
			}
			if err := o.validate(); err != nil {
				return err
			}
			if err := o.checkFiles(); err != nil {
				return err
			}
			return runScore(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "", "write customers to `FILE` (.csv or .xlsx; .html for the report; - for CSV on stdout)")
	addFlag(f, &o.format, "format", "", "output format: csv, xlsx, html or table (default: from -o's extension)",
		enum("--format", choices{"csv", "xlsx", "html", "table"}, true, map[string]outputFormat{
			"": formatAuto, "table": formatTable, "csv": formatCSV, "xlsx": formatXLSX, "html": formatHTML}))
	addReadFlags(cmd, &o.readFlags, ingest.RoleCustomer, ingest.RoleDate, ingest.RoleAmount,
		ingest.RoleQuantity, ingest.RolePrice, ingest.RoleOrder)
	addCustomerLevelFlags(f, &o.customerLevelFlags)
	f.StringSliceVar(&o.keep, "keep", nil, "carry these `columns` to the output (e.g. email,name)")
	f.StringVar(&o.rejects, "rejects", "", "write rejected rows to `FILE` (original fields + line + reason)")
	addScoringFlags(f, &o.scoringFlags)
	addCSVFlags(cmd, &o.csvFlags, "sheet, mail for --split-by lists")
	addHeadersFlag(cmd, &o.csvFlags)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors on stderr, and warnings that change what is published (exit status 3)")
	addFlag(f, &o.splitBy, "split-by", "", "write one CSV per `segment`, tier or lifecycle stage into the folder -o names", parseSplitBy)
	addFlag(f, &o.weights, "weights", "", "add weighted_score = (wR·r + wF·f + wM·m) ÷ (wR + wF + wM), e.g. `0.2,0.3,0.5`", parseWeights)
	f.BoolVar(&o.withCLV, "with-clv", false, "add p_alive, clv and churn_risk from the models of rfm clv, and a churn-risk sheet")
	addModelKindFlag(f, &o.clvModel, "clv-model", "with --with-clv: the purchase model, as rfm clv's --model: bgnbd, pareto-nbd, mbgnbd or bgbb")
	addModelFlags(cmd, &o.modelFlags)
	addLifecycleFlags(cmd, &o.lifecycleFlags)
	addCustomerFileFlags(f, &o.customerFileFlags)
	return cmd
}

// validate checks every flag and sets the options they make; it touches
// no file: checkFiles does, after it.
func (o *scoreOptions) validate() error {
	if err := o.validateScoring(); err != nil {
		return err
	}
	if err := o.validateInput(); err != nil {
		return err
	}
	if err := o.validateOutput(); err != nil {
		return err
	}
	return o.checkWithCLV()
}

// validateScoring checks the scoring flags, which rfm sql shares.
func (o *scoreOptions) validateScoring() error {
	if err := o.method.check(); err != nil {
		return err
	}
	o.score.Method = o.method.v
	o.score.Bins = o.bins
	if o.score.Method != rfm.Mean && (o.bins < 2 || o.bins > 9) {
		return usagef("--bins must be 2–9, got %d", o.bins)
	}
	if err := o.parseCuts(); err != nil {
		return err
	}
	for _, err := range []error{o.returns.check(), o.monetary.check(), o.split.check(), o.tiers.check()} {
		if err != nil {
			return err
		}
	}
	o.segOpt.Split = o.split.v
	o.segOpt.Tiers = o.tiers.v
	o.segOpt.MeanMethod = o.score.Method == rfm.Mean
	o.segOpt.Bins = o.bins
	return o.asOf.check()
}

// validateInput checks the flags that say how the input is read.
func (o *scoreOptions) validateInput() error {
	var err error
	if o.file, err = o.readFlags.ingestOptions(o.input, &o.ingest); err != nil {
		return err
	}
	o.ingest.Keep = o.keep
	o.ingest.AsOf = o.asOf.v
	if o.lifecycle.v != nil {
		o.ingest.TrackDays = true
		o.ingest.Reserved = append(o.ingest.Reserved, report.LifecycleHeader()...)
	}
	if o.ingest.Customers, err = o.customerLevelFlags.kindOptions(); err != nil {
		return err
	}
	if o.withCLV && o.ingest.Customers.Kind == ingest.KindCustomers {
		return usagef("--with-clv fits its models on transactions; it does not go with --input-kind customers")
	}
	return nil
}

// validateOutput checks the flags that say what is written, and where.
func (o *scoreOptions) validateOutput() error {
	if err := o.format.check(); err != nil {
		return err
	}
	if o.format.v == formatAuto {
		switch {
		case o.output == "":
			o.format.v = formatTable
		case strings.EqualFold(filepath.Ext(o.output), ".xlsx"):
			o.format.v = formatXLSX
		case isHTML(o.output):
			o.format.v = formatHTML
		default:
			o.format.v = formatCSV
		}
	}
	table := o.format.v == formatTable
	if !table && o.output == "" {
		o.output = "-"
	}
	if table && o.output != "" && o.output != "-" {
		return usagef("the summary table goes to the terminal; -o takes a .csv or .xlsx file (drop --format table)")
	}
	if o.format.v == formatXLSX && o.output == "-" {
		return usagef("an XLSX workbook cannot go to standard output; give -o FILE.xlsx")
	}
	if err := o.csvFlags.validate(); err != nil {
		return err
	}
	if err := o.csvFlags.needCSV(o.format.v == formatCSV || o.rejects != "", o.notCSV()); err != nil {
		return err
	}
	if err := o.weights.check(); err != nil {
		return err
	}
	return o.validateSplit()
}

// checkFiles reads the --segments scheme file and checks the paths the run
// reads and writes, before the input is read.
func (o *scoreOptions) checkFiles() error {
	var err error
	if o.scheme, err = loadScheme(o.segments, o.segOpt.MeanMethod, o.bins); err != nil {
		return err
	}
	if err := o.checkSplitFolder(); err != nil {
		return err
	}
	if err := o.checkPaths(); err != nil {
		return err
	}
	return o.validateCustomerFile(o.input)
}

// checkWithCLV checks rfm score's --with-clv and the model flags, which
// only it enables.
func (o *scoreOptions) checkWithCLV() error {
	if !o.withCLV {
		given := o.modelFlags.given()
		if o.modelFlags.cmd != nil && o.modelFlags.cmd.Flags().Changed("clv-model") {
			given = append(given, "--clv-model")
		}
		if len(given) > 0 {
			return usagef("%s: lifetime value settings need --with-clv", strings.Join(given, ", "))
		}
		return nil
	}
	if err := o.clvModel.check(); err != nil {
		return err
	}
	return o.modelFlags.check()
}

// inputs are the files rfm score reads.
func (o *scoreOptions) inputs() []inputPath {
	var ins []inputPath
	if o.input != "-" {
		ins = append(ins, inputPath{o.input, i18n.Text("the input file")})
	}
	if o.customers != "" {
		ins = append(ins, inputPath{o.customers, i18n.Text("the customer file")})
	}
	return append(ins, schemeInput(o.segments)...)
}

// checkPaths refuses, before any file is read, a run whose outputs would
// write over an input or over each other, or go to a folder that does not
// exist — rather than finding out after reading the whole input.
func (o *scoreOptions) checkPaths() error {
	var outs []outputPath
	if o.output != "" && o.output != "-" && !o.splitBy.given() {
		outs = append(outs, outputPath{"-o", o.output, ""})
		if o.format.v != formatTable && o.format.v != formatHTML {
			outs = append(outs, outputPath{"-o", o.output + report.SettingsSuffix, o.output})
		}
	}
	if o.rejects != "" && o.rejects != "-" {
		outs = append(outs, outputPath{"--rejects", o.rejects, ""})
	}
	return checkOutputs(o.inputs(), outs)
}

// notCSV says what rfm score writes when it is not CSV, for needCSV.
func (o *scoreOptions) notCSV() i18n.Localizer {
	switch o.format.v {
	case formatXLSX:
		return msgf("-o %s is a workbook", o.output)
	case formatHTML:
		return msgf("-o %s is an HTML report", o.output)
	}
	return i18n.Text("the summary table goes to the terminal")
}

// parseWeights reads --weights wR,wF,wM; "" is none.
func parseWeights(s string) (*rfm.Weights, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return nil, usagef("--weights wants three decimals wR,wF,wM, e.g. 0.2,0.3,0.5; got %q", s)
	}
	var w [3]rfm.Amount
	for i, p := range parts {
		p = strings.TrimSpace(p)
		a, err := ingest.ParseAmount([]byte(p), false)
		if err != nil || p == "" || strings.ContainsAny(p, "¥￥$€£元()") {
			return nil, usagef("--weights: %q is not a decimal", p)
		}
		w[i] = a
	}
	ws, err := rfm.NewWeights(w)
	if err != nil {
		return nil, usagef("--weights %s: %v", s, err)
	}
	return ws, nil
}

// parseCuts reads --r-cuts, --f-cuts and --m-cuts for --method thresholds.
func (o *scoreOptions) parseCuts() error {
	for m, s := range o.cuts {
		if s == "" {
			continue
		}
		if o.method.v != rfm.Thresholds {
			return usagef("--%c-cuts needs --method thresholds", "rfm"[m])
		}
		for _, p := range strings.Split(s, ",") {
			a, err := ingest.ParseAmount([]byte(p), false)
			if err != nil {
				return usagef("--%c-cuts: %q is not a number", "rfm"[m], strings.TrimSpace(p))
			}
			if err := cutInRange(a, rfm.Metric(m)); err != nil {
				return usagef("--%c-cuts: %v", "rfm"[m], err)
			}
			o.score.Cuts[m] = append(o.score.Cuts[m], a)
		}
		if len(o.score.Cuts[m]) != o.bins-1 {
			return usagef("--%c-cuts: want %d cut points for --bins %d, got %d", "rfm"[m], o.bins-1, o.bins, len(o.score.Cuts[m]))
		}
	}
	if o.score.Method == rfm.Thresholds {
		for m, c := range o.score.Cuts {
			if len(c) == 0 {
				return usagef("--method thresholds needs --%c-cuts", "rfm"[m])
			}
			for i := 1; i < len(c); i++ {
				if c[i].Rat().Cmp(c[i-1].Rat()) <= 0 {
					return usagef("--%c-cuts must be strictly ascending", "rfm"[m])
				}
			}
		}
	}
	return nil
}

// cutInRange refuses a cut point beyond what a value of metric m can be —
// whole days, orders, or cents within int64 — which would otherwise wrap.
func cutInRange(a rfm.Amount, m rfm.Metric) error {
	r := a.Rat()
	unit := "%s days"
	switch m {
	case rfm.Monetary:
		r.Mul(r, big.NewRat(100, 1))
	case rfm.Frequency:
		unit = "%s orders"
	}
	lim := new(big.Rat).SetInt64(math.MaxInt64)
	if r.Cmp(lim) > 0 || r.Cmp(new(big.Rat).Neg(lim)) < 0 {
		n := "9223372036854775807"
		if r.Sign() < 0 {
			n = "-" + n
		}
		var limit any = msgf(unit, n)
		if m == rfm.Monetary {
			limit = rfm.Cents(math.MaxInt64).String()
			if r.Sign() < 0 {
				limit = rfm.Cents(-math.MaxInt64).String()
			}
		}
		if r.Sign() < 0 {
			return i18n.Errorf("%s is beyond the smallest value a customer can have (%s); give a larger cut point", a, limit)
		}
		return i18n.Errorf("%s is beyond the largest value a customer can have (%s); give a smaller cut point", a, limit)
	}
	return nil
}

// parseTiers reads class, pareto or pareto=A,B.
func parseTiers(s string) (segment.Tiers, error) {
	switch {
	case s == "class":
		return segment.Tiers{}, nil
	case s == "pareto":
		return segment.Tiers{Pareto: true, A: 80, B: 95}, nil
	case strings.HasPrefix(s, "pareto="):
		a, b, ok := strings.Cut(strings.TrimPrefix(s, "pareto="), ",")
		av, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		bv, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
		if !ok || err1 != nil || err2 != nil || av <= 0 || av >= bv || bv > 100 {
			return segment.Tiers{}, i18n.Errorf("--tiers %s: want pareto=A,B with 0 < A < B ≤ 100, e.g. pareto=80,95", s)
		}
		return segment.Tiers{Pareto: true, A: av, B: bv}, nil
	}
	return segment.Tiers{}, i18n.Errorf("--tiers must be class or pareto[=A,B], got %q", s)
}

func runScore(ctx context.Context, s streams, o *scoreOptions) error {
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
	if rej != nil {
		rej.csv = &o.csvFlags
	}
	defer rej.abort()
	var sink *purchaseSink
	if o.withCLV {
		sink = &purchaseSink{}
		o.ingest.Rows = sink
		o.ingest.Reserved = append(o.ingest.Reserved, report.CLVScoreHeader()...)
	}
	if err := o.readCustomerFile(ctx); err != nil {
		return err
	}
	sc, err := scanInput(ctx, s, o.quiet, o.input, o.file, o.ingest, o.returns.v, o.asOf.v, o.monetary.v)
	if err != nil {
		return err
	}
	if sc.customerLevel && sink != nil {
		return i18n.Errorf("%s: --with-clv fits its models on transactions, and this file has one row per customer", sc.rep.Table.Name)
	}
	if sc.customerLevel && o.list != nil {
		return i18n.Errorf("%s: --customers joins a customer file to transactions, and this file has one row per customer; keep its columns with --keep", sc.rep.Table.Name)
	}
	if sc.customerLevel && o.lifecycle.v != nil {
		return i18n.Errorf("%s: --lifecycle needs transactions (first order dates and purchase days), and this file has one row per customer", sc.rep.Table.Name)
	}
	rep := sc.rep
	res := &report.Result{
		Input:     o.input,
		AsOf:      sc.asOf,
		AsOfGiven: o.asOf.v != rfm.NoDate,
		Score:     o.score,
		Scheme:    o.scheme,
		Segments:  o.segOpt,
		Lang:      o.lang,
		UI:        s.lang.ui,
		Ingest:    rep,
		Version:   version,
		Weights:   o.weights.v,
		Customers: sc.customers,
		NotScored: sc.notScored,
	}
	for _, i := range rep.Columns.Keep {
		res.Kept = append(res.Kept, rep.Columns.Header[i])
	}
	if res.Scoring, err = rfm.Score(res.Customers, o.score); err != nil {
		return err
	}
	if res.Assigned, err = o.scheme.Assign(res.Customers, o.segOpt); err != nil {
		return err
	}
	attachLifecycle(o, res, sc.agg)
	if o.list != nil {
		joinCustomerFile(res, o.list, o.keptFrom, sc.agg.Unscored())
	}
	if sink != nil {
		if err := scoreCLV(s, o, res, sink.rows); err != nil {
			return err
		}
	}
	if rej != nil {
		// A rejects file that cannot be written fails the run before the
		// customer file replaces an older one.
		if err := rej.w.Flush(); err != nil {
			return i18n.Errorf("--rejects %s: %w", o.rejects, err)
		}
	}
	// warned: written, with warnings that change what was published (exit 3).
	warned := writeResult(s, o, res)
	if !onlyWarned(warned) {
		return warned
	}
	if err := writeSidecar(s, o, res, log); err != nil {
		return err
	}
	if rej != nil {
		if err := rej.commit(); err != nil {
			return i18n.Errorf("--rejects: %w", err)
		}
	}
	log.lines(notes(res, s.today(), o.list, s.lang.ui)...)
	log.lines(scoreCLVNotes(res, s.lang.ui)...)
	publishWarnings(log, res)
	log.notef("%s", accounting{rep})
	if w := new(warnedError); errors.As(warned, w) {
		return warnedError{w.n + log.warned}
	}
	return log.status()
}

// publishWarnings prints the warnings about the input that change what the
// run published, also under --quiet, and counts them for exit status 3:
// bytes that are not text, which became U+FFFD in the ids and values
// written (two ids can become one), and a customer file none of whose
// customers bought (its id column is likely the wrong one, and every
// customer in it was listed as a prospect).
func publishWarnings(log *reporter, res *report.Result) {
	t := res.Ingest.Table
	if w := t.BadText.WarningIn(t.Name, t.Encoding, log.lang); w != "" {
		log.publishf("%s", w)
	}
	if j := res.CustomerFile; j != nil && j.Scored == 0 && j.NotScored == 0 && j.Customers > 0 && len(res.Customers) > 0 {
		log.publishf("no customer of %s bought: is its id column %q the transactions' customer id? name it with --customers-id-col", j.File, j.IDColumn)
	}
}

// writeResult writes the chosen output.
func writeResult(s streams, o *scoreOptions, res *report.Result) error {
	if o.splitBy.given() {
		return writeSplit(s, o, res)
	}
	if o.format.v == formatTable {
		if err := report.WriteSummary(s.out, res); err != nil {
			return err
		}
		return report.WriteLifecycleSummary(s.out, res)
	}
	out, err := createOutput(o.output, s.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	switch o.format.v {
	case formatXLSX:
		err = writeXLSX(out, res)
	case formatHTML:
		err = html.WriteScore(out, res, html.ScoreOptions{InputSHA256: inputSHA256(res.Input)})
	default:
		w, flush := o.encode(out)
		if err = report.WriteCSV(w, res, o.options(report.GuardSheet)); err == nil {
			err = flush()
		}
	}
	if err != nil {
		return i18n.Errorf("%s: %w", o.output, err)
	}
	return out.Commit()
}

// writeXLSX writes the annotated workbook, with the input file's SHA-256 on
// its method sheet.
func writeXLSX(w io.Writer, res *report.Result) error {
	return report.WriteXLSX(w, res, report.XLSXOptions{InputSHA256: inputSHA256(res.Input), Created: runTime()})
}
