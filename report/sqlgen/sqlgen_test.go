package sqlgen

import (
	"bytes"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

var update = flag.Bool("update", false, "rewrite the golden SQL files under testdata")

func amounts(t testing.TB, ss ...string) []rfm.Amount {
	t.Helper()
	out := make([]rfm.Amount, len(ss))
	for i, s := range ss {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("bad amount %q", s)
		}
		out[i] = rfm.AmountFromRat(r)
	}
	return out
}

func baseOptions() Options {
	return Options{
		Table:   "orders",
		Columns: Columns{Customer: "customer_id", Date: "order_date", Amount: "amount", Order: "order_id"},
		AsOf:    rfm.NoDate,
		Score:   rfm.Options{Method: rfm.Quantile, Bins: 5},
		Tiers:   segment.Tiers{A: 80, B: 95},
	}
}

// goldenCases are the flag combinations whose SQL is kept under testdata,
// one file per case and dialect.
func goldenCases(t testing.TB) []struct {
	name string
	opts Options
} {
	asOf, _ := rfm.ParseISODate("2024-06-30")
	return []struct {
		name string
		opts Options
	}{
		{"default", baseOptions()},
		{"rank-rfgrid-en", func() Options {
			o := baseOptions()
			o.Score.Method = rfm.Rank
			o.Scheme = segment.RFGrid()
			o.Lang = segment.EN
			return o
		}()},
		{"thresholds-pareto", func() Options {
			o := baseOptions()
			o.Table = "shop.sales.orders"
			o.Score = rfm.Options{Method: rfm.Thresholds, Bins: 4, Cuts: [3][]rfm.Amount{
				amounts(t, "30", "90", "180"), amounts(t, "1", "2", "5"), amounts(t, "100", "250.5", "1000")}}
			o.Tiers = segment.Tiers{Pareto: true, A: 80, B: 95}
			return o
		}()},
		{"mean-median-noorder", func() Options {
			o := baseOptions()
			o.Columns.Order = ""
			o.Score = rfm.Options{Method: rfm.Mean}
			o.Split = segment.SplitMedian
			return o
		}()},
		{"quantile9-median-asof-ignore-mean-subquery", func() Options {
			o := baseOptions()
			o.Table = "(SELECT * FROM order_lines WHERE status = 'paid')"
			o.Columns = Columns{Customer: "Customer ID", Date: "InvoiceDate", Quantity: "Quantity", Price: "Price", Order: "Invoice"}
			o.Score.Bins = 9
			o.AsOf = asOf
			o.Returns = rfm.ReturnsIgnore
			o.Monetary = rfm.MonetaryMean
			o.Split = segment.SplitMedian
			o.Tiers = segment.Tiers{Pareto: true, A: 50, B: 90}
			return o
		}()},
		{"lifecycle-k1.5", func() Options {
			o := baseOptions()
			o.Lifecycle = &rfm.Lifecycle{New: 30, Active: 90, Churn: 180, Factor: big.NewRat(3, 2)}
			return o
		}()},
	}
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		for _, d := range Dialects {
			name := c.name + "." + d.String() + ".sql"
			t.Run(name, func(t *testing.T) {
				o := c.opts
				o.Dialect = d
				var b bytes.Buffer
				if err := Generate(&b, o); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", name)
				if *update {
					if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./report/sqlgen -update)", err)
				}
				if !bytes.Equal(b.Bytes(), want) {
					t.Errorf("%s differs from the generated SQL (run go test ./report/sqlgen -update and review the diff)\ngot:\n%s", path, b.String())
				}
			})
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"no table", func(o *Options) { o.Table = " " }, "no table"},
		{"no customer", func(o *Options) { o.Columns.Customer = "" }, "--customer-col"},
		{"no date", func(o *Options) { o.Columns.Date = "" }, "--date-col"},
		{"no amount", func(o *Options) { o.Columns.Amount = ""; o.Columns.Quantity = "q" }, "--amount-col"},
		{"bins", func(o *Options) { o.Score.Bins = 10 }, "bins must be 2–9"},
		{"cut count", func(o *Options) {
			o.Score = rfm.Options{Method: rfm.Thresholds, Bins: 3, Cuts: [3][]rfm.Amount{
				amounts(t, "1"), amounts(t, "1", "2"), amounts(t, "1", "2")}}
		}, "want 2 cut points"},
		{"cuts not ascending", func(o *Options) {
			o.Score = rfm.Options{Method: rfm.Thresholds, Bins: 3, Cuts: [3][]rfm.Amount{
				amounts(t, "1", "2"), amounts(t, "2", "2"), amounts(t, "1", "2")}}
		}, "strictly ascending"},
		{"rfgrid needs 5 bins", func(o *Options) { o.Scheme = segment.RFGrid(); o.Score.Bins = 4 }, "5-level"},
		{"rfgrid not with mean", func(o *Options) { o.Scheme = segment.RFGrid(); o.Score.Method = rfm.Mean }, "5-level"},
		{"pareto order", func(o *Options) { o.Tiers = segment.Tiers{Pareto: true, A: 95, B: 80} }, "pareto"},
		{"dialect", func(o *Options) { o.Dialect = 9 }, "dialect"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := baseOptions()
			tc.edit(&o)
			var b bytes.Buffer
			err := Generate(&b, o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", b.Len())
			}
		})
	}
}

func TestIdentAndTable(t *testing.T) {
	tests := []struct {
		d           Dialect
		table, want string
	}{
		{Postgres, "orders", `"orders"`},
		{Postgres, "shop.orders", `"shop"."orders"`},
		{Postgres, `"we""ird".t`, `"we""ird"."t"`},
		{Postgres, `"a.b"."c"`, `"a.b"."c"`},
		{Postgres, "`x`.y", `"x"."y"`},
		{DuckDB, "main.Orders", `"main"."Orders"`},
		{BigQuery, "my-project.shop.orders", "`my-project`.`shop`.`orders`"},
		{BigQuery, "`my-project.shop.orders`", "`my-project.shop.orders`"},
		{BigQuery, `"a\b".c`, "`a\\\\b`.`c`"},
		{Spark, "db.orders", "`db`.`orders`"},
		{Spark, "`o``k`", "`o``k`"},
		{Spark, " (SELECT 1) ", "(SELECT 1)"},
		{Postgres, "(SELECT ')' AS x, \"(\" FROM t)", "(SELECT ')' AS x, \"(\" FROM t)"},
		{Postgres, "(SELECT 'a;b' FROM (SELECT 1) s)", "(SELECT 'a;b' FROM (SELECT 1) s)"},
		{Postgres, `(SELECT E'\'' FROM t)`, `(SELECT E'\'' FROM t)`},
	}
	for _, tc := range tests {
		got, err := tc.d.Source(tc.table)
		if err != nil || got != tc.want {
			t.Errorf("%s Source(%q) = %s, %v; want %s", tc.d, tc.table, got, err, tc.want)
		}
	}
	// Names that would end a quoted identifier early, or run a statement
	// of their own, are refused rather than written.
	hostile := []struct {
		d     Dialect
		table string
	}{
		{Postgres, `x"; DELETE FROM customers; --`},
		{Postgres, `"x"; DELETE FROM customers; --"`},
		{Postgres, `a..b`},
		{Postgres, `a.`},
		{Postgres, `.a`},
		{Postgres, `"a"b`},
		{Postgres, `"a`},
		{Postgres, `a b'c`},
		{BigQuery, "x`; DROP TABLE t; --"},
		{Spark, "a`b"},
		{Postgres, `(SELECT 1); DELETE FROM customers; (SELECT 1)`},
		{Postgres, `(SELECT 1) x`},
		{Postgres, `(SELECT 1; DELETE FROM customers)`},
		{Postgres, `(SELECT 1 -- )`},
		{Postgres, `(SELECT 1 /* ) */`},
		{Postgres, `(SELECT ')' FROM t`},
		{Postgres, `(SELECT 1))`},
		{BigQuery, `(SELECT 1 # )`},
		// Balanced when backslashes are literal, not when they escape
		// (standard_conforming_strings off): refused.
		{Postgres, `(SELECT '\' , '); DELETE FROM c; --' )`},
		{Postgres, `(SELECT xE'\' , '); DELETE FROM c; --' )`},
		{Postgres, `(SELECT $$'$$; DELETE FROM c; SELECT '$$)`},
		{Postgres, "a\nb"},
		{Postgres, "  "},
	}
	for _, tc := range hostile {
		if got, err := tc.d.Source(tc.table); err == nil {
			t.Errorf("%s Source(%q) = %s, want an error", tc.d, tc.table, got)
		}
	}
	idents := []struct {
		d          Dialect
		name, want string
	}{
		{Postgres, `a"b`, `"a""b"`},
		{BigQuery, "a`b\\", "`a\\`b\\\\`"},
		{Spark, "a`b", "`a``b`"},
	}
	for _, tc := range idents {
		if got := tc.d.ident(tc.name); got != tc.want {
			t.Errorf("%s ident(%q) = %s, want %s", tc.d, tc.name, got, tc.want)
		}
	}
}

func TestStringLiterals(t *testing.T) {
	tests := []struct {
		d       Dialect
		s, want string
	}{
		{Postgres, "Can't Lose Them", `E'Can\'t Lose Them'`},
		{Postgres, `a\'; DROP TABLE t; --`, `E'a\\\'; DROP TABLE t; --'`},
		{Postgres, "重要价值客户", "'重要价值客户'"},
		{DuckDB, `a\b`, `'a\b'`},
		{BigQuery, "Can't\n\\", `'Can\'t\n\\'`},
		{Spark, "'", `'\''`},
		{Spark, "重要价值客户", "'重要价值客户'"},
	}
	for _, tc := range tests {
		if got := tc.d.str(tc.s); got != tc.want {
			t.Errorf("%s str(%q) = %s, want %s", tc.d, tc.s, got, tc.want)
		}
	}
}

func TestParseDialect(t *testing.T) {
	for _, d := range Dialects {
		got, err := ParseDialect(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDialect(%q) = %v, %v", d.String(), got, err)
		}
	}
	if _, err := ParseDialect("mysql"); err == nil {
		t.Error("ParseDialect(mysql) did not fail")
	}
}

// TestTrimChars checks the runes the SQL trims from ids against their
// definition, every code point for which unicode.IsSpace holds, and U+FEFF:
// trimChars is read from unicode.White_Space instead, to spare the command
// a loop over every code point at start.
func TestTrimChars(t *testing.T) {
	t.Parallel()
	var want []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) || r == '\uFEFF' {
			want = append(want, r)
		}
	}
	if !slices.Equal(trimChars, want) {
		t.Errorf("trimChars = %U, want %U", trimChars, want)
	}
}
