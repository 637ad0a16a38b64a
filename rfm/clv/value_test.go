package clv

import (
	"math"
	"testing"
)

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

func TestPredictRules(t *testing.T) {
	sums := []Summary{
		{Customer: "b", X: 2, Tx: 30.43, T: 38.86, Spend: 22.35, Total: 80},
		{Customer: "a", X: 0, T: 38.86, Total: 500},
		{Customer: "c", X: 5, Tx: 2, T: 38, Spend: 40, Total: 300},
	}
	t.Run("no discount: CLV = purchases × spend × margin", func(t *testing.T) {
		got, err := Predict(sums, paper, paperGG, ValueOptions{Horizon: 52, Margin: 0.3})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range got {
			if p.Customer != sums[i].Customer {
				t.Errorf("row %d is %q, want input order", i, p.Customer)
			}
			want := p.Purchases * p.Spend * 0.3
			if !within(p.CLV, want, 1e-12) {
				t.Errorf("%s: CLV %v, want %v", p.Customer, p.CLV, want)
			}
			s := sums[i]
			if e := paper.ConditionalExpectedPurchases(52, s.X, s.Tx, s.T); !within(p.Purchases, e, 1e-12) {
				t.Errorf("%s: purchases %v, want %v", p.Customer, p.Purchases, e)
			}
		}
	})
	t.Run("discounting per unit", func(t *testing.T) {
		got, err := Predict(sums[:1], paper, paperGG, ValueOptions{Horizon: 3, DiscountRate: 0.1, Margin: 1})
		if err != nil {
			t.Fatal(err)
		}
		s := sums[0]
		want := 0.0
		for k := 1; k <= 3; k++ {
			inc := paper.ConditionalExpectedPurchases(float64(k), s.X, s.Tx, s.T) - paper.ConditionalExpectedPurchases(float64(k-1), s.X, s.Tx, s.T)
			want += inc / math.Pow(1.1, float64(k))
		}
		want *= paperGG.ConditionalExpectedSpend(s.X, s.Spend)
		if !within(got[0].CLV, want, 1e-12) {
			t.Errorf("CLV %v, want %v", got[0].CLV, want)
		}
	})
	t.Run("a last partial period", func(t *testing.T) {
		got, err := Predict(sums[:1], paper, paperGG, ValueOptions{Horizon: 2.5, DiscountRate: 0.1, Margin: 1})
		if err != nil {
			t.Fatal(err)
		}
		s := sums[0]
		y := func(t float64) float64 { return paper.ConditionalExpectedPurchases(t, s.X, s.Tx, s.T) }
		want := (y(1)/1.1 + (y(2)-y(1))/1.21 + (y(2.5)-y(2))/math.Pow(1.1, 2.5)) * paperGG.ConditionalExpectedSpend(s.X, s.Spend)
		if !within(got[0].CLV, want, 1e-12) {
			t.Errorf("CLV %v, want %v", got[0].CLV, want)
		}
	})
	t.Run("churn rule", func(t *testing.T) {
		got, err := Predict(sums, paper, paperGG, ValueOptions{Horizon: 52, Margin: 1, Churn: ChurnRule{MinValue: 100, MaxPAlive: 0.5}})
		if err != nil {
			t.Fatal(err)
		}
		// b: P(alive) 0.73 and value 80; a: no repeat purchase, so alive;
		// c: five purchases in the first two weeks, then 36 silent ones.
		want := map[string]bool{"a": false, "b": false, "c": true}
		for _, p := range got {
			if p.ChurnRisk != want[p.Customer] {
				t.Errorf("%s: P(alive) %.3f, churn risk %v, want %v", p.Customer, p.PAlive, p.ChurnRisk, want[p.Customer])
			}
		}
	})
}

func TestPredictErrors(t *testing.T) {
	sums := []Summary{{Customer: "a", X: 1, Tx: 1, T: 2, Spend: 3}}
	ok := ValueOptions{Horizon: 52, DiscountRate: 0.01, Margin: 0.3}
	for _, tc := range []struct {
		name string
		opts func(*ValueOptions)
		bg   BGNBD
		gg   GammaGamma
	}{
		{"zero horizon", func(o *ValueOptions) { o.Horizon = 0 }, paper, paperGG},
		{"infinite horizon", func(o *ValueOptions) { o.Horizon = math.Inf(1) }, paper, paperGG},
		{"negative discount rate", func(o *ValueOptions) { o.DiscountRate = -0.1 }, paper, paperGG},
		{"negative period", func(o *ValueOptions) { o.Period = -1 }, paper, paperGG},
		{"NaN margin", func(o *ValueOptions) { o.Margin = math.NaN() }, paper, paperGG},
		{"NaN churn threshold", func(o *ValueOptions) { o.Churn.MaxPAlive = math.NaN() }, paper, paperGG},
		{"zero r", func(*ValueOptions) {}, BGNBD{R: 0, Alpha: 1, A: 1, B: 1}, paperGG},
		{"infinite gamma", func(*ValueOptions) {}, paper, GammaGamma{P: 1, Q: 2, Gamma: math.Inf(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.opts(&o)
			if _, err := Predict(sums, tc.bg, tc.gg, o); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func TestConditionalExpectedSpend(t *testing.T) {
	for _, tc := range []struct {
		name    string
		m       GammaGamma
		x, mbar float64
		want    float64
	}{
		{"CDNOW x = 2", paperGG, 2, 22.35, 6.2496 * (15.4435 + 44.7) / (2*6.2496 + 3.7442 - 1)},
		{"no repeat purchase: the population mean", paperGG, 0, 0, 6.2496 * 15.4435 / 2.7442},
		{"q ≤ 1: no finite mean", GammaGamma{P: 2, Q: 0.8, Gamma: 10}, 0, 0, math.Inf(1)},
		{"q ≤ 1 but px + q > 1", GammaGamma{P: 2, Q: 0.8, Gamma: 10}, 1, 5, 2 * 15 / 1.8},
	} {
		if got := tc.m.ConditionalExpectedSpend(tc.x, tc.mbar); !(got == tc.want || within(got, tc.want, 1e-12)) {
			t.Errorf("%s: got %v want %v", tc.name, got, tc.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    []float64
		q    float64
		want float64
	}{
		{"median of odd", []float64{3, 1, 2}, 0.5, 2},
		{"interpolated", []float64{1, 2, 3, 4}, 0.8, 3.4},
		{"minimum", []float64{5, 1}, 0, 1},
		{"maximum", []float64{5, 1}, 1, 5},
		{"q above 1 clamps", []float64{5, 1}, 2, 5},
		{"one value", []float64{7}, 0.3, 7},
	} {
		if got := Quantile(tc.v, tc.q); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: got %v want %v", tc.name, got, tc.want)
		}
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("empty: want NaN")
	}
}
