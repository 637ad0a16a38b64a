package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// writeSidecar records how a customer file was made in FILE.rfm.json next to
// it, so that rfm diff can refuse files that were scored differently while the
// CSV stays a plain table. Written atomically after the customer file, and
// only for a regular file: not for -o -, a device or a pipe.
//
// The record names the SHA-256 of the bytes this run wrote. Under a lock on
// the folder, it is written only while the file still holds those bytes: when
// another run on the same -o replaced the file in between, that run's record
// goes with its file, and this one writes none.
func writeSidecar(s streams, o *scoreOptions, res *report.Result, log *reporter) error {
	if o.format.v == formatTable || o.format.v == formatHTML || o.output == "" || o.output == "-" || o.splitBy.given() {
		return nil
	}
	st, err := os.Stat(o.output)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	unlock := lockDir(filepath.Dir(o.output))
	defer unlock()
	set := scoreSettings(o, res)
	set.File = filepath.Base(o.output)
	set.Size = st.Size()
	if w, ok := committedFile(o.output); ok {
		cur := w.sha256
		if !w.still(st) {
			// Read again, as a file of this run's bytes is still this
			// run's output.
			if cur, err = fileSHA256(o.output); err != nil {
				return err
			}
		}
		if cur != w.sha256 {
			log.publishf("%s was replaced by another run while this one wrote it; its settings record %s is left to that run",
				o.output, filepath.Base(o.output)+report.SettingsSuffix)
			return nil
		}
		set.Size, set.SHA256 = w.size, w.sha256
	}
	path := o.output + report.SettingsSuffix
	out, err := createOutput(path, s.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	if err := report.WriteSettings(out, set); err != nil {
		return i18n.Errorf("%s: %w", path, err)
	}
	return out.Commit()
}

// fileSHA256 is the hex SHA-256 of the file at path.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", i18n.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// scoreSettings are the settings of a scored run.
func scoreSettings(o *scoreOptions, res *report.Result) *report.Settings {
	set := report.SettingsOf(res)
	set.Monetary = o.monetary.String()
	set.Returns = o.returns.String()
	if res.Ingest != nil && res.Ingest.CustomerColumns != nil {
		set.InputKind = "customers"
	}
	return set
}

// readSidecar reads the settings recorded for a customer file. A missing or
// unusable record is not an error: warning says why there is none.
func readSidecar(path string) (set *report.Settings, warning error) {
	side := path + report.SettingsSuffix
	f, err := os.Open(side)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, i18n.Errorf("%s not found: the settings %s was scored with are unknown", side, path)
	}
	if err != nil {
		return nil, i18n.Errorf("%v: the settings %s was scored with are unknown", err, path)
	}
	defer f.Close()
	set, err = report.ReadSettings(f)
	if err != nil {
		return nil, i18n.Errorf("%s: %v; ignored", side, err)
	}
	if st, err := os.Stat(path); err == nil && set.Size != 0 && st.Size() != set.Size {
		return nil, i18n.Errorf("%s describes a file of %d bytes, but %s has %d: it changed after rfm score wrote it; its settings are ignored",
			side, set.Size, path, st.Size())
	}
	if set.SHA256 != "" {
		if sum, err := fileSHA256(path); err == nil && sum != set.SHA256 {
			return nil, i18n.Errorf("%s describes another file than %s (its SHA-256 differs): %s was edited, or replaced by another run, after rfm score wrote the record; its settings are ignored",
				side, path, path)
		}
	}
	return set, nil
}
