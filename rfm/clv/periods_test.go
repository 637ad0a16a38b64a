package clv

import (
	"math"
	"runtime"
	"testing"
)

func TestPeriod(t *testing.T) {
	const end = 100
	for _, c := range []struct {
		day  int32
		want int32
	}{
		{100, 0}, {94, 0}, {93, -1}, {87, -1}, {86, -2}, {101, 1}, {107, 1}, {108, 2},
	} {
		if got := period(c.day, end, Week); got != c.want {
			t.Errorf("day %d: period %d, want %d", c.day, got, c.want)
		}
	}
}

func TestSummarizePeriods(t *testing.T) {
	const end = 100
	ps := []Purchase{
		// a: born in period −3 (days 73–79), buys in −3 again, −1 twice, 0.
		{"a", 75, 10}, {"a", 78, 5}, {"a", 90, 1}, {"a", 92, 2}, {"a", 100, 4},
		// b: born in period −2 (80–86), nothing after; a refund is left out.
		{"b", 86, 7}, {"b", 95, -7},
		// c: born on the calibration end; d after it.
		{"c", 100, 3}, {"d", 101, 3},
	}
	got, err := SummarizePeriods(ps, end, Week)
	if err != nil {
		t.Fatal(err)
	}
	want := []Summary{
		{Customer: "a", X: 2, Tx: 3, T: 3, Spend: 3.5, Total: 22, First: 75, Last: 100},
		{Customer: "b", X: 0, Tx: 0, T: 2, Total: 7, First: 86, Last: 86},
		{Customer: "c", X: 0, Tx: 0, T: 0, Total: 3, First: 100, Last: 100},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %+v\nwant %+v", got[i], want[i])
		}
	}
	if n := CountPeriods(ps, 99, 1, Week); n["c"] != 1 || n["a"] != 1 || n["d"] != 1 || n["b"] != 0 || len(CountPeriods(ps, 100, 0, Week)) != 0 {
		t.Errorf("CountPeriods from day 99, one week: %v", n)
	}
}

func TestTrackPeriodsBGBB(t *testing.T) {
	const end = 100
	ps := []Purchase{{"a", 87, 1}, {"a", 95, 1}, {"a", 96, 1}, {"a", 101, 1}, {"b", 94, 1}, {"b", 110, 1}, {"b", 130, 1}}
	sums, err := SummarizePeriods(ps, end, Week)
	if err != nil {
		t.Fatal(err)
	}
	m := BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8}
	rows, err := TrackPeriods(ps, sums, m, end, 2, Week)
	if err != nil {
		t.Fatal(err)
	}
	// Periods −1 (a's birth) through 2; a buys in 0 and 1, b in 2.
	wantActual := []float64{0, 1, 2, 3}
	wantEnd := []int32{93, 100, 107, 114}
	if len(rows) != 4 {
		t.Fatalf("rows %+v", rows)
	}
	for k, r := range rows {
		pred := 0.0
		if k >= 1 {
			pred += m.ExpectedPurchases(float64(k))
		}
		if k >= 2 {
			pred += m.ExpectedPurchases(float64(k - 1))
		}
		if r.Actual != wantActual[k] || r.End != wantEnd[k] || math.Abs(r.Predicted-pred) > 1e-12 {
			t.Errorf("row %d: %+v, want actual %v end %d predicted %v", k, r, wantActual[k], wantEnd[k], pred)
		}
	}
}

func TestInformationCriteria(t *testing.T) {
	aic, bic := InformationCriteria(-100, 4, 1000)
	if aic != 208 || math.Abs(bic-(4*math.Log(1000)+200)) > 1e-12 {
		t.Errorf("AIC %v BIC %v", aic, bic)
	}
	for _, c := range []struct {
		bic  []float64
		conv []bool
		want int
	}{
		{[]float64{3, 1, 2}, []bool{true, true, true}, 1},
		{[]float64{3, 1, 2}, []bool{true, false, true}, 2},
		{[]float64{3, 1}, []bool{false, false}, -1},
	} {
		if got := BestByBIC(c.bic, c.conv); got != c.want {
			t.Errorf("BestByBIC(%v, %v) = %d, want %d", c.bic, c.conv, got, c.want)
		}
	}
}

func TestHoldoutErrors(t *testing.T) {
	m := BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}
	sums := []Summary{{Customer: "a", X: 2, Tx: 20, T: 30}, {Customer: "b", T: 10}}
	actual := map[string]int{"a": 3}
	ea := m.ConditionalExpectedPurchases(39, 2, 20, 30)
	eb := m.ConditionalExpectedPurchases(39, 0, 0, 10)
	rows := []TrackingRow{{End: 5, Actual: 1, Predicted: 9}, {End: 11, Actual: 4, Predicted: 5}, {End: 12, Actual: 10, Predicted: 8}}
	h, err := HoldoutErrors(sums, actual, m, 39, rows, 10)
	if err != nil {
		t.Fatal(err)
	}
	mae := (math.Abs(3-ea) + eb) / 2
	rmse := math.Sqrt(((3-ea)*(3-ea) + eb*eb) / 2)
	if math.Abs(h.MAE-mae) > 1e-12 || math.Abs(h.RMSE-rmse) > 1e-12 || math.Abs(h.TrackingMAPE-22.5) > 1e-12 {
		t.Errorf("got %+v, want MAE %v RMSE %v MAPE 22.5", h, mae, rmse)
	}
}

func TestBootstrap(t *testing.T) {
	sums := cdnowFile(t)
	opts := IntervalOptions{Kind: KindBGNBD, Replicates: 12, Seed: 7, Level: 0.9,
		Value: ValueOptions{Horizon: 52, DiscountRate: 0.01, Margin: 0.3}}
	a, err := Bootstrap(sums, opts)
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	b, err := Bootstrap(sums, opts)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	opts.Seed = 8
	c, err := Bootstrap(sums, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Replicates+a.Failed != 12 || a.Replicates < 10 {
		t.Errorf("replicates %d, failed %d", a.Replicates, a.Failed)
	}
	fit, err := FitBGNBD(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gg, err := FitGammaGamma(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	preds, err := Predict(sums, fit.Params, gg.Params, opts.Value)
	if err != nil {
		t.Fatal(err)
	}
	inside, differ := 0, 0
	for i, r := range a.Rows {
		if r != b.Rows[i] {
			t.Fatalf("customer %d: %+v with all processors, %+v with one", i, r, b.Rows[i])
		}
		if r != c.Rows[i] {
			differ++
		}
		if !(r.PurchasesLo <= r.PurchasesHi && r.CLVLo <= r.CLVHi) {
			t.Fatalf("customer %d: %+v", i, r)
		}
		if r.PurchasesLo <= preds[i].Purchases && preds[i].Purchases <= r.PurchasesHi {
			inside++
		}
	}
	// The point forecast lies within the bootstrap interval for almost
	// every customer; another seed moves the intervals.
	t.Logf("point forecast inside %d of %d intervals; %d differ with another seed", inside, len(sums), differ)
	if inside < len(sums)*9/10 || differ < len(sums)/2 {
		t.Errorf("point forecast inside %d of %d intervals; %d differ with another seed", inside, len(sums), differ)
	}
}
