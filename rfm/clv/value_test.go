package clv

import "testing"

// paperGG is the Gamma-Gamma fit to the CDNOW repeat buyers (Fader & Hardie
// 2013 note; lifetimes' documentation).
var paperGG = GammaGamma{P: 6.2496, Q: 3.7442, Gamma: 15.4435}

// TestPredictMatchesLifetimes reproduces lifetimes'
// customer_lifetime_value(bgf, …, time=12, discount_rate=0.01) on the CDNOW
// summary: with its default freq="D" on weekly data, that call values 12
// periods of 30 units each, discounted 1 % per period.
func TestPredictMatchesLifetimes(t *testing.T) {
	sums := []Summary{
		{Customer: "1", X: 2, Tx: 30.43, T: 38.86, Spend: 22.35},
		{Customer: "2", X: 1, Tx: 1.71, T: 38.86, Spend: 11.77},
		{Customer: "3", X: 0, Tx: 0, T: 38.86},
	}
	want := []float64{140.096218, 18.943466, 38.180575}
	got, err := Predict(sums, paper, paperGG, ValueOptions{Horizon: 360, Period: 30, DiscountRate: 0.01, Margin: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		if !within(p.CLV, want[i], 1e-4) {
			t.Errorf("customer %s: CLV got %.6f want %.6f", p.Customer, p.CLV, want[i])
		}
	}
}
