package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and scripts with the current output")

// TestGolden compares the customer CSV for the bundled sample with golden
// files, for several flag sets. Refresh with go test ./cmd/rfm -update.
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"orders.default", nil},
		{"orders.keep-en", []string{"--keep", "email,name", "--lang", "en"}},
		{"orders.rank", []string{"--method", "rank", "--bins", "3"}},
		{"orders.mean", []string{"--method", "mean", "--monetary", "mean"}},
		{"orders.asof-pareto", []string{"--as-of", "2024-05-31", "--tiers", "pareto", "--split", "median", "--returns", "ignore"}},
		{"orders.thresholds", []string{"--method", "thresholds", "--bins", "3", "--r-cuts", "30,90", "--f-cuts", "1,3", "--m-cuts", "200,800.5"}},
		{"orders.lifecycle", []string{"--lifecycle"}},
		{"orders.lifecycle-en", []string{"--lifecycle=14,60,120", "--churn-factor", "1.5", "--lang", "en", "--as-of", "2024-06-15"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"score", "../../testdata/orders.csv", "-o", "-"}, tt.args...)
			if code := run(args, nil, &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			checkGolden(t, filepath.Join("testdata", tt.name+".golden.csv"), out.Bytes())
			// Same input, same flags: the same bytes.
			var again bytes.Buffer
			run(args, nil, &again, &bytes.Buffer{})
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Error("two runs gave different output")
			}
		})
	}
}

// checkGolden compares got with the golden file, which -update rewrites.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n%s", golden, firstDiff(got, want))
	}
}

func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + string(g[i]) + "\n want " + string(w[i])
		}
	}
	return "lengths differ: " + strconv.Itoa(len(g)) + " vs " + strconv.Itoa(len(w)) + " lines"
}
