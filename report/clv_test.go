package report

import (
	"math"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
)

func TestFixed(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		n    int
		want string
	}{
		{22.345, 2, "22.35"}, {1.005, 2, "1.01"}, {1.0049, 2, "1.00"}, {-0.001, 2, "0.00"}, {-1.5, 1, "-1.5"},
		{-2.675, 2, "-2.68"}, {9.995, 2, "10.00"}, {99.5, 0, "100"}, {0.25, 4, "0.2500"}, {3, 2, "3.00"},
		{1e-7, 6, "0.000000"}, {1e21, 2, "1000000000000000000000.00"}, {math.Inf(1), 2, ""}, {math.NaN(), 2, ""},
	} {
		if got := fixed(tc.v, tc.n); got != tc.want {
			t.Errorf("fixed(%v, %d) = %q, want %q", tc.v, tc.n, got, tc.want)
		}
	}
}

// TestWriteCLVJSON pins the JSON document: keys in the order of the
// papers' parameters, the purchase model under its own key, and the
// comparison only when there is one.
func TestWriteCLVJSON(t *testing.T) {
	c := testCLV()
	var b strings.Builder
	if err := WriteCLVJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	want := `{
  "bgnbd": {
    "r": 0.25,
    "alpha": 4.4,
    "a": 0.8,
    "b": 2.4,
    "loglik": -123.456,
    "converged": true
  },
  "gamma_gamma": {
    "p": 6.2,
    "q": 3.7,
    "gamma": 15.4,
    "loglik": -45.6,
    "converged": true
  },
  "customers": 5
}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	c.Model = clv.ModelFit{Model: clv.ParetoNBD{R: 0.5, Alpha: 10, S: 0.6, Beta: math.NaN()}, FitResult: clv.FitResult{LogLik: -9}}
	c.Comparison = &CLVComparison{Customers: 5, Best: -1, HoldoutEnd: rfm.NoDate,
		Rows: []CLVCompareRow{{Fit: c.Model, AIC: 26, BIC: 24.4}}}
	b.Reset()
	if err := WriteCLVJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`  "pareto_nbd": {`, `    "beta": 0,`, `    "converged": false`,
		`      "model": "pareto-nbd",`, `      "k": 4,`, `      "bic": 24.4`, `  "best_by_bic": ""`} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("no line %q in\n%s", line, b.String())
		}
	}
}

// TestWriteCLVComparison checks the comparison table's rule line and the
// marked best model.
func TestWriteCLVComparison(t *testing.T) {
	fit := func(m clv.PurchaseModel, ll float64) clv.ModelFit {
		return clv.ModelFit{Model: m, FitResult: clv.FitResult{LogLik: ll, Converged: true, Iterations: 9}}
	}
	c := &CLVComparison{Customers: 100, Best: 1, HoldoutEnd: rfm.DateOf(2024, 6, 30), Rows: []CLVCompareRow{
		{Fit: fit(clv.BGNBD{R: 1, Alpha: 2, A: 3, B: 4}, -50), AIC: 108, BIC: 118.42, Holdout: &clv.HoldoutError{MAE: 0.5, RMSE: 0.75, TrackingMAPE: 12.345}},
		{Fit: fit(clv.MBGNBD{R: 1, Alpha: 2, A: 3, B: 4}, -40), AIC: 88, BIC: 98.42, Holdout: &clv.HoldoutError{MAE: 0.25, RMSE: 0.5, TrackingMAPE: math.NaN()}},
	}}
	var b strings.Builder
	if err := WriteCLVComparison(&b, c, i18n.EN); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"│ BG/NBD    │ r 1.0000, α 2.0000, a 3.0000, b 4.0000 │", "│ MBG/NBD * │", "12.35%", " 0.2500 │", "0.5000 │               │ yes",
		"n = 100 customers: MBG/NBD.\n", "Holdout to 2024-06-30:"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
