package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCommittedFileStill checks how the settings record tells that an
// output is still the file this run committed: true for the file as
// renamed, false once another file is renamed over it (even with the same
// bytes) or it is rewritten in place, so that it is then read again.
func TestCommittedFileStill(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	commit := func(data string) writtenFile {
		t.Helper()
		o, err := createOutput(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
		w, ok := committedFile(path)
		if !ok {
			t.Fatal("committed output not recorded")
		}
		return w
	}
	stat := func() os.FileInfo {
		t.Helper()
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	w := commit("a,b\n1,2\n")
	if !w.still(stat()) {
		t.Fatal("the committed file itself is not recognised")
	}
	// Another run's file with the same bytes and time, renamed over it.
	other := filepath.Join(dir, "other.csv")
	if err := os.WriteFile(other, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(other, w.info.ModTime(), w.info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if w.still(stat()) {
		t.Error("a file renamed over the output is taken for this run's")
	}
	// Rewritten in place, same size, a later time.
	w = commit("a,b\n1,2\n")
	if err := os.WriteFile(path, []byte("a,b\n3,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if w.still(stat()) {
		t.Error("a file rewritten in place is taken for this run's")
	}
}
