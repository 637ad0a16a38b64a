package diff

import (
	"strings"
	"testing"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

func TestCompareSettings(t *testing.T) {
	base := func() *report.Settings {
		return &report.Settings{Method: "quantile", Bins: 5, Split: "mean", Tiers: "class", Monetary: "sum", Returns: "net",
			Segments: report.SchemeSettingsOf(segment.CN8()), Lang: "zh", AsOf: "2024-06-30"}
	}
	file := report.SchemeSettingsOf(segment.RFGrid())
	file.Name = "shop.csv"
	tests := []struct {
		name    string
		edit    func(a, b *report.Settings)
		err     string // "" for none
		warning string
	}{
		{"same", func(a, b *report.Settings) {}, "", ""},
		{"method", func(a, b *report.Settings) { b.Method = "rank" }, "--method quantile in old.csv, --method rank in new.csv", ""},
		{"bins", func(a, b *report.Settings) { b.Bins = 3 }, "--bins 5 in old.csv, --bins 3 in new.csv", ""},
		{"method and bins", func(a, b *report.Settings) { b.Method, b.Bins = "rank", 3 }, "--method quantile in old.csv, --method rank in new.csv; --bins 5 in old.csv, --bins 3 in new.csv", ""},
		{"mean ignores bins", func(a, b *report.Settings) { a.Method, b.Method, a.Bins, b.Bins = "mean", "mean", 0, 5 }, "", ""},
		{"scheme", func(a, b *report.Settings) { b.Segments = report.SchemeSettingsOf(segment.RFGrid()) }, "--segments cn8 in old.csv, --segments rfgrid in new.csv", ""},
		{"scheme file edited", func(a, b *report.Settings) { a.Segments, b.Segments = file, file; b.Segments.Digest = "sha256:0" }, "--segments shop.csv in both, but the scheme's rules or names changed", ""},
		{"split", func(a, b *report.Settings) { b.Split = "median" }, "--split mean in old.csv, --split median in new.csv", ""},
		{"split under mean", func(a, b *report.Settings) { a.Method, b.Method, b.Split = "mean", "mean", "median" }, "", ""},
		{"thresholds cuts", func(a, b *report.Settings) {
			a.Method, b.Method = "thresholds", "thresholds"
			a.Cuts = &report.CutSettings{Recency: []string{"30", "90"}}
			b.Cuts = &report.CutSettings{Recency: []string{"30", "60"}}
		}, "--r-cuts 30,90 in old.csv, --r-cuts 30,60 in new.csv", ""},
		{"tiers", func(a, b *report.Settings) { b.Tiers = "pareto=80,95" }, "", "tiers differ: --tiers class in old.csv, pareto=80,95 in new.csv"},
		{"backwards", func(a, b *report.Settings) { b.AsOf = "2024-06-23" }, "", "new.csv (as of 2024-06-23) is older than old.csv (as of 2024-06-30)"},
		{"lang", func(a, b *report.Settings) { b.Lang = "en" }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base(), base()
			tt.edit(a, b)
			warnings, err := CompareSettings("old.csv", a, "new.csv", b, i18n.EN)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("got %v, want an error with %q", err, tt.err)
			}
			w := strings.Join(warnings, "\n")
			if (tt.warning == "") != (w == "") || !strings.Contains(w, tt.warning) {
				t.Errorf("warnings %q, want %q", w, tt.warning)
			}
		})
	}
}
