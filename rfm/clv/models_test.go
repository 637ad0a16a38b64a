package clv

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// readCSV reads a testdata CSV file with the given header into numbers;
// the first column is kept as text.
func readCSV(t testing.TB, name, header string) ([]string, [][]float64) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Fatalf("%s: header %q, want %q", name, got, header)
	}
	var ids []string
	var rows [][]float64
	for i, r := range recs[1:] {
		ids = append(ids, r[0])
		row := make([]float64, len(r))
		for j, v := range r {
			if row[j], err = strconv.ParseFloat(v, 64); err != nil {
				t.Fatalf("%s:%d: %v", name, i+2, err)
			}
		}
		rows = append(rows, row)
	}
	return ids, rows
}

// cdnowFile returns the committed CDNOW calibration summary in weeks.
func cdnowFile(t testing.TB) []Summary {
	t.Helper()
	ids, rows := readCSV(t, "cdnow_summary.csv", "customer,x,t_x_days,T_days,repeat_cents")
	sums := make([]Summary, len(rows))
	for i, r := range rows {
		s := Summary{Customer: ids[i], X: r[1], Tx: r[2] / 7, T: r[3] / 7}
		if s.X > 0 {
			s.Spend = r[4] / 100 / s.X
		}
		sums[i] = s
	}
	return sums
}

// TestCDNOWSummaryFile checks the committed summary against the one built
// from the transactions.
func TestCDNOWSummaryFile(t *testing.T) {
	file := cdnowFile(t)
	sums := cdnowSummaries(t)
	if len(file) != len(sums) {
		t.Fatalf("file has %d customers, the sample %d", len(file), len(sums))
	}
	for i, s := range sums {
		f := file[i]
		if f.Customer != s.Customer || f.X != s.X || math.Abs(f.Tx-s.Tx) > 1e-12 || math.Abs(f.T-s.T) > 1e-12 ||
			math.Abs(f.Spend-s.Spend) > 1e-9 {
			t.Fatalf("row %d: file %+v, sample %+v", i+2, f, s)
		}
	}
}

type paramWant struct {
	name string
	want float64
}

// checkParams compares a fit's parameters with the paper's within 0.5 %.
func checkParams(t *testing.T, m PurchaseModel, r FitResult, want []paramWant) {
	t.Helper()
	got := m.Params()
	t.Logf("%s %+v ll=%.4f iter=%d evals=%d grad=%.2g status=%s", m.Kind(), got, r.LogLik, r.Iterations, r.Evaluations, r.Gradient, r.Status)
	if !r.Converged {
		t.Errorf("%s: not converged", m.Kind())
	}
	for i, w := range want {
		if got[i].Name != w.name || !within(got[i].Value, w.want, 0.005) {
			t.Errorf("%s: got %s %.5f, want %s %.5f ± 0.5%%", m.Kind(), got[i].Name, got[i].Value, w.name, w.want)
		}
	}
}

func TestParetoNBDPaper(t *testing.T) {
	fit, err := FitParetoNBD(cdnowFile(t), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkParams(t, fit.Params, fit.FitResult, []paramWant{{"r", 0.55315}, {"alpha", 10.57633}, {"s", 0.60625}, {"beta", 11.67150}})
	if math.Abs(fit.LogLik-(-9594.976)) > 0.05 {
		t.Errorf("log-likelihood %.4f, want -9594.976 ± 0.05", fit.LogLik)
	}
}

func TestMBGNBDPaper(t *testing.T) {
	fit, err := FitMBGNBD(cdnowFile(t), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkParams(t, fit.Params, fit.FitResult, []paramWant{{"r", 0.525}, {"alpha", 6.183}, {"a", 0.891}, {"b", 1.614}})
}

// donations reads the BG/BB paper's data: x, t_x, n and the donors of
// each history.
func donations(t testing.TB) (x, tx, n, count []float64) {
	_, rows := readCSV(t, "donations.csv", "frequency,recency,n,n_custs")
	for _, r := range rows {
		x, tx, n, count = append(x, r[0]), append(tx, r[1]), append(n, r[2]), append(count, r[3])
	}
	return
}

func TestBGBBPaper(t *testing.T) {
	x, tx, n, count := donations(t)
	total := 0.0
	for _, c := range count {
		total += c
	}
	if len(x) != 22 || total != 11104 {
		t.Fatalf("%d rows, %v donors; want 22, 11104", len(x), total)
	}
	fit, err := FitBGBBCounts(x, tx, n, count, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkParams(t, fit.Params, fit.FitResult, []paramWant{{"alpha", 1.204}, {"beta", 0.750}, {"gamma", 0.657}, {"delta", 2.783}})
	// The same fit from one summary per donor.
	var sums []Summary
	for i := range x {
		for range int(count[i]) {
			sums = append(sums, Summary{Customer: strconv.Itoa(len(sums)), X: x[i], Tx: tx[i], T: n[i]})
		}
	}
	each, err := FitBGBB(sums, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if each.Params != fit.Params || each.LogLik != fit.LogLik {
		t.Errorf("per donor %+v %v, grouped %+v %v", each.Params, each.LogLik, fit.Params, fit.LogLik)
	}
}

// testModels are fitted-looking parameters of every model, with α on
// either side of β for Pareto/NBD and a on either side of 1.
var testModels = []PurchaseModel{
	BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4},
	ParetoNBD{R: 0.55, Alpha: 10.6, S: 0.61, Beta: 11.7},
	ParetoNBD{R: 0.55, Alpha: 12.5, S: 0.61, Beta: 3.1},
	ParetoNBD{R: 0.55, Alpha: 10.6, S: 1.4, Beta: 11.7},
	MBGNBD{R: 0.52, Alpha: 6.2, A: 0.89, B: 1.6},
	MBGNBD{R: 0.52, Alpha: 6.2, A: 1.7, B: 1.6},
	BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 0.66, Delta: 2.8},
	BGBB{Alpha: 1.2, Beta: 0.75, Gamma: 1.9, Delta: 2.8},
}

// TestNewCustomerIdentity checks that a customer seen only at the first
// purchase (x = t_x = T = 0) expects E[X(t)]: the conditional and the
// unconditional expectations agree where they must.
func TestNewCustomerIdentity(t *testing.T) {
	for _, m := range testModels {
		for _, h := range []float64{1, 5, 39} {
			got, want := m.ConditionalExpectedPurchases(h, 0, 0, 0), m.ExpectedPurchases(h)
			if !within(got, want, 1e-9) || !(want > 0) {
				t.Errorf("%s %+v t=%v: E[Y|0,0,0] = %v, E[X] = %v", m.Kind(), m, h, got, want)
			}
		}
	}
}

// TestLikelihoodIsADistribution sums BG/BB's likelihood over every history
// of n periods: it must add up to 1.
func TestLikelihoodIsADistribution(t *testing.T) {
	for _, m := range testModels {
		if m.Kind() != KindBGBB {
			continue
		}
		const n = 6.0
		var total float64
		for x := 0.0; x <= n; x++ {
			for tx := x; tx <= n; tx++ {
				if x == 0 && tx > 0 {
					continue
				}
				// Histories with this (x, t_x): choose which of the
				// periods before t_x had the other x−1 purchases.
				ways := 1.0
				if x > 0 {
					ways = binom(tx-1, x-1)
				}
				total += ways * math.Exp(m.LogLikelihood(x, tx, n))
			}
		}
		if math.Abs(total-1) > 1e-12 {
			t.Errorf("%+v: likelihoods add up to %v", m, total)
		}
	}
}

func binom(n, k float64) float64 {
	return math.Round(math.Exp(lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1)))
}

// TestBGBBConditional checks ExpectedIfAlive × P(alive) against equation
// 13 of the BG/BB paper written out.
func TestBGBBConditional(t *testing.T) {
	for _, pm := range testModels {
		m, ok := pm.(BGBB)
		if !ok {
			continue
		}
		a, b, g, d := m.Alpha, m.Beta, m.Gamma, m.Delta
		for _, h := range [][3]float64{{0, 0, 6}, {3, 5, 6}, {6, 6, 6}, {2, 2, 9}} {
			x, tx, n := h[0], h[1], h[2]
			for _, s := range []float64{1, 5} {
				l := math.Exp(m.LogLikelihood(x, tx, n))
				want := 1 / l * math.Exp(lbeta(a+x+1, b+n-x)-lbeta(a, b)) * d / (g - 1) *
					math.Exp(lgamma(g+d)-lgamma(1+d)) *
					(math.Exp(lgamma(1+d+n)-lgamma(g+d+n)) - math.Exp(lgamma(1+d+n+s)-lgamma(g+d+n+s)))
				if got := m.ConditionalExpectedPurchases(s, x, tx, n); !within(got, want, 1e-9) {
					t.Errorf("%+v (%v, %v, %v) n*=%v: got %v want %v", m, x, tx, n, s, got, want)
				}
			}
		}
	}
}

// TestParetoNBDContinuousAtAlphaBeta checks that the two forms of A₀ (for
// α ≥ β and α < β) meet: the likelihood and P(alive) do not jump at α = β.
func TestParetoNBDContinuousAtAlphaBeta(t *testing.T) {
	for _, h := range [][3]float64{{0, 0, 38}, {2, 30, 38}, {12, 20, 38}, {1, 1, 2}} {
		lo := ParetoNBD{R: 0.55, Alpha: 11 - 1e-9, S: 0.61, Beta: 11}
		hi := ParetoNBD{R: 0.55, Alpha: 11 + 1e-9, S: 0.61, Beta: 11}
		if a, b := lo.LogLikelihood(h[0], h[1], h[2]), hi.LogLikelihood(h[0], h[1], h[2]); math.Abs(a-b) > 1e-7 {
			t.Errorf("%v: log-likelihood %v below α = β, %v above", h, a, b)
		}
		if a, b := lo.PAlive(h[0], h[1], h[2]), hi.PAlive(h[0], h[1], h[2]); math.Abs(a-b) > 1e-7 {
			t.Errorf("%v: P(alive) %v below α = β, %v above", h, a, b)
		}
	}
}
