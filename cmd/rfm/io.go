package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// The commands' input and output: the standard streams, standard input
// spooled to a file, the rejects file; output.go writes the outputs.

// streams are the command's standard streams.
type streams struct {
	in       io.Reader
	out, err io.Writer
	// today is the local calendar date, for the notes that compare dates
	// with it (a date in the future): localToday, from runtime.go's clock.
	today func() rfm.Date
	// lang is the run's languages: the interface's and the class names'.
	lang *langs
}

// reporter returns the run's reporter of notes and warnings on stderr.
func (s streams) reporter(quiet bool) *reporter {
	return &reporter{w: s.err, quiet: quiet, lang: s.lang.ui}
}

// checkedWriter remembers the first write error of the writer it wraps, so
// that no command can end with exit status 0 after standard output failed.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

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
		return "", nil, i18n.Errorf("reading standard input: %w", err)
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
		opt.Progress = func(rows int) { io.WriteString(s.err, "\r"+s.lang.ui.Tf("reading… %d rows", rows)) }
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
		return nil, i18n.Errorf("--rejects: %w", err)
	}
	rej := &rejectsWriter{out: out}
	in.Rejects = rej
	return rej, nil
}

// inputSHA256 is the input file's SHA-256 in hex, "" for standard input or a
// file that cannot be read again.
func inputSHA256(path string) string {
	if path == "-" {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rejectsWriter writes rejected rows to a CSV file: the original fields, then
// line and reason.
type rejectsWriter struct {
	out   *output
	w     *report.CSVRecordWriter
	csv   *csvFlags // nil: UTF-8, guarded for a spreadsheet
	flush func() error
}

func (r *rejectsWriter) Start(header []string) error {
	if r.w != nil {
		if err := r.out.Reset(); err != nil {
			return err
		}
	}
	var w io.Writer = r.out
	r.flush = func() error { return nil }
	if r.csv != nil {
		w, r.flush = r.csv.encode(r.out)
	}
	r.w = report.NewCSVRecordWriter(w)
	if r.csv != nil {
		r.w.Guard = r.csv.options(report.GuardSheet).Guard
	}
	r.w.Write(append(append([]string{}, header...), "line", "reason"))
	return nil
}

func (r *rejectsWriter) Reject(x ingest.Reject) error {
	r.w.Write(append(x.Fields, strconv.Itoa(x.Line), x.Reason))
	return nil
}

// abort removes the file unless it was committed; a nil writer is none.
func (r *rejectsWriter) abort() {
	if r != nil {
		r.out.Abort()
	}
}

func (r *rejectsWriter) commit() error {
	if r.w != nil {
		if err := r.w.Flush(); err != nil {
			return err
		}
		if err := r.flush(); err != nil {
			return err
		}
	}
	return r.out.Commit()
}

// isHTML reports whether an output path names an HTML report.
func isHTML(path string) bool {
	ext := filepath.Ext(path)
	return strings.EqualFold(ext, ".html") || strings.EqualFold(ext, ".htm")
}

// sameFile reports whether two paths name the same existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
