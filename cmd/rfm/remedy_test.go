package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var remedyNote = regexp.MustCompile(`(?m)^note: to use every ([RFM, ]+) score, cut at the distinct values instead: (.*)$`)

// TestTieRemedy scores a file whose frequencies are tied, takes the remedy
// the note proposes, pastes it, and checks that every score is then used
// while the R and M scores stay as they were. It runs on the bundled sample
// and, when ../shared/data is there, on the Taobao export.
func TestTieRemedy(t *testing.T) {
	files := []string{"../../testdata/orders.csv"}
	if p := sharedDataFileOK("cn_taobao_rfm/rfm_cn_orders.gbk.csv"); p != "" {
		files = append(files, p)
	} else {
		t.Log("../shared/data not found: the Taobao export is not checked")
	}
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			dir := t.TempDir()
			before, after := filepath.Join(dir, "before.csv"), filepath.Join(dir, "after.csv")
			_, stderr, code := runRFM(t, "", "score", in, "-o", before)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stderr, "frequency scores [") {
				t.Fatalf("no unused frequency scores to remedy:\n%s", stderr)
			}
			m := remedyNote.FindStringSubmatch(stderr)
			if m == nil || m[1] != "F" {
				t.Fatalf("no remedy for F in:\n%s", stderr)
			}
			args := append([]string{"score", in, "-o", after}, strings.Fields(m[2])...)
			_, stderr, code = runRFM(t, "", args...)
			if code != 0 {
				t.Fatalf("the remedy %q: exit %d: %s", m[2], code, stderr)
			}
			if strings.Contains(stderr, "unused") || remedyNote.MatchString(stderr) {
				t.Errorf("scores still unused after the remedy %q:\n%s", m[2], stderr)
			}
			b, a := readCustomers(t, before), readCustomers(t, after)
			if len(a) != len(b) {
				t.Fatalf("%d customers after the remedy, %d before", len(a), len(b))
			}
			fs := map[string]bool{}
			for i := range b {
				if a[i]["r_score"] != b[i]["r_score"] || a[i]["m_score"] != b[i]["m_score"] {
					t.Fatalf("customer %s: R, M %s, %s after the remedy, %s, %s before", b[i]["customer_id"],
						a[i]["r_score"], a[i]["m_score"], b[i]["r_score"], b[i]["m_score"])
				}
				fs[a[i]["f_score"]] = true
			}
			if len(fs) != 5 {
				t.Errorf("F scores used after the remedy: %v, want 1–5", fs)
			}
		})
	}
}

// sharedDataFileOK returns the path of a file under ../shared/data, or ""
// when it is not there.
func sharedDataFileOK(rel string) string {
	p := filepath.Join("..", "..", "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

func readCustomers(t *testing.T, path string) []map[string]string {
	t.Helper()
	recs := csvRecords(t, path)
	var out []map[string]string
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = r[i]
		}
		out = append(out, row)
	}
	return out
}
