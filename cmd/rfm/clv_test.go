package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/report"
)

// cdnowFlags read CDNOW_sample.txt and its excerpt, the first 150 customers
// (testdata/cdnow150.txt), with the paper's 39-week calibration period.
var cdnowFlags = []string{"--no-header", "--columns", "master,customer_id,order_date,cds,amount",
	"--delimiter", "whitespace", "--calibration-end", "1997-09-30"}

// sharedDataFile returns a file under ../shared/data next to the module
// root, or skips the test when it is absent, as in a fresh clone.
func sharedDataFile(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = filepath.Dir(dir)
	}
	p := filepath.Join(dir, "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data set %s not present (it lives next to the repository, not in it): %v", rel, err)
	}
	return p
}

func runCLVArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"clv"}, args...), nil, &out, &errb)
	return out.String(), errb.String(), code
}

// TestCLVCDNOW runs the acceptance fit end to end, from the transaction file
// through ingest to the JSON report.
func TestCLVCDNOW(t *testing.T) {
	path := sharedDataFile(t, "cdnow/CDNOW_sample.txt")
	out, errs, code := runCLVArgs(t, append([]string{path, "--json", "-q"}, cdnowFlags...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var j clvJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"r", j.BGNBD.R, 0.2426}, {"alpha", j.BGNBD.Alpha, 4.4136}, {"a", j.BGNBD.A, 0.7929}, {"b", j.BGNBD.B, 2.4259},
		{"p", j.GammaGamma.P, 6.2496}, {"q", j.GammaGamma.Q, 3.7442}, {"gamma", j.GammaGamma.Gamma, 15.4435},
	} {
		if math.Abs(c.got-c.want) > 0.005*c.want {
			t.Errorf("%s: got %.5f want %.4f ± 0.5%%", c.name, c.got, c.want)
		}
	}
	if math.Abs(j.BGNBD.LogLik+9582.43) > 0.05 || math.Abs(j.GammaGamma.LogLik+4055.92) > 0.05 {
		t.Errorf("log-likelihoods %.3f and %.3f, want -9582.43 and -4055.92", j.BGNBD.LogLik, j.GammaGamma.LogLik)
	}
	if !j.BGNBD.Converged || !j.GammaGamma.Converged || j.Customers != 2357 {
		t.Errorf("converged %v %v, customers %d", j.BGNBD.Converged, j.GammaGamma.Converged, j.Customers)
	}
}

func TestCLVCustomerCSV(t *testing.T) {
	out, errs, code := runCLVArgs(t, append([]string{"testdata/cdnow150.txt", "-o", "-"}, cdnowFlags...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(recs[0], ","), strings.Join(report.CLVHeader(), ","); got != want {
		t.Fatalf("header %s, want %s", got, want)
	}
	if len(recs) != 151 {
		t.Fatalf("%d customers, want 150", len(recs)-1)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return v
	}
	risk := 0
	for i, r := range recs[1:] {
		if i > 0 && r[0] <= recs[i][0] {
			t.Errorf("row %d: %s after %s, want customer id order", i+1, r[0], recs[i][0])
		}
		x, tx, T, pAlive, clvV := num(r[1]), num(r[2]), num(r[3]), num(r[6]), num(r[9])
		if tx > T || (x == 0 && (tx != 0 || pAlive != 1)) || pAlive < 0 || pAlive > 1 || clvV < 0 {
			t.Errorf("customer %s: implausible %v", r[0], r)
		}
		if r[10] == "true" {
			risk++
			if pAlive >= 0.5 {
				t.Errorf("customer %s at risk with P(alive) %v", r[0], pAlive)
			}
		}
	}
	// Customer 0001 of CDNOW: x = 2, t_x = 30.43, T = 38.86 weeks.
	if got := strings.Join(recs[1][:4], ","); got != "0001,2,30.4286,38.8571" {
		t.Errorf("customer 0001: %s", got)
	}
	if risk == 0 {
		t.Error("no customer at churn risk")
	}
	for _, want := range []string{"delimiter \"whitespace\", no header row", "rows read 439 = used 439", "calibration end 1997-09-30 (--calibration-end); unit week; 150 customers"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

func TestCLVSummaryAndHoldout(t *testing.T) {
	out, errs, code := runCLVArgs(t, append([]string{"testdata/cdnow150.txt", "--holdout-end", "1998-06-30", "--unit", "day", "--horizon", "12m", "-q"}, cdnowFlags...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"BG/NBD", "Gamma-Gamma", "Horizon 12m (365.25 days)", "churn risk",
		"Holdout 1997-10-01 – 1998-06-30 (273 days)", "│  7+ │", "Cumulative repeat purchases of the 150 customers, per day",
		"1997-09-30 (calibration end)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestCLVNotConverged: a fit that cannot converge prints what it found,
// says what to try, and exits 1.
func TestCLVNotConverged(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,order_date,amount\n")
	// Twenty one-time buyers and two who came back once, a week later.
	for i := range 20 {
		b.WriteString("c" + strconv.Itoa(i) + ",2024-01-0" + strconv.Itoa(1+i%9) + ",10\n")
	}
	b.WriteString("r1,2024-01-01,10\nr1,2024-01-08,12\nr2,2024-01-02,10\nr2,2024-01-09,30\n")
	path := filepath.Join(t.TempDir(), "few.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCLVArgs(t, path, "--calibration-end", "2024-03-31", "-o", filepath.Join(t.TempDir(), "out.csv"))
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout %s stderr %s", code, out, errs)
	}
	for _, want := range []string{"did not converge", "NO"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	t.Log(errs)
}

func TestCLVUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--unit", "month"}, "--unit must be week or day"},
		{[]string{"--horizon", "12"}, "--horizon must be a number followed by"},
		{[]string{"--horizon", "-3w"}, "--horizon must be"},
		{[]string{"--discount-rate", "-0.1"}, "--discount-rate must be"},
		{[]string{"--margin", "0"}, "--margin must be"},
		{[]string{"--penalizer", "-1"}, "--penalizer must be"},
		{[]string{"--churn-p-alive", "2"}, "--churn-p-alive must be within 0–1"},
		{[]string{"--calibration-end", "1997-13-01"}, "--calibration-end must be a date"},
		{[]string{"--holdout-end", "1998-06-30"}, "--holdout-end needs --calibration-end"},
		{[]string{"--calibration-end", "1997-09-30", "--holdout-end", "1997-09-30"}, "must be after"},
		{[]string{"-o", "-", "--json"}, "both write to standard output"},
		{[]string{"--no-header"}, "--no-header needs --columns"},
		{[]string{"--columns", "a,b,c"}, "add --no-header"},
		{[]string{"--delimiter", "#"}, "--delimiter must be"},
		{[]string{"--model", "nbd"}, "--model must be bgnbd, pareto-nbd, mbgnbd or bgbb"},
		{[]string{"--model", "bgbb", "--compare"}, "leave out --model bgbb"},
		{[]string{"--intervals", "-5"}, "--intervals must be a number of refits ≥ 1"},
		{[]string{"--intervals", "0"}, "--intervals must be a number of refits ≥ 1"},
		{[]string{"--seed", "3"}, "--seed sets the bootstrap of --intervals"},
	} {
		_, errs, code := runCLVArgs(t, append([]string{"orders.csv"}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

func TestParseHorizon(t *testing.T) {
	for _, tc := range []struct {
		in   string
		days float64
	}{
		{"52w", 364}, {"12m", 365.25}, {"365d", 365}, {"1y", 365.25}, {"2.5W", 17.5},
	} {
		got, err := parseHorizon(tc.in)
		if err != nil || math.Abs(got-tc.days) > 1e-9 {
			t.Errorf("parseHorizon(%q) = %v, %v; want %v", tc.in, got, err, tc.days)
		}
	}
	for _, bad := range []string{"", "w", "12", "0w", "-1d", "3q", "NaNd", "Infw"} {
		if _, err := parseHorizon(bad); err == nil {
			t.Errorf("parseHorizon(%q): no error", bad)
		}
	}
}

// clvJSON reads the --json document of a BG/NBD run.
type clvJSON struct {
	BGNBD struct {
		R         float64 `json:"r"`
		Alpha     float64 `json:"alpha"`
		A         float64 `json:"a"`
		B         float64 `json:"b"`
		LogLik    float64 `json:"loglik"`
		Converged bool    `json:"converged"`
	} `json:"bgnbd"`
	GammaGamma struct {
		P         float64 `json:"p"`
		Q         float64 `json:"q"`
		Gamma     float64 `json:"gamma"`
		LogLik    float64 `json:"loglik"`
		Converged bool    `json:"converged"`
	} `json:"gamma_gamma"`
	Customers int `json:"customers"`
}

// TestREADMECompare runs the README's --compare example on the bundled
// excerpt and checks that the README shows its output as it is.
func TestREADMECompare(t *testing.T) {
	text, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "rfm clv cmd/rfm/testdata/cdnow150.txt --no-header --columns master,customer_id,order_date,cds,amount \\\n  --delimiter whitespace --calibration-end 1997-09-30 --holdout-end 1998-06-30 --compare -q\n```\n\n```\n"
	_, rest, ok := strings.Cut(string(text), cmd)
	if !ok {
		t.Fatal("README: the --compare example is missing")
	}
	shown, _, _ := strings.Cut(rest, "```\n")
	out, errs, code := runCLVArgs(t, "testdata/cdnow150.txt", "--no-header", "--columns", "master,customer_id,order_date,cds,amount",
		"--delimiter", "whitespace", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--compare", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != shown {
		t.Errorf("README shows\n%s\nthe command prints\n%s", shown, out)
	}
}
