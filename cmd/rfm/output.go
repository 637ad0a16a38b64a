package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// output is a file being written: a temp file beside the target that is
// renamed over it on Commit, so a reader never sees half a file. Devices,
// pipes and "-" (stdout) are written directly.
type output struct {
	path   string
	f      *os.File
	w      io.Writer
	direct bool
	done   bool
}

// createOutput starts writing path ("-" for stdout).
func createOutput(path string, stdout io.Writer) (*output, error) {
	if path == "-" {
		return &output{path: path, w: stdout, direct: true}, nil
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory", path)
		}
		if !st.Mode().IsRegular() {
			// A device or a FIFO: write straight to it, never rename over it.
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, err
			}
			return &output{path: path, f: f, w: f, direct: true}, nil
		}
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: the folder %s does not exist", path, dir)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &output{path: path, f: f, w: f}, nil
}

func (o *output) Write(p []byte) (int, error) { return o.w.Write(p) }

// Commit makes the output visible under its name.
func (o *output) Commit() error {
	if o.done {
		return nil
	}
	o.done = true
	if o.f == nil {
		return nil
	}
	if o.direct {
		return o.f.Close()
	}
	if err := o.f.Sync(); err != nil {
		o.f.Close()
		os.Remove(o.f.Name())
		return fmt.Errorf("%s: %w", o.path, err)
	}
	if err := o.f.Close(); err != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("%s: %w", o.path, err)
	}
	// CreateTemp makes the file 0600; give it the usual mode.
	os.Chmod(o.f.Name(), 0o644)
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		os.Remove(o.f.Name())
		return err
	}
	return nil
}

// Abort drops an output that was not committed; it is safe to defer.
func (o *output) Abort() {
	if o == nil || o.done {
		return
	}
	o.done = true
	if o.f != nil {
		o.f.Close()
		if !o.direct {
			os.Remove(o.f.Name())
		}
	}
}

// Reset empties the output, to write it again from the start.
func (o *output) Reset() error {
	if o.f == nil || o.direct {
		return errors.New("cannot rewrite a stream")
	}
	if err := o.f.Truncate(0); err != nil {
		return err
	}
	_, err := o.f.Seek(0, io.SeekStart)
	return err
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
