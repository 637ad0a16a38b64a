package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readRecords reads a CSV file's records, after a BOM if any.
func readRecords(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// readCSVFile reads a CSV file into records keyed by its first column.
func readCSVFile(t *testing.T, path string) (header []string, rows map[string][]string, order []string) {
	t.Helper()
	recs := readRecords(t, path)
	rows = map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[0]] = r
		order = append(order, r[0])
	}
	return recs[0], rows, order
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("rfm %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// TestDiffRoundTrip scores the sample as of two dates and checks every move
// rfm diff reports against the two customer files, read independently.
func TestDiffRoundTrip(t *testing.T) {
	dir := t.TempDir()
	last, this := filepath.Join(dir, "last.csv"), filepath.Join(dir, "this.csv")
	moves, matrix := filepath.Join(dir, "moves.csv"), filepath.Join(dir, "matrix.csv")
	runOK(t, "score", "../../testdata/orders.csv", "--as-of", "2024-04-30", "--keep", "email", "-o", last, "-q")
	runOK(t, "score", "../../testdata/orders.csv", "--as-of", "2024-06-30", "--keep", "email", "-o", this, "-q")
	for _, p := range []string{last, this} {
		if _, err := os.Stat(p + ".rfm.json"); err != nil {
			t.Fatalf("no settings file: %v", err)
		}
	}
	summary := runOK(t, "diff", last, this, "-o", moves, "--matrix", matrix, "--top", "3", "--lang", "zh")

	ch, old, _ := readCSVFile(t, last)
	_, cur, _ := readCSVFile(t, this)
	col := func(name string) int {
		for i, h := range ch {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	seg, tier, sum, code := col("segment"), col("tier"), col("rfm_sum"), col("rfm_code")
	rec, freq, mon := col("recency_days"), col("frequency"), col("monetary")
	rank := map[string]int{"A": 3, "B": 2, "C": 1}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	money := func(s string) *big.Rat {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("monetary %q", s)
		}
		return r
	}

	mh, got, order := readCSVFile(t, moves)
	if want := "customer_id,email,from_segment,to_segment,from_tier,to_tier,from_rfm_code,to_rfm_code,d_recency,d_frequency,d_monetary,direction"; strings.Join(mh, ",") != want {
		t.Fatalf("moves header %q", strings.Join(mh, ","))
	}
	union := map[string]bool{}
	for id := range old {
		union[id] = true
	}
	for id := range cur {
		union[id] = true
	}
	if len(got) != len(union) || len(order) != len(union) {
		t.Errorf("moves has %d customers, the two files %d", len(got), len(union))
	}
	count := map[string]int{}
	var outOfA, intoA int
	for id := range union {
		o, n := old[id], cur[id]
		m := got[id]
		if m == nil {
			t.Errorf("%s: not in moves", id)
			continue
		}
		var want []string
		switch {
		case o == nil:
			want = []string{id, n[1], "", n[seg], "", n[tier], "", n[code], "", "", "", "new"}
		case n == nil:
			want = []string{id, o[1], o[seg], "", o[tier], "", o[code], "", "", "", "", "gone"}
		default:
			dir := "same"
			a, b := rank[o[tier]], rank[n[tier]]
			if a == b {
				a, b = atoi(o[sum]), atoi(n[sum])
			}
			if b > a {
				dir = "up"
			} else if b < a {
				dir = "down"
			}
			dm := new(big.Rat).Sub(money(n[mon]), money(o[mon])).FloatString(2)
			if dm == "-0.00" {
				dm = "0.00"
			}
			want = []string{id, n[1], o[seg], n[seg], o[tier], n[tier], o[code], n[code],
				strconv.Itoa(atoi(n[rec]) - atoi(o[rec])), strconv.Itoa(atoi(n[freq]) - atoi(o[freq])), dm, dir}
		}
		if strings.Join(m, "|") != strings.Join(want, "|") {
			t.Errorf("%s:\ngot  %q\nwant %q", id, m, want)
		}
		count[want[len(want)-1]]++
		if o != nil && o[tier] == "A" && (n == nil || n[tier] != "A") {
			outOfA++
		}
		if n != nil && n[tier] == "A" && (o == nil || o[tier] != "A") {
			intoA++
		}
	}
	if count["new"] == 0 || count["up"]+count["down"] == 0 {
		t.Errorf("the two dates give no movement to check: %v", count)
	}
	both := len(old) + len(cur) - len(union)
	for _, w := range []string{
		fmt.Sprintf("客户：之前 %d，现在 %d；两期都有 %d，本期新增 %d，本期未出现 %d\n", len(old), len(cur), both, count["new"], count["gone"]),
		fmt.Sprintf("上升 %d，下降 %d，不变 %d", count["up"], count["down"], count["same"]),
		fmt.Sprintf("跌出 A 级 %d，新进 A 级 %d\n", outOfA, intoA),
	} {
		if !strings.Contains(summary, w) {
			t.Errorf("summary lacks %q:\n%s", w, summary)
		}
	}

	// The matrix: one row per cell, the cells add up to the customers.
	b, err := os.ReadFile(matrix)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range cells[1:] {
		total += atoi(c[2])
	}
	if total != len(union) {
		t.Errorf("matrix cells add up to %d, want %d", total, len(union))
	}

	// The same file compared with itself: no movement.
	self := runOK(t, "diff", this, this, "-o", moves, "--lang", "zh")
	if !strings.Contains(self, fmt.Sprintf("上升 0，下降 0，不变 %d（类别变化 0）", len(cur))) || !strings.Contains(self, "本期新增 0，本期未出现 0") {
		t.Errorf("self comparison:\n%s", self)
	}
	_, got, _ = readCSVFile(t, moves)
	for id, m := range got {
		if m[len(m)-1] != "same" || m[len(m)-2] != "0.00" || m[len(m)-3] != "0" || m[len(m)-4] != "0" {
			t.Errorf("%s moved against itself: %q", id, m)
		}
	}
}

// TestDiffRefuses checks that files scored with different settings are refused
// with both settings named, and that a file without settings is compared with
// a warning.
func TestDiffRefuses(t *testing.T) {
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }
	runOK(t, "score", "../../testdata/orders.csv", "-o", path("q5.csv"), "-q")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"rank3", []string{"--method", "rank", "--bins", "3"}, "--method quantile in " + path("q5.csv") + ", --method rank in " + path("rank3.csv") + "; --bins 5 in " + path("q5.csv") + ", --bins 3 in " + path("rank3.csv")},
		{"median", []string{"--split", "median"}, "--split mean in " + path("q5.csv") + ", --split median in " + path("median.csv")},
		{"rfgrid", []string{"--segments", "rfgrid"}, "--segments cn8 in " + path("q5.csv") + ", --segments rfgrid in " + path("rfgrid.csv")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runOK(t, append([]string{"score", "../../testdata/orders.csv", "-o", path(tt.name + ".csv"), "-q"}, tt.args...)...)
			var out, errb bytes.Buffer
			code := run([]string{"diff", path("q5.csv"), path(tt.name + ".csv")}, nil, &out, &errb)
			if code != 1 || !strings.Contains(errb.String(), tt.want) || out.Len() != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out.String(), errb.String(), tt.want)
			}
		})
	}
	// Without the settings file: a warning, and the comparison.
	if err := os.Remove(path("rank3.csv.rfm.json")); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"diff", path("q5.csv"), path("rank3.csv")}, nil, &out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "rank3.csv.rfm.json not found") || !strings.Contains(out.String(), "customers: 61 before, 61 now") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
	// A settings file that no longer matches its file is ignored.
	f, err := os.OpenFile(path("median.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n")
	f.Close()
	errb.Reset()
	code = run([]string{"diff", path("q5.csv"), path("median.csv"), "-o", path("m.csv")}, nil, &out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "changed after rfm score wrote it") {
		t.Errorf("edited file: exit %d, stderr %q", code, errb.String())
	}
}

// TestDiffXLSX reads the customer sheet of a workbook written by rfm score:
// the moves are those of the same run written as CSV.
func TestDiffXLSX(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }
	score := []string{"score", "../../testdata/orders.csv", "--keep", "email,name", "-q"}
	runOK(t, append(score, "--as-of", "2024-06-16", "-o", path("last.xlsx"))...)
	runOK(t, append(score, "--as-of", "2024-06-16", "-o", path("last.csv"))...)
	runOK(t, append(score, "--as-of", "2024-06-23", "-o", path("this.csv"))...)
	runOK(t, "diff", path("last.xlsx"), path("this.csv"), "-o", path("from-xlsx.csv"))
	runOK(t, "diff", path("last.csv"), path("this.csv"), "-o", path("from-csv.csv"))
	a, _ := os.ReadFile(path("from-xlsx.csv"))
	b, _ := os.ReadFile(path("from-csv.csv"))
	if !bytes.Equal(a, b) {
		t.Errorf("moves from the workbook differ from those of the CSV:\n%s", firstDiff(a, b))
	}
	same := runOK(t, "diff", path("last.xlsx"), path("last.csv"))
	if !strings.Contains(same, "moved up 0, moved down 0, same 59 (class changed 0)") {
		t.Errorf("workbook against its CSV:\n%s", same)
	}
}
