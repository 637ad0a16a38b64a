package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"html"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/segment"
)

// testCLV is a small lifetime value run made by hand: five customers, one
// with an id that looks like a formula, one whose CLV is not finite, two at
// churn risk, and a holdout.
func testCLV() *CLV {
	end := rfm.DateOf(2024, 3, 31)
	day := func(m, d int) int32 { return int32(rfm.DateOf(2024, m, d)) }
	c := &CLV{Input: "orders.csv", CalEnd: end, CalEndHow: "--calibration-end", Unit: clv.Week,
		Horizon: 52, HorizonText: "52w", DiscountRate: 0.01, Margin: 0.3,
		Churn: clv.ChurnRule{MinValue: 50, MaxPAlive: 0.5}, ChurnQuantile: 0.8, Version: "test",
		Model: clv.ModelFit{Model: clv.BGNBD{R: 0.25, Alpha: 4.4, A: 0.8, B: 2.4}, FitResult: clv.FitResult{LogLik: -123.456, Converged: true, Iterations: 20, Customers: 5}},
		GG:    clv.GammaGammaFit{Params: clv.GammaGamma{P: 6.2, Q: 3.7, Gamma: 15.4}, FitResult: clv.FitResult{LogLik: -45.6, Converged: true, Iterations: 12, Customers: 3}},
	}
	for _, s := range []struct {
		id          string
		x, tx, T    float64
		spend, tot  float64
		first, last int32
		pa, n, e, v float64
		risk        bool
	}{
		{"+86 138", 2, 4.1429, 12.8571, 22.345, 74.02, day(1, 1), day(1, 30), 0.7266, 1.5587, 24.65, 9.123, false},
		{"=1+2", 1, 1.7143, 12.8571, 11.77, 75.11, day(1, 1), day(1, 13), 0.2124, 0.2601, 18.91, 1.16, true},
		{"A-3", 0, 0, 10, 0, 6.79, day(1, 21), day(1, 21), 1, 0.2517, 35.17, 2.09, false},
		{"B4", 5, 9, 11, 29.44, 166.19, day(1, 14), day(3, 17), 0.4914, 2.3601, 29.9, math.NaN(), true},
		{"C5", 7, 10, 12, 73.74, 552.18, day(1, 7), day(3, 17), 0.6418, 4.1995, 71.46, 71.54, false},
	} {
		c.Sums = append(c.Sums, clv.Summary{Customer: s.id, X: s.x, Tx: s.tx, T: s.T, Spend: s.spend, Total: s.tot, First: s.first, Last: s.last})
		c.Preds = append(c.Preds, clv.Prediction{Customer: s.id, PAlive: s.pa, Purchases: s.n, Spend: s.e, CLV: s.v, ChurnRisk: s.risk})
	}
	c.Holdout = &CLVHoldout{End: rfm.DateOf(2024, 6, 30), Length: 13, MaxX: 7,
		ByFrequency: []clv.FrequencyRow{{X: 0, Customers: 1, Actual: 0.5, Predicted: 0.25}, {X: 1, Customers: 1, Actual: 1, Predicted: 0.6},
			{X: 2, Customers: 1, Actual: 1, Predicted: 1.1}, {X: 5, Customers: 1, Actual: 2, Predicted: 2.5}, {X: 7, Customers: 1, Actual: 4, Predicted: 3.9}},
		Tracking: []clv.TrackingRow{{Period: 1, End: day(1, 7), Actual: 0, Predicted: 0.3}, {Period: 2, End: day(1, 14), Actual: 1, Predicted: 0.9},
			{Period: 3, End: day(1, 21), Actual: 3, Predicted: 2.2}},
	}
	return c
}

// TestCLVXLSX writes the workbook of testCLV with two customers to a sheet
// and reads it back: the sheets, every customer cell against the CSV, text
// kept as text, the churn list, and the two charts of the holdout.
func TestCLVXLSX(t *testing.T) {
	c := testCLV()
	var book, table bytes.Buffer
	if err := WriteCLVXLSX(&book, c, CLVXLSXOptions{MaxRows: 2, Lang: segment.EN}); err != nil {
		t.Fatal(err)
	}
	if err := WriteCLVCSV(&table, c); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(book.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Customers", "Customers (2)", "Customers (3)", "CLV models", "Churn risk", "Holdout by frequency", "Holdout cumulative"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	recs, err := csv.NewReader(&table).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for k, sheet := range want[:3] {
		got, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[0], CLVHeader()) {
			t.Errorf("%s: header %q", sheet, got[0])
		}
		if n := len(got) - 1; n != min(2, len(c.Sums)-2*k) {
			t.Errorf("%s: %d customers", sheet, n)
		}
		rows = append(rows, got[1:]...)
		if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v, %v; want the header frozen", sheet, panes, err)
		}
	}
	if len(rows) != len(recs)-1 {
		t.Fatalf("%d customer rows, CSV has %d", len(rows), len(recs)-1)
	}
	for i, rec := range recs[1:] {
		row := rows[i]
		for len(row) < len(rec) {
			row = append(row, "")
		}
		// The CSV guards a formula-like id with '; the cell holds it as
		// written, as text.
		if row[0] != Unguard(rec[0]) {
			t.Errorf("row %d: id %q, CSV %q", i+1, row[0], rec[0])
		}
		for j := 1; j < len(rec)-1; j++ {
			if rec[j] == "" || row[j] == "" {
				if rec[j] != row[j] {
					t.Errorf("row %d %s: cell %q, CSV %q", i+1, rec[0], row[j], rec[j])
				}
				continue
			}
			a, err1 := strconv.ParseFloat(row[j], 64)
			b, err2 := strconv.ParseFloat(rec[j], 64)
			if err1 != nil || err2 != nil || a != b {
				t.Errorf("row %d %s column %s: cell %q, CSV %q", i+1, rec[0], CLVHeader()[j], row[j], rec[j])
			}
		}
		if flag := map[string]string{"1": "true", "0": "false"}[row[len(rec)-1]]; flag != rec[len(rec)-1] {
			t.Errorf("row %d: churn_risk %q, CSV %q", i+1, row[len(rec)-1], rec[len(rec)-1])
		}
	}
	for _, ref := range []struct{ sheet, cell string }{{"Customers", "A2"}, {"Customers", "A3"}, {"Churn risk", "A5"}} {
		typ, _ := f.GetCellType(ref.sheet, ref.cell)
		formula, _ := f.GetCellFormula(ref.sheet, ref.cell)
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString || formula != "" {
			t.Errorf("%s!%s: type %v, formula %q; want text", ref.sheet, ref.cell, typ, formula)
		}
	}

	// The churn list: the two at risk, the most valuable first.
	churn, _ := f.GetRows("Churn risk")
	if len(churn) != 6 || churn[3][0] != "Customer" || churn[4][0] != "B4" || churn[5][0] != "=1+2" {
		t.Errorf("churn sheet %q", churn)
	}
	if !strings.Contains(churn[1][0], "Past value ≥ 50.00 (the 0.8 quantile of the past values) and P(alive) < 0.5") {
		t.Errorf("churn rule %q", churn[1][0])
	}
	models, _ := f.GetRows("CLV models")
	found := map[string]bool{}
	for _, r := range models {
		found[strings.Join(r, "|")] = true
	}
	for _, want := range []string{"BG/NBD|r|0.2500", "Gamma-Gamma|γ (gamma)|15.4000", "BG/NBD|Converged|yes (20 iterations)",
		"Calibration end|2024-03-31 (--calibration-end)", "Horizon|52w = 52 weeks", "Margin|30.00%", "Customers at churn risk|2"} {
		if !found[want] {
			t.Errorf("models sheet lacks %q:\n%q", want, models)
		}
	}
	freq, _ := f.GetRows("Holdout by frequency")
	if got := freq[8]; got[0] != "7+" || got[1] != "1" || got[2] != "4.000" {
		t.Errorf("7+ row %q", got)
	}
	charts := chartXML(t, book.Bytes())
	if len(charts) != 2 {
		t.Fatalf("%d charts, want 2", len(charts))
	}
	for i, want := range [][]string{
		{"<barChart>", "'Holdout by frequency'!$A$5:$A$9", "'Holdout by frequency'!$C$5:$C$9", "'Holdout by frequency'!$D$5:$D$9"},
		{"<scatterChart>", "'Holdout cumulative'!$A$5:$A$7", "'Holdout cumulative'!$C$5:$C$7", "'Holdout cumulative'!$D$5:$D$7"},
	} {
		for _, w := range want {
			if !strings.Contains(charts[i], w) {
				t.Errorf("chart %d lacks %s", i+1, w)
			}
		}
	}

	// Without a holdout: no holdout sheets, no charts.
	c.Holdout = nil
	book.Reset()
	if err := WriteCLVXLSX(&book, c, CLVXLSXOptions{Lang: segment.EN}); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(book.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.GetSheetList(); !reflect.DeepEqual(got, []string{"Customers", "CLV models", "Churn risk"}) {
		t.Errorf("sheets without a holdout: %q", got)
	}
	if n := len(chartXML(t, book.Bytes())); n != 0 {
		t.Errorf("%d charts without a holdout", n)
	}
}

// chartXML returns the workbook's chart parts, in order, unescaped.
func chartXML(t *testing.T, book []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := 1; ; i++ {
		r, err := z.Open("xl/charts/chart" + strconv.Itoa(i) + ".xml")
		if err != nil {
			return out
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, html.UnescapeString(string(b)))
	}
}

// TestScoreCSVWithCLV: the lifetime value columns follow tier, with the
// values of rfm clv's columns, and are empty for a customer without a row.
func TestScoreCSVWithCLV(t *testing.T) {
	r := scoreFile(t, "../testdata/orders.csv", segment.EN, rfm.Quantile)
	c := testCLV()
	// Give the first two scored customers the rows of B4 and C5.
	c.Sums[3].Customer, c.Sums[4].Customer = r.Customers[0].ID, r.Customers[1].ID
	c.Sums, c.Preds = c.Sums[3:], c.Preds[3:]
	r.AttachCLV(c)
	var b bytes.Buffer
	if err := WriteCSV(&b, r, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if !strings.HasSuffix(lines[0], ",segment,tier,p_alive,clv,churn_risk") {
		t.Errorf("header %s", lines[0])
	}
	for i, want := range []string{",0.491400,,true", ",0.641800,71.54,false", ",,,"} {
		if !strings.HasSuffix(lines[1+i], want) {
			t.Errorf("line %d: %s, want it to end in %s", i+2, lines[1+i], want)
		}
	}
}
