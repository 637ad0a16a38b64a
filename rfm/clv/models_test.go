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
