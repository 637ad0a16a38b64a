package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDiffCollectorOnlyForCSV: rfm diff turns the collector off only when
// both files are CSV; a workbook's reading makes garbage enough to take
// gigabytes without it. csvFile tells them apart by content, not name.
func TestDiffCollectorOnlyForCSV(t *testing.T) {
	dir := t.TempDir()
	book, err := os.ReadFile("../../testdata/xlsx-orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"a.csv":          []byte("customer_id,segment\nc1,x\n"),
		"book.xlsx":      book,
		"book-named.csv": book,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]bool{"a.csv": true, "book.xlsx": false, "book-named.csv": false, "missing.csv": false} {
		if got := csvFile(filepath.Join(dir, name)); got != want {
			t.Errorf("csvFile(%s) = %v, want %v", name, got, want)
		}
	}
}
