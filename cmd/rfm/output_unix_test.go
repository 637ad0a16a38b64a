//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withUmask runs f with the process umask set to mask.
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

// modeOf returns the permission bits of path.
func modeOf(t *testing.T, path string) fs.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// TestOutputModeFollowsUmask checks that every kind of output a run creates
// gets 0666 less the umask: never forced to 0644 (world-readable under umask
// 077), never left at a temp file's 0600.
func TestOutputModeFollowsUmask(t *testing.T) {
	for _, tt := range []struct {
		mask int
		want fs.FileMode
	}{{0o077, 0o600}, {0o027, 0o640}, {0o002, 0o664}} {
		dir := t.TempDir()
		in := filepath.Join(dir, "orders.csv")
		if err := os.WriteFile(in, []byte(umaskOrders), 0o600); err != nil {
			t.Fatal(err)
		}
		p := func(name string) string { return filepath.Join(dir, name) }
		runs := [][]string{
			{"score", in, "-o", p("c.csv"), "--rejects", p("rejects.csv"), "-q"},
			{"score", in, "-o", p("c.xlsx"), "-q"},
			{"score", in, "-o", p("c.html"), "-q"},
			{"score", in, "--split-by", "tier", "-o", p("lists") + "/", "-q"},
			{"sql", "--dialect", "duckdb", "--table", "t", "-o", p("q.sql"), "--settings", p("q.json"), "-q"},
			{"diff", p("c.csv"), p("c.csv"), "-o", p("moves.csv"), "-q"},
		}
		if err := os.Mkdir(p("lists"), 0o755); err != nil {
			t.Fatal(err)
		}
		withUmask(t, tt.mask, func() {
			for _, args := range runs {
				if _, stderr, code := runRFM(t, "", args...); code != 0 {
					t.Fatalf("rfm %s: exit %d: %s", strings.Join(args, " "), code, stderr)
				}
			}
		})
		files := []string{"c.csv", "c.csv.rfm.json", "rejects.csv", "c.xlsx", "c.xlsx.rfm.json", "c.html", "q.sql", "q.json", "moves.csv"}
		lists, _ := filepath.Glob(p("lists/*"))
		if len(lists) < 2 {
			t.Fatalf("split lists: %v", lists)
		}
		for _, l := range lists {
			files = append(files, filepath.Join("lists", filepath.Base(l)))
		}
		for _, name := range files {
			if got := modeOf(t, p(name)); got != tt.want {
				t.Errorf("umask %03o: %s has mode %03o, want %03o", tt.mask, name, got, tt.want)
			}
		}
	}
}

// TestOutputKeepsMode checks that a file replaced by a run keeps its mode: a
// 0600 list of customers' e-mail addresses stays 0600 under umask 022.
func TestOutputKeepsMode(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(in, []byte(umaskOrders), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o604} {
		out := filepath.Join(dir, "customers.csv")
		for _, f := range []string{out, out + ".rfm.json"} {
			if err := os.WriteFile(f, []byte("old\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(f, mode); err != nil {
				t.Fatal(err)
			}
		}
		withUmask(t, 0o022, func() {
			if _, stderr, code := runRFM(t, "", "score", in, "--keep", "email", "-o", out, "-q"); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
		})
		b, err := os.ReadFile(out)
		if err != nil || !bytes.Contains(b, []byte("@example.com")) {
			t.Fatalf("the file was not replaced: %v %q", err, b)
		}
		for _, f := range []string{out, out + ".rfm.json"} {
			if got := modeOf(t, f); got != mode {
				t.Errorf("%s: mode %03o after the run, want its mode before, %03o", filepath.Base(f), got, mode)
			}
		}
	}
}

const umaskOrders = `customer_id,order_date,amount,email
c1,2024-01-01,10,c1@example.com
c2,2024-01-05,20,c2@example.com
c3,2024-02-01,5,c3@example.com
c4,2024-03-01,-2,c4@example.com
c5,2024-03-02,50,c5@example.com
c6,2024-03-04,x,c6@example.com
`

// TestStaleTempsRemoved checks that a run removes the temp files that killed
// runs left beside its output — only its own output's, only an hour old, and
// only of processes that are gone — and nothing else.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(in, []byte(umaskOrders), 0o644); err != nil {
		t.Fatal(err)
	}
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	dead, alive := gone.Process.Pid, os.Getppid()
	old := time.Now().Add(-2 * time.Hour)
	files := map[string]bool{ // name: removed
		".k.csv.tmp-" + strconv.Itoa(dead) + "-0123456789ab":     true,
		".k.csv.tmp-123456789":                                   true, // the earlier names: digits alone
		".k.csv.tmp-" + strconv.Itoa(alive) + "-0123456789ab":    false,
		".k.csv.tmp-" + strconv.Itoa(dead) + "-fresh0000000":     false, // not a name this tool makes
		".k.csv.tmp-notours":                                     false,
		".other.csv.tmp-" + strconv.Itoa(dead) + "-0123456789ab": false,
		"k.csv.tmp-" + strconv.Itoa(dead) + "-0123456789ab":      false,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	young := ".k.csv.tmp-" + strconv.Itoa(dead) + "-ba9876543210"
	if err := os.WriteFile(filepath.Join(dir, young), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	files[young] = false
	if _, stderr, code := runRFM(t, "", "score", in, "-o", filepath.Join(dir, "k.csv"), "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if removed && err == nil {
			t.Errorf("%s was left", name)
		}
		if !removed && err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}

// TestKilledRunLeavesNoStdinCopy checks that rfm killed with SIGKILL while
// it copies standard input leaves nothing of it in the temp folder.
func TestKilledRunLeavesNoStdinCopy(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the copy is removed at once only on Linux")
	}
	exe := rfmExe(t)
	tmp := t.TempDir()
	for _, sub := range [][]string{{"score", "-", "-o", filepath.Join(tmp, "out.csv")}, {"inspect", "-"}} {
		cmd := exec.Command(exe, sub...)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		w, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("customer_id,order_date,amount,email\nc1,2024-01-01,10,secret@example.com\n"))
		// The input is still open: the run waits, copying it.
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		w.Close()
		if left, _ := filepath.Glob(filepath.Join(tmp, "rfm-stdin-*")); len(left) != 0 {
			t.Errorf("rfm %s killed: left %v", sub[0], left)
		}
	}
}
