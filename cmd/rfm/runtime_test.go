package main

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWorkbookRunTime: rfm score and rfm diff write SOURCE_DATE_EPOCH as
// the workbook's created and modified times, and rfm as its author, so
// that the same run gives the same file.
func TestWorkbookRunTime(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	book, moves := filepath.Join(dir, "book.xlsx"), filepath.Join(dir, "moves.xlsx")
	for _, args := range [][]string{
		{"score", "../../testdata/orders.csv", "--as-of", "2024-03-01", "-o", a},
		{"score", "../../testdata/orders.csv", "-o", b},
		{"score", "../../testdata/orders.csv", "-o", book},
		{"diff", a, b, "-o", moves},
	} {
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != 0 {
			t.Fatalf("rfm %q: exit %d\n%s", args, code, errb.String())
		}
	}
	if got := runTime(); !got.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("runTime() = %v, want SOURCE_DATE_EPOCH", got)
	}
	for _, path := range []string{book, moves} {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.GetDocProps()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if p.Creator != "rfm" || p.Created != "2023-11-14T22:13:20Z" || p.Modified != "2023-11-14T22:13:20Z" {
			t.Errorf("%s: creator %q, created %q, modified %q; want rfm at SOURCE_DATE_EPOCH", filepath.Base(path), p.Creator, p.Created, p.Modified)
		}
	}
}
