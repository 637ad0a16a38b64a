package sqlgen_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rfmtool/rfm/report/sqlgen"
	"github.com/rfmtool/rfm/report/sqlgen/internal/sqltest"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// pgDSN is where the tests find PostgreSQL: $RFM_TEST_PG_DSN, else the server
// that .ci/pg.sh starts by default, if its socket is there.
func pgDSN(t *testing.T) (psql, dsn string) {
	t.Helper()
	dsn = os.Getenv("RFM_TEST_PG_DSN")
	if dsn == "" {
		if _, err := os.Stat("/tmp/rfm-pg/.s.PGSQL.54329"); err != nil {
			t.Skip("no PostgreSQL server: set RFM_TEST_PG_DSN to a libpq connection string, " +
				`or start a throwaway server with eval "$(bash .ci/pg.sh)"`)
		}
		dsn = "host=/tmp/rfm-pg port=54329 user=postgres dbname=postgres sslmode=disable"
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/psql")
		if len(found) == 0 {
			t.Fatalf("RFM_TEST_PG_DSN is set but there is no psql on PATH")
		}
		sort.Strings(found)
		psql = found[len(found)-1]
	}
	return psql, dsn
}

// runPSQL runs script and returns its standard output, CSV formatted.
func runPSQL(t *testing.T, psql, dsn, script string) string {
	t.Helper()
	cmd := exec.Command(psql, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-d", dsn)
	cmd.Stdin = strings.NewReader(script)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("psql: %v\n%s", err, errb.String())
	}
	return out.String()
}

// csvField writes a COPY … (FORMAT csv) field: unquoted empty is NULL, a
// quoted one the empty string.
func csvField(s *string) string {
	if s == nil {
		return ""
	}
	return `"` + strings.ReplaceAll(*s, `"`, `""`) + `"`
}

// pgLoad creates the two tables of one input table in schema: <name>_orders
// with an amount column and <name>_lines with quantity and price, under
// names that need quoting and with ids in a case-insensitive collation, which
// the SQL must not follow.
func pgLoad(schema string, tb sqltest.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s.%s_orders (customer_id TEXT, order_id TEXT, order_date TIMESTAMP, amount NUMERIC(18, 4));\n", schema, tb.Name)
	fmt.Fprintf(&b, "COPY %s.%s_orders FROM STDIN (FORMAT csv);\n", schema, tb.Name)
	for _, r := range tb.Rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", csvField(r.Customer), csvField(r.Order), csvField(r.Date), csvField(r.Amount))
	}
	b.WriteString("\\.\n")
	fmt.Fprintf(&b, `CREATE TABLE %[1]s.%[2]s_lines ("Customer ID" TEXT COLLATE %[1]s.ci, "Invoice" TEXT COLLATE %[1]s.ci, "InvoiceDate" DATE, "Quantity" INTEGER, "Price" NUMERIC(12, 3));`+"\n", schema, tb.Name)
	fmt.Fprintf(&b, "COPY %s.%s_lines FROM STDIN (FORMAT csv);\n", schema, tb.Name)
	for _, r := range tb.Rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", csvField(r.Customer), csvField(r.Order), csvField(r.Date), csvField(r.Quantity), csvField(r.Price))
	}
	b.WriteString("\\.\n")
	return b.String()
}

// pgSource points o at the PostgreSQL table of the variant: a dotted name,
// or for lines a subquery.
func pgSource(o *sqlgen.Options, v sqltest.Variant, schema, table string) {
	o.Columns = v.Columns()
	if v.Lines {
		o.Table = fmt.Sprintf("(SELECT * FROM %s.%s_lines)", schema, table)
	} else {
		o.Table = schema + "." + table + "_orders"
	}
}

// TestPostgres runs the generated SQL on a real PostgreSQL server for every
// flag combination of sqltest.Cases on every sqltest.Tables input, and
// compares the result customer by customer with packages rfm and segment.
func TestPostgres(t *testing.T) {
	psql, dsn := pgDSN(t)
	schema := fmt.Sprintf("rfm_sqlgen_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	runPSQL(t, psql, dsn, "CREATE SCHEMA "+schema+";\n")
	t.Cleanup(func() { runPSQL(t, psql, dsn, "DROP SCHEMA "+schema+" CASCADE;\n") })

	var load strings.Builder
	fmt.Fprintf(&load, "CREATE COLLATION %s.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n", schema)
	for _, tb := range sqltest.Tables() {
		load.WriteString(pgLoad(schema, tb))
	}
	runPSQL(t, psql, dsn, load.String())

	bin := sqltest.TestBin(t)
	// The rfm runs below read a few kilobytes each: the collector off, up
	// to a 256 MiB heap. What they write does not depend on it.
	t.Setenv("GOGC", "off")
	t.Setenv("GOMEMLIMIT", "256MiB")
	// Every result is compared with packages rfm and segment. The rfm
	// command, which does not depend on the database, runs for a third of
	// them (each run costs a process): each case on every table under one
	// variant, the variant turning with the table, so that every case also
	// meets every variant on two tables, and every table and variant meet
	// five or six cases.
	oracle := sqltest.NewOracle(bin, t.TempDir())
	inProcess := sqltest.NewOracle("", "")
	// The subtests run in parallel, after this function returns; the
	// summary waits for them.
	t.Cleanup(func() { t.Log(oracle.Summary() + "; in process only: " + inProcess.Summary()) })
	for ti, tb := range sqltest.Tables() {
		for vi, v := range sqltest.Variants {
			// One psql session per table and variant; \echo marks where each
			// case's result starts.
			cases := sqltest.Cases()
			var script strings.Builder
			for i, c := range cases {
				o := c.Opts
				o.Dialect = sqlgen.Postgres
				pgSource(&o, v, schema, tb.Name)
				fmt.Fprintf(&script, "\\echo '#case %d'\n", i)
				if err := sqlgen.Generate(&script, o); err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
			}
			results := splitResults(t, runPSQL(t, psql, dsn, script.String()), len(cases))
			for i, c := range cases {
				o := inProcess
				if (i+ti)%len(sqltest.Variants) == vi {
					o = oracle
				}
				t.Run(tb.Name+"/"+v.Name+"/"+c.Name, func(t *testing.T) {
					t.Parallel()
					o.Check(t, tb, v, c, results[i])
				})
			}
		}
	}
}

// splitResults cuts psql's output at the #case marks and reads each result.
func splitResults(t *testing.T, out string, n int) [][][]string {
	t.Helper()
	parts := strings.Split(out, "#case ")
	if len(parts) != n+1 {
		t.Fatalf("psql printed %d results, want %d:\n%s", len(parts)-1, n, out)
	}
	res := make([][][]string, n)
	for i, p := range parts[1:] {
		_, body, _ := strings.Cut(p, "\n")
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("case %d: reading psql's CSV: %v", i, err)
		}
		res[i] = recs
	}
	return res
}

// TestPostgresHostileNames runs the SQL for a table and segment names made
// to break out of their quotes, on a server whose standard_conforming_strings
// is off (backslashes escape in '…'), and checks that it reads the table
// as named, writes the names as given and touches nothing else.
func TestPostgresHostileNames(t *testing.T) {
	psql, dsn := pgDSN(t)
	schema := fmt.Sprintf("rfm_hostile_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	runPSQL(t, psql, dsn, "CREATE SCHEMA "+schema+";\n")
	t.Cleanup(func() { runPSQL(t, psql, dsn, "DROP SCHEMA "+schema+" CASCADE;\n") })

	table := `we"ird\'; DELETE FROM sentinel; --`
	qtable := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
	runPSQL(t, psql, dsn, fmt.Sprintf(`SET search_path = %[1]s;
CREATE TABLE sentinel (x INTEGER);
INSERT INTO sentinel VALUES (1);
CREATE TABLE %[2]s (customer_id TEXT, order_date DATE, amount NUMERIC(12, 2));
INSERT INTO %[2]s VALUES ('c1', DATE '2024-01-01', 10), ('c2', DATE '2024-01-05', 30);
`, schema, qtable))

	names := []string{`Back\'; DELETE FROM sentinel; --`, `O'Brien\`}
	scheme, err := segment.Parse(strings.NewReader("segment,r_min,r_max,f_min,f_max,m_min,m_max\n"+
		`"`+strings.ReplaceAll(names[0], `"`, `""`)+`",1,5,1,5,3,5`+"\n"+
		`"`+strings.ReplaceAll(names[1], `"`, `""`)+`",1,5,1,5,1,2`+"\n"), "hostile.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	var sql strings.Builder
	err = sqlgen.Generate(&sql, sqlgen.Options{
		Dialect: sqlgen.Postgres,
		Table:   `"` + strings.ReplaceAll(schema, `"`, `""`) + `".` + qtable,
		Columns: sqlgen.Columns{Customer: "customer_id", Date: "order_date", Amount: "amount"},
		AsOf:    rfm.NoDate,
		Score:   rfm.Options{Method: rfm.Quantile, Bins: 5},
		Scheme:  scheme,
	})
	if err != nil {
		t.Fatal(err)
	}
	out := runPSQL(t, psql, dsn, "SET standard_conforming_strings = off;\nSET escape_string_warning = off;\n"+sql.String())
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("reading psql's CSV: %v\n%s", err, out)
	}
	if len(recs) != 3 {
		t.Fatalf("got %d rows, want a header and 2 customers:\n%s", len(recs), out)
	}
	seg := slices.Index(recs[0], "segment")
	if got := []string{recs[1][seg], recs[2][seg]}; !slices.Equal(got, []string{names[1], names[0]}) {
		t.Errorf("segments = %q, want %q", got, []string{names[1], names[0]})
	}
	if got := runPSQL(t, psql, dsn, "SELECT count(*) FROM "+schema+".sentinel;\n"); got != "count\n1\n" {
		t.Errorf("sentinel after the run: %q, want one row", got)
	}
}
