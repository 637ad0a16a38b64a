package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// runAt is the run time the workbooks are written with, as cmd passes it
// from SOURCE_DATE_EPOCH=1700000000.
var runAt = time.Unix(1700000000, 0).UTC()

// zipPart returns one part of a workbook.
func zipPart(t *testing.T, book []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s in the workbook", name)
	return ""
}

var fontRE = regexp.MustCompile(`<font>.*?</font>`)
var fontNameRE = regexp.MustCompile(`<name val="([^"]*)"`)

// bookLook is what a workbook looks like beyond its cells: the golden form
// of its styles, properties and print setup.
type bookLook struct {
	Fonts       []string          // the family of every font of xl/styles.xml
	DefaultFont string            // GetDefaultFont
	Creator     string            // docProps/core.xml
	Modified    string            //
	Created     string            //
	Title       string            //
	Application string            // docProps/app.xml
	Sheets      []sheetLook       //
	Names       map[string]string // defined names: sheet!name → refers to
	Charts      int               // chart parts
}

type sheetLook struct {
	Name                 string
	Orientation          string
	FitToWidth, FitToHgt int
	FitToPage            bool
}

// lookOf reads a workbook's look back with excelize.
func lookOf(t *testing.T, book []byte) bookLook {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lk bookLook
	styles := zipPart(t, book, "xl/styles.xml")
	fonts := styles[strings.Index(styles, "<fonts"):strings.Index(styles, "</fonts>")]
	for _, fnt := range fontRE.FindAllString(fonts, -1) {
		name := ""
		if m := fontNameRE.FindStringSubmatch(fnt); m != nil {
			name = m[1]
		}
		lk.Fonts = append(lk.Fonts, name)
	}
	slices.Sort(lk.Fonts)
	lk.Fonts = slices.Compact(lk.Fonts)
	if lk.DefaultFont, err = f.GetDefaultFont(); err != nil {
		t.Fatal(err)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	lk.Creator, lk.Modified, lk.Created, lk.Title = props.Creator, props.LastModifiedBy, props.Created, props.Title
	app, err := f.GetAppProps()
	if err != nil {
		t.Fatal(err)
	}
	lk.Application = app.Application
	for _, s := range f.GetSheetList() {
		pl, err := f.GetPageLayout(s)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := f.GetSheetProps(s)
		if err != nil {
			t.Fatal(err)
		}
		sl := sheetLook{Name: s}
		if pl.Orientation != nil {
			sl.Orientation = *pl.Orientation
		}
		if pl.FitToWidth != nil {
			sl.FitToWidth = *pl.FitToWidth
		}
		if pl.FitToHeight != nil {
			sl.FitToHgt = *pl.FitToHeight
		}
		if sp.FitToPage != nil {
			sl.FitToPage = *sp.FitToPage
		}
		lk.Sheets = append(lk.Sheets, sl)
	}
	lk.Names = map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, "_xlnm.Print_") {
			lk.Names[dn.Scope+"!"+dn.Name] = dn.RefersTo
		}
	}
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			lk.Charts++
		}
	}
	return lk
}

// checkLook compares a workbook's look with its golden file and checks
// the rules every workbook keeps: each font named (one family), rfm the
// author, the run's time, every sheet printed landscape and one page wide
// with a print area.
func checkLook(t *testing.T, book []byte, golden, family string) bookLook {
	t.Helper()
	lk := lookOf(t, book)
	if !slices.Equal(lk.Fonts, []string{family}) {
		t.Errorf("font families %q, want every font named %q", lk.Fonts, family)
	}
	if lk.DefaultFont != family {
		t.Errorf("default font %q, want %q", lk.DefaultFont, family)
	}
	if lk.Creator != "rfm" || lk.Modified != "rfm" || lk.Application != "rfm" {
		t.Errorf("creator %q, last modified by %q, application %q; want rfm", lk.Creator, lk.Modified, lk.Application)
	}
	if lk.Created != "2023-11-14T22:13:20Z" {
		t.Errorf("created %q, want the run time 2023-11-14T22:13:20Z", lk.Created)
	}
	for _, s := range lk.Sheets {
		if s.Orientation != "landscape" || s.FitToWidth != 1 || !s.FitToPage {
			t.Errorf("sheet %s: %+v, want landscape, fit to one page wide", s.Name, s)
		}
		if lk.Names[s.Name+"!_xlnm.Print_Area"] == "" {
			t.Errorf("sheet %s has no print area", s.Name)
		}
	}
	got, err := json.MarshalIndent(lk, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", golden)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (refresh with go test ./report -run TestWorkbookLook -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (refresh with go test ./report -run TestWorkbookLook -update):\ngot\n%s\nwant\n%s", path, got, want)
	}
	return lk
}

// TestWorkbookLookScore reads the score workbook's styles, properties,
// print setup, charts, R × F grids and cut points back.
func TestWorkbookLookScore(t *testing.T) {
	for _, tt := range []struct {
		lang   segment.Lang
		family string
	}{{segment.ZH, "等线"}, {segment.EN, "Calibri"}} {
		t.Run(tt.family, func(t *testing.T) {
			r := scoreFile(t, filepath.Join("..", "testdata", "orders.csv"), tt.lang, rfm.Quantile)
			f, book := writeBook(t, r, XLSXOptions{Created: runAt})
			// The same run gives the same bytes (excelize adds the
			// drawing's content types from a map).
			for range 3 {
				if _, again := writeBook(t, r, XLSXOptions{Created: runAt}); !bytes.Equal(again, book) {
					t.Fatal("two writes of the same result differ")
				}
			}
			lk := checkLook(t, book, "look-score-"+tt.lang.Pick("zh", "en")+".golden.json", tt.family)
			lb := xlsxLabelsFor(tt.lang)
			if got, want := lk.Names[lb.customers+"!_xlnm.Print_Titles"], "'"+lb.customers+"'!$1:$1"; got != want {
				t.Errorf("customer sheet's print titles %q, want %q", got, want)
			}
			// The class chart, three histograms and the Pareto curve.
			if lk.Charts != 5 {
				t.Errorf("%d charts, want 5", lk.Charts)
			}

			// The grids: customers, then mean monetary, R 5 at the top.
			counts, sums := map[[2]int]int{}, map[[2]int]rfm.Cents{}
			for _, c := range r.Customers {
				counts[[2]int{c.R, c.F}]++
				sums[[2]int{c.R, c.F}] += c.Monetary
			}
			s := lb.summary
			get := func(ref string) string {
				v, err := f.GetCellValue(s, ref)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			if got := get("L5"); got != "R \\ F" {
				t.Errorf("L5 %q, want the grid's corner", got)
			}
			for i := range 5 {
				rv := 5 - i
				for j := range 5 {
					fv := j + 1
					k := [2]int{rv, fv}
					if got, want := get(cell(13+j, 6+i)), groupThousands(counts[k]); got != want {
						t.Errorf("count R%d F%d at %s: %q, want %q", rv, fv, cell(13+j, 6+i), got, want)
					}
					want := ""
					if counts[k] > 0 {
						want = groupDigits(fmt.Sprintf("%.2f", float64(sums[k])/float64(counts[k])/100))
					}
					if got := get(cell(13+j, 14+i)); got != want {
						t.Errorf("mean monetary R%d F%d at %s: %q, want %q", rv, fv, cell(13+j, 14+i), got, want)
					}
				}
			}
			// Evenly sized: the grid's columns share one width.
			var widths []float64
			for c := 12; c <= 17; c++ {
				name, _ := excelize.ColumnNumberToName(c)
				w, _ := f.GetColWidth(s, name)
				widths = append(widths, w)
			}
			if slices.Min(widths) != slices.Max(widths) {
				t.Errorf("grid column widths %v, want one width", widths)
			}
			// orders.csv ties the F cut points: the note says which scores
			// are unused.
			if u := r.Scoring.Unused[rfm.Frequency]; len(u) == 0 {
				t.Fatal("orders.csv should leave F scores unused")
			}
			note := get("L21")
			if !strings.Contains(note, "F "+joinInts(r.Scoring.Unused[rfm.Frequency])) {
				t.Errorf("unused note %q lacks F %s", note, joinInts(r.Scoring.Unused[rfm.Frequency]))
			}

			// The cut points on the method sheet in the metric's format.
			rows, err := f.GetRows(lb.method)
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, row := range rows {
				if len(row) < 2 {
					continue
				}
				want := ""
				switch row[0] {
				case fmt.Sprintf(lb.cuts, metricName(rfm.Monetary, tt.lang)):
					want = `^\d{1,3}(,\d{3})*\.\d\d(, \d{1,3}(,\d{3})*\.\d\d){3}$`
				case fmt.Sprintf(lb.cuts, metricName(rfm.Recency, tt.lang)), fmt.Sprintf(lb.cuts, metricName(rfm.Frequency, tt.lang)):
					want = `^\d{1,3}(,\d{3})*(\.\d+)?(, \d{1,3}(,\d{3})*(\.\d+)?){3}$`
				default:
					continue
				}
				found++
				if !regexp.MustCompile(want).MatchString(row[1]) {
					t.Errorf("%s: %q does not match %s", row[0], row[1], want)
				}
			}
			if found != 3 {
				t.Errorf("%d cut point rows on the method sheet, want 3", found)
			}
			// The remedy of the tied F scores, pasteable, on the method
			// sheet and under the grid.
			remedy := r.TieRemedy()
			if !strings.Contains(remedy, "--f-cuts 1,2,3,4") {
				t.Fatalf("remedy %q, want F cut at 1,2,3,4", remedy)
			}
			onSheet := false
			for _, row := range rows {
				onSheet = onSheet || len(row) >= 2 && row[1] == remedy
			}
			if !onSheet {
				t.Errorf("the method sheet lacks the remedy %q", remedy)
			}
			if got := get("L22"); got != r.TieNote(tt.lang) {
				t.Errorf("the note under the grid %q, want %q", got, r.TieNote(tt.lang))
			}
		})
	}
}

// TestCutPointsShown: money with two decimals, days and counts whole where
// they are, thousands grouped.
func TestCutPointsShown(t *testing.T) {
	// cut is num/den (in stored units: cents for money), the first of
	// den-quantiles of {0, num}.
	cut := func(num, den int64) rfm.Cut {
		if den == 1 {
			num, den = 2*num, 2
		}
		return rfm.QuantileCuts([]int64{0, num}, int(den))[0]
	}
	for _, tt := range []struct {
		name string
		m    rfm.Metric
		cuts []rfm.Cut
		want string
	}{
		{"money three decimals", rfm.Monetary, []rfm.Cut{cut(123046, 5), cut(241391, 5)}, "246.09, 482.78"},
		{"money thousands", rfm.Monetary, []rfm.Cut{cut(202314, 1), cut(123456789, 1)}, "2,023.14, 1,234,567.89"},
		{"money whole", rfm.Monetary, []rfm.Cut{cut(92000, 1)}, "920.00"},
		{"days whole", rfm.Recency, []rfm.Cut{cut(39, 1), cut(1200, 1)}, "39, 1,200"},
		{"orders half", rfm.Frequency, []rfm.Cut{cut(5, 2), cut(3, 1)}, "2.5, 3"},
	} {
		if got := cutPointsShown(tt.cuts, tt.m); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestHistogramBins: round widths for recency, one bin per order count
// then 1-2-5 edges, log-spaced money, and the Pareto curve's ends.
func TestHistogramBins(t *testing.T) {
	cs := []rfm.Customer{{Recency: 0, Frequency: 1, Monetary: 50}, {Recency: 45, Frequency: 3, Monetary: 1999},
		{Recency: 399, Frequency: 30, Monetary: 250000}, {Recency: 100, Frequency: 12, Monetary: 2000}}
	show := func(bins []histBin) string {
		var parts []string
		for _, b := range bins {
			if b.n > 0 {
				parts = append(parts, fmt.Sprintf("%s:%d", b.label, b.n))
			}
		}
		return fmt.Sprintf("%d bins %s", len(bins), strings.Join(parts, " "))
	}
	for _, tt := range []struct {
		name string
		got  []histBin
		want string
	}{
		{"recency", recencyBins(cs), "8 bins 0–49:2 100–149:1 350–399:1"},
		{"frequency", frequencyBins(cs), "11 bins 1:1 3:1 10–19:1 20–49:1"},
		{"monetary", monetaryBins(cs), "12 bins 0.5–1:1 10–20:1 20–50:1 2k–5k:1"},
	} {
		if got := show(tt.got); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
	p := paretoCurve(cs)
	if len(p) != 101 || p[0] != [2]float64{0, 0} || p[100] != [2]float64{1, 1} || p[25][1] != 250000.0/254049 {
		t.Errorf("pareto curve %v … %v, %v", p[0], p[25], p[100])
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
	if err := WriteDiffXLSX(&b, d, DiffXLSXOptions{Created: runAt}); err != nil {
		t.Fatal(err)
	}
	lk := checkLook(t, b.Bytes(), "look-diff.golden.json", "Calibri")
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
	if w, _ := f.GetColWidth("Matrix", "A"); w < textWidth("Important development") {
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

// TestWorkbookLookCLV: the lifetime value workbook names its font and rfm,
// and prints every sheet landscape, one page wide.
func TestWorkbookLookCLV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCLVXLSX(&b, testCLV(), CLVXLSXOptions{Created: runAt}); err != nil {
		t.Fatal(err)
	}
	checkLook(t, b.Bytes(), "look-clv.golden.json", "Calibri")
}
