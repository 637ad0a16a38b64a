package diff

import (
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// CompareSettings decides whether customer files made with settings a (file
// aName) and b (bName) can be compared. Files scored with a different
// method, bins, cut points, segment scheme or high/low split are refused:
// their classes mean different things. Other differences — tiers, the
// monetary or returns rule, the language, an as-of date that goes
// backwards — are returned as warnings, in the language l.
func CompareSettings(aName string, a *report.Settings, bName string, b *report.Settings, l i18n.Lang) (warnings []string, err error) {
	var diffs []string
	differ := func(flag, av, bv string) {
		diffs = append(diffs, l.Tf("%s %s in %s, %s %s in %s", flag, av, aName, flag, bv, bName))
	}
	if a.Method != b.Method {
		differ("--method", a.Method, b.Method)
	}
	if a.Method != "mean" && b.Method != "mean" && a.Bins != b.Bins {
		differ("--bins", strconv.Itoa(a.Bins), strconv.Itoa(b.Bins))
	}
	if a.Method == "thresholds" && b.Method == "thresholds" && a.Cuts != nil && b.Cuts != nil {
		for _, c := range []struct {
			flag   string
			av, bv []string
		}{{"--r-cuts", a.Cuts.Recency, b.Cuts.Recency}, {"--f-cuts", a.Cuts.Frequency, b.Cuts.Frequency}, {"--m-cuts", a.Cuts.Monetary, b.Cuts.Monetary}} {
			if strings.Join(c.av, ",") != strings.Join(c.bv, ",") {
				differ(c.flag, strings.Join(c.av, ","), strings.Join(c.bv, ","))
			}
		}
	}
	switch {
	case a.Segments.Name != b.Segments.Name && a.Segments.Digest != b.Segments.Digest:
		differ("--segments", a.Segments.Name, b.Segments.Name)
	case a.Segments.Digest != b.Segments.Digest:
		diffs = append(diffs, l.Tf("--segments %s in both, but the scheme's rules or names changed between the two runs", a.Segments.Name))
	}
	// The split decides cn8's classes, except under the mean method, whose
	// 0/1 scores are the split.
	if a.Segments.HighLow && b.Segments.HighLow && a.Method != "mean" && b.Method != "mean" && a.Split != b.Split {
		differ("--split", a.Split, b.Split)
	}
	if len(diffs) > 0 {
		return nil, i18n.Errorf("cannot compare %s with %s: they were scored with different settings: %s; score both with the same --method, --bins, --segments and --split",
			aName, bName, strings.Join(diffs, l.T("; ")))
	}
	warn := func(what, av, bv string) {
		warnings = append(warnings, l.Tf("%s %s in %s, %s in %s", i18n.Text(what), av, aName, bv, bName))
	}
	if a.Tiers != b.Tiers {
		warn("tiers differ: --tiers", a.Tiers, b.Tiers)
	}
	if a.Monetary != b.Monetary && a.Monetary != "" && b.Monetary != "" {
		warn("monetary differs: --monetary", a.Monetary, b.Monetary)
	}
	if a.Returns != b.Returns && a.Returns != "" && b.Returns != "" {
		warn("returns differ: --returns", a.Returns, b.Returns)
	}
	if a.Lifecycle != "" && b.Lifecycle != "" && a.Lifecycle != b.Lifecycle {
		warn("lifecycle stages differ, so stage transitions mix two rules: --lifecycle", a.Lifecycle, b.Lifecycle)
	}
	if a.ChurnFactor != "" && b.ChurnFactor != "" && a.ChurnFactor != b.ChurnFactor {
		warn("churn warnings differ: --churn-factor", a.ChurnFactor, b.ChurnFactor)
	}
	if a.AsOf != "" && b.AsOf != "" && b.AsOf < a.AsOf {
		warnings = append(warnings, l.Tf("%s (as of %s) is older than %s (as of %s): are the two files the wrong way round?", bName, b.AsOf, aName, a.AsOf))
	}
	return warnings, nil
}
