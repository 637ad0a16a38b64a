package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/report/internal/booklook"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// runAt is the run time the workbooks are written with, as cmd passes it
// from SOURCE_DATE_EPOCH=1700000000.
var runAt = time.Unix(1700000000, 0).UTC()

// checkLook compares a workbook's look with its golden file under
// testdata and checks the rules every workbook keeps (booklook.Check).
func checkLook(t *testing.T, book []byte, golden, family string) booklook.Look {
	t.Helper()
	return booklook.Check(t, book, filepath.Join("testdata", golden), family, *update)
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
						want = GroupDigits(fmt.Sprintf("%.2f", float64(sums[k])/float64(counts[k])/100))
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

// TestWorkbookLookCLV: the lifetime value workbook names its font and rfm,
// and prints every sheet landscape, one page wide.
func TestWorkbookLookCLV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCLVXLSX(&b, testCLV(), CLVXLSXOptions{Created: runAt, Lang: segment.EN}); err != nil {
		t.Fatal(err)
	}
	checkLook(t, b.Bytes(), "look-clv.golden.json", "Calibri")
}
