package sqltest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/report/sqlgen"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// Variant is one way the tests read an input table.
type Variant struct {
	Name string
	// HasOrder says the order id column is used.
	HasOrder bool
	// Lines reads quantity and unit price under headers that need quoting,
	// instead of the amount.
	Lines bool
}

// Variants are the ways every input table is read.
var Variants = []Variant{
	{"orders", true, false},
	{"orders-no-order-col", false, false},
	{"lines", true, true},
}

// Columns returns the column names of the variant's table.
func (v Variant) Columns() sqlgen.Columns {
	if v.Lines {
		return sqlgen.Columns{Customer: "Customer ID", Date: "InvoiceDate", Quantity: "Quantity", Price: "Price", Order: "Invoice"}
	}
	c := sqlgen.Columns{Customer: "customer_id", Date: "order_date", Amount: "amount"}
	if v.HasOrder {
		c.Order = "order_id"
	}
	return c
}

// WriteCSV writes rows as the CSV file that `rfm score` reads for the
// variant: NULLs become empty fields.
func (v Variant) WriteCSV(path string, rows []Row) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	c := v.Columns()
	val := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	switch {
	case v.Lines:
		w.Write([]string{c.Customer, c.Order, c.Date, c.Quantity, c.Price})
	case v.HasOrder:
		w.Write([]string{c.Customer, c.Order, c.Date, c.Amount})
	default:
		w.Write([]string{c.Customer, c.Date, c.Amount})
	}
	for _, r := range rows {
		switch {
		case v.Lines:
			w.Write([]string{val(r.Customer), val(r.Order), val(r.Date), val(r.Quantity), val(r.Price)})
		case v.HasOrder:
			w.Write([]string{val(r.Customer), val(r.Order), val(r.Date), val(r.Amount)})
		default:
			w.Write([]string{val(r.Customer), val(r.Date), val(r.Amount)})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// TestBin returns $RFM_TEST_BIN, an rfm command already built, for the
// equality tests to run it beside the SQL; without it they compare the SQL
// with packages rfm and segment only, and say so. No test builds the
// command itself.
func TestBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("RFM_TEST_BIN")
	if bin == "" {
		t.Log("the rfm command is not run beside the SQL: set RFM_TEST_BIN to a built rfm " +
			"(go build -o bin/rfm ./cmd/rfm; RFM_TEST_BIN=$PWD/bin/rfm), as CI does")
	}
	return bin
}

// SchemeCSV writes a range scheme as a --segments file: empty cells for open
// ends.
func SchemeCSV(s *segment.Scheme) string {
	var b strings.Builder
	b.WriteString("segment,r_min,r_max,f_min,f_max,m_min,m_max,tier,zh,en\n")
	bound := func(v int) string {
		if v == 0 {
			return ""
		}
		return fmt.Sprint(v)
	}
	for i, r := range s.Ranges {
		g := s.Segments[i]
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", g.EN, bound(r.RMin), bound(r.RMax), bound(r.FMin),
			bound(r.FMax), bound(r.MMin), bound(r.MMax), g.Tier, g.ZH, g.EN)
	}
	return b.String()
}

// ScoreArgs returns the `rfm score` command line equivalent to o for the
// variant's CSV file at input, with the customers written to standard
// output. schemeFile is the --segments file for a scheme other than cn8 and
// rfgrid.
func ScoreArgs(input string, v Variant, o sqlgen.Options, schemeFile string) []string {
	c := v.Columns()
	args := []string{"score", input, "-o", "-", "-q", "--customer-col", c.Customer, "--date-col", c.Date}
	if c.Amount != "" {
		args = append(args, "--amount-col", c.Amount)
	} else {
		args = append(args, "--quantity-col", c.Quantity, "--price-col", c.Price)
	}
	if c.Order != "" {
		args = append(args, "--order-col", c.Order)
	}
	if o.AsOf != rfm.NoDate {
		args = append(args, "--as-of", o.AsOf.String())
	}
	if o.Returns == rfm.ReturnsIgnore {
		args = append(args, "--returns", "ignore")
	}
	if o.Monetary == rfm.MonetaryMean {
		args = append(args, "--monetary", "mean")
	}
	args = append(args, "--method", o.Score.Method.String())
	if o.Score.Method != rfm.Mean {
		args = append(args, "--bins", fmt.Sprint(o.Score.Bins))
	}
	if o.Score.Method == rfm.Thresholds {
		for m, flag := range []string{"--r-cuts=", "--f-cuts=", "--m-cuts="} {
			var s []string
			for _, a := range o.Score.Cuts[m] {
				s = append(s, a.String())
			}
			args = append(args, flag+strings.Join(s, ","))
		}
	}
	if o.Split == segment.SplitMedian {
		args = append(args, "--split", "median")
	}
	switch {
	case o.Scheme == nil:
	case o.Scheme.Name == "cn8" || o.Scheme.Name == "rfgrid":
		args = append(args, "--segments", o.Scheme.Name)
	default:
		args = append(args, "--segments", schemeFile)
	}
	if o.Tiers.Pareto {
		args = append(args, "--tiers", fmt.Sprintf("pareto=%d,%d", o.Tiers.A, o.Tiers.B))
	}
	args = append(args, "--lang", o.Lang.Pick("zh", "en"))
	if l := o.Lifecycle; l != nil {
		args = append(args, fmt.Sprintf("--lifecycle=%d,%d,%d", l.New, l.Active, l.Churn))
		if l.Factor != nil {
			args = append(args, "--churn-factor", l.Factor.FloatString(6))
		}
	}
	return args
}

// ErrUnsupported marks a command line the rfm command refuses as a usage
// error (exit status 2), such as a flag combination it does not take yet.
type ErrUnsupported struct{ Stderr string }

// Error says that rfm score refused the command line, with its message.
func (e ErrUnsupported) Error() string { return "rfm score refused the command line: " + e.Stderr }

// RunScore runs the rfm command and returns its customer table without the
// header.
func RunScore(bin string, args []string) ([][]string, error) {
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 2 {
			return nil, ErrUnsupported{errb.String()}
		}
		return nil, fmt.Errorf("rfm %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading rfm's CSV: %v", err)
	}
	if len(recs) == 0 || len(recs[0]) < len(Header) || strings.Join(recs[0][:len(Header)], ",") != strings.Join(Header, ",") {
		return nil, fmt.Errorf("rfm's header is %q, want %q first", recs, Header)
	}
	return recs[1:], nil
}
