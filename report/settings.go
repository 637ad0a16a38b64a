package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

// SettingsFormat names the layout of Settings; it changes when a field's
// meaning does.
const SettingsFormat = "rfm-settings/1"

// SettingsSuffix is appended to a customer file's name to name the file that
// holds its Settings: customers.csv → customers.csv.rfm.json.
const SettingsSuffix = ".rfm.json"

// Settings records how a customer file was made: everything that decides
// which class and tier a customer gets. rfm score writes it as JSON next to
// the file it describes (SettingsSuffix), so that the CSV itself stays a
// plain table that every spreadsheet and mail tool imports; rfm diff reads
// it to refuse files that cannot be compared. It holds no clock time, so a
// run with a fixed --as-of writes the same bytes every time.
type Settings struct {
	Format  string `json:"format"`
	Version string `json:"rfm_version"`
	// File is the base name of the file described, and Size its length in
	// bytes: a file changed after rfm wrote it no longer matches.
	File string `json:"file,omitempty"`
	Size int64  `json:"size,omitempty"`
	// SHA256 is the hex SHA-256 of the file's bytes, as this run wrote
	// them: a file of the same size from another run or an edit does not
	// match either.
	SHA256    string `json:"sha256,omitempty"`
	Customers int    `json:"customers"`
	Input     string `json:"input"`
	AsOf      string `json:"as_of"`
	// AsOfGiven says the as-of date came from --as-of, not from the data.
	AsOfGiven bool           `json:"as_of_given"`
	Method    string         `json:"method"`
	Bins      int            `json:"bins"`
	Cuts      *CutSettings   `json:"cuts,omitempty"`
	Split     string         `json:"split"`
	Tiers     string         `json:"tiers"`
	Monetary  string         `json:"monetary,omitempty"`
	Returns   string         `json:"returns,omitempty"`
	Segments  SchemeSettings `json:"segments"`
	Lang      string         `json:"lang"`
	Kept      []string       `json:"kept"`
	// Lifecycle is --lifecycle's N,A,C and ChurnFactor its K, when the
	// file has the lifecycle columns.
	Lifecycle   string `json:"lifecycle,omitempty"`
	ChurnFactor string `json:"churn_factor,omitempty"`
	// Weights are --weights wR,wF,wM as decimals; absent without them.
	Weights []string `json:"weights,omitempty"`
	// InputKind is "customers" for a customer-level input; absent for
	// transactions.
	InputKind string `json:"input_kind,omitempty"`
}

// CutSettings are the cut points of --method thresholds, as decimals.
type CutSettings struct {
	Recency   []string `json:"recency"`
	Frequency []string `json:"frequency"`
	Monetary  []string `json:"monetary"`
}

// SchemeSettings identifies a segment scheme and lists its classes.
type SchemeSettings struct {
	// Name is --segments as given: cn8, rfgrid or a file name.
	Name string `json:"name"`
	// Digest is a hash of the scheme's rules and names: two files scored with
	// the same scheme file have the same digest, an edited file another.
	Digest  string `json:"digest"`
	HighLow bool   `json:"high_low"`
	// Classes are the scheme's classes in report order; for range schemes
	// Other comes last.
	Classes []ClassSettings `json:"classes"`
}

// ClassSettings names one class in both languages.
type ClassSettings struct {
	Slug string `json:"slug"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
	Tier string `json:"tier"`
}

// SettingsOf records a result's settings. Monetary and Returns are left to
// the caller, which knows the flags; File and Size are set once the file is
// written.
func SettingsOf(r *Result) *Settings {
	s := &Settings{
		Format:    SettingsFormat,
		Version:   r.Version,
		Customers: len(r.Customers),
		Input:     r.Input,
		AsOf:      r.AsOf.String(),
		AsOfGiven: r.AsOfGiven,
		Method:    r.Score.Method.String(),
		Bins:      r.Score.Bins,
		Split:     "mean",
		Tiers:     "class",
		Segments:  SchemeSettingsOf(r.Scheme),
		Lang:      r.Lang.Pick("zh", "en"),
		Kept:      append([]string{}, r.Kept...),
	}
	if r.AsOf == rfm.NoDate {
		s.AsOf = ""
	}
	if lc := r.Lifecycle; lc != nil {
		p := lc.Params
		s.Lifecycle = fmt.Sprintf("%d,%d,%d", p.New, p.Active, p.Churn)
		s.ChurnFactor = factorText(p)
	}
	if r.Weights != nil {
		for _, w := range r.Weights.W {
			s.Weights = append(s.Weights, w.String())
		}
	}
	if r.Score.Method == rfm.Mean {
		s.Bins = 0
	}
	if r.Segments.Split == segment.SplitMedian {
		s.Split = "median"
	}
	if t := r.Segments.Tiers; t.Pareto {
		s.Tiers = fmt.Sprintf("pareto=%d,%d", t.A, t.B)
	}
	if r.Score.Method == rfm.Thresholds {
		str := func(a []rfm.Amount) []string {
			out := make([]string, len(a))
			for i, v := range a {
				out[i] = v.String()
			}
			return out
		}
		s.Cuts = &CutSettings{
			Recency:   str(r.Score.Cuts[rfm.Recency]),
			Frequency: str(r.Score.Cuts[rfm.Frequency]),
			Monetary:  str(r.Score.Cuts[rfm.Monetary]),
		}
	}
	return s
}

// SchemeSettingsOf describes a scheme: its name, a digest of its rules and
// its classes in report order.
func SchemeSettingsOf(sc *segment.Scheme) SchemeSettings {
	ss := SchemeSettings{Name: sc.Name, HighLow: sc.HighLow}
	for _, seg := range SchemeClasses(sc) {
		ss.Classes = append(ss.Classes, ClassSettings{Slug: seg.Slug, ZH: seg.ZH, EN: seg.EN, Tier: seg.Tier})
	}
	// The digest covers what decides a customer's class and its names, not
	// the scheme's file name or the recommended actions.
	h := sha256.New()
	fmt.Fprintf(h, "highlow=%t fivelevel=%t bins=%d\n", sc.HighLow, sc.FiveLevel, sc.Bins)
	for i, seg := range sc.Segments {
		fmt.Fprintf(h, "%q %q %q %q", seg.Slug, seg.ZH, seg.EN, seg.Tier)
		if i < len(sc.Ranges) {
			g := sc.Ranges[i]
			fmt.Fprintf(h, " %d %d %d %d %d %d", g.RMin, g.RMax, g.FMin, g.FMax, g.MMin, g.MMax)
		}
		h.Write([]byte{'\n'})
	}
	ss.Digest = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return ss
}

// SchemeClasses returns a scheme's classes in report order — for cn8 SPEC
// §5's table order, from 重要价值客户 to 一般挽留客户 — and, for range
// schemes, Other last.
func SchemeClasses(sc *segment.Scheme) []*segment.Segment {
	var out []*segment.Segment
	if sc.HighLow {
		for _, k := range []int{7, 5, 3, 1, 6, 4, 2, 0} {
			if k < len(sc.Segments) {
				out = append(out, &sc.Segments[k])
			}
		}
		return out
	}
	for i := range sc.Segments {
		out = append(out, &sc.Segments[i])
	}
	return append(out, &segment.Other)
}

// WriteSettings writes s as indented JSON.
func WriteSettings(w io.Writer, s *Settings) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadSettings reads Settings written by WriteSettings.
func ReadSettings(r io.Reader) (*Settings, error) {
	var s Settings
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	if err := dec.Decode(&s); err != nil {
		return nil, i18n.Errorf("not rfm settings: %w", err)
	}
	if s.Format != SettingsFormat {
		return nil, i18n.Errorf("settings format %q, want %q (written by a different rfm version)", s.Format, SettingsFormat)
	}
	return &s, nil
}
