package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rfmtool/rfm/rfm"
)

// summary writes the summary sheet: the classes, the chart and the heat map.
func (x *xlsxWriter) summary(custSheets []string) error {
	s := x.lb.summary
	r, lb, f := x.r, x.lb, x.f
	var errs []error
	set := func(col, row int, v any, style int) {
		if err := x.set(s, col, row, v, style); err != nil {
			errs = append(errs, err)
		}
	}
	set(1, 1, lb.title, x.title)
	method := MethodText(r.Score.Method, r.UI)
	if r.Score.Method != rfm.Mean {
		method += fmt.Sprintf(" %d %s", r.Score.Bins, lb.bins)
	}
	asOf := ""
	if r.AsOf != rfm.NoDate {
		asOf = r.AsOf.String()
	}
	sub := fmt.Sprintf("%s%s%s · %s %s · %s %s · %s %s · %s %s", lb.input, TC(r.UI, "label", ": "), inputName(r, lb), lb.asOf, asOf,
		lb.scored, groupThousands(len(r.Customers)), lb.methodWord, method, lb.segments, r.Scheme.Name)
	set(1, 2, sub, x.subtitle)
	if len(custSheets) > 1 {
		set(1, 3, fmt.Sprintf(lb.contNote, len(custSheets), strings.Join(custSheets, ListSep(r.UI)), groupThousands(x.opt.MaxRows)), x.note)
	}
	heads := []string{lb.class, lb.tier, lb.customersCol, lb.custShare, lb.monetary, lb.monShare, lb.meanR, lb.meanF, lb.meanM, lb.action}
	const top = 5
	for i, h := range heads {
		set(i+1, top, h, x.header)
	}
	classes := r.Classes()
	var total rfm.Cents
	row := top
	for _, c := range classes {
		row++
		total += c.Monetary
		set(1, row, c.Segment.Name(r.Lang), x.classStyle[c.Segment])
		set(2, row, c.Tier, x.center)
		set(3, row, c.Customers, x.count)
		set(4, row, c.Share, x.share)
		set(5, row, money(c.Monetary), x.money)
		set(6, row, c.MonetaryShare, x.share)
		if c.Customers > 0 {
			set(7, row, c.MeanRecency, x.mean1)
			set(8, row, c.MeanFrequency, x.mean2)
			set(9, row, c.MeanMonetary, x.money)
		}
		set(10, row, c.Segment.Action(r.Lang), x.indent)
	}
	first, last := top+1, row
	row++
	set(1, row, lb.total, x.bold)
	set(2, row, "", x.bold)
	set(3, row, len(r.Customers), x.boldCount)
	set(4, row, 1.0, x.boldShare)
	set(5, row, money(total), x.boldMoney)
	set(6, row, 1.0, x.boldShare)
	if n := len(r.Customers); n > 0 {
		var rec, fr int64
		for i := range r.Customers {
			rec += r.Customers[i].Recency
			fr += r.Customers[i].Frequency
		}
		set(7, row, float64(rec)/float64(n), x.boldMean1)
		set(8, row, float64(fr)/float64(n), x.boldMean2)
		set(9, row, money(total)/float64(n), x.boldMoney)
	}
	set(10, row, "", x.bold)
	classW, tierW, actionW := 10.0, 7.0, 20.0
	for _, c := range classes {
		classW = max(classW, textWidth(c.Segment.Name(r.Lang))+2)
		tierW = max(tierW, textWidth(c.Tier)+2) // "A 12, B 3" under Pareto tiers
		actionW = max(actionW, textWidth(c.Segment.Action(r.Lang))+1)
	}
	errs = append(errs, x.widths(s, min(classW, 40), min(tierW, 30), 10, 10, 14, 10, 11, 9, 12, min(actionW, 80)))
	errs = append(errs, f.SetRowHeight(s, top, 32))

	errs = append(errs, x.overview(s, top, first, last, row+2)...)
	return firstErr(errs)
}

// scoreLevels are the score values of the heat map's axes: 0 and 1 for the
// mean method, else 1…N.
func scoreLevels(r *Result) []int {
	if r.Score.Method == rfm.Mean {
		return []int{0, 1}
	}
	out := make([]int, r.Score.Bins)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func inputName(r *Result, lb xlsxLabels) string {
	if r.Input == "-" {
		return lb.stdin
	}
	return filepath.Base(r.Input)
}
