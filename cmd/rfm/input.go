package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// readStdin, when input is "-", copies standard input to a temp file (Scan
// may read a file twice) and points file at it; cleanup removes the copy.
func readStdin(ctx context.Context, s streams, input string, file *ingest.File) (cleanup func(), err error) {
	if input != "-" {
		return func() {}, nil
	}
	path, cleanup, err := spoolStdin(ctx, s.in)
	if err != nil {
		return nil, err
	}
	file.Path = path
	return cleanup, nil
}

// spoolStdin copies standard input to a temp file, which Scan can read twice.
// It stops when ctx is done, also while it waits for input that does not
// come. On Linux the temp file's name is removed as soon as it is created and
// the copy is read through /proc/self/fd, so that nothing of the input stays
// in the temp folder even when the run is killed; elsewhere cleanup removes
// it.
func spoolStdin(ctx context.Context, in io.Reader) (string, func(), error) {
	f, err := os.CreateTemp("", "rfm-stdin-*")
	if err != nil {
		return "", nil, err
	}
	path := f.Name()
	if p := procPath(f); p != "" && os.Remove(f.Name()) == nil {
		path = p
	}
	cleanup := func() {
		f.Close()
		if path == f.Name() {
			os.Remove(f.Name())
		}
	}
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(f, in)
		copied <- err
	}()
	select {
	case err = <-copied:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		cleanup()
		if ctx.Err() != nil {
			return "", nil, ctx.Err()
		}
		return "", nil, fmt.Errorf("reading standard input: %w", err)
	}
	return path, cleanup, nil
}

// procPath is a name that opens f anew, independent of its offset, after
// its own name is removed: /proc/self/fd/N on Linux; "" elsewhere.
func procPath(f *os.File) string {
	if runtime.GOOS != "linux" {
		return ""
	}
	p := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	a, err1 := os.Stat(p)
	b, err2 := f.Stat()
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		return ""
	}
	return p
}

// scanShowing scans the file, showing the rows read so far when standard
// error is a terminal and not quiet. When input is "-", errors and the report
// name the file "-".
func scanShowing(ctx context.Context, s streams, quiet bool, input string, file ingest.File, opt ingest.Options, returns rfm.Returns) (*rfm.Aggregator, *ingest.Report, error) {
	show := !quiet && isTerminal(s.err)
	if show {
		opt.Progress = func(rows int) { fmt.Fprintf(s.err, "\rreading… %d rows", rows) }
	}
	agg, rep, err := ingest.Scan(ctx, file, opt, returns)
	if show {
		fmt.Fprint(s.err, "\r\033[K")
	}
	if err != nil {
		return nil, nil, renameStdin(err, input)
	}
	if input == "-" {
		rep.Table.Name = "-"
	}
	return agg, rep, nil
}

// renameStdin names standard input "-" in err, not its temp copy.
func renameStdin(err error, input string) error {
	if input != "-" {
		return err
	}
	var pe *ingest.ParseError
	if errors.As(err, &pe) {
		pe.File = "-"
	}
	return err
}

// openRejects opens the --rejects file named, for in's rejected rows; nil
// when none is named. Until it is committed, abort removes it.
func openRejects(name string, s streams, in *ingest.Options) (*rejectsWriter, error) {
	if name == "" {
		return nil, nil
	}
	out, err := createOutput(name, s.out)
	if err != nil {
		return nil, fmt.Errorf("--rejects: %w", err)
	}
	rej := &rejectsWriter{out: out}
	in.Rejects = rej
	return rej, nil
}

// rejectedLine is the stderr line that counts the rejected rows by reason.
func rejectedLine(rep *ingest.Report) string {
	var reasons []string
	for k, n := range rep.Reasons {
		reasons = append(reasons, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(reasons)
	rows := "rows"
	if rep.Rejected == 1 {
		rows = "row"
	}
	return fmt.Sprintf("rejected %d %s: %s", rep.Rejected, rows, strings.Join(reasons, ", "))
}

// sourceText says how a table was read: "csv, utf-8, delimiter \",\"" or
// "xlsx, sheet \"Orders\"".
func sourceText(t *ingest.Table) string {
	switch {
	case t.Format == "csv":
		src := fmt.Sprintf("csv, %s, delimiter %q", t.Encoding, t.DelimiterName())
		if t.HeaderLine == 0 {
			src += ", no header row"
		}
		return src
	case t.Sheet != "":
		return fmt.Sprintf("xlsx, sheet %q", t.Sheet)
	}
	return t.Format
}
