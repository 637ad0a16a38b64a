package report

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// kv writes label–value rows from row on, each value merged across the
// columns 2…span; it returns the next free row.
func (x *xlsxWriter) kv(sheet string, row, span int, rows [][2]any, errs *[]error) int {
	for _, kv := range rows {
		if err := x.set(sheet, 1, row, kv[0], x.label); err != nil {
			*errs = append(*errs, err)
		}
		if err := x.set(sheet, 2, row, kv[1], x.wrap); err != nil {
			*errs = append(*errs, err)
		}
		if span > 2 {
			*errs = append(*errs, x.f.MergeCell(sheet, cell(2, row), cell(span, row)))
		}
		row++
	}
	return row
}

// method writes the method sheet: input, as-of date, scoring, cut points,
// the detected date format, the version and the class rules.
func (x *xlsxWriter) method() error {
	s, lb := x.lb.method, x.lb
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	add(x.set(s, 1, 1, lb.method, x.title))
	add(x.set(s, 1, 3, lb.item, x.headerLeft))
	add(x.set(s, 2, 3, lb.value, x.headerLeft))
	add(x.f.MergeCell(s, "B3", "F3"))
	rows := slices.Concat(x.inputRows(), x.scoringRows(), x.segmentRows())
	row := x.kv(s, 4, 6, rows, &errs)
	x.classRules(s, row, rows, &errs)
	return firstErr(errs)
}

// inputRows are the method sheet's rows on the input: the file, its hash,
// format and sheet, and the as-of date.
func (x *xlsxWriter) inputRows() [][2]any {
	r, lb := x.r, x.lb
	sha := x.opt.InputSHA256
	if sha == "" {
		sha = lb.notGiven
	}
	rows := [][2]any{{lb.file, inputOf(r, lb)}, {lb.sha, sha}}
	if t := tableOf(r); t != nil {
		format := t.Format
		if t.Format == "csv" && t.Encoding != "" {
			format += TC(r.UI, "clause", ", ") + t.EncodingText(r.UI)
		}
		rows = append(rows, [2]any{lb.format, format})
		if t.Sheet != "" {
			rows = append(rows, [2]any{lb.sheet, t.Sheet})
		}
	}
	asOf, how := "", lb.asOfData
	if r.AsOf != rfm.NoDate {
		asOf = r.AsOf.String()
	}
	if r.AsOfGiven {
		how = lb.asOfGiven
	}
	return append(rows, [2]any{lb.asOfLabel, r.UI.Tf("%s (%s)", asOf, how)})
}

// scoringRows are the method sheet's rows on the scoring: the method and
// bins, each metric's cut points, mean and unused scores, the remedy for
// tied scores, the weights and the high/low split.
func (x *xlsxWriter) scoringRows() [][2]any {
	r, lb := x.r, x.lb
	rows := [][2]any{{lb.methodLabel, MethodText(r.Score.Method, r.UI)}}
	if r.Score.Method != rfm.Mean {
		rows = append(rows, [2]any{lb.binsLabel, fmt.Sprint(r.Score.Bins)})
	}
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		if cuts := cutPointsShown(r.Scoring.Cuts[m], m); cuts != "" {
			rows = append(rows, [2]any{fmt.Sprintf(lb.cuts, metricName(m, r.UI)), cuts})
		}
		if mean := r.mean(m); mean != "" {
			rows = append(rows, [2]any{fmt.Sprintf(lb.means, metricName(m, r.UI)), mean})
		}
		unused := lb.none
		if u := r.Scoring.Unused[m]; len(u) > 0 {
			unused = joinInts(u)
		}
		rows = append(rows, [2]any{fmt.Sprintf(lb.unused, metricName(m, r.UI)), unused})
	}
	if remedy := r.TieRemedy(); remedy != "" {
		rows = append(rows, [2]any{r.UI.T("To use every score"), remedy})
	}
	if r.Weights != nil {
		rows = append(rows, [2]any{r.UI.T("Weighted score"), WeightsText(r.Weights, r.UI)})
	}
	if r.Scheme.HighLow && r.Score.Method != rfm.Mean {
		split := lb.splitMean
		if r.Segments.Split == segment.SplitMedian {
			split = lb.splitMedian
		}
		rows = append(rows, [2]any{lb.split, split})
		var parts []string
		for d, name := range []string{"R", "F", "M"} {
			if th := r.Assigned.Thresholds[d]; th != nil {
				parts = append(parts, fmt.Sprintf("%s ≥ %s", name, th.FloatString(2)))
			} else {
				parts = append(parts, name+TC(r.UI, "label", ": ")+lb.allEqual)
			}
		}
		rows = append(rows, [2]any{lb.thresholds, strings.Join(parts, TC(r.UI, "list", "; "))})
	}
	return rows
}

// segmentRows are the method sheet's last rows: the scheme and the tiers,
// the date format and the columns read, and the version.
func (x *xlsxWriter) segmentRows() [][2]any {
	r, lb := x.r, x.lb
	rows := [][2]any{{lb.schemeLabel, r.Scheme.Name}}
	tiers := lb.tiersClass
	if t := r.Segments.Tiers; t.Pareto {
		tiers = fmt.Sprintf("pareto=%d,%d", t.A, t.B)
	}
	rows = append(rows, [2]any{lb.tiers, tiers})
	if r.Ingest != nil {
		rows = append(rows, [2]any{lb.dateFormat, r.Ingest.DateFormatIn(r.UI)})
		if r.Ingest.Columns != nil {
			var roles []string
			for _, ch := range r.Ingest.Columns.Roles {
				if ch.Index >= 0 {
					roles = append(roles, fmt.Sprintf("%s = %s", RoleText(ch.Role, r.UI), ch.Header))
				}
			}
			rows = append(rows, [2]any{lb.columns, strings.Join(roles, TC(r.UI, "list", "; "))})
		}
	}
	return append(rows, [2]any{lb.version, r.Version})
}

// classRules writes the method sheet's class table with each class's rule
// below the label–value rows, which end before row, sets the widths (column
// A fitting the labels of rows too) and the print setup.
func (x *xlsxWriter) classRules(s string, row int, rows [][2]any, errs *[]error) {
	r, lb := x.r, x.lb
	add := func(err error) { *errs = append(*errs, err) }
	row++
	add(x.set(s, 1, row, lb.classes, x.label))
	add(x.set(s, 1, row+1, lb.ruleNote, x.note))
	row += 2
	sl := schemeLabelsFor(r.UI)
	for i, h := range []string{sl.segment, "R", "F", "M", sl.tier, sl.action} {
		add(x.set(s, 1+i, row, h, x.header))
	}
	// Column A fits the longest label (bold, so a little wider), F the
	// longest action.
	labelW, actionW := 30.0, 46.0
	for _, kv := range rows {
		labelW = max(labelW, textWidth(kv[0].(string))*1.1+2)
	}
	for _, rr := range ruleRows(r.Scheme, r.Lang, r.UI) {
		row++
		seg := segmentNamed(x.classes, rr[0], r.Lang)
		st := x.text
		if seg != nil {
			st = x.classStyle[seg]
		}
		labelW = max(labelW, textWidth(rr[0])+2)
		actionW = max(actionW, textWidth(rr[5])+2)
		add(x.set(s, 1, row, rr[0], st))
		for i, v := range rr[1:] {
			st := x.center
			if i == len(rr)-2 {
				st = x.text
			}
			add(x.set(s, 2+i, row, v, st))
		}
	}
	add(x.widths(s, min(labelW, 50), 18, 12, 12, 8, min(actionW, 90)))
	add(printSetup(x.f, s, 0, 6, row))
}

// cutPointsShown writes a metric's cut points in its own format: money
// with two decimals, days and counts as whole numbers where they are whole,
// all with thousands separators.
func cutPointsShown(cuts []rfm.Cut, m rfm.Metric) string {
	parts := make([]string, len(cuts))
	for i, c := range cuts {
		v := c.Format(1)
		if m == rfm.Monetary {
			v = new(big.Rat).Quo(c.Rat(), big.NewRat(100, 1)).FloatString(2)
		}
		parts[i] = GroupDigits(v)
	}
	return strings.Join(parts, ", ")
}

// GroupDigits puts , between the groups of three digits of a decimal
// number's whole part: "-1234567.50" → "-1,234,567.50".
func GroupDigits(v string) string {
	whole, frac, dot := strings.Cut(v, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if dot {
		b.WriteString("." + frac)
	}
	return b.String()
}

func segmentNamed(classes []*segment.Segment, name string, l segment.Lang) *segment.Segment {
	for _, c := range append(classes, &segment.Other) {
		if c.Name(l) == name {
			return c
		}
	}
	return nil
}

func inputOf(r *Result, lb xlsxLabels) string {
	if r.Input == "-" {
		return lb.stdin
	}
	return r.Input
}

func tableOf(r *Result) *ingest.Table {
	if r.Ingest == nil || r.Ingest.Table == nil {
		return nil
	}
	return r.Ingest.Table
}

// quality writes the data quality sheet: SPEC §2's accounting, rejects by
// reason and customers not scored by reason.
func (x *xlsxWriter) quality() error {
	s, r, lb := x.lb.quality, x.r, x.lb
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	add(x.set(s, 1, 1, lb.quality, x.title))
	row := 3
	if rep := r.Ingest; rep != nil {
		add(x.set(s, 1, row, lb.item, x.headerLeft))
		add(x.set(s, 2, row, lb.countCol, x.header))
		add(x.set(s, 3, row, lb.shareCol, x.header))
		row++
		lines := [][2]any{{lb.rowsRead, rep.Read}, {lb.rowsUsed, rep.Used}, {lb.rowsRejected, rep.Rejected},
			{lb.rowsFiltered, rep.Filtered}, {lb.rowsAfter, rep.AfterAsOf}}
		if r.Ingest.Duplicates > 0 {
			lines = append(lines, [2]any{lb.rowsDup, rep.Duplicates})
		}
		for _, kv := range lines {
			add(x.set(s, 1, row, kv[0], x.label))
			add(x.set(s, 2, row, kv[1], x.count))
			if rep.Read > 0 {
				add(x.set(s, 3, row, float64(kv[1].(int))/float64(rep.Read), x.share))
			}
			row++
		}
		add(x.set(s, 1, row, lb.identity, x.label))
		row++
		add(x.set(s, 1, row, AccountingIn(rep, r.UI), x.text))
		add(x.f.MergeCell(s, cell(1, row), cell(3, row)))
		row += 2
		add(x.set(s, 1, row, lb.rejectedBy, x.label))
		row++
		add(x.set(s, 1, row, lb.reasonCol, x.headerLeft))
		add(x.set(s, 2, row, lb.countCol, x.header))
		add(x.set(s, 3, row, lb.shareCol, x.header))
		row++
		reasons := make([]string, 0, len(rep.Reasons))
		for k := range rep.Reasons {
			reasons = append(reasons, k)
		}
		sort.Slice(reasons, func(i, j int) bool {
			a, b := rep.Reasons[reasons[i]], rep.Reasons[reasons[j]]
			return a > b || a == b && reasons[i] < reasons[j]
		})
		if len(reasons) == 0 {
			add(x.set(s, 1, row, lb.none, x.text))
			row++
		}
		for _, k := range reasons {
			add(x.set(s, 1, row, reason(k, r.UI), x.text))
			add(x.set(s, 2, row, rep.Reasons[k], x.count))
			if rep.Read > 0 {
				add(x.set(s, 3, row, float64(rep.Reasons[k])/float64(rep.Read), x.share))
			}
			row++
		}
		row++
	}
	add(x.set(s, 1, row, lb.customersScored, x.label))
	add(x.set(s, 2, row, len(r.Customers), x.count))
	row++
	n := 0
	for _, v := range r.NotScored {
		n += v
	}
	add(x.set(s, 1, row, lb.notScored, x.label))
	add(x.set(s, 2, row, n, x.count))
	row += 2
	add(x.set(s, 1, row, lb.notScoredBy, x.label))
	row++
	add(x.set(s, 1, row, lb.reasonCol, x.headerLeft))
	add(x.set(s, 2, row, r.UI.T("Customers"), x.header))
	row++
	if len(r.NotScored) == 0 {
		add(x.set(s, 1, row, lb.none, x.text))
		row++
	}
	for _, k := range r.NotScoredReasons() {
		add(x.set(s, 1, row, reason(string(k), r.UI), x.text))
		add(x.set(s, 2, row, r.NotScored[k], x.count))
		row++
	}
	if r.Ingest != nil && r.Ingest.FloatIDs {
		row++
		add(x.set(s, 1, row, lb.floatIDs, x.note))
	}
	add(x.widths(s, 44, 14, 18))
	add(printSetup(x.f, s, 0, 3, row))
	return firstErr(errs)
}
