package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rfmtool/rfm/report"
)

// readSettingsFile reads a settings record.
func readSettingsFile(t *testing.T, path string) *report.Settings {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s report.Settings
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &s
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// TestSidecarDigest checks that the settings record names the SHA-256 of the
// file it describes, and that rfm diff ignores a record whose file was
// replaced by one of the same size, saying why.
func TestSidecarDigest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	for _, name := range []string{"a.csv", "b.csv"} {
		if _, stderr, code := runRFM(t, "", "score", "../../testdata/orders.csv", "--as-of", "2024-07-01", "-o", path(name), "-q"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	b, err := os.ReadFile(path("b.csv"))
	if err != nil {
		t.Fatal(err)
	}
	set := readSettingsFile(t, path("b.csv.rfm.json"))
	if set.SHA256 != sha256Hex(b) || set.Size != int64(len(b)) {
		t.Fatalf("settings record: sha256 %q size %d; want the file's, %s and %d", set.SHA256, set.Size, sha256Hex(b), len(b))
	}
	_, stderr, code := runRFM(t, "", "diff", path("a.csv"), path("b.csv"), "-o", path("moves.csv"))
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("diff of matching files: exit %d, stderr %q", code, stderr)
	}

	// Another run's file of the same size: the last two data lines swapped.
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	n := len(lines)
	lines[n-1], lines[n-2] = lines[n-2], lines[n-1]
	swapped := strings.Join(lines, "\n") + "\n"
	if len(swapped) != len(b) || swapped == string(b) {
		t.Fatalf("could not make a different file of the same size")
	}
	if err := os.WriteFile(path("b.csv"), []byte(swapped), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runRFM(t, "", "diff", path("a.csv"), path("b.csv"), "-o", path("moves.csv"))
	want := "b.csv.rfm.json describes another file than " + path("b.csv") + " (its SHA-256 differs)"
	if code != 0 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "cannot check that both files were scored with the same settings") {
		t.Errorf("diff with a replaced file: exit %d, stderr %q; want a warning containing %q", code, stderr, want)
	}
}

// TestConcurrentRunsOnOneOutput runs two rfm processes at once on one -o,
// one in Chinese and one in English, many times: the customer file and its
// settings record always come from the same run.
func TestConcurrentRunsOnOneOutput(t *testing.T) {
	t.Parallel() // its two processes race for their own folder's output only
	if testing.Short() {
		t.Skip("starts 20 processes")
	}
	exe := rfmExe(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "customers.csv")
	for trial := range 10 {
		var wg sync.WaitGroup
		var errs [2]bytes.Buffer
		for i, lang := range []string{"zh", "en"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(exe, "score", "../../testdata/orders.csv", "--lang", lang, "-o", out, "-q")
				cmd.Stderr = &errs[i]
				if err := cmd.Run(); err != nil {
					errs[i].WriteString(err.Error())
				}
			}()
		}
		wg.Wait()
		for i := range errs {
			// The losing run warns, in its interface language (--lang).
			if s := errs[i].String(); s != "" && !strings.Contains(s, "was replaced by another run") && !strings.Contains(s, "被另一次运行替换") {
				t.Fatalf("trial %d: %s", trial, s)
			}
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		set := readSettingsFile(t, out+".rfm.json")
		lang := "zh"
		if strings.Contains(string(b), "Important") {
			lang = "en"
		}
		if set.SHA256 != sha256Hex(b) || set.Lang != lang {
			t.Fatalf("trial %d: the settings record (lang %s, sha256 %s) does not describe the file (lang %s, sha256 %s)",
				trial, set.Lang, set.SHA256, lang, sha256Hex(b))
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}
