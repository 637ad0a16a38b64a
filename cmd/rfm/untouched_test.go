package main

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fileState is what a write to a file would change.
type fileState struct {
	sum   [32]byte
	size  int64
	mtime time.Time
	mode  os.FileMode
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{sha256.Sum256(b), st.Size(), st.ModTime(), st.Mode()}
}

// TestInputNeverWritten runs the commands that read a file — with every kind
// of output, and runs that are refused or fail — and checks that no input
// changes: content, size, mode and modification time.
func TestInputNeverWritten(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeOrders(t, "orders.csv", 3000)
	if err := os.WriteFile("orders.xlsx", ordersBook(t, 500), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []string{"orders.csv", "orders.xlsx"}
	// A time long past, so that any write shows.
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, in := range inputs {
		if err := os.Chtimes(in, past, past); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]fileState{}
	for _, in := range inputs {
		before[in] = stateOf(t, in)
	}
	check := func(args []string, files ...string) {
		t.Helper()
		for _, in := range files {
			if got := stateOf(t, in); got != before[in] {
				t.Errorf("rfm %s changed %s: %+v, was %+v", strings.Join(args, " "), in, got, before[in])
			}
		}
	}
	for _, in := range inputs {
		keep, strict := "email", 1 // orders.csv has bad rows
		if in == "orders.xlsx" {
			keep, strict = "note", 0
		}
		for _, tt := range []struct {
			args []string
			code int
		}{
			{[]string{"score", in}, 0},
			{[]string{"score", in, "-o", "out.csv", "--rejects", "rejects.csv", "--keep", keep, "--dedupe"}, 0},
			{[]string{"score", in, "-o", "out.xlsx"}, 0},
			{[]string{"score", in, "--split-by", "segment", "-o", "split"}, 0},
			{[]string{"score", in, "-o", "-", "--rejects", "-"}, 0},
			{[]string{"score", in, "--strict", "-o", "strict.csv"}, strict},
			{[]string{"score", in, "-o", in}, 2},
			{[]string{"score", in, "--rejects", in}, 2},
			{[]string{"score", in, "-o", "./" + in}, 2},
			{[]string{"score", in, "-o", "/dev/full"}, 1},
			{[]string{"clv", in, "-o", "clv.csv"}, -1},
		} {
			_, stderr, code := runRFM(t, "", tt.args...)
			if tt.code >= 0 && code != tt.code {
				t.Errorf("rfm %s: exit status %d, want %d\n%s", strings.Join(tt.args, " "), code, tt.code, stderr)
			}
			check(tt.args, inputs...)
		}
	}
	// rfm diff reads two customer files and their settings records.
	if _, stderr, code := runRFM(t, "", "score", "orders.csv", "-o", "before.csv", "--as-of", "2024-07-01", "-q"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runRFM(t, "", "score", "orders.csv", "-o", "now.csv", "-q"); code != 0 {
		t.Fatal(stderr)
	}
	customerFiles := []string{"before.csv", "before.csv.rfm.json", "now.csv", "now.csv.rfm.json"}
	for _, f := range customerFiles {
		os.Chtimes(f, past, past)
		before[f] = stateOf(t, f)
	}
	for _, args := range [][]string{
		{"diff", "before.csv", "now.csv"},
		{"diff", "before.csv", "now.csv", "-o", "moves.csv"},
		{"diff", "before.csv", "now.csv", "-o", "now.csv"},
	} {
		runRFM(t, "", args...)
		check(args, customerFiles...)
	}
}

// TestOutputsAppearWhole watches the output file while a run writes it: a
// reader sees the old file or the new one, never a part of the new one; and
// a run that fails leaves the old file as it was.
func TestOutputsAppearWhole(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeOrders(t, "orders.csv", 200_000)
	old := []byte("the previous run's output\n")
	for _, out := range []string{"out.csv", "rejects.csv"} {
		if err := os.WriteFile(out, old, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// A failing run: the rejects file cannot be written.
	_, stderr, code := runRFM(t, "", "score", "orders.csv", "-o", "out.csv", "--rejects", "/dev/full")
	if code != 1 || !strings.Contains(stderr, "no space left on device") {
		t.Fatalf("exit status %d, stderr %q; want 1 and the write error", code, stderr)
	}
	// A run that stops at a bad row.
	if _, _, code := runRFM(t, "", "score", "orders.csv", "-o", "out.csv", "--rejects", "rejects.csv", "--strict"); code != 1 {
		t.Fatalf("--strict: exit status %d, want 1", code)
	}
	for _, out := range []string{"out.csv", "rejects.csv"} {
		if b, _ := os.ReadFile(out); !bytes.Equal(b, old) {
			t.Errorf("a failed run changed %s", out)
		}
	}
	if names := listDir(t, dir); len(names) != 3 {
		t.Errorf("files left: %v, want orders.csv, out.csv and rejects.csv", names)
	}

	// A run that succeeds, watched.
	var seen sync.Map // sha256 of each content seen → its size
	stop := make(chan struct{})
	started := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	polls := 0
	go func() {
		defer wg.Done()
		for ; ; polls++ {
			if polls == 1 {
				close(started)
			}
			select {
			case <-stop:
				return
			default:
			}
			for _, out := range []string{"out.csv", "rejects.csv"} {
				if b, err := os.ReadFile(out); err == nil {
					seen.Store(sha256.Sum256(b), len(b))
				}
			}
		}
	}()
	<-started
	_, stderr, code = runRFM(t, "", "score", "orders.csv", "-o", "out.csv", "--rejects", "rejects.csv")
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("exit status %d\n%s", code, stderr)
	}
	allowed := map[[32]byte]bool{sha256.Sum256(old): true}
	for _, out := range []string{"out.csv", "rejects.csv"} {
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		allowed[sha256.Sum256(b)] = true
		seen.Store(sha256.Sum256(b), len(b))
	}
	seen.Range(func(k, v any) bool {
		if !allowed[k.([32]byte)] {
			t.Errorf("a reader saw %d bytes that were neither the old file nor the new one", v.(int))
		}
		return true
	})
	if polls < 10 {
		t.Errorf("the outputs were read %d times during the run; too few to tell", polls)
	}
	if names := listDir(t, dir); len(names) != 4 {
		t.Errorf("files left: %v, want the input, the two outputs and the settings record", names)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv.rfm.json")); err != nil {
		t.Error(err)
	}
}
