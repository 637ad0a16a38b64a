package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestWorkbookBytesStable: a workbook with two streamed sheets (the
// customers and the churn-risk list of --with-clv) comes out byte for byte
// the same run after run; excelize alone writes such sheets in a map's
// order.
func TestWorkbookBytesStable(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	var first []byte
	for i := range 8 {
		out := filepath.Join(dir, "w"+strconv.Itoa(i)+".xlsx")
		runOK(t, "score", "testdata/cdnow150.csv", "--with-clv", "--lifecycle", "-o", out, "-q")
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("run %d wrote other bytes than run 1", i+1)
		}
	}
}
