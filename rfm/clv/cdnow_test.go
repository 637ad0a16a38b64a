package clv

import (
	"bufio"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sharedData returns the path of a file under the shared data directory,
// ../shared/data next to the module root, or skips the test when it is
// absent (as it is in a fresh clone).
func sharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data set %s not present (it lives next to the repository, not in it): %v", rel, err)
	}
	return p
}

// day returns the day number of a yyyymmdd date.
func day(t testing.TB, s string) int32 {
	t.Helper()
	tm, err := time.Parse("20060102", s)
	if err != nil {
		t.Fatal(err)
	}
	return int32(tm.Unix() / 86400)
}

// readCDNOW reads CDNOW_sample.txt: no header, whitespace-separated fields
// master id, sample id, yyyymmdd, CDs, dollars. The sample id is the
// customer.
func readCDNOW(t testing.TB) []Purchase {
	t.Helper()
	f, err := os.Open(sharedData(t, "cdnow/CDNOW_sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ps []Purchase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 5 {
			t.Fatalf("CDNOW_sample.txt:%d: %d fields, want 5", line, len(fs))
		}
		amt, err := strconv.ParseFloat(fs[4], 64)
		if err != nil {
			t.Fatalf("CDNOW_sample.txt:%d: %v", line, err)
		}
		ps = append(ps, Purchase{Customer: fs[1], Day: day(t, fs[2]), Amount: amt})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ps
}

// cdnowSummaries is the 39-week calibration summary of the CDNOW sample.
func cdnowSummaries(t testing.TB) []Summary {
	t.Helper()
	sums, err := Summarize(readCDNOW(t), day(t, "19970930"), Week)
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

func within(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want)
}

// TestCDNOWSummaryMatchesLifetimes cross-checks the SPEC §7 summary built
// from the transactions with lifetimes' published CDNOW summary, whose
// values are rounded to two decimals.
func TestCDNOWSummaryMatchesLifetimes(t *testing.T) {
	sums := cdnowSummaries(t)
	f, err := os.Open(sharedData(t, "cdnow/cdnow_customers_summary_with_transactions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(recs[0], ","), "ID,x,t_x,T,zbar"; got != want {
		t.Fatalf("header %q, want %q", got, want)
	}
	recs = recs[1:]
	if len(sums) != len(recs) {
		t.Fatalf("got %d customers, want %d", len(sums), len(recs))
	}
	byID := make(map[int]Summary, len(sums))
	for _, s := range sums {
		id, err := strconv.Atoi(s.Customer)
		if err != nil {
			t.Fatalf("customer id %q: %v", s.Customer, err)
		}
		byID[id] = s
	}
	for _, r := range recs {
		var v [5]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(r[i], 64); err != nil {
				t.Fatal(err)
			}
		}
		s, ok := byID[int(v[0])]
		if !ok {
			t.Errorf("customer %v missing", v[0])
			continue
		}
		// Two decimals, rounded: allow half a cent plus float slack.
		if s.X != v[1] || math.Abs(s.Tx-v[2]) > 0.0051 || math.Abs(s.T-v[3]) > 0.0051 || math.Abs(s.Spend-v[4]) > 0.0051 {
			t.Errorf("customer %v: got x=%v t_x=%.4f T=%.4f m̄=%.4f, want %v", v[0], s.X, s.Tx, s.T, s.Spend, r)
		}
	}
}

func TestCDNOWFitBGNBD(t *testing.T) {
	fit, err := FitBGNBD(cdnowSummaries(t), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := fit.Params
	t.Logf("r=%.7f alpha=%.7f a=%.7f b=%.7f ll=%.4f iter=%d evals=%d grad=%.2g groups=%d status=%s",
		p.R, p.Alpha, p.A, p.B, fit.LogLik, fit.Iterations, fit.Evaluations, fit.Gradient, fit.Groups, fit.Status)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"r", p.R, 0.2426},
		{"alpha", p.Alpha, 4.4136},
		{"a", p.A, 0.7929},
		{"b", p.B, 2.4259},
	} {
		if !within(c.got, c.want, 0.005) {
			t.Errorf("%s: got %.5f want %.4f ± 0.5%%", c.name, c.got, c.want)
		}
	}
	if math.Abs(fit.LogLik-(-9582.43)) > 0.05 {
		t.Errorf("log-likelihood: got %.4f want -9582.43 ± 0.05", fit.LogLik)
	}
	if !fit.Converged || fit.Customers != 2357 {
		t.Errorf("converged %v, customers %d; want true, 2357", fit.Converged, fit.Customers)
	}
}

func TestCDNOWFitGammaGamma(t *testing.T) {
	fit, err := FitGammaGamma(cdnowSummaries(t), FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := fit.Params
	t.Logf("p=%.7f q=%.7f gamma=%.7f ll=%.4f iter=%d evals=%d grad=%.2g status=%s",
		p.P, p.Q, p.Gamma, fit.LogLik, fit.Iterations, fit.Evaluations, fit.Gradient, fit.Status)
	if fit.Customers != 946 {
		t.Errorf("fitted on %d customers, want the 946 repeat buyers", fit.Customers)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"p", p.P, 6.2496},
		{"q", p.Q, 3.7442},
		{"gamma", p.Gamma, 15.4435},
	} {
		if !within(c.got, c.want, 0.005) {
			t.Errorf("%s: got %.5f want %.4f ± 0.5%%", c.name, c.got, c.want)
		}
	}
	if math.Abs(fit.LogLik-(-4055.92)) > 0.05 {
		t.Errorf("log-likelihood: got %.4f want -4055.92 ± 0.05", fit.LogLik)
	}
	if !fit.Converged {
		t.Error("not converged")
	}
}

// TestCDNOWUnitInvariance fits the same data in days: only the time scale
// changes, so α is seven times the weekly one, r, a and b stay, and the
// log-likelihood (a density in time) moves by −Σx·ln 7.
func TestCDNOWUnitInvariance(t *testing.T) {
	weeks := cdnowSummaries(t)
	days, err := Summarize(readCDNOW(t), day(t, "19970930"), Day)
	if err != nil {
		t.Fatal(err)
	}
	w, err := FitBGNBD(weeks, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := FitBGNBD(days, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var sumX float64
	for _, s := range weeks {
		sumX += s.X
	}
	if !within(d.Params.R, w.Params.R, 1e-5) || !within(d.Params.Alpha, 7*w.Params.Alpha, 1e-5) ||
		!within(d.Params.A, w.Params.A, 1e-5) || !within(d.Params.B, w.Params.B, 1e-5) {
		t.Errorf("days %+v, weeks %+v", d.Params, w.Params)
	}
	if math.Abs(d.LogLik-(w.LogLik-sumX*math.Log(7))) > 1e-6 {
		t.Errorf("log-likelihood in days %.6f, want %.6f", d.LogLik, w.LogLik-sumX*math.Log(7))
	}
}
