package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLifecycleRetailSnapshots runs the UCI Online Retail data as two weekly
// snapshots (--as-of a week apart) through rfm score --lifecycle and rfm
// diff: every customer's lifecycle columns must be SPEC §8's, computed here
// from the raw rows, and diff's stage matrix must count the pairs of the two
// files.
func TestLifecycleRetailSnapshots(t *testing.T) {
	root, _ := filepath.Abs("../..")
	gz := filepath.Join(root, "..", "shared", "data", "online_retail", "online_retail.csv.gz")
	f, err := os.Open(gz)
	if err != nil {
		t.Skipf("UCI Online Retail data not available (%v); skipping", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "online_retail.csv")
	if err := os.WriteFile(in, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	purchases := retailPurchaseDates(t, raw)
	snapshots := []string{"2011-12-02", "2011-12-09"}
	files := make([]string, 2)
	for k, asOf := range snapshots {
		files[k] = filepath.Join(dir, "customers-"+asOf+".csv")
		lang := []string{"zh", "en"}[k] // diff must read both languages
		args := []string{"score", in, "--as-of", asOf, "--lifecycle", "--lang", lang, "-o", files[k], "-q"}
		var stderr bytes.Buffer
		if code := run(args, nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		checkRetailLifecycle(t, files[k], asOf, purchases)
	}
	stages := filepath.Join(dir, "stages.csv")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diff", files[0], files[1], "--stage-matrix", stages, "-q"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("diff: exit %d: %s", code, stderr.String())
	}
	// The expected pairs, from the two files' lifecycle columns.
	want := map[[2]string]int{}
	before := readLifecycleColumn(t, files[0])
	now := readLifecycleColumn(t, files[1])
	for id, s := range before {
		n, ok := now[id]
		if !ok {
			n = "(none)"
		}
		want[[2]string{stageEN(s), n}]++
	}
	wonBack := 0
	for id, n := range now {
		s, ok := before[id]
		if !ok {
			want[[2]string{"(none)", n}]++
			continue
		}
		if (stageEN(s) == "dormant" || stageEN(s) == "lapsed") && (n == "active" || n == "returning") {
			wonBack++
		}
	}
	rows := readLifeCSV(t, stages)
	got := map[[2]string]int{}
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[2])
		if n > 0 {
			got[[2]string{r[0], r[1]}] = n
		}
	}
	if len(got) != len(want) {
		t.Errorf("stage matrix has %d non-empty cells, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("stage pair %v: %d customers, want %d", k, got[k], n)
		}
	}
	if want[[2]string{"(none)", "new"}] == 0 || wonBack == 0 {
		t.Errorf("a week of Online Retail should bring new and won-back customers: %v, won back %d", want, wonBack)
	}
	if !strings.Contains(stdout.String(), "won back (dormant or lapsed → active or returning) "+strconv.Itoa(wonBack)) {
		t.Errorf("diff does not name %d won-back customers:\n%s", wonBack, stdout.String())
	}
}

// retailPurchaseDates returns each customer's purchase dates (quantity ×
// price > 0), sorted and distinct, from the Online Retail CSV.
func retailPurchaseDates(t *testing.T, raw []byte) map[string][]string {
	r := csv.NewReader(bytes.NewReader(raw))
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return slices.Index(head, name) }
	qi, pi, ci, di := col("Quantity"), col("UnitPrice"), col("CustomerID"), col("InvoiceDate")
	out := map[string][]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSpace(rec[ci])
		q, p := strings.TrimSpace(rec[qi]), strings.TrimSpace(rec[pi])
		sign := func(s string) int {
			switch {
			case strings.HasPrefix(s, "-"):
				return -1
			case strings.Trim(s, "0.") == "":
				return 0
			}
			return 1
		}
		if id == "" || sign(q)*sign(p) <= 0 {
			continue
		}
		out[id] = append(out[id], rec[di][:10])
	}
	for id, ds := range out {
		slices.Sort(ds)
		out[id] = slices.Compact(ds)
	}
	return out
}

// checkRetailLifecycle recomputes SPEC §8 for every customer of a file.
func checkRetailLifecycle(t *testing.T, file, asOfText string, purchases map[string][]string) {
	t.Helper()
	day := func(s string) int {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		return int(d.Unix() / 86400)
	}
	asOf := day(asOfText)
	rows := readLifeCSV(t, file)
	h := rows[0]
	col := func(name string) int { return slices.Index(h, name) }
	stages := map[string]int{}
	warnings := 0
	for _, r := range rows[1:] {
		var ds []int
		for _, d := range purchases[r[0]] {
			if day(d) <= asOf {
				ds = append(ds, day(d))
			}
		}
		if len(ds) == 0 {
			t.Fatalf("%s: customer %s has no purchase on or before %s", file, r[0], asOfText)
		}
		first, last := ds[0], ds[len(ds)-1]
		rec := asOf - last
		stage := "lapsed"
		switch {
		case asOf-first <= 30:
			stage = "new"
		case rec <= 90 && len(ds) >= 2 && last-ds[len(ds)-2] > 180:
			stage = "returning"
		case rec <= 90:
			stage = "active"
		case rec <= 180:
			stage = "dormant"
		}
		gap, warn, next := "", "false", ""
		if n := len(ds) - 1; n > 0 {
			span := last - first
			gap = strconv.Itoa((20*span+n)/(2*n)/10) + "." + strconv.Itoa((20*span+n)/(2*n)%10)
			if stage != "new" && stage != "lapsed" && rec*n > 2*span {
				warn = "true"
				warnings++
			}
			next = time.Unix(int64(last+(2*span+n)/(2*n))*86400, 0).UTC().Format("2006-01-02")
		}
		want := []string{strconv.Itoa(asOf - first), strconv.Itoa(len(ds)), stage, gap, warn, next}
		got := []string{r[col("tenure_days")], r[col("purchase_days")], stageEN(r[col("lifecycle")]), r[col("mean_gap_days")], r[col("churn_warning")], r[col("expected_next_date")]}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: customer %s: lifecycle columns %q, want %q", file, r[0], got, want)
		}
		stages[stage]++
	}
	for _, s := range []string{"new", "active", "dormant", "lapsed"} {
		if stages[s] == 0 {
			t.Errorf("%s: no %s customer: %v", file, s, stages)
		}
	}
	if warnings == 0 {
		t.Errorf("%s: no churn warning", file)
	}
}

// stageEN translates a Chinese stage name to English.
func stageEN(s string) string {
	zh := map[string]string{"新客户": "new", "回流客户": "returning", "活跃客户": "active", "沉睡客户": "dormant", "流失客户": "lapsed"}
	if en, ok := zh[s]; ok {
		return en
	}
	return s
}

func readLifecycleColumn(t *testing.T, file string) map[string]string {
	rows := readLifeCSV(t, file)
	k := slices.Index(rows[0], "lifecycle")
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[0]] = stageEN(r[k])
	}
	return out
}

func readLifeCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
