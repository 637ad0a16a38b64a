package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteDiffXLSX reads the workbook back: the moves sheet holds the cells
// of the moves CSV, the matrix sheet the hand-checked counts and shares.
func TestWriteDiffXLSX(t *testing.T) {
	d, err := Compare(readText(t, "last.csv", lastWeek), readText(t, "this.csv", thisWeek))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteDiffXLSX(&b, d, DiffXLSXOptions{}); err != nil {
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
	if err := WriteMoves(&mc, d, CSVOptions{}); err != nil {
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
