package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// Accounting returns SPEC §2's identity for a run as one line, e.g.
// "rows read 500 = used 480 + rejected 12 + filtered 8 + after as-of 0".
func Accounting(r *ingest.Report) string { return accounting(r, i18n.EN, strconv.Itoa) }

// AccountingIn is Accounting in the language, with thousands separators, for
// the workbook and the HTML report.
func AccountingIn(r *ingest.Report, l i18n.Lang) string { return accounting(r, l, groupThousands) }

// AccountingText is Accounting in the language, numbers as they are, for
// the terminal.
func AccountingText(r *ingest.Report, l i18n.Lang) string { return accounting(r, l, strconv.Itoa) }

func accounting(r *ingest.Report, l i18n.Lang, g func(int) string) string {
	s := l.Tf("rows read %s = used %s + rejected %s + filtered %s + after as-of %s",
		g(r.Read), g(r.Used), g(r.Rejected), g(r.Filtered), g(r.AfterAsOf))
	if r.Duplicates > 0 {
		s += l.Tf(" + duplicates %s", g(r.Duplicates))
	}
	return s
}

// GroupThousands writes n with , between groups of three digits.
func GroupThousands(n int) string { return groupThousands(n) }

// labels of the terminal summary and reports.
type labels struct {
	class, tier, customers, share, monetary, monShare, meanR, meanF, meanM, action string
}

func labelsFor(l i18n.Lang) labels {
	return labels{l.T("Class"), l.T("Tier"), l.T("Customers"), l.T("Share"), TC(l, "total of a class", "Monetary"), l.T("Monetary share"),
		l.T("Mean recency (days)"), l.T("Mean frequency"), l.T("Mean monetary"), l.T("Recommended action")}
}

// WriteSummary writes the terminal summary: a table per class, the cut points
// and any unused scores.
func WriteSummary(w io.Writer, r *Result) error {
	if err := r.CheckTotals(); err != nil {
		return err
	}
	lb := labelsFor(r.UI)
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignCenter,
			tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft}}),
	)
	t.Header(lb.class, lb.tier, lb.customers, lb.share, lb.monetary, lb.monShare, lb.meanR, lb.meanF, lb.meanM, lb.action)
	var total rfm.Cents
	for _, c := range r.Classes() {
		total += c.Monetary
		row := []string{c.Segment.Name(r.Lang), c.Tier, fmt.Sprint(c.Customers), pct(c.Share), c.Monetary.String(), pct(c.MonetaryShare), "", "", "", c.Segment.Action(r.Lang)}
		if c.Customers > 0 {
			row[6], row[7], row[8] = fmt.Sprintf("%.1f", c.MeanRecency), fmt.Sprintf("%.2f", c.MeanFrequency), fmt.Sprintf("%.2f", c.MeanMonetary)
		}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	all := r.UI.T("Total")
	t.Footer(all, "", fmt.Sprint(len(r.Customers)), pct(1), total.String(), pct(1), "", "", "", "")
	if err := t.Render(); err != nil {
		return err
	}
	_, err := io.WriteString(w, MethodLines(r, r.UI)+r.ProspectNote(r.UI))
	return err
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// MethodLines describes the scoring in l: as-of date, method, cut points,
// unused scores and the high/low thresholds, one fact a line.
func MethodLines(r *Result, l i18n.Lang) string {
	var b strings.Builder
	asOf := l.T("day after the latest used row")
	if r.AsOfGiven {
		asOf = "--as-of"
	}
	switch {
	case r.AsOf == rfm.NoDate && r.Ingest != nil && r.Ingest.CustomerColumns != nil:
		b.WriteString(l.Tf("one row per customer, recency days as given; method %s", MethodText(r.Score.Method, l)))
	case r.AsOf == rfm.NoDate:
		b.WriteString(l.Tf("no used rows: nothing to score; method %s", MethodText(r.Score.Method, l)))
	default:
		b.WriteString(l.Tf("as-of date %s (%s); method %s", r.AsOf, asOf, MethodText(r.Score.Method, l)))
	}
	if r.Score.Method != rfm.Mean {
		b.WriteString(l.Tf(", %d bins", r.Score.Bins))
	}
	b.WriteString(l.Tf("; segments %s\n", r.Scheme.Name))
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		name := metricWord(m, l)
		if cuts := r.cutPoints(m); cuts != "" {
			b.WriteString(l.Tf("%s cut points: %s", name, cuts))
			if u := r.Scoring.Unused[m]; len(u) > 0 {
				b.WriteString(l.Tf(" (scores %s unused: tied cut points)", joinInts(u)))
			}
			b.WriteByte('\n')
		} else if r.Score.Method == rfm.Rank && len(r.Scoring.Unused[m]) > 0 {
			b.WriteString(l.Tf("%s: scores %s unused (ties)\n", name, joinInts(r.Scoring.Unused[m])))
		}
		if mean := r.mean(m); mean != "" {
			b.WriteString(l.Tf("%s mean: %s\n", name, mean))
		}
	}
	if r.Weights != nil {
		b.WriteString(l.Tf("weights: %s\n", WeightsText(r.Weights, l)))
	}
	if r.Scheme.HighLow && r.Score.Method != rfm.Mean {
		rule := l.T("mean")
		if r.Segments.Split == segment.SplitMedian {
			rule = l.T("median")
		}
		var parts []string
		for d, name := range []string{"R", "F", "M"} {
			if th := r.Assigned.Thresholds[d]; th != nil {
				parts = append(parts, fmt.Sprintf("%s ≥ %s", name, th.FloatString(2)))
			} else {
				parts = append(parts, l.Tf("%s all equal: low for everyone", name))
			}
		}
		b.WriteString(l.Tf("high when the score ≥ its %s: %s\n", rule, strings.Join(parts, ListSep(l))))
	}
	return b.String()
}

// metricWord names a metric in the terminal's lines: recency, frequency,
// monetary in English, as the flags and the CSV columns name them.
func metricWord(m rfm.Metric, l i18n.Lang) string {
	return [3]string{l.T("recency"), l.T("frequency"), l.T("monetary")}[m]
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// Reason names a reject or not-scored reason in the language (Chinese with
// the English words beside it, as the rejects file has them).
func Reason(k string, l i18n.Lang) string { return reason(k, l) }
