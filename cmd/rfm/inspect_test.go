package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// inspectJSON is the part of rfm inspect --json the tests read.
type inspectJSON struct {
	File      string   `json:"file"`
	Format    string   `json:"format"`
	Encoding  string   `json:"encoding"`
	HeaderRow int      `json:"header_row"`
	Header    []string `json:"header"`
	Columns   map[string]*struct {
		Column   string   `json:"column"`
		Index    int      `json:"index"`
		ByFlag   bool     `json:"by_flag"`
		Rejected []string `json:"rejected"`
	} `json:"columns"`
	DateFormat string `json:"date_format"`
	DateOrder  string `json:"date_order"`
	Rows       struct {
		Read, Used, Rejected, Filtered int
		AfterAsOf                      int `json:"after_as_of"`
	} `json:"rows"`
	Rejected []struct {
		Reason   string `json:"reason"`
		Count    int    `json:"count"`
		Examples []struct {
			Line   int      `json:"line"`
			Column string   `json:"column"`
			Reason string   `json:"reason"`
			Fields []string `json:"fields"`
		} `json:"examples"`
	} `json:"rejected"`
	FirstDate struct {
		Date string `json:"date"`
		Line int    `json:"line"`
	} `json:"first_date"`
	LastDate struct {
		Date string `json:"date"`
		Line int    `json:"line"`
	} `json:"last_date"`
	AsOf         string         `json:"as_of"`
	Customers    int            `json:"customers"`
	Scored       int            `json:"scored"`
	NotScored    map[string]int `json:"not_scored"`
	Distribution *struct {
		Customers int                    `json:"customers"`
		Monetary  map[string]json.Number `json:"monetary"`
	} `json:"distribution"`
	OK    bool    `json:"ok"`
	Error *string `json:"error"`
}

func runInspectJSON(t *testing.T, args ...string) (inspectJSON, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"inspect", "--json"}, args...), strings.NewReader(""), &out, &errb)
	var got inspectJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("rfm inspect --json %v: %v\n%s\nstderr: %s", args, err, out.String(), errb.String())
	}
	return got, code
}

// TestInspectJSONMatchesScan checks the JSON report against a scan of the
// same file by the ingest package.
func TestInspectJSONMatchesScan(t *testing.T) {
	dir := t.TempDir()
	twoRoles := filepath.Join(dir, "two.csv")
	writeInspectInput(t, twoRoles, "client_id,customer_id,order_date,amount,order_id\n"+
		"x,C1,2024-01-05,10.00,O1\n"+
		"x,C1,2024-01-05,5.00,O1\n"+
		"x,C2,2024-02-30,7,O2\n"+
		"x,,2024-02-01,7,O3\n"+
		"x,C3,2024-03-01,-4,O4\n"+
		"x,C2,2024-03-02,12.345,O5\n")
	for _, path := range []string{"../../testdata/orders.csv", twoRoles} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got, code := runInspectJSON(t, path)
			agg, rep, err := ingest.Scan(context.Background(), ingest.File{Path: path}, ingest.Options{AsOf: rfm.NoDate}, rfm.ReturnsNet)
			if err != nil {
				t.Fatal(err)
			}
			asOf := agg.MaxDate() + 1
			cs, notScored := agg.Customers(asOf, rfm.MonetarySum)
			if code != exitOK || !got.OK || got.Error != nil {
				t.Fatalf("exit %d, ok %v, error %v; want 0, true, null", code, got.OK, got.Error)
			}
			if got.File != path || got.Format != "csv" || got.Encoding != rep.Table.Encoding || got.HeaderRow != rep.Table.HeaderLine {
				t.Errorf("file %q format %q encoding %q header row %d; want %q csv %q %d",
					got.File, got.Format, got.Encoding, got.HeaderRow, path, rep.Table.Encoding, rep.Table.HeaderLine)
			}
			if strings.Join(got.Header, ",") != strings.Join(rep.Table.Header, ",") {
				t.Errorf("header %q, want %q", got.Header, rep.Table.Header)
			}
			for role, key := range map[ingest.Role]string{ingest.RoleCustomer: "customer", ingest.RoleDate: "date",
				ingest.RoleAmount: "amount", ingest.RoleOrder: "order_id"} {
				ch := rep.Columns.Roles[role]
				c := got.Columns[key]
				if c == nil || c.Column != ch.Header || c.Index != ch.Index+1 || strings.Join(c.Rejected, ",") != strings.Join(ch.Others, ",") {
					t.Errorf("columns.%s = %+v, want %q (column %d), rejected %q", key, c, ch.Header, ch.Index+1, ch.Others)
				}
			}
			if got.DateFormat != rep.DateFormat() {
				t.Errorf("date_format %q, want %q", got.DateFormat, rep.DateFormat())
			}
			r := got.Rows
			if r.Read != rep.Read || r.Used != rep.Used || r.Rejected != rep.Rejected || r.Filtered != rep.Filtered || r.AfterAsOf != rep.AfterAsOf {
				t.Errorf("rows %+v, want read %d used %d rejected %d filtered %d after %d",
					r, rep.Read, rep.Used, rep.Rejected, rep.Filtered, rep.AfterAsOf)
			}
			if len(got.Rejected) != len(rep.Reasons) {
				t.Errorf("%d reasons, want %d (%v)", len(got.Rejected), len(rep.Reasons), rep.Reasons)
			}
			for _, rs := range got.Rejected {
				if rs.Count != rep.Reasons[rs.Reason] {
					t.Errorf("reason %q: count %d, want %d", rs.Reason, rs.Count, rep.Reasons[rs.Reason])
				}
				if len(rs.Examples) == 0 || len(rs.Examples) > 3 || len(rs.Examples) > rs.Count {
					t.Errorf("reason %q: %d examples for %d rows", rs.Reason, len(rs.Examples), rs.Count)
				}
				for _, x := range rs.Examples {
					if x.Line < 2 || len(x.Fields) == 0 || !strings.HasPrefix(x.Reason, rs.Reason) {
						t.Errorf("reason %q: example %+v", rs.Reason, x)
					}
				}
			}
			if got.FirstDate.Date != rep.Earliest.Date.String() || got.FirstDate.Line != rep.Earliest.Line ||
				got.LastDate.Date != rep.Latest.Date.String() || got.LastDate.Line != rep.Latest.Line {
				t.Errorf("dates %+v to %+v, want %v to %v", got.FirstDate, got.LastDate, rep.Earliest, rep.Latest)
			}
			if got.AsOf != asOf.String() {
				t.Errorf("as_of %s, want %s", got.AsOf, asOf)
			}
			total := len(cs)
			for k, n := range notScored {
				total += n
				if got.NotScored[string(k)] != n {
					t.Errorf("not_scored[%q] = %d, want %d", k, got.NotScored[string(k)], n)
				}
			}
			if got.Scored != len(cs) || got.Customers != total {
				t.Errorf("scored %d of %d customers, want %d of %d", got.Scored, got.Customers, len(cs), total)
			}
			if got.Distribution == nil || got.Distribution.Customers != len(cs) {
				t.Fatalf("distribution %+v, want one over %d customers", got.Distribution, len(cs))
			}
			lo, hi := cs[0].Monetary, cs[0].Monetary
			for _, c := range cs {
				lo, hi = min(lo, c.Monetary), max(hi, c.Monetary)
			}
			if m := got.Distribution.Monetary; m["min"].String() != lo.String() || m["max"].String() != hi.String() {
				t.Errorf("monetary min %s max %s, want %s %s", m["min"], m["max"], lo, hi)
			}
		})
	}
}

// TestInspectTwoRoles checks the columns that matched a role and lost.
func TestInspectTwoRoles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.csv")
	writeInspectInput(t, path, "client_id,customer_id,date,order_date,total,amount\nx,C1,2024-01-01,2024-01-02,1,2\n")
	got, code := runInspectJSON(t, path)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for key, want := range map[string][2]string{"customer": {"customer_id", "client_id"}, "date": {"order_date", "date"}, "amount": {"amount", "total"}} {
		c := got.Columns[key]
		if c == nil || c.Column != want[0] || strings.Join(c.Rejected, ",") != want[1] {
			t.Errorf("columns.%s = %+v, want %s chosen over %s", key, c, want[0], want[1])
		}
	}
	if got.Columns["order_id"] != nil || got.Columns["quantity"] != nil {
		t.Errorf("order_id %+v, quantity %+v; want null", got.Columns["order_id"], got.Columns["quantity"])
	}
}

// TestInspectFailure checks that a file score cannot read gives exit 1 and
// rfm score's message once: in the report (text or JSON), not again on
// stderr.
func TestInspectFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nocust.csv")
	writeInspectInput(t, path, "id,order_date,amount\na,2024-01-01,10\n")
	var scoreErr bytes.Buffer
	if code := run([]string{"score", path}, strings.NewReader(""), new(bytes.Buffer), &scoreErr); code != exitFailure {
		t.Fatalf("rfm score: exit %d", code)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"inspect", "--json", path}, strings.NewReader(""), &out, &errb); code != exitFailure {
		t.Fatalf("rfm inspect: exit %d, want %d", code, exitFailure)
	}
	if errb.Len() != 0 {
		t.Errorf("stderr %q, want nothing: the report gives the reason", errb.String())
	}
	var got inspectJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSuffix(strings.TrimPrefix(scoreErr.String(), "rfm: "), "\n")
	if got.OK || got.Error == nil || *got.Error != want || strings.Join(got.Header, ",") != "id,order_date,amount" {
		t.Errorf("ok %v error %v header %q; want false, %q, the header", got.OK, got.Error, got.Header, want)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"inspect", path}, strings.NewReader(""), &out, &errb); code != exitFailure {
		t.Fatalf("rfm inspect: exit %d, want %d", code, exitFailure)
	}
	if n := strings.Count(out.String()+errb.String(), want); n != 1 || errb.Len() != 0 {
		t.Errorf("the reason is printed %d times, stderr %q; want once, in the report:\n%s", n, errb.String(), out.String())
	}
}

// TestInspectEscapes checks that a rejected row's control characters reach
// the terminal escaped.
func TestInspectEscapes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "esc.csv")
	writeInspectInput(t, path, "customer_id,order_date,amount\n\x1b[2Jc1,2024-01-01,\x1b]0;x\x07\nc2,2024-01-02,5\n")
	var out bytes.Buffer
	if code := run([]string{"inspect", path}, strings.NewReader(""), &out, new(bytes.Buffer)); code != exitOK {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("control characters in the report:\n%q", out.String())
	}
	if !strings.Contains(out.String(), `fields: "\x1b[2Jc1", "2024-01-01", "\x1b]0;x\a"`) {
		t.Errorf("fields not shown escaped:\n%s", out.String())
	}
}

func writeInspectInput(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
