package main

import (
	"os"
	"path/filepath"

	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

// outputPath is a file a run will write and the flag that names it; for a
// file written beside another (the settings record), of is that other.
type outputPath struct{ flag, path, of string }

// inputPath is a file a run reads, and what it is in messages ("the input
// file", "the --segments file"): an i18n.Text or a message.
type inputPath struct {
	path string
	what i18n.Localizer
}

// schemeInput is the --segments file among a run's inputs: none for a
// built-in scheme.
func schemeInput(name string) []inputPath {
	if _, ok := segment.Builtin(name); ok || name == "" {
		return nil
	}
	return []inputPath{{name, i18n.Text("the --segments file")}}
}

// fileOutputs are the outputs among outs that name a file: not "" (none)
// and not "-" (standard output).
func fileOutputs(outs ...outputPath) []outputPath {
	var files []outputPath
	for _, o := range outs {
		if o.path != "" && o.path != "-" {
			files = append(files, o)
		}
	}
	return files
}

// checkOutputs checks each output against the inputs, the others and its
// folder.
func checkOutputs(ins []inputPath, outs []outputPath) error {
	for i, out := range outs {
		for _, in := range ins {
			if !samePath(in.path, out.path) {
				continue
			}
			if out.of != "" {
				return usagef("%s %s writes %s beside it, and that is %s; choose another output", out.flag, out.of, out.path, in.what)
			}
			return usagef("%s %s is %s; choose another output", out.flag, out.path, in.what)
		}
		if st, err := os.Stat(out.path); err == nil && !st.Mode().IsRegular() {
			// A device or a pipe, written directly (two outputs may share
			// /dev/null); or a folder, refused when it is opened.
			continue
		}
		for _, prev := range outs[:i] {
			if prev.flag != out.flag && samePath(prev.path, out.path) {
				return usagef("%s %s is also the %s file; choose another file", out.flag, out.path, prev.flag)
			}
		}
		dir := filepath.Dir(out.path)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return i18n.Errorf("%s %s: the folder %s does not exist", out.flag, out.path, dir)
		}
	}
	return nil
}

// samePath reports whether two paths name the same file: the same existing
// file (through links too), or the same clean absolute path.
func samePath(a, b string) bool {
	if sameFile(a, b) {
		return true
	}
	aa, err1 := filepath.Abs(a)
	ab, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ab
}

// inFolder reports whether path is a file directly inside the folder dir,
// which need not exist yet.
func inFolder(path, dir string) bool {
	return samePath(filepath.Dir(path), dir)
}
