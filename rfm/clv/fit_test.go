package clv

import (
	"errors"
	"math"
	"testing"
)

// TestFitRecoversSyntheticParameters fits data drawn from known parameters.
func TestFitRecoversSyntheticParameters(t *testing.T) {
	truth := BGNBD{R: 0.25, Alpha: 4, A: 0.8, B: 2.5}
	truthGG := GammaGamma{P: 6, Q: 4, Gamma: 15}
	ps, end := synthetic(20000, truth, truthGG, 1)
	sums, err := Summarize(ps, end, Week)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitBGNBD(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := fit.Params
	t.Logf("bg/nbd: %+v ll=%.2f iter=%d groups=%d", p, fit.LogLik, fit.Iterations, fit.Groups)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"r", p.R, truth.R}, {"alpha", p.Alpha, truth.Alpha}, {"a", p.A, truth.A}, {"b", p.B, truth.B}} {
		if !within(c.got, c.want, 0.25) {
			t.Errorf("%s: got %.4f, true value %.4f", c.name, c.got, c.want)
		}
	}
	gg, err := FitGammaGamma(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Same-day purchases merge, so spends per repeat day are somewhat
	// larger than per transaction: compare the mean spend, loosely.
	t.Logf("gamma-gamma: %+v ll=%.2f iter=%d", gg.Params, gg.LogLik, gg.Iterations)
	if !within(gg.Params.MeanSpend(), truthGG.MeanSpend(), 0.2) {
		t.Errorf("mean spend: got %.3f, true value %.3f", gg.Params.MeanSpend(), truthGG.MeanSpend())
	}
}

// TestGroupingIsWeighting checks that duplicated customers fit exactly as
// the originals: the grouped likelihood is a weighted one.
func TestGroupingIsWeighting(t *testing.T) {
	sums := cdnowSummaries(t)
	once, err := FitBGNBD(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	twice, err := FitBGNBD(append(sums[:len(sums):len(sums)], sums...), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if twice.Customers != 2*once.Customers || twice.Groups != once.Groups {
		t.Errorf("customers %d groups %d, want %d and %d", twice.Customers, twice.Groups, 2*once.Customers, once.Groups)
	}
	if !within(twice.LogLik, 2*once.LogLik, 1e-9) || !within(twice.Params.R, once.Params.R, 1e-6) ||
		!within(twice.Params.B, once.Params.B, 1e-6) {
		t.Errorf("doubled data: %+v ll %.4f; once: %+v ll %.4f", twice.Params, twice.LogLik, once.Params, once.LogLik)
	}
}

// TestGradients compares the analytic gradients with central differences.
func TestGradients(t *testing.T) {
	sums := []Summary{
		{X: 0, T: 30}, {X: 0, T: 12.5}, {X: 1, Tx: 3, T: 30}, {X: 4, Tx: 20, T: 25, Spend: 12},
		{X: 4, Tx: 20, T: 25, Spend: 40}, {X: 12, Tx: 29, T: 30, Spend: 3.5}, {X: 2, Tx: 0.5, T: 38, Spend: 100},
	}
	bg, err := newBGData(sums)
	if err != nil {
		t.Fatal(err)
	}
	gg, err := newGGData(sums)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		obj  objective
		at   []float64
		pen  func(float64)
	}{
		{"bg/nbd", objective{4, bg.eval}, []float64{-1.2, 0.4, -0.3, 0.9}, func(c float64) { bg.penalizer = c }},
		{"bg/nbd far", objective{4, bg.eval}, []float64{2, -3, 1.5, -2}, func(c float64) { bg.penalizer = c }},
		{"gamma-gamma", objective{3, gg.eval}, []float64{1.8, 1.3, 2.7}, func(c float64) { gg.penalizer = c }},
		{"gamma-gamma far", objective{3, gg.eval}, []float64{-2, 3, -1}, func(c float64) { gg.penalizer = c }},
	} {
		for _, pen := range []float64{0, 0.01} {
			tc.pen(pen)
			g := make([]float64, tc.obj.dim)
			tc.obj.eval(g, tc.at)
			for i := range tc.at {
				const h = 1e-6
				x := append([]float64(nil), tc.at...)
				x[i] += h
				fp := tc.obj.eval(nil, x)
				x[i] -= 2 * h
				fm := tc.obj.eval(nil, x)
				num := (fp - fm) / (2 * h)
				if math.Abs(num-g[i]) > 1e-6*math.Max(1, math.Abs(num)) {
					t.Errorf("%s, penalizer %v: ∂/∂θ%d analytic %.9g, numeric %.9g", tc.name, pen, i, g[i], num)
				}
			}
		}
	}
}

func TestPenalizerShrinks(t *testing.T) {
	sums := cdnowSummaries(t)
	plain, err := FitBGNBD(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pen, err := FitBGNBD(sums, FitOptions{Penalizer: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	n2 := func(m BGNBD, scale float64) float64 {
		return m.R*m.R + m.Alpha*m.Alpha*scale*scale + m.A*m.A + m.B*m.B
	}
	scale := 10 / (272.0 / 7)
	if !(n2(pen.Params, scale) < n2(plain.Params, scale)) || !(pen.LogLik < plain.LogLik) {
		t.Errorf("penalised %+v (ll %.2f) vs plain %+v (ll %.2f): want smaller parameters and a lower likelihood",
			pen.Params, pen.LogLik, plain.Params, plain.LogLik)
	}
}

func TestFitErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		sums []Summary
		opts FitOptions
	}{
		{"no customers", nil, FitOptions{}},
		{"negative penalizer", []Summary{{X: 1, Tx: 1, T: 2, Spend: 1}}, FitOptions{Penalizer: -1}},
		{"t_x after T", []Summary{{X: 1, Tx: 3, T: 2, Spend: 1}}, FitOptions{}},
		{"fractional x", []Summary{{X: 1.5, Tx: 1, T: 2, Spend: 1}}, FitOptions{}},
		{"t_x without repeat", []Summary{{X: 0, Tx: 1, T: 2}}, FitOptions{}},
		{"NaN T", []Summary{{X: 0, T: math.NaN()}}, FitOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FitBGNBD(tc.sums, tc.opts); err == nil {
				t.Error("bg/nbd: got no error")
			}
			if _, err := FitGammaGamma(tc.sums, tc.opts); err == nil {
				t.Error("gamma-gamma: got no error")
			}
		})
	}
	if _, err := FitBGNBD([]Summary{{X: 0, T: 0}}, FitOptions{}); err == nil {
		t.Error("all T = 0: got no error")
	}
	if _, err := FitGammaGamma([]Summary{{X: 0, T: 3}, {X: 2, Tx: 1, T: 3, Spend: 0}}, FitOptions{}); !errors.Is(err, ErrNoData) {
		t.Errorf("no repeat buyer with spend: got %v, want ErrNoData", err)
	}
}

// TestFitReportsNonConvergence fits data that cannot pin the parameters
// down: nobody ever made a repeat purchase, so the likelihood keeps rising
// as the purchase rate goes to zero.
func TestFitReportsNonConvergence(t *testing.T) {
	var sums []Summary
	for i := range 50 {
		sums = append(sums, Summary{X: 0, T: float64(10 + i)})
	}
	fit, err := FitBGNBD(sums, FitOptions{})
	var ce *ConvergenceError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v (fit %+v), want a *ConvergenceError", err, fit)
	}
	t.Log(err)
	if fit.Converged {
		t.Error("Converged is true")
	}
	if len(ce.Advice) == 0 {
		t.Error("no advice")
	}
}

func TestConvergenceErrorText(t *testing.T) {
	err := &ConvergenceError{Model: "bg/nbd", Reason: "parameter b ran off to 1e+09", Advice: []string{"try --penalizer 0.001", "check --unit"}}
	want := "bg/nbd fit did not converge: parameter b ran off to 1e+09; try --penalizer 0.001; check --unit"
	if got := err.Error(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
