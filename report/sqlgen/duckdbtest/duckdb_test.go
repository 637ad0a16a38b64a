package duckdbtest

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/rfmtool/rfm/report/sqlgen"
	"github.com/rfmtool/rfm/report/sqlgen/internal/sqltest"
)

// load creates the two tables of one input table: <name>_orders with an
// amount column and <name>_lines with quantity and price, under names that
// need quoting.
func load(t *testing.T, db *sql.DB, tb sqltest.Table) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	stmts := []string{
		fmt.Sprintf(`CREATE TABLE %s_orders (customer_id VARCHAR, order_id VARCHAR, order_date TIMESTAMP, amount DECIMAL(18, 4))`, tb.Name),
		fmt.Sprintf(`CREATE TABLE %s_lines ("Customer ID" VARCHAR, "Invoice" VARCHAR, "InvoiceDate" DATE, "Quantity" INTEGER, "Price" DECIMAL(12, 3))`, tb.Name),
	}
	for _, s := range stmts {
		if _, err := tx.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	orders, err := tx.Prepare(fmt.Sprintf(`INSERT INTO %s_orders VALUES (?, ?, CAST(? AS TIMESTAMP), CAST(? AS DECIMAL(18, 4)))`, tb.Name))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := tx.Prepare(fmt.Sprintf(`INSERT INTO %s_lines VALUES (?, ?, CAST(CAST(? AS TIMESTAMP) AS DATE), CAST(? AS INTEGER), CAST(? AS DECIMAL(12, 3)))`, tb.Name))
	if err != nil {
		t.Fatal(err)
	}
	arg := func(s *string) any {
		if s == nil {
			return nil
		}
		return *s
	}
	for _, r := range tb.Rows {
		if _, err := orders.Exec(arg(r.Customer), arg(r.Order), arg(r.Date), arg(r.Amount)); err != nil {
			t.Fatal(err)
		}
		if _, err := lines.Exec(arg(r.Customer), arg(r.Order), arg(r.Date), arg(r.Quantity), arg(r.Price)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// query runs q and returns its header and rows as text.
func query(db *sql.DB, q string) ([][]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := [][]string{cols}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		rec := make([]string, len(cols))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				return nil, fmt.Errorf("column %s is NULL", cols[i])
			case string:
				rec[i] = v
			case int64, int32, int16, int8:
				rec[i] = fmt.Sprint(v)
			default:
				return nil, fmt.Errorf("column %s is a %T, want text or an integer", cols[i], v)
			}
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// TestDuckDB runs the generated SQL on embedded DuckDB for every flag
// combination of sqltest.Cases on every sqltest.Tables input, and compares
// the result customer by customer with packages rfm and segment and with the
// rfm command.
func TestDuckDB(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The statement must not depend on the session's collation.
	if _, err := db.Exec(`SET default_collation = 'nocase'`); err != nil {
		t.Fatal(err)
	}
	for _, tb := range sqltest.Tables() {
		load(t, db, tb)
	}
	bin := sqltest.TestBin(t)
	oracle := sqltest.NewOracle(bin, t.TempDir())
	for _, tb := range sqltest.Tables() {
		for _, v := range sqltest.Variants {
			for _, c := range sqltest.Cases() {
				t.Run(tb.Name+"/"+v.Name+"/"+c.Name, func(t *testing.T) {
					o := c.Opts
					o.Dialect = sqlgen.DuckDB
					o.Columns = v.Columns()
					if v.Lines {
						o.Table = fmt.Sprintf("(SELECT * FROM main.%s_lines)", tb.Name)
					} else {
						o.Table = "main." + tb.Name + "_orders"
					}
					var q strings.Builder
					if err := sqlgen.Generate(&q, o); err != nil {
						t.Fatal(err)
					}
					got, err := query(db, q.String())
					if err != nil {
						t.Fatalf("%v\n%s", err, q.String())
					}
					oracle.Check(t, tb, v, c, got)
				})
			}
		}
	}
	t.Log(oracle.Summary())
}
