package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

func testWeights(t *testing.T) *rfm.Weights {
	t.Helper()
	w, err := rfm.NewWeights([3]rfm.Amount{rfm.AmountFromMicros(200_000), rfm.AmountFromMicros(300_000), rfm.AmountFromMicros(500_000)})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// The weighted score follows rfm_sum in the CSV, the split files and the
// workbook, with the value of SPEC §9 for each customer's scores.
func TestWeightedScoreColumn(t *testing.T) {
	r := scoreFile(t, "testdata/xlsx-orders.csv", segment.EN, rfm.Quantile, "name")
	r.Weights = testWeights(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	k := slices.Index(head, WeightedColumn)
	if k < 0 || head[k-1] != "rfm_sum" || head[k+1] != "segment" {
		t.Fatalf("header %q: want weighted_score between rfm_sum and segment", head)
	}
	for i, rec := range recs[1:] {
		c := r.Customers[i]
		want := rfm.Cents((20*c.R + 30*c.F + 50*c.M)).String() // weights sum to 1: ×100 exact
		if rec[k] != want {
			t.Errorf("%s: weighted_score %s, want %s", c.ID, rec[k], want)
		}
	}

	buf.Reset()
	rows := []int{0, 1}
	if err := WriteSplitCSV(&buf, r, rows, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	split, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if ks := slices.Index(split[0], WeightedColumn); ks < 0 || split[1][ks] != recs[1][k] || split[2][ks] != recs[2][k] {
		t.Errorf("split file %q does not carry the weighted scores of the customer file", split)
	}

	f, _ := writeBook(t, r, XLSXOptions{})
	sheet := f.GetSheetList()[1]
	got, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[0], head) {
		t.Errorf("workbook header %q, want %q", got[0], head)
	}
	for i := 1; i < len(got); i++ {
		if got[i][k] != recs[i][k] {
			t.Errorf("workbook row %d: weighted_score %q, want %q", i, got[i][k], recs[i][k])
		}
	}
}
