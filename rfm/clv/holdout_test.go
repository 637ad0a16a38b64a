package clv

import (
	"math"
	"testing"
)

// TestCDNOWHoldout reproduces the paper's validation on weeks 40–78: the
// cumulative repeat purchases agree with the calibration data and the
// holdout counts, and the model's forecasts are close to both.
func TestCDNOWHoldout(t *testing.T) {
	ps := readCDNOW(t)
	calEnd, holdEnd := day(t, "19970930"), day(t, "19980630")
	sums, err := Summarize(ps, calEnd, Week)
	if err != nil {
		t.Fatal(err)
	}
	actual := CountDays(ps, calEnd, holdEnd)
	var calRepeat, holdRepeat float64
	for _, s := range sums {
		calRepeat += s.X
		holdRepeat += float64(actual[s.Customer])
	}

	rows := CompareByFrequency(sums, actual, paper, float64(holdEnd-calEnd)/7, 7)
	if len(rows) != 8 || rows[7].X != 7 {
		t.Fatalf("got %d rows %+v, want x = 0…7+", len(rows), rows)
	}
	var n int
	var act, pred float64
	for _, r := range rows {
		t.Logf("x=%d customers=%d actual=%.3f predicted=%.3f", r.X, r.Customers, r.Actual, r.Predicted)
		n += r.Customers
		act += r.Actual * float64(r.Customers)
		pred += r.Predicted * float64(r.Customers)
	}
	if n != len(sums) || math.Abs(act-holdRepeat) > 1e-9 {
		t.Errorf("by frequency: %d customers, %.0f actual; want %d and %.0f", n, act, len(sums), holdRepeat)
	}
	// The model under-forecasts CDNOW's holdout by about 12 % (1653 for
	// 1882), as the paper's Figure 2 shows.
	if !within(pred, holdRepeat, 0.15) {
		t.Errorf("predicted holdout repeat purchases %.1f, actual %.0f: more than 15%% apart", pred, holdRepeat)
	}

	track, err := Track(ps, sums, paper, Week, holdEnd)
	if err != nil {
		t.Fatal(err)
	}
	if len(track) != 78 {
		t.Fatalf("got %d weeks, want 78", len(track))
	}
	cal, last := track[38], track[77]
	t.Logf("week 39: actual %.0f predicted %.1f; week 78: actual %.0f predicted %.1f", cal.Actual, cal.Predicted, last.Actual, last.Predicted)
	if cal.End != calEnd || cal.Actual != calRepeat {
		t.Errorf("week 39 ends %d with %.0f repeat purchases, want %d and %.0f", cal.End, cal.Actual, calEnd, calRepeat)
	}
	if last.End != holdEnd || last.Actual != calRepeat+holdRepeat {
		t.Errorf("week 78 ends %d with %.0f repeat purchases, want %d and %.0f", last.End, last.Actual, holdEnd, calRepeat+holdRepeat)
	}
	if !within(cal.Predicted, calRepeat, 0.05) || !within(last.Predicted, last.Actual, 0.1) {
		t.Errorf("predicted %.1f and %.1f, actual %.0f and %.0f", cal.Predicted, last.Predicted, cal.Actual, last.Actual)
	}
	for k := 1; k < len(track); k++ {
		if track[k].Actual < track[k-1].Actual || track[k].Predicted < track[k-1].Predicted {
			t.Errorf("week %d: cumulative values fall", k+1)
		}
	}
}

func TestTrackPeriods(t *testing.T) {
	ps := []Purchase{
		{"a", 0, 1}, {"a", 3, 1}, {"a", 3, 2}, {"a", 9, -1}, {"a", 10, 0},
		{"b", 5, 1}, {"b", 12, 1},
		{"c", 20, 1}, // not in the cohort
	}
	sums, err := Summarize(ps, 6, Week)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Track(ps, sums, paper, Week, 12)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		end    int32
		actual float64
	}{{6, 1}, {12, 3}}
	if len(rows) != len(want) {
		t.Fatalf("got %+v", rows)
	}
	for i, w := range want {
		if rows[i].End != w.end || rows[i].Actual != w.actual || rows[i].Period != i+1 {
			t.Errorf("period %d: got %+v, want end %d actual %v", i+1, rows[i], w.end, w.actual)
		}
	}
	// Predicted: a from day 0 and b from day 5, E[X] of their ages in weeks.
	p := paper.ExpectedPurchases(12.0/7) + paper.ExpectedPurchases(7.0/7)
	if math.Abs(rows[1].Predicted-p) > 1e-12 {
		t.Errorf("period 2 predicted %v, want %v", rows[1].Predicted, p)
	}
	if _, err := Track(ps, sums, paper, 3, 12); err == nil {
		t.Error("unit 3: no error")
	}
}
