package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// The golden files are rewritten with go test ./report -update.
var update = flag.Bool("update", false, "rewrite the golden files")

// scoreFile runs the scoring pipeline of rfm score on a test input, with
// default flags except for the language, the method and the kept columns.
func scoreFile(t *testing.T, path string, lang segment.Lang, method rfm.Method, keep ...string) *Result {
	t.Helper()
	agg, rep, err := ingest.Scan(context.Background(), ingest.File{Path: path}, ingest.Options{AsOf: rfm.NoDate, Keep: keep}, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	opt := rfm.Options{Method: method, Bins: 5}
	res := &Result{Input: path, AsOf: agg.MaxDate() + 1, Score: opt, Scheme: segment.CN8(),
		Segments: segment.Options{Bins: 5, MeanMethod: method == rfm.Mean}, Lang: lang, UI: lang, Ingest: rep, Version: "test"}
	for _, i := range rep.Columns.Keep {
		res.Kept = append(res.Kept, rep.Columns.Header[i])
	}
	res.Customers, res.NotScored = agg.Customers(res.AsOf, rfm.MonetarySum)
	if res.Scoring, err = rfm.Score(res.Customers, opt); err != nil {
		t.Fatal(err)
	}
	if res.Assigned, err = res.Scheme.Assign(res.Customers, res.Segments); err != nil {
		t.Fatal(err)
	}
	return res
}

func writeBook(t *testing.T, r *Result, opt XLSXOptions) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, opt); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

// cellDump lists every non-empty cell of the workbook as sheet, cell, the
// value as shown and its type: the golden form of a workbook.
func cellDump(t *testing.T, f *excelize.File) [][]string {
	t.Helper()
	out := [][]string{{"sheet", "cell", "value", "type"}}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s!%s holds a formula %q", sheet, ref, formula)
				}
				out = append(out, []string{sheet, ref, v, typeName(typ)})
			}
		}
	}
	return out
}

func typeName(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return "text"
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		return "number"
	}
	return fmt.Sprint(t)
}

func compareGolden(t *testing.T, name string, got [][]string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(got)
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (refresh with go test ./report -update)", err)
	}
	if bytes.Equal(buf.Bytes(), want) {
		return
	}
	wr, _ := csv.NewReader(bytes.NewReader(want)).ReadAll()
	for i := 0; i < max(len(got), len(wr)); i++ {
		var g, w []string
		if i < len(got) {
			g = got[i]
		}
		if i < len(wr) {
			w = wr[i]
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: first difference at line %d:\ngot  %q\nwant %q\n(refresh with go test ./report -update)", path, i+1, g, w)
		}
	}
}

// TestWriteXLSX reads the workbook back cell by cell against golden CSV,
// in both languages.
func TestWriteXLSX(t *testing.T) {
	for _, tt := range []struct {
		lang   segment.Lang
		name   string
		sheets []string
	}{
		{segment.ZH, "zh", []string{"概览", "客户明细", "方法", "数据质量"}},
		{segment.EN, "en", []string{"Summary", "Customers", "Method", "Data quality"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := scoreFile(t, "testdata/xlsx-orders.csv", tt.lang, rfm.Quantile, "name")
			f, data := writeBook(t, r, XLSXOptions{InputSHA256: "0123abcd"})
			if got := f.GetSheetList(); !reflect.DeepEqual(got, tt.sheets) {
				t.Errorf("sheets %q, want %q", got, tt.sheets)
			}
			compareGolden(t, "xlsx-"+tt.name+".golden.csv", cellDump(t, f))
			if i := f.GetActiveSheetIndex(); i != 0 {
				t.Errorf("the workbook opens on sheet %d, want the summary", i)
			}

			// The header of the customer sheet is frozen and filtered.
			cust := tt.sheets[1]
			panes, err := f.GetPanes(cust)
			if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("customer panes %+v, %v; want the first row frozen", panes, err)
			}
			names := f.GetDefinedName()
			filter := ""
			for _, n := range names {
				if n.Name == "_xlnm._FilterDatabase" && n.Scope == cust {
					filter = n.RefersTo
				}
			}
			if want := fmt.Sprintf("'%s'!$A$1:$N$21", cust); filter != want && filter != strings.ReplaceAll(want, "$", "") {
				t.Errorf("customer filter %q, want %s", filter, want)
			}
			if panes, _ := f.GetPanes(tt.sheets[0]); !panes.Freeze || panes.YSplit != 5 {
				t.Errorf("summary panes %+v, want the rows above the class table frozen", panes)
			}
			// The summary has its five charts (classes, R, F and M
			// histograms, Pareto) and the two grids their colour scales.
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			var charts []string
			for _, zf := range zr.File {
				if strings.HasPrefix(zf.Name, "xl/charts/chart") {
					charts = append(charts, zf.Name)
				}
			}
			if len(charts) != 5 {
				t.Errorf("charts %q, want five", charts)
			}
			cf, err := f.GetConditionalFormats(tt.sheets[0])
			if err != nil || len(cf) != 2 || cf["M6:Q10"] == nil || cf["M14:Q18"] == nil {
				t.Errorf("summary conditional formats %v, %v; want the two grids'", cf, err)
			}
			for ref, opts := range cf {
				if len(opts) != 1 || opts[0].Type != "3_color_scale" {
					t.Errorf("conditional format on %s: %+v", ref, opts)
				}
			}
			// Class cells share their colour between the summary and the
			// customer sheet.
			summaryFill := map[string]string{}
			for row := 6; row <= 13; row++ {
				name, _ := f.GetCellValue(tt.sheets[0], fmt.Sprintf("A%d", row))
				summaryFill[name] = fillOf(t, f, tt.sheets[0], fmt.Sprintf("A%d", row))
			}
			for row := 2; row <= 21; row++ {
				name, _ := f.GetCellValue(cust, fmt.Sprintf("M%d", row))
				if got := fillOf(t, f, cust, fmt.Sprintf("M%d", row)); got == "" || got != summaryFill[name] {
					t.Errorf("%s!M%d (%s) is filled %q, the summary %q", cust, row, name, got, summaryFill[name])
				}
			}
		})
	}
}

func fillOf(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

// TestWriteXLSXContinuation lowers the rows per sheet and checks that the
// customers continue on numbered sheets, in order, each with its header,
// and that the summary says so.
func TestWriteXLSXContinuation(t *testing.T) {
	r := scoreFile(t, "testdata/xlsx-orders.csv", segment.EN, rfm.Quantile)
	f, _ := writeBook(t, r, XLSXOptions{MaxRows: 7})
	want := []string{"Summary", "Customers", "Customers (2)", "Customers (3)", "Method", "Data quality"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	var ids []string
	for i, sheet := range want[1:4] {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rows[0], Header(nil)) {
			t.Errorf("%s header %q", sheet, rows[0])
		}
		if n := len(rows) - 1; n != []int{7, 7, 6}[i] {
			t.Errorf("%s holds %d customers", sheet, n)
		}
		if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s panes %+v", sheet, panes)
		}
		for _, row := range rows[1:] {
			ids = append(ids, row[0])
		}
	}
	var wantIDs []string
	for _, c := range r.Customers {
		wantIDs = append(wantIDs, c.ID)
	}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("customers across the sheets %q, want %q", ids, wantIDs)
	}
	note, _ := f.GetCellValue("Summary", "A3")
	if note != "The customers continue on 3 sheets: Customers, Customers (2), Customers (3) (at most 7 rows each)." {
		t.Errorf("summary note %q", note)
	}
}

// TestWriteXLSXWidths checks that what a person reads fits its column: the
// heat map's counts (it shares the narrow tier column) and the method
// sheet's labels and actions; and the Chinese continuation note.
func TestWriteXLSXWidths(t *testing.T) {
	r := &Result{Input: "big.csv", AsOf: rfm.DateOf(2024, 7, 1), Score: rfm.Options{Method: rfm.Quantile, Bins: 5},
		Scheme: segment.CN8(), Lang: segment.ZH, Version: "test"}
	for i := range 20000 {
		r.Customers = append(r.Customers, rfm.Customer{ID: fmt.Sprintf("C%07d", i), Recency: 1, Frequency: 1,
			Net: 100, Monetary: 100, First: rfm.DateOf(2024, 1, 1), Last: rfm.DateOf(2024, 6, 1), R: 1, F: 1, M: 1})
		r.Assigned.Segment = append(r.Assigned.Segment, 7)
		r.Assigned.Tier = append(r.Assigned.Tier, "C")
	}
	f, _ := writeBook(t, r, XLSXOptions{MaxRows: 15000})
	// R 1 × F 1 holds all 20,000: the grid's columns fit it.
	if v, _ := f.GetCellValue("概览", "M10"); v != "20,000" {
		t.Fatalf("概览!M10 = %q, want the heat map's R 1 × F 1 count", v)
	}
	if w, _ := f.GetColWidth("概览", "M"); w < textWidth("20,000")+2 {
		t.Errorf("the heat map's first column is %.1f wide, too narrow for 20,000", w)
	}
	if note, _ := f.GetCellValue("概览", "A3"); note != "客户明细分在 2 张工作表：客户明细、客户明细 (2)（每张最多 15,000 行）。" {
		t.Errorf("continuation note %q", note)
	}
	for _, lang := range []segment.Lang{segment.ZH, segment.EN} {
		r := scoreFile(t, "testdata/xlsx-orders.csv", lang, rfm.Quantile)
		f, _ := writeBook(t, r, XLSXOptions{})
		sheet := xlsxLabelsFor(lang).method
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		wa, _ := f.GetColWidth(sheet, "A")
		wf, _ := f.GetColWidth(sheet, "F")
		for i, row := range rows {
			// The title and the note under the class table run across.
			if len(row) > 0 && i > 0 && row[0] != xlsxLabelsFor(lang).ruleNote && textWidth(row[0]) > wa {
				t.Errorf("%s!A%d %q is wider than its column (%.1f)", sheet, i+1, row[0], wa)
			}
			if len(row) == 6 && textWidth(row[5]) > wf {
				t.Errorf("%s!F%d %q is wider than its column (%.1f)", sheet, i+1, row[5], wf)
			}
		}
	}
}

// TestWriteXLSXEmpty writes a run with no scored customer: the customer
// sheet has its header only.
func TestWriteXLSXEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "returns.csv")
	if err := os.WriteFile(path, []byte("customer_id,order_date,amount\nA,2024-01-02,-5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := scoreFile(t, path, segment.ZH, rfm.Mean)
	f, _ := writeBook(t, r, XLSXOptions{})
	rows, err := f.GetRows("客户明细")
	if err != nil || len(rows) != 1 {
		t.Errorf("customer sheet %q, %v; want the header only", rows, err)
	}
	// The mean method's heat map has the 0 and 1 scores.
	rows, _ = f.GetRows("概览")
	var heat []string
	for _, row := range rows {
		if len(row) > heatCol-1 && len(row[heatCol-1]) == 3 && strings.HasPrefix(row[heatCol-1], "R ") {
			heat = append(heat, row[heatCol-1])
		}
	}
	// Two grids: customers, mean monetary.
	if !reflect.DeepEqual(heat, []string{"R 1", "R 0", "R 1", "R 0"}) {
		t.Errorf("heat map rows %q", heat)
	}
}

// BenchmarkWriteXLSX writes a workbook of 100,000 generated customers.
// benchResult is a scored result of n made-up customers, for the writers'
// benchmarks.
func benchResult(n int) *Result {
	r := &Result{Input: "big.csv", AsOf: rfm.DateOf(2024, 7, 1), Score: rfm.Options{Method: rfm.Quantile, Bins: 5},
		Scheme: segment.CN8(), Lang: segment.ZH, Version: "bench"}
	for i := range n {
		r.Customers = append(r.Customers, rfm.Customer{ID: fmt.Sprintf("C%07d", i), Recency: int64(i % 365), Frequency: int64(1 + i%7),
			Net: rfm.Cents(i * 37 % 100000), Monetary: rfm.Cents(i * 37 % 100000), First: rfm.DateOf(2024, 1, 1), Last: rfm.DateOf(2024, 6, 1),
			R: 1 + i%5, F: 1 + i/5%5, M: 1 + i/25%5})
		r.Assigned.Segment = append(r.Assigned.Segment, i%8)
		r.Assigned.Tier = append(r.Assigned.Tier, "ABC"[i%3:i%3+1])
	}
	return r
}

func BenchmarkWriteXLSX(b *testing.B) {
	r := benchResult(100000)
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, r, XLSXOptions{}); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

// BenchmarkWriteCSV is the write stage of rfm score on a million customers.
func BenchmarkWriteCSV(b *testing.B) {
	r := benchResult(1000000)
	for b.Loop() {
		n, err := countingWrite(func(w io.Writer) error { return WriteCSV(w, r, CSVOptions{}) })
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(n)
	}
}

// countingWrite runs write into a writer that keeps nothing and returns the
// number of bytes written.
func countingWrite(write func(io.Writer) error) (int64, error) {
	var c byteCounter
	err := write(&c)
	return int64(c), err
}

type byteCounter int64

func (c *byteCounter) Write(p []byte) (int, error) {
	*c += byteCounter(len(p))
	return len(p), nil
}
