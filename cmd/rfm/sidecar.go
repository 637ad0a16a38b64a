package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rfmtool/rfm/report"
)

// writeSidecar records how a customer file was made in FILE.rfm.json next to
// it, so that rfm diff can refuse files that were scored differently while the
// CSV stays a plain table. Written atomically after the customer file, and
// only for a regular file: not for -o -, a device or a pipe.
func writeSidecar(s streams, o *scoreOptions, res *report.Result) error {
	if o.formatV == "table" || o.formatV == "html" || o.output == "" || o.output == "-" || o.splitBy != "" {
		return nil
	}
	st, err := os.Stat(o.output)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	set := scoreSettings(o, res)
	set.File = filepath.Base(o.output)
	set.Size = st.Size()
	path := o.output + report.SettingsSuffix
	out, err := createOutput(path, s.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	if err := report.WriteSettings(out, set); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return out.Commit()
}

// scoreSettings are the settings of a scored run.
func scoreSettings(o *scoreOptions, res *report.Result) *report.Settings {
	set := report.SettingsOf(res)
	set.Monetary = o.monetary
	set.Returns = o.returns
	if res.Ingest.CustomerColumns != nil {
		set.InputKind = "customers"
	}
	return set
}

// readSidecar reads the settings recorded for a customer file. A missing or
// unusable record is not an error: warning says why there is none.
func readSidecar(path string) (set *report.Settings, warning string) {
	side := path + report.SettingsSuffix
	f, err := os.Open(side)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("%s not found: the settings %s was scored with are unknown", side, path)
	}
	if err != nil {
		return nil, fmt.Sprintf("%v: the settings %s was scored with are unknown", err, path)
	}
	defer f.Close()
	set, err = report.ReadSettings(f)
	if err != nil {
		return nil, fmt.Sprintf("%s: %v; ignored", side, err)
	}
	if st, err := os.Stat(path); err == nil && set.Size != 0 && st.Size() != set.Size {
		return nil, fmt.Sprintf("%s describes a file of %d bytes, but %s has %d: it changed after rfm score wrote it; its settings are ignored",
			side, set.Size, path, st.Size())
	}
	return set, ""
}
