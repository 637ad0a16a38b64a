package report

import (
	"cmp"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// Lifecycle is the lifecycle part of a run with rfm score --lifecycle (SPEC
// §8): the parameters and every customer's stage.
type Lifecycle struct {
	Params rfm.Lifecycle
	// Lives[i] is Result.Customers[i]'s.
	Lives []rfm.Life
	// Unscored are the customers with a purchase row that are not scored,
	// by id, and UnscoredLives theirs: they have a stage, are counted in the
	// stage table, and are not in the customer output (SPEC §3).
	Unscored      []rfm.Customer
	UnscoredLives []rfm.Life
}

// AttachLifecycle computes the stages of r's customers and of the unscored
// customers with a purchase row.
func (r *Result) AttachLifecycle(p rfm.Lifecycle, unscored []rfm.Customer) {
	lc := &Lifecycle{Params: p, Lives: make([]rfm.Life, len(r.Customers)), Unscored: unscored,
		UnscoredLives: make([]rfm.Life, len(unscored))}
	for i := range r.Customers {
		lc.Lives[i] = p.Of(&r.Customers[i], r.AsOf)
	}
	for i := range unscored {
		lc.UnscoredLives[i] = p.Of(&unscored[i], r.AsOf)
	}
	r.Lifecycle = lc
}

// LifecycleHeader returns the columns rfm score --lifecycle adds after tier.
func LifecycleHeader() []string {
	return []string{"tenure_days", "purchase_days", "lifecycle", "mean_gap_days", "churn_warning", "expected_next_date"}
}

// StageName returns a stage's name in lang.
func StageName(s rfm.Stage, l segment.Lang) string { return l.Pick(s.ZH(), s.EN()) }

// appendLifecycle appends customer i's lifecycle columns.
func (r *Result) appendLifecycle(b []byte, i int) []byte {
	lf := &r.Lifecycle.Lives[i]
	b = append(b, ',')
	b = strconv.AppendInt(b, lf.Tenure, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, lf.Days, 10)
	b = append(b, ',')
	b = append(b, StageName(lf.Stage, r.Lang)...)
	b = append(b, ',')
	if lf.HasGap {
		b = append(b, rfm.FormatGap(lf.GapTenths)...)
	}
	b = append(b, ',')
	b = strconv.AppendBool(b, lf.Warning)
	b = append(b, ',')
	if lf.Expected != rfm.NoDate {
		b = lf.Expected.AppendTo(b)
	}
	return b
}

// StageTable counts customers by class (rows, in Classes' order, then a row
// of the customers with purchases that are not scored) and stage (columns,
// rfm.Stages without prospect).
type StageTable struct {
	Stages []rfm.Stage
	Rows   []StageRow
	Total  []int
}

// StageRow is one row of a StageTable.
type StageRow struct {
	Name   string
	Counts []int
}

// Stages returns the class × stage table; nil without --lifecycle.
func (r *Result) Stages() *StageTable {
	lc := r.Lifecycle
	if lc == nil {
		return nil
	}
	st := &StageTable{Stages: rfm.Stages[:len(rfm.Stages)-1]}
	col := func(s rfm.Stage) int { return int(s) - int(rfm.StageNew) }
	nSeg := len(r.Scheme.Segments)
	bySeg := make([][]int, nSeg+1)
	for k := range bySeg {
		bySeg[k] = make([]int, len(st.Stages))
	}
	st.Total = make([]int, len(st.Stages))
	for i := range r.Customers {
		k := r.Assigned.Segment[i]
		if k < 0 {
			k = nSeg
		}
		bySeg[k][col(lc.Lives[i].Stage)]++
		st.Total[col(lc.Lives[i].Stage)]++
	}
	for _, cl := range r.Classes() {
		k := nSeg
		for j := range nSeg {
			if r.Scheme.SegmentOf(j) == cl.Segment {
				k = j
			}
		}
		st.Rows = append(st.Rows, StageRow{Name: cl.Segment.Name(r.Lang), Counts: bySeg[k]})
	}
	if len(lc.Unscored) > 0 {
		row := StageRow{Name: r.UI.T("not scored"), Counts: make([]int, len(st.Stages))}
		for _, lf := range lc.UnscoredLives {
			row.Counts[col(lf.Stage)]++
			st.Total[col(lf.Stage)]++
		}
		st.Rows = append(st.Rows, row)
	}
	return st
}

// Warning is one customer of the churn-warning list.
type Warning struct {
	Index int // in Result.Customers
	// Reason says why, e.g. "usually buys every 21 days; 64 days since the
	// last order".
	Reason string
}

// Warnings returns the scored customers with a churn warning, by monetary
// value descending, ties by customer id; nil without --lifecycle.
func (r *Result) Warnings() []Warning {
	lc := r.Lifecycle
	if lc == nil {
		return nil
	}
	var out []Warning
	for i := range r.Customers {
		lf := &lc.Lives[i]
		if !lf.Warning {
			continue
		}
		out = append(out, Warning{Index: i, Reason: r.reason(i)})
	}
	slices.SortStableFunc(out, func(x, y Warning) int {
		// Customers are in id order, so a stable sort breaks ties by id.
		return cmp.Compare(r.Customers[y.Index].Monetary, r.Customers[x.Index].Monetary)
	})
	return out
}

// reason explains customer i's warning in the run's language.
func (r *Result) reason(i int) string {
	lf := &r.Lifecycle.Lives[i]
	gap := (lf.GapTenths + 5) / 10 // whole days, half away from zero
	gapText := strconv.FormatInt(gap, 10)
	if lf.GapTenths%10 != 0 {
		gapText = rfm.FormatGap(lf.GapTenths)
	}
	rec := r.Customers[i].Recency
	return r.UI.Tf("usually buys every %s days; %d days since the last order", gapText, rec)
}

// PAlive returns customer i's P(alive) from --with-clv as text with three
// decimals, and false without it.
func (r *Result) PAlive(i int) (string, bool) {
	if r.CLV == nil {
		return "", false
	}
	k := r.CLVIndex[i]
	if k < 0 {
		return "", true
	}
	return strconv.FormatFloat(r.CLV.Preds[k].PAlive, 'f', 3, 64), true
}

// summaryWarnings is how many warnings the terminal summary lists.
const summaryWarnings = 20

// WriteLifecycleSummary writes the terminal's class × stage table and the
// first churn warnings; nothing without --lifecycle.
func WriteLifecycleSummary(w io.Writer, r *Result) error {
	st := r.Stages()
	if st == nil {
		return nil
	}
	lb := labelsFor(r.UI)
	head := []string{lb.class}
	align := []tw.Align{tw.AlignLeft}
	for _, s := range st.Stages {
		head = append(head, StageName(s, r.Lang))
		align = append(align, tw.AlignRight)
	}
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}))
	t.Header(head)
	for _, row := range st.Rows {
		cells := []string{row.Name}
		for _, n := range row.Counts {
			cells = append(cells, strconv.Itoa(n))
		}
		if err := t.Append(cells); err != nil {
			return err
		}
	}
	foot := []string{r.UI.T("Total")}
	for _, n := range st.Total {
		foot = append(foot, strconv.Itoa(n))
	}
	t.Footer(foot)
	fmt.Fprintf(w, "\n%s\n", r.LifecycleRule())
	if err := t.Render(); err != nil {
		return err
	}
	ws := r.Warnings()
	fmt.Fprintf(w, "\n%s\n", r.UI.Tf("churn warning: %d customers (by monetary, highest first)", len(ws)))
	if len(ws) == 0 {
		return nil
	}
	wt := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	wh := []string{r.UI.T("Customer"), lb.class, r.UI.T("Stage"), r.UI.T("Monetary"), r.UI.T("Reason")}
	_, withCLV := r.PAlive(0)
	if withCLV {
		wh = append(wh, r.UI.T("P(alive)"))
	}
	wt.Header(wh)
	for _, x := range ws[:min(len(ws), summaryWarnings)] {
		c := &r.Customers[x.Index]
		row := []string{c.ID, r.Scheme.SegmentOf(r.Assigned.Segment[x.Index]).Name(r.Lang),
			StageName(r.Lifecycle.Lives[x.Index].Stage, r.Lang), c.Monetary.String(), x.Reason}
		if withCLV {
			p, _ := r.PAlive(x.Index)
			row = append(row, p)
		}
		if err := wt.Append(row); err != nil {
			return err
		}
	}
	if err := wt.Render(); err != nil {
		return err
	}
	if n := len(ws) - summaryWarnings; n > 0 {
		fmt.Fprintf(w, "%s\n", r.UI.Tf("… and %d more (see the churn_warning column of -o's output)", n))
	}
	return nil
}

// LifecycleRule states the stage rules with the run's N, A, C and K.
func (r *Result) LifecycleRule() string {
	p := r.Lifecycle.Params
	ks := factorText(p)
	return r.UI.Tf("lifecycle stages: new when tenure ≤ %d days; returning when recency ≤ %d and the last gap > %d; active when recency ≤ %d; dormant when ≤ %d; lapsed otherwise; churn warning when recency > %s × the mean gap",
		p.New, p.Active, p.Churn, p.Active, p.Churn, ks)
}

// factorText writes K as a decimal, e.g. 2 or 1.5 (a K given as a decimal
// has a finite expansion; a rational one is written to 6 places).
func factorText(p rfm.Lifecycle) string {
	k := p.Factor
	if k == nil {
		k = big.NewRat(2, 1)
	}
	s := k.FloatString(6)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}
