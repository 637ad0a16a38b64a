package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// methodValues reads the method sheet's label–value rows.
func methodValues(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, row := range rows {
		if len(row) >= 2 {
			out[row[0]] = row[1]
		}
	}
	return out
}

// TestScoreXLSXWorkbook runs rfm score -o FILE.xlsx on the XLSX fixture and
// reads the workbook back: the sheets in the chosen language, the input's
// SHA-256 on the method sheet, an action for every class, the accounting;
// from standard input the digest is not known.
func TestScoreXLSXWorkbook(t *testing.T) {
	t.Parallel()
	const input = "../../testdata/xlsx-orders.xlsx"
	data, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	dir := t.TempDir()
	for _, tt := range []struct {
		lang   string
		sheets []string
		sha    string
	}{
		{"en", []string{"Summary", "Customers", "Method", "Data quality"}, "Input SHA-256"},
		{"zh", []string{"概览", "客户明细", "方法", "数据质量"}, "输入文件 SHA-256"},
	} {
		out := filepath.Join(dir, "report-"+tt.lang+".xlsx")
		var stderr bytes.Buffer
		if code := run([]string{"score", input, "--sheet", "2", "--lang", tt.lang, "-o", out}, nil, &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("--lang %s: exit %d: %s", tt.lang, code, stderr.String())
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); !reflect.DeepEqual(got, tt.sheets) {
			t.Errorf("--lang %s: sheets %q, want %q", tt.lang, got, tt.sheets)
		}
		if got := methodValues(t, f, tt.sheets[2])[tt.sha]; got != hex.EncodeToString(sum[:]) {
			t.Errorf("--lang %s: method sheet's %s %q, want %x", tt.lang, tt.sha, got, sum)
		}
		rows, _ := f.GetRows(tt.sheets[0])
		classes := 0
		for _, row := range rows[5:] {
			if len(row) == 0 || row[0] == "" || strings.HasPrefix(row[0], "Total") || row[0] == "合计" {
				break
			}
			classes++
			if len(row) < 10 || row[9] == "" {
				t.Errorf("--lang %s: summary row %q has no recommended action", tt.lang, row)
			}
		}
		if classes != 8 {
			t.Errorf("--lang %s: %d class rows on the summary, want 8", tt.lang, classes)
		}
		rows, _ = f.GetRows(tt.sheets[1])
		if len(rows) != 5 || rows[1][0] != "12583" {
			t.Errorf("--lang %s: customer sheet %q, want 4 customers from 12583", tt.lang, rows)
		}
	}

	// From standard input there is no file to digest.
	csv, err := os.ReadFile("../../testdata/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "stdin.xlsx")
	var stderr bytes.Buffer
	if code := run([]string{"score", "-", "--lang", "en", "-o", out}, bytes.NewReader(csv), &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, stderr.String())
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := methodValues(t, f, "Method")
	if m["Input SHA-256"] != "not known" || m["Input file"] != "standard input" {
		t.Errorf("stdin: input %q, SHA-256 %q; want standard input, not known", m["Input file"], m["Input SHA-256"])
	}
}
