package diff

import (
	"bytes"
	"encoding/csv"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/internal/booklook"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runAt is the run time the workbooks are written with, as cmd passes it
// from SOURCE_DATE_EPOCH=1700000000.
var runAt = time.Unix(1700000000, 0).UTC()

// TestWriteXLSX reads the workbook back: the moves sheet holds the cells
// of the moves CSV, the matrix sheet the hand-checked counts and shares.
func TestWriteXLSX(t *testing.T) {
	d, err := Compare(readText(t, "last.csv", lastWeek), readText(t, "this.csv", thisWeek))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteXLSX(&b, d, XLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Matrix,Moves" {
		t.Fatalf("sheets %s, want Matrix,Moves", got)
	}

	var mc bytes.Buffer
	if err := WriteMoves(&mc, d, report.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(&mc).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.GetRows("Moves")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("moves sheet has %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			g := ""
			if j < len(got[i]) {
				g = got[i][j]
			}
			// d_monetary is a number cell shown with the CSV's two
			// decimals.
			w := want[i][j]
			if g != w {
				t.Errorf("moves %s: got %q, want %q", diffAt(j+1, i+1), g, w)
			}
		}
	}
	// Numbers are numbers.
	if typ, _ := f.GetCellType("Moves", "L3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("d_monetary cell type %v, want a number", typ)
	}

	cell := func(ref string) string {
		v, err := f.GetCellValue("Matrix", ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for ref, w := range map[string]string{
		"A1": "last.csv → this.csv",
		"A3": "customers: before \\ now", "B3": "Important value", "J3": "(gone)", "K3": "total",
		"A4": "Important value", "B4": "1", "D4": "1", "K4": "2",
		"A5": "Important development", "J5": "1",
		"A12": "(new)", "B12": "1", "G12": "1", "J12": "", "K12": "2",
		"A14": "row share: before \\ now",
		"B15": "50.00%", "D15": "50.00%", "J16": "100.00%", "B17": "",
		"A25": "customers before", "B25": "8",
		"A35": "newly in tier A", "B35": "2",
	} {
		if g := cell(ref); g != w {
			t.Errorf("matrix %s: got %q, want %q", ref, g, w)
		}
	}
}

// TestWorkbookLookDiff reads the diff workbook's look back: the score
// workbook's font and properties, the matrix on one page, the header
// styled, counts grouped, the colour scale off the diagonal and the
// diagonal grey.
func TestWorkbookLookDiff(t *testing.T) {
	d, err := Compare(readText(t, "last.csv", lastWeek), readText(t, "this.csv", thisWeek))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteXLSX(&b, d, XLSXOptions{Created: runAt}); err != nil {
		t.Fatal(err)
	}
	lk := booklook.Check(t, b.Bytes(), filepath.Join("testdata", "look-diff.golden.json"), "Calibri", *update)
	if lk.Sheets[0].FitToHgt != 1 {
		t.Errorf("matrix fits %d pages high, want 1", lk.Sheets[0].FitToHgt)
	}
	if got := lk.Names["Moves!_xlnm.Print_Titles"]; got != "'Moves'!$1:$1" {
		t.Errorf("moves print titles %q", got)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	style := func(sheet, ref string) *excelize.Style {
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := style("Matrix", "B3"); st.Font == nil || !st.Font.Bold || len(st.Fill.Color) == 0 {
		t.Errorf("matrix header B3: %+v, want bold on a fill", st)
	}
	if st := style("Moves", "A1"); st.Font == nil || !st.Font.Bold {
		t.Errorf("moves header A1 is not bold")
	}
	// B4 is the diagonal (stayed in Important value), D4 a move.
	if st := style("Matrix", "B4"); len(st.Fill.Color) == 0 || strings.TrimPrefix(st.Fill.Color[0], "#") != "E7E6E6" || st.NumFmt != 3 {
		t.Errorf("diagonal B4: fill %v, number format %d; want grey, #,##0", st.Fill.Color, st.NumFmt)
	}
	if st := style("Matrix", "D4"); len(st.Fill.Color) != 0 || st.NumFmt != 3 {
		t.Errorf("move D4: fill %v, number format %d; want none, #,##0", st.Fill.Color, st.NumFmt)
	}
	cfs, err := f.GetConditionalFormats("Matrix")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfs) != 2 {
		t.Fatalf("%d conditional formats, want 2 (counts, shares)", len(cfs))
	}
	for ref := range cfs {
		for _, diag := range []string{"B4", "C5", "D6", "B15", "C16"} {
			if inRanges(t, ref, diag) {
				t.Errorf("colour scale %s covers the diagonal %s", ref, diag)
			}
		}
	}
	if !inRanges(t, pickRef(cfs, 3), "D4") || !inRanges(t, pickRef(cfs, 3), "B12") {
		t.Errorf("count colour scale %s misses the moves D4, B12", pickRef(cfs, 3))
	}
	// Widths fitted: the moves' id column and the matrix's row labels.
	if w, _ := f.GetColWidth("Matrix", "A"); w < report.TextWidth("Important development") {
		t.Errorf("matrix column A width %v, narrower than its labels", w)
	}
}

// pickRef is the conditional format range that starts in row row.
func pickRef(cfs map[string][]excelize.ConditionalFormatOptions, row int) string {
	for ref := range cfs {
		first := strings.Fields(ref)[0]
		_, r, _ := excelize.CellNameToCoordinates(strings.Split(first, ":")[0])
		if r == row+1 {
			return ref
		}
	}
	return ""
}

// inRanges reports whether a cell is in a space-separated list of ranges.
func inRanges(t *testing.T, ranges, ref string) bool {
	t.Helper()
	c, r, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, rg := range strings.Fields(ranges) {
		a, b, _ := strings.Cut(rg, ":")
		if b == "" {
			b = a
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad range %q", rg)
		}
		if c1 <= c && c <= c2 && r1 <= r && r <= r2 {
			return true
		}
	}
	return false
}
