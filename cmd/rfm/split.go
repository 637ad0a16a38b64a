package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// splitManifestName is the file, in a --split-by folder, that lists what the
// last run wrote. Only files it lists are ever removed from the folder.
const splitManifestName = "rfm-split.json"

// splitManifestFormat names the manifest's layout.
const splitManifestFormat = "rfm-split/1"

// splitManifest lists the files of a per-segment export, with the settings
// they were scored with.
type splitManifest struct {
	Format   string           `json:"format"`
	SplitBy  string           `json:"split_by"`
	Settings *report.Settings `json:"settings"`
	Files    []splitFile      `json:"files"`
}

// splitFile is one file of the export. SHA256 lets the next run tell that the
// file is still the one rfm wrote before removing it.
type splitFile struct {
	Name      string `json:"name"`
	Group     string `json:"group"`
	Customers int    `json:"customers"`
	SHA256    string `json:"sha256"`
}

// validateSplit checks --split-by with -o; it touches no file.
func (o *scoreOptions) validateSplit() error {
	if !o.splitBy.given() {
		return nil
	}
	if err := o.splitBy.check(); err != nil {
		return err
	}
	if o.output == "" || o.output == "-" {
		return usagef("--split-by writes one CSV file per %s into a folder: name it with -o DIR", splitByText{o.splitBy.v, o.splitBy.String()})
	}
	if o.format.v != formatCSV || strings.EqualFold(filepath.Ext(o.output), ".csv") {
		return usagef("--split-by writes CSV files into a folder: -o %s names a file, give a folder such as -o out/", o.output)
	}
	return nil
}

// parseSplitBy reads --split-by; "" is none.
func parseSplitBy(s string) (report.SplitBy, error) {
	by, ok := report.ParseSplitBy(s)
	if !ok && s != "" {
		return by, usagef("--split-by must be segment, tier or lifecycle, got %q", s)
	}
	return by, nil
}

// checkSplitFolder refuses a --split-by folder where the run would replace
// or remove one of its inputs — a file named like one of its lists or the
// manifest, or a list of the previous run, removed as stale, or one of those
// files reached by another name (a symbolic or hard link) — or where the
// --rejects file would sit among the lists, for the mail tool to import.
func (o *scoreOptions) checkSplitFolder() error {
	if !o.splitBy.given() {
		return nil
	}
	if st, err := os.Stat(o.output); err == nil && !st.IsDir() {
		return usagef("-o %s is a file; --split-by needs a folder (it is created if missing)", o.output)
	}
	by, dir := o.splitBy.v, o.output
	if o.rejects != "" && o.rejects != "-" && inFolder(o.rejects, dir) {
		return usagef("--rejects %s is in the --split-by folder %s, where a mail tool would take it for a list; write it elsewhere", o.rejects, dir)
	}
	type target struct {
		name string
		why  i18n.Text
	}
	taken := map[string]target{strings.ToLower(splitManifestName): {splitManifestName, "rfm's list of the files it wrote"}}
	for _, n := range report.SplitFileNames(o.scheme, o.lang, by) {
		taken[strings.ToLower(n)] = target{n, "a list this run writes"}
	}
	if prev, err := readSplitManifest(dir); err == nil && prev != nil {
		for _, f := range prev.Files {
			if _, ok := taken[strings.ToLower(f.Name)]; !ok {
				taken[strings.ToLower(f.Name)] = target{f.Name, "a list of the previous run, removed as stale"}
			}
		}
	}
	for _, in := range o.inputs() {
		if inFolder(in.path, dir) {
			if t, ok := taken[strings.ToLower(filepath.Base(in.path))]; ok {
				return usagef("%s %s is in the --split-by folder %s, named like %s; move it or choose another folder", in.what, in.path, dir, t.why)
			}
		}
		// The same file under another name: the names above do not see it.
		for _, k := range slices.Sorted(maps.Keys(taken)) {
			t := taken[k]
			if path := filepath.Join(dir, t.name); sameFile(in.path, path) {
				return usagef("%s %s is the file %s, %s; move it or choose another folder", in.what, in.path, path, t.why)
			}
		}
	}
	return nil
}

// writeSplit writes one CSV file per segment or tier into the folder o.output,
// each replaced atomically, then the manifest, then removes the files the
// previous run's manifest lists and this run did not write — only those, and
// only while they still hold what rfm wrote; a changed one is kept and
// reported. A stale list left in the folder is a warning that --quiet does
// not hide, and the run ends with a warnedError (exit status 3): the mail
// tool would import it with this week's lists.
func writeSplit(s streams, o *scoreOptions, res *report.Result) error {
	r := s.reporter(o.quiet)
	by, dir := o.splitBy.v, o.output
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	prev, err := readSplitManifest(dir)
	if err != nil {
		r.publishf("%v; no stale files removed", err)
	}
	m := &splitManifest{Format: splitManifestFormat, SplitBy: by.String(), Settings: scoreSettings(o, res)}
	written := map[string]bool{}
	for _, g := range report.SplitGroups(res, by) {
		path := filepath.Join(dir, g.File)
		out, err := createOutput(path, s.out)
		if err != nil {
			return err
		}
		h := sha256.New()
		w, flush := o.encode(io.MultiWriter(out, h))
		err = report.WriteSplitCSV(w, res, g.Rows, o.options(report.GuardMail), g.Prospects...)
		if err == nil {
			err = flush()
		}
		if err != nil {
			out.Abort()
			return i18n.Errorf("%s: %w", path, err)
		}
		if err := out.Commit(); err != nil {
			return err
		}
		m.Files = append(m.Files, splitFile{Name: g.File, Group: g.Name, Customers: len(g.Rows) + len(g.Prospects), SHA256: hex.EncodeToString(h.Sum(nil))})
		written[strings.ToLower(g.File)] = true
	}
	mpath := filepath.Join(dir, splitManifestName)
	out, err := createOutput(mpath, s.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	b, err := json.MarshalIndent(m, "", "  ")
	if err == nil {
		_, err = out.Write(append(b, '\n'))
	}
	if err != nil {
		return i18n.Errorf("%s: %w", mpath, err)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	r.notef("%s: %d files by %s, %d customers", dir, len(m.Files), splitByText{by, by.String()}, len(res.Customers))
	if prev == nil {
		return r.status()
	}
	var first error
	for _, f := range prev.Files {
		if written[strings.ToLower(f.Name)] {
			continue
		}
		path := filepath.Join(dir, f.Name)
		removed, keep, err := removeIfUnchanged(path, f.SHA256)
		switch {
		case err != nil:
			// A stale list the mail tool may still import: not a success.
			if first == nil {
				first = i18n.Errorf("removing a stale file of the previous run: %w", err)
			}
		case keep != "":
			r.publishf("kept %s from the previous run: %s", path, i18n.Text(keep))
		case removed:
			r.notef("removed %s: written by the previous run, not by this one", path)
		}
	}
	if first != nil {
		return first
	}
	return r.status()
}

// splitByText is what --split-by groups by, in a message: en in English
// (the flag's text, "segment" or "class"), 客户类别 in Chinese.
type splitByText struct {
	by report.SplitBy
	en string
}

func (b splitByText) String() string { return b.en }

// Localize names the grouping in l.
func (b splitByText) Localize(l i18n.Lang) string {
	if l == i18n.EN {
		return b.en
	}
	switch b.by {
	case report.ByTier:
		return l.Pick("等级", "tier")
	case report.ByLifecycle:
		return l.Pick("生命周期阶段", "lifecycle")
	}
	return l.Pick("客户类别", "segment")
}

// readSplitManifest reads the folder's manifest; none is not an error.
func readSplitManifest(dir string) (*splitManifest, error) {
	path := filepath.Join(dir, splitManifestName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m splitManifest
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil || m.Format != splitManifestFormat {
		return nil, i18n.Errorf("%s is not an rfm split manifest", path)
	}
	for _, f := range m.Files {
		if !plainCSVName(f.Name) {
			return nil, i18n.Errorf("%s lists %q, which is not a CSV file in the folder", path, f.Name)
		}
	}
	return &m, nil
}

// plainCSVName reports whether name is a bare .csv file name: no folder, no
// way out of the folder.
func plainCSVName(name string) bool {
	return name != "" && !strings.ContainsAny(name, `/\:`) && name == filepath.Base(name) &&
		strings.HasSuffix(strings.ToLower(name), ".csv") && !strings.HasPrefix(name, ".")
}

// removeIfUnchanged removes path when it is a regular file whose SHA-256 is
// sum. A missing file is nothing to do; a file that is not the one rfm wrote
// is kept, and keep says why.
func removeIfUnchanged(path, sum string) (removed bool, keep string, err error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	if !st.Mode().IsRegular() {
		return false, "not a regular file", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, "", err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return false, "", err
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		return false, "it changed since rfm wrote it; remove it yourself if it is no longer wanted", nil
	}
	if err := os.Remove(path); err != nil {
		return false, "", err
	}
	return true, "", nil
}
