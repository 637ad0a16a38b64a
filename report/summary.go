package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// Accounting returns SPEC §2's identity for a run as one line, e.g.
// "rows read 500 = used 480 + rejected 12 + filtered 8 + after as-of 0".
func Accounting(r *ingest.Report) string {
	s := fmt.Sprintf("rows read %d = used %d + rejected %d + filtered %d + after as-of %d",
		r.Read, r.Used, r.Rejected, r.Filtered, r.AfterAsOf)
	if r.Duplicates > 0 {
		s += fmt.Sprintf(" + duplicates %d", r.Duplicates)
	}
	return s
}

// AccountingIn is Accounting in the language, with thousands separators, for
// the workbook and the HTML report.
func AccountingIn(r *ingest.Report, l segment.Lang) string {
	g := groupThousands
	var s string
	if l == segment.EN {
		s = fmt.Sprintf("rows read %s = used %s + rejected %s + filtered %s + after as-of %s",
			g(r.Read), g(r.Used), g(r.Rejected), g(r.Filtered), g(r.AfterAsOf))
	} else {
		s = fmt.Sprintf("读取 %s = 使用 %s + 拒绝 %s + 筛除 %s + 晚于截止日期 %s",
			g(r.Read), g(r.Used), g(r.Rejected), g(r.Filtered), g(r.AfterAsOf))
	}
	if r.Duplicates > 0 {
		s += l.Pick(" + 重复 ", " + duplicates ") + g(r.Duplicates)
	}
	return s
}

// GroupThousands writes n with , between groups of three digits.
func GroupThousands(n int) string { return groupThousands(n) }

// labels of the terminal summary and reports.
type labels struct {
	class, tier, customers, share, monetary, monShare, meanR, meanF, meanM, action string
}

func labelsFor(l segment.Lang) labels {
	if l == segment.EN {
		return labels{"Class", "Tier", "Customers", "Share", "Monetary", "Monetary share", "Mean recency (days)", "Mean frequency", "Mean monetary", "Recommended action"}
	}
	return labels{"客户类别", "等级", "客户数", "占比", "消费总额", "金额占比", "平均R(天)", "平均F", "平均M", "建议动作"}
}

// WriteSummary writes the terminal summary: a table per class, the cut points
// and any unused scores.
func WriteSummary(w io.Writer, r *Result) error {
	if err := r.CheckTotals(); err != nil {
		return err
	}
	lb := labelsFor(r.Lang)
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
	all := r.Lang.Pick("合计", "Total")
	t.Footer(all, "", fmt.Sprint(len(r.Customers)), pct(1), total.String(), pct(1), "", "", "", "")
	if err := t.Render(); err != nil {
		return err
	}
	_, err := io.WriteString(w, MethodLines(r)+r.ProspectNote())
	return err
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// MethodLines describes the scoring: as-of date, method, cut points, unused
// scores and the high/low thresholds, one fact a line.
func MethodLines(r *Result) string {
	var b strings.Builder
	asOf := "day after the latest used row"
	if r.AsOfGiven {
		asOf = "--as-of"
	}
	switch {
	case r.AsOf == rfm.NoDate && r.Ingest != nil && r.Ingest.CustomerColumns != nil:
		fmt.Fprintf(&b, "one row per customer, recency days as given; method %s", r.Score.Method)
	case r.AsOf == rfm.NoDate:
		fmt.Fprintf(&b, "no used rows: nothing to score; method %s", r.Score.Method)
	default:
		fmt.Fprintf(&b, "as-of date %s (%s); method %s", r.AsOf, asOf, r.Score.Method)
	}
	if r.Score.Method != rfm.Mean {
		fmt.Fprintf(&b, ", %d bins", r.Score.Bins)
	}
	fmt.Fprintf(&b, "; segments %s\n", r.Scheme.Name)
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		if cuts := r.cutPoints(m); cuts != "" {
			fmt.Fprintf(&b, "%s cut points: %s", m, cuts)
			if u := r.Scoring.Unused[m]; len(u) > 0 {
				fmt.Fprintf(&b, " (scores %s unused: tied cut points)", joinInts(u))
			}
			b.WriteByte('\n')
		} else if r.Score.Method == rfm.Rank && len(r.Scoring.Unused[m]) > 0 {
			fmt.Fprintf(&b, "%s: scores %s unused (ties)\n", m, joinInts(r.Scoring.Unused[m]))
		}
		if mean := r.mean(m); mean != "" {
			fmt.Fprintf(&b, "%s mean: %s\n", m, mean)
		}
	}
	if r.Weights != nil {
		fmt.Fprintf(&b, "weights: %s\n", WeightsText(r.Weights, segment.EN))
	}
	if r.Scheme.HighLow && r.Score.Method != rfm.Mean {
		rule := "mean"
		if r.Segments.Split == segment.SplitMedian {
			rule = "median"
		}
		var parts []string
		for d, name := range []string{"R", "F", "M"} {
			if th := r.Assigned.Thresholds[d]; th != nil {
				parts = append(parts, fmt.Sprintf("%s ≥ %s", name, th.FloatString(2)))
			} else {
				parts = append(parts, name+" all equal: low for everyone")
			}
		}
		fmt.Fprintf(&b, "high when the score ≥ its %s: %s\n", rule, strings.Join(parts, ", "))
	}
	return b.String()
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
func Reason(k string, l segment.Lang) string { return reason(k, l) }
