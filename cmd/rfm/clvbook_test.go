package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/report"
)

// readCSV parses CSV text or fails the test.
func readCSV(t *testing.T, text string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("%v in\n%s", err, text)
	}
	return recs
}

// sameCell reports whether a workbook cell's raw value holds the CSV field:
// the same number, the same flag, or the same text without the formula
// guard.
func sameCell(cell, field string) bool {
	switch {
	case field == "true" || field == "false":
		return cell == map[bool]string{true: "1", false: "0"}[field == "true"]
	case cell == field:
		return true
	case strings.HasPrefix(field, "'"):
		return cell == field[1:]
	}
	a, err1 := strconv.ParseFloat(cell, 64)
	b, err2 := strconv.ParseFloat(field, 64)
	return err1 == nil && err2 == nil && a == b
}

// sheetRows returns the raw values of a sheet's rows, padded to width.
func sheetRows(t *testing.T, f *excelize.File, sheet string, width int) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		for len(rows[i]) < width {
			rows[i] = append(rows[i], "")
		}
	}
	return rows
}

// TestCLVWorkbook runs rfm clv -o x.csv and -o x.xlsx with a holdout and
// reads the workbook back: its sheets, every customer cell against the
// CSV, the churn list, the models, and a chart on each holdout sheet. On the
// 150-customer excerpt always, on the whole CDNOW sample when it is there.
func TestCLVWorkbook(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, path string
		customers  int
	}{
		{"cdnow150", "testdata/cdnow150.txt", 150},
		{"CDNOW_sample", "cdnow/CDNOW_sample.txt", 2357},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if tc.name == "CDNOW_sample" {
				path = sharedDataFile(t, tc.path)
			}
			dir := t.TempDir()
			args := append([]string{path, "--holdout-end", "1998-06-30", "-q"}, cdnowFlags...)
			csvPath, bookPath := filepath.Join(dir, "clv.csv"), filepath.Join(dir, "clv.xlsx")
			for _, out := range []string{csvPath, bookPath} {
				if _, errs, code := runCLVArgs(t, append(args, "-o", out)...); code != 0 {
					t.Fatalf("-o %s: exit %d: %s", out, code, errs)
				}
			}
			text, err := os.ReadFile(csvPath)
			if err != nil {
				t.Fatal(err)
			}
			recs := readCSV(t, string(text))
			f, err := excelize.OpenFile(bookPath)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := []string{"Customers", "CLV models", "Churn risk", "Holdout by frequency", "Holdout cumulative"}
			if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
				t.Fatalf("sheets %q, want %q", got, want)
			}
			rows := sheetRows(t, f, "Customers", len(report.CLVHeader()))
			if len(rows) != tc.customers+1 || len(recs) != len(rows) {
				t.Fatalf("%d sheet rows, %d CSV records, want %d customers", len(rows), len(recs), tc.customers)
			}
			atRisk := 0
			for i, rec := range recs {
				for j := range rec {
					if !sameCell(rows[i][j], rec[j]) {
						t.Errorf("row %d, %s: cell %q, CSV %q", i+1, recs[0][j], rows[i][j], rec[j])
					}
				}
				if rec[len(rec)-1] == "true" {
					atRisk++
				}
			}
			churn := sheetRows(t, f, "Churn risk", 8)
			if len(churn) != 4+atRisk {
				t.Errorf("churn sheet has %d customers, the CSV %d at risk", len(churn)-4, atRisk)
			}
			for i := 5; i < len(churn); i++ {
				a, _ := strconv.ParseFloat(churn[i-1][1], 64)
				b, _ := strconv.ParseFloat(churn[i][1], 64)
				if a < b {
					t.Errorf("churn rows %d, %d: past value %v before %v", i, i+1, a, b)
				}
			}
			models := sheetRows(t, f, "CLV models", 3)
			if r := models[4]; r[0] != "BG/NBD" || r[1] != "r" {
				t.Errorf("models row 5: %q", r)
			}
			if tc.name == "CDNOW_sample" {
				if r, _ := strconv.ParseFloat(models[4][2], 64); r < 0.2414 || r > 0.2438 {
					t.Errorf("BG/NBD r = %v, want 0.2426", r)
				}
				freq := sheetRows(t, f, "Holdout by frequency", 4)
				if got := strings.Join(freq[11], ","); !strings.HasPrefix(got, "7+,64,6.35") {
					t.Errorf("7+ row %s, want 64 customers with 6.359 actual", got)
				}
			}
			for _, sheet := range want[3:] {
				if !sheetHasChart(t, bookPath, f, sheet) {
					t.Errorf("%s: no chart", sheet)
				}
			}
		})
	}
}

// sheetHasChart reports whether the sheet of the workbook at path has a
// drawing with a chart in it.
func sheetHasChart(t *testing.T, path string, f *excelize.File, sheet string) bool {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	idx, err := f.GetSheetIndex(sheet)
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		r, err := z.Open(name)
		if err != nil {
			return ""
		}
		defer r.Close()
		var b bytes.Buffer
		b.ReadFrom(r)
		return b.String()
	}
	// Sheets are numbered in order; the sheet's relations name its drawing,
	// whose relations name the chart.
	rels := read("xl/worksheets/_rels/sheet" + strconv.Itoa(idx+1) + ".xml.rels")
	i := strings.Index(rels, "../drawings/drawing")
	if i < 0 {
		return false
	}
	drawing := rels[i+len("../drawings/") : i+strings.Index(rels[i:], `"`)]
	return strings.Contains(read("xl/drawings/_rels/"+drawing+".rels"), "../charts/chart")
}

// runScoreArgs runs rfm score with args.
func runScoreArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"score"}, args...), nil, &out, &errb)
	return out.String(), errb.String(), code
}

// TestScoreWithCLV: score --with-clv keeps SPEC §6's columns as they are
// without it and appends p_alive, clv and churn_risk with rfm clv's values
// for the calibration end it chose; the workbook has them too, and rfm
// diff reads it.
func TestScoreWithCLV(t *testing.T) {
	t.Parallel()
	const in = "testdata/cdnow150.csv"
	for _, tc := range []struct {
		name  string
		score []string // more flags of score
		clv   []string // the same run with rfm clv
	}{
		{"default", nil, nil},
		{"as-of", []string{"--as-of", "1997-09-30"}, []string{"--calibration-end", "1997-09-30"}},
		{"flags", []string{"--as-of", "1998-01-31", "--unit", "day", "--horizon", "12m", "--margin", "1", "--churn-min-value", "50"},
			[]string{"--calibration-end", "1998-01-31", "--unit", "day", "--horizon", "12m", "--margin", "1", "--churn-min-value", "50"}},
		// --clv-model is rfm clv's --model.
		{"pareto-nbd", []string{"--as-of", "1997-09-30", "--clv-model", "pareto-nbd"}, []string{"--calibration-end", "1997-09-30", "--model", "pareto-nbd"}},
		{"mbgnbd", []string{"--as-of", "1997-09-30", "--clv-model", "mbgnbd"}, []string{"--calibration-end", "1997-09-30", "--model", "mbgnbd"}},
		{"bgbb", []string{"--as-of", "1997-09-30", "--clv-model", "bgbb"}, []string{"--calibration-end", "1997-09-30", "--model", "bgbb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, errs, code := runScoreArgs(t, append([]string{in, "-o", "-", "-q"}, tc.score[:min(2, len(tc.score))]...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			with, errs, code := runScoreArgs(t, append([]string{in, "-o", "-", "--with-clv"}, tc.score...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(errs, "clv: calibration end") || !strings.Contains(errs, "clv: churn risk") {
				t.Errorf("stderr lacks the clv notes:\n%s", errs)
			}
			out, errs, code := runCLVArgs(t, append([]string{in, "-o", "-", "-q"}, tc.clv...)...)
			if code != 0 {
				t.Fatalf("clv: exit %d: %s", code, errs)
			}
			p, w, c := readCSV(t, plain), readCSV(t, with), readCSV(t, out)
			if len(p) != len(w) {
				t.Fatalf("%d rows with --with-clv, %d without", len(w), len(p))
			}
			byID := map[string][]string{}
			for _, r := range c[1:] {
				byID[r[0]] = r
			}
			n := len(p[0])
			if got := w[0][n:]; !reflect.DeepEqual(got, report.CLVScoreHeader()) {
				t.Errorf("added columns %q", got)
			}
			risk := 0
			for i := range p {
				if !slices.Equal(w[i][:n], p[i]) {
					t.Errorf("row %d: SPEC §6 columns %q, without --with-clv %q", i+1, w[i][:n], p[i])
				}
				if i == 0 {
					continue
				}
				cr, ok := byID[w[i][0]]
				if !ok {
					t.Errorf("customer %s is not in rfm clv's output", w[i][0])
					continue
				}
				// p_alive, clv, churn_risk are clv's columns 6, 9 and 10.
				if got, want := w[i][n:], []string{cr[6], cr[9], cr[10]}; !slices.Equal(got, want) {
					t.Errorf("customer %s: %q, rfm clv %q", w[i][0], got, want)
				}
				if w[i][n+2] == "true" {
					risk++
				}
			}
			if risk == 0 {
				t.Error("no scored customer at churn risk")
			}

			// The workbook: the same values, a churn-risk sheet listing the
			// scored customers at risk, and a customer sheet rfm diff reads.
			book := filepath.Join(t.TempDir(), "customers.xlsx")
			if _, errs, code := runScoreArgs(t, append([]string{in, "-o", book, "--with-clv", "--lang", "en", "-q"}, tc.score...)...); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			f, err := excelize.OpenFile(book)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, want := f.GetSheetList(), []string{"Summary", "Customers", "Churn risk", "CLV models", "Method", "Data quality"}; !reflect.DeepEqual(got, want) {
				t.Errorf("sheets %q, want %q", got, want)
			}
			rows := sheetRows(t, f, "Customers", len(w[0]))
			for i := range w {
				for j := n; j < len(w[i]); j++ {
					if !sameCell(rows[i][j], w[i][j]) {
						t.Errorf("row %d, %s: cell %q, CSV %q", i+1, w[0][j], rows[i][j], w[i][j])
					}
				}
			}
			if churn := sheetRows(t, f, "Churn risk", 1); len(churn) != 4+risk {
				t.Errorf("churn sheet has %d customers, want %d", len(churn)-4, risk)
			}
			cf, err := readCustomerFile(book)
			if err != nil {
				t.Fatalf("rfm diff cannot read the workbook: %v", err)
			}
			if len(cf.Rows) != len(w)-1 {
				t.Errorf("rfm diff read %d customers, want %d", len(cf.Rows), len(w)-1)
			}
		})
	}
}

// TestScoreWithCLVGolden compares score --with-clv's customer CSV with
// golden files. Refresh with go test ./cmd/rfm -update.
func TestScoreWithCLVGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"cdnow150.with-clv", []string{"--lang", "en"}},
		{"cdnow150.with-clv-asof-day", []string{"--as-of", "1997-09-30", "--unit", "day", "--horizon", "365d", "--discount-rate", "0.0003"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runScoreArgs(t, append([]string{"testdata/cdnow150.csv", "-o", "-", "--with-clv", "-q"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			checkGolden(t, filepath.Join("testdata", tc.name+".golden.csv"), []byte(out))
		})
	}
}

func TestScoreWithCLVErrors(t *testing.T) {
	t.Parallel()
	// Model flags without --with-clv are a mistake in the command line.
	_, errs, code := runScoreArgs(t, "testdata/cdnow150.csv", "--horizon", "12m", "--churn-p-alive", "0.3")
	if code != 2 || !strings.Contains(errs, "--horizon, --churn-p-alive: lifetime value settings need --with-clv") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	_, errs, code = runScoreArgs(t, "testdata/cdnow150.csv", "--clv-model", "bgbb")
	if code != 2 || !strings.Contains(errs, "--clv-model: lifetime value settings need --with-clv") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	_, errs, code = runScoreArgs(t, "testdata/cdnow150.csv", "--with-clv", "--clv-model", "bg-nbd")
	if code != 2 || !strings.Contains(errs, `--clv-model must be bgnbd, pareto-nbd, mbgnbd or bgbb, got "bg-nbd"`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	_, errs, code = runScoreArgs(t, "testdata/cdnow150.csv", "--with-clv", "--unit", "month")
	if code != 2 || !strings.Contains(errs, "--unit must be week or day") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	// A fit that does not converge: the models and the advice, exit 1, and
	// no output written.
	out := filepath.Join(t.TempDir(), "customers.csv")
	_, errs, code = runScoreArgs(t, "../../testdata/orders.csv", "--with-clv", "-o", out)
	if code != 1 || !strings.Contains(errs, "did not converge") || !strings.Contains(errs, "│ NO ") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an output was written for a fit that did not converge")
	}
}

// TestCLVIntervalsWorkbook checks that --intervals puts the same interval
// columns, with the same values, in the CSV and the workbook, and names
// the bootstrap on the models sheet.
func TestCLVIntervalsWorkbook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	args := append([]string{"testdata/cdnow150.txt", "--model", "mbgnbd", "--intervals", "20", "--seed", "5", "-q"}, cdnowFlags...)
	csvPath, bookPath := filepath.Join(dir, "clv.csv"), filepath.Join(dir, "clv.xlsx")
	for _, out := range []string{csvPath, bookPath} {
		if _, errs, code := runCLVArgs(t, append(args, "-o", out)...); code != 0 {
			t.Fatalf("-o %s: exit %d: %s", out, code, errs)
		}
	}
	text, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, string(text))
	want := append(report.CLVHeader(), "expected_purchases_p05", "expected_purchases_p95", "clv_p05", "clv_p95")
	if !reflect.DeepEqual(recs[0], want) {
		t.Fatalf("header %q, want %q", recs[0], want)
	}
	f, err := excelize.OpenFile(bookPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := sheetRows(t, f, "Customers", len(want))
	if len(rows) != len(recs) {
		t.Fatalf("%d sheet rows, %d CSV records", len(rows), len(recs))
	}
	for i, rec := range recs {
		for j := range rec {
			if !sameCell(rows[i][j], rec[j]) {
				t.Errorf("row %d, %s: cell %q, CSV %q", i+1, recs[0][j], rows[i][j], rec[j])
			}
		}
	}
	models := sheetRows(t, f, "CLV models", 3)
	found := false
	for _, r := range models {
		if r[0] == "MBG/NBD" && r[1] == "r" {
			found = true
		}
		if r[0] == "Intervals" && r[1] != "90% bootstrap intervals from 20 refits, seed 5" {
			t.Errorf("intervals row %q", r)
		}
	}
	if !found {
		t.Error("no MBG/NBD row on the models sheet")
	}
}
