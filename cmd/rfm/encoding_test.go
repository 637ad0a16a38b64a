package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TestBadBytesCSVMatchesWorkbook puts GBK bytes, a byte of no encoding and a
// NUL in customer ids past the first 64 KiB of a UTF-8 file. They went raw
// into the customer CSV while the workbook wrote U+FFFD; now both hold the
// same ids, each bad byte replaced by U+FFFD, and standard error says so
// with the lines.
func TestBadBytesCSVMatchesWorkbook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString("customer_id,order_date,amount\n")
	line := 1
	for b.Len() < 70000 {
		line++
		fmt.Fprintf(&b, "c%d,2024-01-%02d,%d\n", line, 1+line%28, 1+line%9)
	}
	b.WriteString("g\xd5\xc5\xc8\xfd,2024-02-01,2\n") // 张三 in GBK
	b.WriteString("n\x00x,2024-02-02,3\n")
	b.WriteString("f\xff,2024-02-03,4\n")
	in := filepath.Join(dir, "late.csv")
	if err := os.WriteFile(in, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	outCSV, outXLSX := filepath.Join(dir, "c.csv"), filepath.Join(dir, "c.xlsx")
	// Replaced bytes change the ids published (two can become one): the
	// warning survives --quiet and the status is 3.
	_, stderr, code := runRFM(t, "", "score", in, "-o", outCSV, "-q")
	if code != 3 {
		t.Fatalf("exit %d, want 3: %s", code, stderr)
	}
	want := fmt.Sprintf("warning: %s: 5 bytes that are not UTF-8 and 1 NUL byte became U+FFFD, on lines %d, %d, %d (the rows are kept;", in, line+1, line+2, line+3)
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	if _, stderr, code := runRFM(t, "", "score", in, "-o", outXLSX); code != 3 {
		t.Fatalf("exit %d, want 3: %s", code, stderr)
	}
	data, err := os.ReadFile(outCSV)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var fromCSV []string
	for _, r := range recs[1:] {
		fromCSV = append(fromCSV, r[0])
	}
	f, err := excelize.OpenFile(outXLSX)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Raw values: the ids are text, and formatting the date cells was most
	// of the test's time.
	rows, err := f.GetRows(f.GetSheetList()[1], excelize.Options{RawCellValue: true}) // the customers
	if err != nil {
		t.Fatal(err)
	}
	var fromXLSX []string
	for _, r := range rows[1:] {
		fromXLSX = append(fromXLSX, r[0])
	}
	slices.Sort(fromCSV)
	slices.Sort(fromXLSX)
	if !slices.Equal(fromCSV, fromXLSX) {
		t.Errorf("the CSV's %d ids and the workbook's %d differ", len(fromCSV), len(fromXLSX))
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		t.Errorf("the customer CSV is not UTF-8 without NUL")
	}
	for _, id := range []string{"g\ufffd\ufffd\ufffd\ufffd", "n\ufffdx", "f\ufffd"} {
		if !slices.Contains(fromCSV, id) {
			t.Errorf("id %q missing from the CSV", id)
		}
	}
}

// TestStrayByteWarnedByCLV checks that rfm clv reads a UTF-8 file with one
// stray byte as UTF-8 and warns about the byte with its line, as rfm score
// does.
func TestStrayByteWarnedByCLV(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/cdnow150.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	lines[10] = bytes.Replace(lines[10], []byte(" 19"), []byte("\xe9 19"), 1) // after the id on line 11
	in := filepath.Join(t.TempDir(), "stray.txt")
	if err := os.WriteFile(in, bytes.Join(lines, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runRFM(t, "", append([]string{"clv", in, "-o", filepath.Join(t.TempDir(), "clv.csv")}, cdnowFlags...)...)
	if code != 3 {
		t.Fatalf("exit %d, want 3 (a warning that changes what is published): %s", code, stderr)
	}
	for _, want := range []string{
		in + ": csv, utf-8, delimiter",
		"warning: " + in + ": 1 byte that is not UTF-8 became U+FFFD, on line 11 (the row is kept;",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q, want %q", stderr, want)
		}
	}
}
