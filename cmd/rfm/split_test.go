package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSplitGolden compares per-segment and per-tier exports of the bundled
// sample with the golden folders under testdata/split, and every exported
// row with the customer CSV's row for the same customer. Refresh with
// go test ./cmd/rfm -run TestSplitGolden -update.
func TestSplitGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"segment-en", []string{"--split-by", "segment", "--keep", "email,name", "--lang", "en"}},
		{"segment-zh", []string{"--split-by", "segment", "--keep", "email,name", "--as-of", "2024-06-30"}},
		{"tier-zh-bom", []string{"--split-by", "tier", "--keep", "email", "--excel-bom"}},
		{"rfgrid-en", []string{"--split-by", "segment", "--segments", "rfgrid", "--lang", "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"score", "../../testdata/orders.csv", "-o", out, "-q"}, tt.args...)
			runOK(t, args...)
			golden := filepath.Join("testdata", "split", tt.name)
			if *update {
				os.RemoveAll(golden)
				if err := os.CopyFS(golden, os.DirFS(out)); err != nil {
					t.Fatal(err)
				}
			}
			got, want := listFiles(t, out), listFiles(t, golden)
			if !slices.Equal(got, want) {
				t.Fatalf("files %q, want %q (run with -update to refresh)", got, want)
			}
			for _, name := range got {
				g, _ := os.ReadFile(filepath.Join(out, name))
				w, _ := os.ReadFile(filepath.Join(golden, name))
				if !bytes.Equal(g, w) {
					t.Errorf("%s differs from %s:\n%s", name, golden, firstDiff(g, w))
				}
			}

			// Every row is the customer CSV's row, kept columns moved first.
			full := filepath.Join(t.TempDir(), "all.csv")
			runOK(t, append(slices.Clone(args[:2]), append([]string{"-o", full, "-q"}, withoutSplit(tt.args)...)...)...)
			fh, rows, _ := readCSVFile(t, full)
			nKept := slices.Index(fh, "recency_days") - 1
			seen := 0
			for _, name := range got {
				if !strings.HasSuffix(name, ".csv") {
					continue
				}
				recs := readRecords(t, filepath.Join(out, name))
				sh, srows := recs[0], recs[1:]
				wantH := append(slices.Clone(fh[1:1+nKept]), fh[0])
				wantH = append(wantH, fh[1+nKept:]...)
				if !slices.Equal(sh, wantH) {
					t.Errorf("%s: header %q, want %q", name, sh, wantH)
				}
				for _, r := range srows {
					id := r[nKept]
					w := rows[id]
					back := append(append([]string{r[nKept]}, r[:nKept]...), r[nKept+1:]...)
					if !slices.Equal(back, w) {
						t.Errorf("%s: %q, want the row of %s in the customer CSV %q", name, r, id, w)
					}
					seen++
				}
			}
			if seen != len(rows) {
				t.Errorf("the files hold %d customers, the customer CSV %d", seen, len(rows))
			}
		})
	}
}

// withoutSplit drops --split-by and its value.
func withoutSplit(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--split-by" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
