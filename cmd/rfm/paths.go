package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rfmtool/rfm/report"
)

// outputPath is a file a run will write and the flag that names it; for a
// file written beside another (the settings record), of is that other.
type outputPath struct{ flag, path, of string }

// checkPaths refuses, before any file is read, a run whose outputs would
// write over the input or over each other, or go to a folder that does not
// exist — rather than finding out after reading the whole input.
func (o *scoreOptions) checkPaths() error {
	var outs []outputPath
	if o.output != "" && o.output != "-" && o.splitBy == "" {
		outs = append(outs, outputPath{"-o", o.output, ""})
		if o.formatV != "table" {
			outs = append(outs, outputPath{"-o", o.output + report.SettingsSuffix, o.output})
		}
	}
	if o.rejects != "" && o.rejects != "-" {
		outs = append(outs, outputPath{"--rejects", o.rejects, ""})
	}
	return checkOutputs(o.input, outs)
}

// checkOutputs checks each output against the input, the others and its
// folder.
func checkOutputs(input string, outs []outputPath) error {
	for i, out := range outs {
		if input != "-" && samePath(input, out.path) {
			if out.of != "" {
				return usagef("%s %s writes %s beside it, and that is the input file; choose another output", out.flag, out.of, out.path)
			}
			return usagef("%s %s is the input file; choose another output", out.flag, out.path)
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
			return fmt.Errorf("%s %s: the folder %s does not exist", out.flag, out.path, dir)
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
