package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestProspectsInWorkbook: the workbook's customer sheet lists the
// prospects of a customer file among the scored customers by id, with
// empty metrics and, under --lifecycle, the prospect stage — the rows of
// the customer CSV of the same run, cell for cell as text (the workbook
// guards nothing: its cells are text, never formulas).
func TestProspectsInWorkbook(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tx := write("tx.csv", "customer_id,order_date,amount\nC1,2024-01-05,100.00\nC1,2024-03-01,50.00\nC2,2024-02-10,200.00\nC4,2024-03-15,80.00\n")
	cust := write("customers.csv", "customer_id,email\nC1,a@x.com\nC2,b@x.com\nB0,p@x.com\nC3,q@x.com\nZ9,z@x.com\n")
	csvOut, book := filepath.Join(dir, "out.csv"), filepath.Join(dir, "out.xlsx")
	args := []string{"score", tx, "--customers", cust, "--keep", "email", "--as-of", "2024-04-01", "--lifecycle", "--weights", "1,1,1", "--lang", "en", "-q"}
	runOK(t, append(slices.Clone(args), "-o", csvOut)...)
	runOK(t, append(slices.Clone(args), "-o", book)...)
	recs := readRecords(t, csvOut)
	header, want := recs[0], recs[1:]
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Customers")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("%d rows on the customer sheet, want %d", len(rows)-1, len(want))
	}
	col := slices.Index(header, "lifecycle")
	var ids []string
	for j, row := range rows[1:] {
		ids = append(ids, row[0])
		w := want[j]
		if w[slices.Index(header, "rfm_code")] != "" {
			continue // scored: the number formats differ from the CSV's
		}
		// A prospect: the id, the kept e-mail, the stage and no warning;
		// every other cell empty.
		for c := range header {
			got := ""
			if c < len(row) {
				got = row[c]
			}
			wantCell := w[c]
			if header[c] == "churn_warning" {
				wantCell = "FALSE"
			}
			if got != wantCell {
				t.Errorf("prospect %s, %s: %q, want %q", w[0], header[c], got, wantCell)
			}
		}
		if w[col] != "prospect" {
			t.Errorf("prospect %s's stage %q", w[0], w[col])
		}
	}
	if got := strings.Join(ids, " "); got != "B0 C1 C2 C3 C4 Z9" {
		t.Errorf("customer sheet ids %s, want B0 C1 C2 C3 C4 Z9", got)
	}
}
