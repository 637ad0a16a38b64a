package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// output is a file being written: a temp file beside the target that is
// renamed over it on Commit, so a reader never sees half a file. Devices,
// pipes and "-" (stdout) are written directly.
//
// The temp file is named .NAME.tmp-PID-RANDOM. A file that replaces another
// keeps the other's permissions; a new one gets 0666 less the umask, as any
// file a program creates. A temp file left by a killed run is removed by the
// next run that writes the same output, once it is an hour old and its
// process is gone.
type output struct {
	path   string
	f      *os.File
	w      io.Writer
	sum    hash.Hash // SHA-256 of what was written to the temp file
	size   int64
	direct bool
	done   bool
}

// staleTempAge is how old a temp file of a run that is gone must be before
// another run removes it.
const staleTempAge = time.Hour

// createOutput starts writing path ("-" for stdout).
func createOutput(path string, stdout io.Writer) (*output, error) {
	if path == "-" {
		return &output{path: path, w: stdout, direct: true}, nil
	}
	var perm fs.FileMode
	replace := false
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return nil, i18n.Errorf("%s: is a directory", path)
		}
		if !st.Mode().IsRegular() {
			// A device or a FIFO: write straight to it, never rename over it.
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, err
			}
			return &output{path: path, f: f, w: f, direct: true}, nil
		}
		perm, replace = st.Mode().Perm(), true
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, i18n.Errorf("%s: the folder %s does not exist", path, dir)
	}
	f, err := createTemp(dir, filepath.Base(path), perm, replace)
	if err != nil {
		return nil, err
	}
	o := &output{path: path, f: f, sum: sha256.New()}
	o.w = io.MultiWriter(f, o.sum)
	return o, nil
}

// createTemp creates the temp file for base in dir. For a new output it is
// created 0666, so that the kernel applies the umask. For one that replaces
// a file of mode perm it is created 0600, never more open than the file it
// replaces, then given perm exactly.
func createTemp(dir, base string, perm fs.FileMode, replace bool) (*os.File, error) {
	create := fs.FileMode(0o666)
	if replace {
		create = 0o600
	}
	var f *os.File
	var err error
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		name := filepath.Join(dir, fmt.Sprintf(".%s.tmp-%d-%s", base, os.Getpid(), hex.EncodeToString(b[:])))
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, create)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	if replace {
		if err := f.Chmod(perm); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
	}
	return f, nil
}

func (o *output) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	o.size += int64(n)
	return n, err
}

// Commit makes the output visible under its name.
func (o *output) Commit() error {
	if err := o.prepare(); err != nil {
		return err
	}
	return o.rename()
}

// commitOutputs commits outputs that belong together: each is written to
// the disk first, and only when all were are they renamed into place, so
// that a failure leaves none of them.
func commitOutputs(outs ...*output) error {
	for _, o := range outs {
		if err := o.prepare(); err != nil {
			for _, o := range outs {
				o.Abort()
			}
			return err
		}
	}
	for _, o := range outs {
		if err := o.rename(); err != nil {
			for _, o := range outs {
				o.Abort()
			}
			return err
		}
	}
	return nil
}

// prepare flushes the temp file to the disk and closes it.
func (o *output) prepare() error {
	if o.done || o.f == nil || o.direct {
		return nil
	}
	if err := o.f.Sync(); err != nil {
		o.Abort()
		return i18n.Errorf("%s: %w", o.path, err)
	}
	if err := o.f.Close(); err != nil {
		o.done = true
		os.Remove(o.f.Name())
		return i18n.Errorf("%s: %w", o.path, err)
	}
	return nil
}

// rename moves the prepared temp file over the output.
func (o *output) rename() error {
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
	// The temp file as it is renamed: its identity says later, without
	// reading it again, that the output is still this run's file.
	info, _ := os.Stat(o.f.Name())
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		os.Remove(o.f.Name())
		return err
	}
	written.Store(absPath(o.path), writtenFile{sha256: hex.EncodeToString(o.sum.Sum(nil)), size: o.size, info: info})
	removeStaleTemps(filepath.Dir(o.path), filepath.Base(o.path), now())
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
		return i18n.New("cannot rewrite a stream")
	}
	if err := o.f.Truncate(0); err != nil {
		return err
	}
	o.sum.Reset()
	o.size = 0
	_, err := o.f.Seek(0, io.SeekStart)
	return err
}

// writtenFile is what this process wrote to a file it committed.
type writtenFile struct {
	sha256 string
	size   int64
	info   os.FileInfo // the file renamed into place; nil if unknown
}

// still reports whether st, the output's state now, is the file this run
// renamed into place, unchanged: the same file (device and inode), size and
// modification time. Another run replaces an output by a rename, never in
// place, so a false answer is what calls for reading it again.
func (w writtenFile) still(st os.FileInfo) bool {
	return w.info != nil && os.SameFile(st, w.info) && st.Size() == w.size && st.ModTime().Equal(w.info.ModTime())
}

// written maps the absolute path of each committed output to its
// writtenFile, so that the settings record written beside a customer file
// can name the very bytes this run wrote there.
var written sync.Map

// committedFile returns what this process last committed to path.
func committedFile(path string) (writtenFile, bool) {
	v, ok := written.Load(absPath(path))
	if !ok {
		return writtenFile{}, false
	}
	return v.(writtenFile), true
}

func absPath(path string) string {
	if p, err := filepath.Abs(path); err == nil {
		return p
	}
	return path
}

// removeStaleTemps removes the temp files of base in dir that a killed run
// left: named as createTemp names them, regular files, older than
// staleTempAge, and not of a process that is still running.
func removeStaleTemps(dir, base string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".tmp-"
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pid, ok := tempPID(rest)
		if !ok {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < staleTempAge {
			continue
		}
		if pid != 0 && pid != os.Getpid() && processRunning(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// tempPID reads the PID-RANDOM end of a temp file's name (pid 0 for the
// RANDOM digits alone of earlier versions); ok is false for any other name.
func tempPID(rest string) (pid int, ok bool) {
	p, r, two := strings.Cut(rest, "-")
	if !two {
		if _, err := strconv.ParseUint(rest, 10, 64); err != nil {
			return 0, false
		}
		return 0, true
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || len(r) != 12 {
		return 0, false
	}
	if _, err := hex.DecodeString(r); err != nil {
		return 0, false
	}
	return n, true
}

// processRunning reports whether a process pid may be running; when that
// cannot be known it says yes, so that its files are kept.
func processRunning(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return !errors.Is(err, os.ErrProcessDone)
}
