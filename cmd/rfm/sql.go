package main

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/sqlgen"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// sqlOptions holds the flags of `rfm sql`. The scoring flags are the ones of
// `rfm score`, with the same names, defaults and checks.
type sqlOptions struct {
	dialect  flagValue[sqlgen.Dialect]
	table    string
	output   string
	settings string
	columns  [6]string // by ingest.Role
	scoringFlags
	lifecycleFlags
	quiet bool

	// Set by validate.
	gen   sqlgen.Options
	score *scoreOptions // the scoring flags, as rfm score reads them
}

func newSQLCmd(s streams) *cobra.Command {
	o := &sqlOptions{}
	cmd := &cobra.Command{
		Use:   "sql --dialect DIALECT --table TABLE",
		Short: "Print one SQL statement that computes rfm score's customer table in a warehouse",
		Long: `Sql prints one SQL statement — a SELECT with commented steps — that computes,
inside PostgreSQL, DuckDB, BigQuery or Spark SQL, the customer table that
` + "`rfm score -o -`" + ` writes for the same rows and flags: the same columns, the same
order and the same text, computed with exact decimals and integer arithmetic.

--table is a table name (schema.table or project.dataset.table; each part is
quoted, and a part may be given quoted as "…" or ` + "`…`" + `) or one subquery in
parentheses, e.g. to filter rows first; anything else (a quote inside a part,
an empty part, a ; or a comment outside the subquery's strings) is refused. The columns
default to customer_id, order_date and amount; without --order-col every
purchase row counts as an order. The date column should be a DATE or
TIMESTAMP, the amount (or quantity and price) numeric.

Exit status: 0 success, 1 failure (I/O error), 2 usage error.`,
		Example: `  rfm sql --dialect postgres --table sales.orders --order-col order_id > rfm.sql
  psql -X --csv -f rfm.sql > customers.csv
  rfm sql --dialect duckdb --table "(SELECT * FROM 'orders.parquet')" --order-col order_id
  rfm sql --dialect bigquery --table shop.sales.orders --customer-col user_id --method rank
  rfm sql --dialect spark --table lake.order_lines --quantity-col qty --price-col unit_price --as-of 2024-06-30`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.lang = s.lang.names()
			if err := o.validateLifecycle(cmd); err != nil {
				return err
			}
			if err := o.validate(); err != nil {
				return err
			}
			return runSQL(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	addFlag(f, &o.dialect, "dialect", "", "SQL dialect: postgres, duckdb, bigquery or spark (required)", func(s string) (sqlgen.Dialect, error) {
		d, err := sqlgen.ParseDialect(s)
		return d, usageOf(err)
	})
	f.StringVar(&o.table, "table", "", "input `table` name, or a (subquery) in parentheses (required)")
	f.StringVarP(&o.output, "output", "o", "-", "write the SQL to `FILE` (- for stdout)")
	f.StringVar(&o.settings, "settings", "", "also write the run's settings to `FILE`, e.g. customers.csv"+report.SettingsSuffix+" beside the export, for rfm diff")
	f.StringVar(&o.columns[ingest.RoleCustomer], "customer-col", "customer_id", "customer id `column`")
	f.StringVar(&o.columns[ingest.RoleDate], "date-col", "order_date", "order date `column` (DATE or TIMESTAMP)")
	f.StringVar(&o.columns[ingest.RoleAmount], "amount-col", "", "amount `column` (default amount, unless --quantity-col and --price-col)")
	f.StringVar(&o.columns[ingest.RoleQuantity], "quantity-col", "", "quantity `column` (amount = quantity × unit price)")
	f.StringVar(&o.columns[ingest.RolePrice], "price-col", "", "unit price `column`")
	f.StringVar(&o.columns[ingest.RoleOrder], "order-col", "", "order id `column` (frequency counts distinct orders; default: none, every purchase row is an order)")
	addScoringFlags(f, &o.scoringFlags)
	addLifecycleFlags(cmd, &o.lifecycleFlags)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors on stderr")
	return cmd
}

// validate checks every flag before anything is written; it reads the
// --segments scheme file.
func (o *sqlOptions) validate() error {
	if !o.dialect.given() {
		return usagef("--dialect is required: postgres, duckdb, bigquery or spark")
	}
	if err := o.dialect.check(); err != nil {
		return err
	}
	d := o.dialect.v
	if strings.TrimSpace(o.table) == "" {
		return usagef("--table is required: a table name, or a (subquery) in parentheses")
	}
	if _, err := d.Source(o.table); err != nil {
		return usageError{err}
	}
	c := sqlgen.Columns{
		Customer: o.columns[ingest.RoleCustomer],
		Date:     o.columns[ingest.RoleDate],
		Amount:   o.columns[ingest.RoleAmount],
		Quantity: o.columns[ingest.RoleQuantity],
		Price:    o.columns[ingest.RolePrice],
		Order:    o.columns[ingest.RoleOrder],
	}
	switch {
	case c.Customer == "" || c.Date == "":
		return usagef("--customer-col and --date-col must name a column")
	case (c.Quantity == "") != (c.Price == ""):
		return usagef("--quantity-col and --price-col go together: amount = quantity × unit price")
	case c.Quantity != "" && c.Amount != "":
		return usagef("give --amount-col, or --quantity-col with --price-col, not both")
	case c.Quantity == "" && c.Amount == "":
		c.Amount = "amount"
	}
	// The scoring flags mean what they mean for `rfm score`: let its
	// validation read them.
	so := &scoreOptions{input: "-", scoringFlags: o.scoringFlags}
	if err := so.validateScoring(); err != nil {
		return err
	}
	if o.settings != "" && o.settings == o.output {
		return usagef("--settings and -o name the same file")
	}
	var err error
	if so.scheme, err = loadScheme(so.segments, so.segOpt.MeanMethod, so.bins); err != nil {
		return err
	}
	outs := fileOutputs(outputPath{"-o", o.output, ""}, outputPath{"--settings", o.settings, ""})
	if err := checkOutputs(schemeInput(o.segments), outs); err != nil {
		return err
	}
	o.score = so
	o.gen = sqlgen.Options{
		Dialect:  d,
		Table:    o.table,
		Columns:  c,
		AsOf:     so.asOf.v,
		Returns:  so.returns.v,
		Monetary: so.monetary.v,
		Score:    so.score,
		Scheme:   so.scheme,
		Split:    so.segOpt.Split,
		Tiers:    so.segOpt.Tiers,
		Lang:     so.lang,
	}
	o.gen.Lifecycle = o.lifecycle.v
	return nil
}

func runSQL(ctx context.Context, s streams, o *sqlOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// The settings record is started first, so that a --settings file that
	// cannot be written stops the run before any SQL is; the two files are
	// renamed into place together, so a failure leaves neither.
	var set *output
	if o.settings != "" {
		var err error
		if set, err = createOutput(o.settings, s.out); err != nil {
			return i18n.Errorf("--settings: %w", err)
		}
		defer set.Abort()
		if err := writeSQLSettings(set, o); err != nil {
			return i18n.Errorf("--settings: %s: %w", o.settings, err)
		}
	}
	out, err := createOutput(o.output, s.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	if err := sqlgen.Generate(out, o.gen); err != nil {
		return err
	}
	outs := []*output{out}
	if set != nil {
		outs = append(outs, set)
	}
	if err := commitOutputs(outs...); err != nil {
		return err
	}
	c := o.gen.Columns
	amount := c.Amount
	if amount == "" {
		amount = c.Quantity + " × " + c.Price
	}
	var order any = c.Order
	if c.Order == "" {
		order = i18n.Text("none, so every purchase row counts as an order (name one with --order-col)")
	}
	s.reporter(o.quiet).notef("%s SQL for %s; columns: customer=%s; date=%s; amount=%s; order=%s",
		o.gen.Dialect, strings.TrimSpace(o.table), c.Customer, c.Date, amount, order)
	return nil
}

// writeSQLSettings writes the settings record that rfm score keeps beside a
// customer file, for the table the SQL will return: rfm diff reads it to
// refuse files scored differently. The number of customers and, without
// --as-of, the as-of date depend on the data, so they are left out.
func writeSQLSettings(w io.Writer, o *sqlOptions) error {
	g := o.gen
	res := &report.Result{
		Input:     strings.TrimSpace(g.Table),
		AsOf:      g.AsOf,
		AsOfGiven: g.AsOf != rfm.NoDate,
		Score:     g.Score,
		Scheme:    g.Scheme,
		Segments:  o.score.segOpt,
		Lang:      g.Lang,
		Version:   version,
	}
	if g.Lifecycle != nil {
		res.Lifecycle = &report.Lifecycle{Params: *g.Lifecycle}
	}
	return report.WriteSettings(w, scoreSettings(o.score, res))
}
