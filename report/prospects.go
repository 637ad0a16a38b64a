package report

import (
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// Prospect is a customer of the customer file (rfm score --customers) with
// no purchase row (SPEC §8): listed with its id and kept values, and empty
// metrics, scores, segment and tier.
type Prospect struct {
	ID   string
	Kept []string
}

// CustomerFileJoin is the accounting of a --customers join, for the report.
type CustomerFileJoin struct {
	// File names the customer file, and IDColumn its id column.
	File, IDColumn string
	// Read is its data rows; Customers the distinct ids taken from them, and
	// Rejected the rows left out (wrong number of fields, empty or duplicate
	// id): Read = Customers + Rejected.
	Read, Customers, Rejected int
	// Scored are its customers in the customer output with scores;
	// NotScored those with a purchase row that are not scored (net ≤ 0,
	// SPEC §3), which are not in the output.
	Scored, NotScored int
	// Missing are the scored customers the customer file lacks; they are
	// still scored (SPEC §9).
	Missing int
	// Source says how the file was read, and its id column.
	Source string
	// RejectNotes name the first rejected rows, FILE:LINE: reason.
	RejectNotes []string
}

// Line is the report's one-line account of the join.
func (j *CustomerFileJoin) Line(prospects int) string { return j.LineIn(i18n.EN, prospects) }

// LineIn is Line in l.
func (j *CustomerFileJoin) LineIn(l i18n.Lang, prospects int) string {
	s := l.Tf("customer file %s: %d customers: %d scored, %d prospects (no purchase row)", j.File, j.Customers, j.Scored, prospects)
	if j.NotScored > 0 {
		s += l.Tf(", %d not scored", j.NotScored)
	}
	s += l.Tf("; scored customers not in it: %d", j.Missing)
	if j.Rejected > 0 {
		s += l.Tf("; rows left out: %d", j.Rejected)
	}
	return s
}

// rowOrder visits the customer output's rows by customer id: fn(i, -1) for
// scored customer i, fn(-1, k) for prospect k. Both lists are in id order.
func (r *Result) rowOrder(fn func(i, k int)) {
	i, k := 0, 0
	for i < len(r.Customers) || k < len(r.Prospects) {
		if k == len(r.Prospects) || (i < len(r.Customers) && r.Customers[i].ID < r.Prospects[k].ID) {
			fn(i, -1)
			i++
			continue
		}
		fn(-1, k)
		k++
	}
}

// AppendProspect appends prospect k's CSV line to b, with the columns of
// AppendCustomer: the id and kept values, every metric, score, segment and
// tier empty; with --lifecycle the stage prospect (潜在客户) and no churn
// warning; with --with-clv no model values.
func AppendProspect(b []byte, r *Result, k int, g GuardMode) []byte {
	p := &r.Prospects[k]
	b = appendField(b, g.Guard(p.ID))
	for _, v := range p.Kept {
		b = append(b, ',')
		b = appendField(b, g.Guard(v))
	}
	b = append(b, ",,,,,,,,,,,,"...) // recency … rfm_sum, segment, tier
	if r.Weights != nil {
		b = append(b, ',')
	}
	if r.Lifecycle != nil {
		b = append(b, ",,,"...) // tenure_days, purchase_days, lifecycle
		b = append(b, StageName(rfm.StageProspect, r.Lang)...)
		b = append(b, ",,false,"...) // mean_gap_days, churn_warning, expected_next_date
	}
	if r.CLV != nil {
		b = append(b, ",,,"...)
	}
	return append(b, '\n')
}

// ProspectNote is the summary's line on prospects; "" without a customer
// file.
func (r *Result) ProspectNote(l i18n.Lang) string {
	if r.CustomerFile == nil {
		return ""
	}
	return r.CustomerFile.LineIn(l, len(r.Prospects)) + "\n"
}
