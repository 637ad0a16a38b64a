package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// The notes are the lines on standard error that say what a run detected,
// chose and left out; --quiet hides them (reporter.lines prints them). They
// are written in l, the interface's language.

// notes are the facts a user should see on stderr: what was detected and
// chosen, and anything surprising. today is the date the latest input date is
// checked against; list is the --customers file joined, nil without one.
func notes(res *report.Result, today rfm.Date, list *ingest.CustomerList, l i18n.Lang) []string {
	rep := res.Ingest
	t := rep.Table
	var out []string
	out = append(out, l.Tf("%s: %s; date format %s", t.Name, sourceText(t, l), rep.DateFormatIn(l)))
	out = append(out, columnsNote(rep, l))
	for _, w := range res.Scheme.WarningsIn(l) {
		out = append(out, l.Tf("warning: %s", w))
	}
	if rep.FloatIDs {
		out = append(out, l.T("warning: every customer id ends in \".0\": the column was probably converted to numbers; ids are kept as written"))
	}
	bad := t.BadText.WarningIn(t.Name, t.Encoding, l)
	for _, w := range rep.WarningsIn(today, l) {
		if w != bad { // published by publishWarnings, also under --quiet
			out = append(out, l.Tf("warning: %s", w))
		}
	}
	if rep.Rejected > 0 {
		out = append(out, rejectedLine(rep, l))
	}
	if n := statusNote(rep.Status, l); n != "" {
		out = append(out, n)
	}
	scored := l.Tf("customers: %d scored", len(res.Customers))
	if len(res.NotScored) > 0 {
		var parts []string
		n := 0
		for _, k := range res.NotScoredReasons() {
			parts = append(parts, fmt.Sprintf("%s %d", l.T(string(k)), res.NotScored[k]))
			n += res.NotScored[k]
		}
		scored = l.Tf("customers: %d scored, %d not scored (%s)", len(res.Customers), n, strings.Join(parts, l.Pick("，", ", ")))
	}
	out = append(out, scored)
	out = append(out, customerFileNotes(res, list, l)...)
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		if u := res.Scoring.Unused[m]; len(u) > 0 && len(res.Customers) > 0 {
			out = append(out, l.Tf("note: %s scores %v are unused (tied cut points)", metricName(m, l), u))
		}
	}
	if n := res.TieNote(l); n != "" {
		out = append(out, l.Tf("note: %s", n))
	}
	return out
}

// metricName is the metric in l: "recency", or its letter R in Chinese.
func metricName(m rfm.Metric, l i18n.Lang) string {
	return l.Pick(strings.ToUpper(m.String()[:1]), m.String())
}

// statusNote says when scored rows carry an order status that reads as a
// refund or a cancellation, and how to leave them out; "" otherwise.
func statusNote(st *ingest.Status, l i18n.Lang) string {
	if st == nil {
		return ""
	}
	refunds := st.Refunded()
	if len(refunds) == 0 {
		return ""
	}
	n := 0
	var vals []string
	for _, v := range refunds {
		n += v.Rows
		vals = append(vals, fmt.Sprintf("%q %d", v.Value, v.Rows))
	}
	key := "note: %d scored rows have a status in %q that looks like a refund or cancellation (%s); they count as purchases"
	if n == 1 {
		key = "note: %d scored row has a status in %q that looks like a refund or cancellation (%s); they count as purchases"
	}
	msg := l.Tf(key, n, st.Header, strings.Join(vals, l.Pick("，", ", ")))
	if f := st.SuggestedFilter(); f != "" {
		msg += l.Tf("; to score completed orders only: %s", f)
	}
	return msg
}

// columnsNote is the stderr line that says which column plays which part;
// the roles in omit are left out (rfm clv uses no order column).
func columnsNote(rep *ingest.Report, l i18n.Lang, omit ...ingest.Role) string {
	var roles []string
	role := func(name i18n.Localizer, header string, others []string) string {
		r := l.Tf("%s=%s", name, header)
		if len(others) > 0 {
			r += l.Tf(" (chosen over %s)", strings.Join(others, ", "))
		}
		return r
	}
	for _, ch := range rep.Columns.Roles {
		if ch.Index < 0 || slices.Contains(omit, ch.Role) {
			continue
		}
		roles = append(roles, role(ch.Role, ch.Header, ch.Others))
	}
	sep := l.Pick("；", "; ")
	if cc := rep.CustomerColumns; cc != nil {
		for _, ch := range cc.Metrics {
			if ch.Index < 0 {
				continue
			}
			roles = append(roles, role(ch.Metric, ch.Header, ch.Others))
		}
		if cc.Ignored != "" {
			roles = append(roles, l.Tf("%s not used (recency days win; --last-date-col %s uses the date)", cc.Ignored, cc.Ignored))
		}
		return l.Tf("columns (one row per customer): %s", strings.Join(roles, sep))
	}
	if !rep.Columns.Has(ingest.RoleAmount) {
		roles = append(roles, l.T("amount=quantity × unit price"))
	}
	return l.Tf("columns: %s", strings.Join(roles, sep))
}

// rejectedLine is the stderr line that counts the rejected rows by reason.
func rejectedLine(rep *ingest.Report, l i18n.Lang) string {
	type reason struct {
		en string // "bad date 2", the order of the list
		k  string
		n  int
	}
	var reasons []reason
	for k, n := range rep.Reasons {
		reasons = append(reasons, reason{fmt.Sprintf("%s %d", k, n), k, n})
	}
	sort.Slice(reasons, func(i, j int) bool { return reasons[i].en < reasons[j].en })
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%s %d", ingest.LocalReason(r.k, l), r.n)
	}
	key := "rejected %d rows: %s"
	if rep.Rejected == 1 {
		key = "rejected %d row: %s"
	}
	return l.Tf(key, rep.Rejected, strings.Join(parts, l.Pick("，", ", ")))
}

// sourceText says how a table was read: "csv, utf-8, delimiter \",\"" or
// "xlsx, sheet \"Orders\"".
func sourceText(t *ingest.Table, l i18n.Lang) string {
	switch {
	case t.Format == "csv":
		src := l.Tf("csv, %s, delimiter %q", t.EncodingText(l), t.DelimiterName())
		if t.HeaderLine == 0 {
			src += l.T(", no header row")
		}
		return src
	case t.Sheet != "":
		return l.Tf("xlsx, sheet %q", t.Sheet)
	}
	return t.Format
}

// clvInputNotes says what was detected in the input: rfm score's notes
// on the table and its columns (an order column is not used) and rejected
// rows; bad text is a publication warning (runCLV).
func clvInputNotes(rep *ingest.Report, l i18n.Lang) []string {
	t := rep.Table
	out := []string{l.Tf("%s: %s; date format %s", t.Name, sourceText(t, l), rep.DateFormatIn(l)), columnsNote(rep, l, ingest.RoleOrder)}
	if rep.Rejected > 0 {
		out = append(out, rejectedLine(rep, l))
	}
	return out
}

// accounting is the row accounting of a run's notes, "rows read 261 = used
// 259 + …", in a message.
type accounting struct{ rep *ingest.Report }

func (a accounting) String() string { return report.Accounting(a.rep) }

// Localize writes the accounting in l.
func (a accounting) Localize(l i18n.Lang) string { return report.AccountingText(a.rep, l) }

// calEndHow is where a calibration end came from: a flag's name, or the
// latest used row.
type calEndHow string

func (h calEndHow) Localize(l i18n.Lang) string {
	if h == calEndLatest {
		return l.T(calEndLatest)
	}
	return string(h)
}

// calEndLatest is report.CLV's CalEndHow when no flag gives the calibration
// end.
const calEndLatest = "the latest used row"

// unitText is a model time unit in a message: "week", 周.
type unitText clv.Unit

func (u unitText) String() string { return clv.Unit(u).String() }

// Localize names the unit in l.
func (u unitText) Localize(l i18n.Lang) string {
	if clv.Unit(u) == clv.Day {
		return l.Pick("天", u.String())
	}
	return l.Pick("周", u.String())
}

// clvNotes are the facts about the fit a user should see on stderr; ids
// is the number of customers with a used row.
func clvNotes(r *report.CLV, ids int, l i18n.Lang) []string {
	repeat := 0
	for _, sm := range r.Sums {
		if sm.X > 0 {
			repeat++
		}
	}
	out := []string{l.Tf("calibration end %s (%s); unit %s; %d customers, %d with a repeat purchase",
		r.CalEnd, calEndHow(r.CalEndHow), unitText(r.Unit), len(r.Sums), repeat)}
	if n := ids - len(r.Sums); n > 0 {
		out = append(out, l.Tf("%d customers left out: no purchase (amount ≥ 0) on or before the calibration end", n))
	}
	if r.Model.Model != nil && r.Model.Model.Kind().Discrete() {
		out = append(out, l.Tf("bg/bb: periods of one %s ending on the calibration end; x counts the periods with a purchase after the first, T is their number n", unitText(r.Unit)))
	}
	if iv := r.Intervals; iv != nil {
		line := l.Tf("intervals: %s%% from %d bootstrap refits (seed %d)", report.TrimFloat(100*report.IntervalLevel, 1), iv.Replicates, r.Seed)
		if iv.Failed > 0 {
			line += l.Tf("; %d refits did not converge and were left out", iv.Failed)
		}
		out = append(out, line)
	}
	if !(r.GG.Params.Q > 1) {
		out = append(out, l.Tf("warning: gamma-gamma q = %.4g ≤ 1, so the population's mean spend is infinite; expected spend and CLV are left empty where they are not finite", r.GG.Params.Q))
	}
	return out
}

// scoreCLVNotes are the facts about the lifetime value fit of rfm score
// --with-clv for stderr; none without it.
func scoreCLVNotes(res *report.Result, l i18n.Lang) []string {
	c := res.CLV
	if c == nil {
		return nil
	}
	out := clvNotes(c, len(c.Sums), l)
	for i, line := range out {
		out[i] = l.Tf("clv: %s", line)
	}
	n := 0
	for _, k := range res.CLVIndex {
		if k >= 0 && c.Preds[k].ChurnRisk {
			n++
		}
	}
	return append(out, l.Tf("clv: churn risk (%s): %d scored customers", c.ChurnRuleIn(l), n))
}
