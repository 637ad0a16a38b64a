package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
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

// runRFM runs the command line in process.
func runRFM(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// rfmExe returns a path that runs this test binary as the rfm command (see
// TestMain), for tests that need a process of their own.
func rfmExe(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary:", err)
	}
	exe := filepath.Join(t.TempDir(), "rfm")
	if err := os.Symlink(self, exe); err != nil {
		t.Skip("cannot link the test binary:", err)
	}
	return exe
}

// writeOrders writes a generated export of n rows, every 50th of them bad.
func writeOrders(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("order_id,customer_id,order_date,amount,email\n")
	// Row i is "o{i/3},c{i%100000},2024-{1+i%12:02}-{1+i%28:02},{amount},c{i%100000}@example.com"
	// with the amount {1+i%500}.{i%100:02}, or n/a; appended, not formatted
	// with fmt, which took most of the time of writing 2 million rows.
	two := func(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	var b []byte
	for i := range n {
		b = append(b[:0], 'o')
		b = strconv.AppendInt(b, int64(i/3), 10)
		b = append(b, ",c"...)
		b = strconv.AppendInt(b, int64(i%100000), 10)
		b = append(b, ",2024-"...)
		b = two(b, 1+i%12)
		b = append(b, '-')
		b = two(b, 1+i%28)
		b = append(b, ',')
		if i%50 == 0 {
			b = append(b, "n/a"...)
		} else {
			b = strconv.AppendInt(b, int64(1+i%500), 10)
			b = two(append(b, '.'), i%100)
		}
		b = append(b, ",c"...)
		b = strconv.AppendInt(b, int64(i%100000), 10)
		b = append(b, "@example.com\n"...)
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// listDir returns the names in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestInterruptedRun sends SIGINT and SIGTERM to runs on a large input, once
// the rejects file is being written: the run stops with status 130 and leaves
// no output, finished or partial, and no temp file (nor the spooled copy of
// standard input).
func TestInterruptedRun(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB input")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	exe := rfmExe(t)
	in := filepath.Join(t.TempDir(), "orders.csv")
	writeOrders(t, in, 2_000_000)
	for _, tt := range []struct {
		name  string
		sig   syscall.Signal
		stdin bool
	}{
		{"SIGINT, file", syscall.SIGINT, false},
		{"SIGTERM, standard input", syscall.SIGTERM, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, tmp := t.TempDir(), t.TempDir()
			arg := in
			if tt.stdin {
				arg = "-"
			}
			cmd := exec.Command(exe, "score", arg, "-o", filepath.Join(out, "customers.csv"), "--rejects", filepath.Join(out, "rejects.csv"))
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			if tt.stdin {
				f, err := os.Open(in)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The rejects file is opened (as a temp file) just before the
			// input is read.
			deadline := time.Now().Add(30 * time.Second)
			for len(listDir(t, out)) == 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Fatalf("got %v, want exit status 130 (stderr %q); did the run end before the signal?", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "rfm: interrupted") {
				t.Errorf("stderr %q, want it to say the run was interrupted", stderr.String())
			}
			if left := listDir(t, out); len(left) != 0 {
				t.Errorf("left in the output folder: %v", left)
			}
			if left := listDir(t, tmp); len(left) != 0 {
				t.Errorf("left in the temp folder: %v", left)
			}
		})
	}
}

// TestInterruptWhileWaitingForInput: SIGINT while standard input has not
// ended stops the run at once.
func TestInterruptWhileWaitingForInput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	exe := rfmExe(t)
	tmp := t.TempDir()
	cmd := exec.Command(exe, "score", "-", "-o", filepath.Join(tmp, "customers.csv"))
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	w, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("customer_id,order_date,amount\na,2024-01-01,1\n"))
	// Wait for the spooled copy of standard input to appear.
	deadline := time.Now().Add(10 * time.Second)
	for !spooling(t, cmd.Process.Pid, tmp) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 || !strings.Contains(stderr.String(), "rfm: interrupted") {
			t.Errorf("got %v, stderr %q; want status 130 and \"interrupted\"", err, stderr.String())
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the run went on waiting for standard input after SIGINT")
	}
	if left := listDir(t, tmp); len(left) != 0 {
		t.Errorf("left in the temp folder: %v", left)
	}
}

// spooling reports whether process pid has made its copy of standard input:
// a file in tmp, or on Linux, where the copy has no name from the start, an
// open file of the process that was rfm-stdin-*.
func spooling(t *testing.T, pid int, tmp string) bool {
	if len(listDir(t, tmp)) > 0 {
		return true
	}
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	for _, fd := range fds {
		if l, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); err == nil && strings.Contains(l, "rfm-stdin-") {
			return true
		}
	}
	return false
}

// TestOutputOnFullDisk runs with a file size limit, as a full disk would
// stop the writes: the run fails with the write error and leaves no output,
// finished or partial, and no temp file. The limit, 4 KiB (8 KiB where a
// block is 1 KiB), is below each output of the 8,000 rows: the rejects
// (160 rows, 11 KB) as well as the customers (580 KB of CSV, 670 KB of
// workbook), as 32 KiB was below those of 50,000 rows, at a sixth of the
// rows to generate, read and write.
func TestOutputOnFullDisk(t *testing.T) {
	t.Parallel()
	sh, err := exec.LookPath("sh")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("no sh with ulimit")
	}
	exe := rfmExe(t)
	in := filepath.Join(t.TempDir(), "orders.csv")
	writeOrders(t, in, 8_000)
	for _, extra := range [][]string{
		{"-o", "customers.csv"},
		{"-o", "customers.csv", "--rejects", "rejects.csv"},
		{"-o", "customers.xlsx"},
	} {
		out := t.TempDir()
		// 8 blocks of 512 bytes (or 1 KiB): far less than the output.
		cmd := exec.Command(sh, append([]string{"-c", `ulimit -f 8 && exec "$0" "$@"`, exe, "score", in}, extra...)...)
		cmd.Dir = out
		stderr, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("%v: got %v (%s), want exit status 1", extra, err, stderr)
		}
		if !strings.Contains(string(stderr), "file too large") {
			t.Errorf("%v: stderr %q, want the write error", extra, stderr)
		}
		if left := listDir(t, out); len(left) != 0 {
			t.Errorf("%v: left in the output folder: %v", extra, left)
		}
	}
}
