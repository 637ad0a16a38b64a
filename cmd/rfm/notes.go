package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// The notes are the lines on standard error that say what a run detected,
// chose and left out; --quiet hides them (reporter.lines prints them).

// notes are the facts a user should see on stderr: what was detected and
// chosen, and anything surprising. today is the date the latest input date is
// checked against.
func notes(res *report.Result, today rfm.Date) []string {
	rep := res.Ingest
	t := rep.Table
	var out []string
	out = append(out, fmt.Sprintf("%s: %s; date format %s", t.Name, sourceText(t), rep.DateFormat()))
	out = append(out, columnsNote(rep))
	for _, w := range res.Scheme.Warnings() {
		out = append(out, "warning: "+w)
	}
	if rep.FloatIDs {
		out = append(out, "warning: every customer id ends in \".0\": the column was probably converted to numbers; ids are kept as written")
	}
	bad := t.BadText.Warning(t.Name, t.Encoding)
	for _, w := range rep.Warnings(today) {
		if w != bad { // published by publishWarnings, also under --quiet
			out = append(out, "warning: "+w)
		}
	}
	if rep.Rejected > 0 {
		out = append(out, rejectedLine(rep))
	}
	if n := statusNote(rep.Status); n != "" {
		out = append(out, n)
	}
	scored := fmt.Sprintf("customers: %d scored", len(res.Customers))
	if len(res.NotScored) > 0 {
		var parts []string
		n := 0
		for _, k := range res.NotScoredReasons() {
			parts = append(parts, fmt.Sprintf("%s %d", k, res.NotScored[k]))
			n += res.NotScored[k]
		}
		scored += fmt.Sprintf(", %d not scored (%s)", n, strings.Join(parts, ", "))
	}
	out = append(out, scored)
	out = append(out, customerFileNotes(res)...)
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		if u := res.Scoring.Unused[m]; len(u) > 0 && len(res.Customers) > 0 {
			out = append(out, fmt.Sprintf("note: %s scores %v are unused (tied cut points)", m, u))
		}
	}
	if n := res.TieNote(segment.EN); n != "" {
		out = append(out, "note: "+n)
	}
	return out
}

// statusNote says when scored rows carry an order status that reads as a
// refund or a cancellation, and how to leave them out; "" otherwise.
func statusNote(st *ingest.Status) string {
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
	rows := "rows have"
	if n == 1 {
		rows = "row has"
	}
	msg := fmt.Sprintf("note: %d scored %s a status in %q that looks like a refund or cancellation (%s); they count as purchases",
		n, rows, st.Header, strings.Join(vals, ", "))
	if f := st.SuggestedFilter(); f != "" {
		msg += "; to score completed orders only: " + f
	}
	return msg
}

// columnsNote is the stderr line that says which column plays which part;
// the roles in omit are left out (rfm clv uses no order column).
func columnsNote(rep *ingest.Report, omit ...ingest.Role) string {
	var roles []string
	for _, ch := range rep.Columns.Roles {
		if ch.Index < 0 || slices.Contains(omit, ch.Role) {
			continue
		}
		r := fmt.Sprintf("%s=%s", ch.Role, ch.Header)
		if len(ch.Others) > 0 {
			r += fmt.Sprintf(" (chosen over %s)", strings.Join(ch.Others, ", "))
		}
		roles = append(roles, r)
	}
	if cc := rep.CustomerColumns; cc != nil {
		for _, ch := range cc.Metrics {
			if ch.Index < 0 {
				continue
			}
			r := fmt.Sprintf("%s=%s", ch.Metric, ch.Header)
			if len(ch.Others) > 0 {
				r += fmt.Sprintf(" (chosen over %s)", strings.Join(ch.Others, ", "))
			}
			roles = append(roles, r)
		}
		if cc.Ignored != "" {
			roles = append(roles, fmt.Sprintf("%s not used (recency days win; --last-date-col %s uses the date)", cc.Ignored, cc.Ignored))
		}
		return "columns (one row per customer): " + strings.Join(roles, "; ")
	}
	if !rep.Columns.Has(ingest.RoleAmount) {
		roles = append(roles, "amount=quantity × unit price")
	}
	return "columns: " + strings.Join(roles, "; ")
}

// rejectedLine is the stderr line that counts the rejected rows by reason.
func rejectedLine(rep *ingest.Report) string {
	var reasons []string
	for k, n := range rep.Reasons {
		reasons = append(reasons, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(reasons)
	rows := "rows"
	if rep.Rejected == 1 {
		rows = "row"
	}
	return fmt.Sprintf("rejected %d %s: %s", rep.Rejected, rows, strings.Join(reasons, ", "))
}

// sourceText says how a table was read: "csv, utf-8, delimiter \",\"" or
// "xlsx, sheet \"Orders\"".
func sourceText(t *ingest.Table) string {
	switch {
	case t.Format == "csv":
		src := fmt.Sprintf("csv, %s, delimiter %q", t.Encoding, t.DelimiterName())
		if t.HeaderLine == 0 {
			src += ", no header row"
		}
		return src
	case t.Sheet != "":
		return fmt.Sprintf("xlsx, sheet %q", t.Sheet)
	}
	return t.Format
}

// clvInputNotes says what was detected in the input: rfm score's notes
// on the table and its columns (an order column is not used) and rejected
// rows; bad text is a publication warning (runCLV).
func clvInputNotes(rep *ingest.Report) []string {
	t := rep.Table
	out := []string{fmt.Sprintf("%s: %s; date format %s", t.Name, sourceText(t), rep.DateFormat()), columnsNote(rep, ingest.RoleOrder)}
	if rep.Rejected > 0 {
		out = append(out, rejectedLine(rep))
	}
	return out
}

// clvNotes are the facts about the fit a user should see on stderr; ids
// is the number of customers with a used row.
func clvNotes(r *report.CLV, ids int) []string {
	repeat := 0
	for _, sm := range r.Sums {
		if sm.X > 0 {
			repeat++
		}
	}
	out := []string{fmt.Sprintf("calibration end %s (%s); unit %s; %d customers, %d with a repeat purchase",
		r.CalEnd, r.CalEndHow, r.Unit, len(r.Sums), repeat)}
	if n := ids - len(r.Sums); n > 0 {
		out = append(out, fmt.Sprintf("%d customers left out: no purchase (amount ≥ 0) on or before the calibration end", n))
	}
	if r.Model.Model != nil && r.Model.Model.Kind().Discrete() {
		out = append(out, fmt.Sprintf("bg/bb: periods of one %s ending on the calibration end; x counts the periods with a purchase after the first, T is their number n", r.Unit))
	}
	if iv := r.Intervals; iv != nil {
		line := fmt.Sprintf("intervals: %s%% from %d bootstrap refits (seed %d)", report.TrimFloat(100*report.IntervalLevel, 1), iv.Replicates, r.Seed)
		if iv.Failed > 0 {
			line += fmt.Sprintf("; %d refits did not converge and were left out", iv.Failed)
		}
		out = append(out, line)
	}
	if !(r.GG.Params.Q > 1) {
		out = append(out, fmt.Sprintf("warning: gamma-gamma q = %.4g ≤ 1, so the population's mean spend is infinite; expected spend and CLV are left empty where they are not finite", r.GG.Params.Q))
	}
	return out
}

// scoreCLVNotes are the facts about the lifetime value fit of rfm score
// --with-clv for stderr; none without it.
func scoreCLVNotes(res *report.Result) []string {
	c := res.CLV
	if c == nil {
		return nil
	}
	out := clvNotes(c, len(c.Sums))
	for i, line := range out {
		out[i] = "clv: " + line
	}
	n := 0
	for _, k := range res.CLVIndex {
		if k >= 0 && c.Preds[k].ChurnRisk {
			n++
		}
	}
	return append(out, fmt.Sprintf("clv: churn risk (%s): %d scored customers", c.ChurnRuleText(), n))
}
