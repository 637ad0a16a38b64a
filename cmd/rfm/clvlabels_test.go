package main

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCLVLabelsFollowModel checks that every output of rfm clv names what
// its purchase model counts: BG/BB periods of one --unit with a purchase,
// the others purchase days over time since the first purchase. No word of
// one kind may show in the other's terminal tables or workbook.
func TestCLVLabelsFollowModel(t *testing.T) {
	t.Parallel()
	periodWords := []string{"Purchase periods", "periods with a purchase", "period of one week", "Period"}
	dayWords := []string{"Purchase days", "since the first purchase", "repeat purchases per customer", "Week"}
	for _, tc := range []struct {
		model     string
		want, not []string
	}{
		{"bgnbd", dayWords, periodWords},
		{"pareto-nbd", dayWords, periodWords},
		{"mbgnbd", dayWords, periodWords},
		{"bgbb", periodWords, dayWords},
	} {
		t.Run(tc.model, func(t *testing.T) {
			dir := t.TempDir()
			book := filepath.Join(dir, "clv.xlsx")
			args := append([]string{"testdata/cdnow150.txt", "--holdout-end", "1998-06-30", "--model", tc.model, "-q"}, cdnowFlags...)
			term, errs, code := runCLVArgs(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if _, errs, code := runCLVArgs(t, append(args, "-o", book)...); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			f, err := excelize.OpenFile(book)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var text strings.Builder
			for _, sheet := range []string{"CLV models", "Churn risk", "Holdout by frequency", "Holdout cumulative"} {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					text.WriteString(strings.Join(r, "|") + "\n")
				}
			}
			for name, out := range map[string]string{"terminal": term, "workbook": text.String()} {
				for _, w := range tc.want {
					if !containsWord(out, w) {
						t.Errorf("%s lacks %q:\n%s", name, w, out)
					}
				}
				for _, w := range tc.not {
					if containsWord(out, w) {
						t.Errorf("%s says %q", name, w)
					}
				}
			}
		})
	}
}

// TestScoreWithCLVLabels checks that rfm score --with-clv's churn sheet
// names what the chosen model counts, in either language.
func TestScoreWithCLVLabels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		model, lang, want, not string
		more                   []string
	}{
		{"bgnbd", "zh", "购买天数", "购买期数", nil},
		// The BG/BB fit of all 78 weeks took 0.4 s: the English run does
		// it, the Chinese one fits the first 39 weeks, as
		// TestScoreWithCLV's bgbb case does. The labels are the same.
		{"bgbb", "zh", "购买期数", "购买天数", []string{"--as-of", "1997-09-30"}},
		{"bgnbd", "en", "Purchase days", "Purchase periods", nil},
		{"bgbb", "en", "Purchase periods", "Purchase days", nil},
	} {
		t.Run(tc.model+"-"+tc.lang, func(t *testing.T) {
			book := filepath.Join(t.TempDir(), "customers.xlsx")
			args := append([]string{"testdata/cdnow150.csv", "--with-clv", "--clv-model", tc.model, "--lang", tc.lang, "-o", book, "-q"}, tc.more...)
			_, errs, code := runScoreArgs(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			f, err := excelize.OpenFile(book)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := map[string]string{"zh": "流失风险", "en": "Churn risk"}[tc.lang]
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var text string
			for _, r := range rows {
				text += strings.Join(r, "|") + "\n"
			}
			if !strings.Contains(text, tc.want) || strings.Contains(text, tc.not) {
				t.Errorf("churn sheet: want %q and not %q:\n%s", tc.want, tc.not, text)
			}
		})
	}
}

// TestCLVTrackingChart checks that the cumulative tracking chart has a
// numeric x axis from 0 to the last period, so that a reader labels it in
// round steps rather than printing every one of 78 periods on top of each
// other (as LibreOffice did with a line chart's categories).
func TestCLVTrackingChart(t *testing.T) {
	t.Parallel()
	book := filepath.Join(t.TempDir(), "clv.xlsx")
	args := append([]string{"testdata/cdnow150.txt", "--holdout-end", "1998-06-30", "-q", "-o", book}, cdnowFlags...)
	if _, errs, code := runCLVArgs(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	z, err := zip.OpenReader(book)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var charts []string
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		charts = append(charts, string(b))
	}
	var track string
	for _, c := range charts {
		if strings.Contains(c, "Holdout cumulative") {
			track = c
		}
	}
	switch {
	case track == "":
		t.Fatalf("no chart of the tracking sheet among %d charts", len(charts))
	case !strings.Contains(track, "scatterChart") || strings.Contains(track, "catAx"):
		t.Error("the tracking chart has a category x axis; want a scatter chart with a numeric one")
	case !strings.Contains(track, `<max val="78">`) || !strings.Contains(track, `<min val="0">`):
		t.Error("the tracking chart's x axis does not run from 0 to the last period, 78")
	}
	for _, look := range []string{`prstDash val="dash"`, `<a:solidFill>`} {
		if !strings.Contains(track, look) {
			t.Errorf("the tracking chart lacks %s: its lines would not show", look)
		}
	}
}

// containsWord reports whether s holds w not as part of a longer word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		end := i + j + len(w)
		if end == len(s) || !isLetter(s[end]) {
			if i+j == 0 || !isLetter(s[i+j-1]) {
				return true
			}
		}
		i += j + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
