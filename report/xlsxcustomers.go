package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// customerSheets names the customer sheets: the first, then "(2)", "(3)"…
func (x *xlsxWriter) customerSheets() []string {
	return (&sheetTable{rows: len(x.r.Customers) + len(x.r.Prospects), maxRows: x.opt.MaxRows}).sheets(x.lb.customers)
}

// customers writes every customer, SPEC §6's columns (then the lifetime
// value columns, with r.CLV), with the stream writer: MaxRows to a sheet,
// each with its header, frozen and filtered.
func (x *xlsxWriter) customers(sheets []string) error {
	r := x.r
	head := headerIn(r.header(), r.UI) // the interface's: Chinese names in Chinese
	t := &sheetTable{head: head, headStyle: x.header, widths: x.customerWidths(head), rows: len(r.Customers) + len(r.Prospects), maxRows: x.opt.MaxRows}
	// With prospects (--customers), the rows interleave them with the
	// scored customers by id, as the CSV does: order[j] is customer i as
	// i, prospect k as -1-k.
	var order []int
	if len(r.Prospects) > 0 {
		order = make([]int, 0, t.rows)
		r.rowOrder(func(i, k int) {
			if i >= 0 {
				order = append(order, i)
			} else {
				order = append(order, -1-k)
			}
		})
	}
	t.row = func(row []any, i int) []any {
		if order != nil {
			if i = order[i]; i < 0 {
				return x.prospectRow(row, -1-i, len(head))
			}
		}
		c := &r.Customers[i]
		seg := r.Scheme.SegmentOf(r.Assigned.Segment[i])
		row = append(row, cutText(c.ID))
		for _, v := range c.Kept {
			row = append(row, cutText(v))
		}
		row = append(row, c.Recency, c.Frequency,
			excelize.Cell{StyleID: x.money, Value: money(c.Monetary)},
			x.dateCell(c.First), x.dateCell(c.Last),
			excelize.Cell{StyleID: x.center, Value: c.R},
			excelize.Cell{StyleID: x.center, Value: c.F},
			excelize.Cell{StyleID: x.center, Value: c.M},
			excelize.Cell{StyleID: x.center, Value: fmt.Sprintf("%d%d%d", c.R, c.F, c.M)},
			excelize.Cell{StyleID: x.center, Value: c.Sum()})
		if r.Weights != nil {
			row = append(row, excelize.Cell{StyleID: x.mean2, Value: money(r.Weights.Score(c.R, c.F, c.M))})
		}
		row = append(row,
			excelize.Cell{StyleID: x.classStyle[seg], Value: seg.Name(r.Lang)},
			excelize.Cell{StyleID: x.center, Value: r.Assigned.Tier[i]})
		if r.Lifecycle != nil {
			row = x.appendLifecycle(row, i)
		}
		if x.clv != nil {
			row = x.clv.appendScore(row, r, i)
		}
		return row
	}
	return t.write(x.f, sheets)
}

// prospectRow appends prospect k's cells: the id and kept values, every
// metric, score, segment and tier empty, and with --lifecycle the stage
// prospect (潜在客户) and no churn warning, as the CSV has them.
func (x *xlsxWriter) prospectRow(row []any, k, width int) []any {
	r := x.r
	p := &r.Prospects[k]
	row = append(row, cutText(p.ID))
	for _, v := range p.Kept {
		row = append(row, cutText(v))
	}
	n := 12 // recency … rfm_sum, segment, tier
	if r.Weights != nil {
		n++
	}
	for range n {
		row = append(row, nil)
	}
	if r.Lifecycle != nil {
		row = append(row, nil, nil, StageName(rfm.StageProspect, r.Lang), nil, false, nil)
	}
	for len(row) < width {
		row = append(row, nil) // the lifetime value columns of --with-clv
	}
	return row
}

// dateCell is a date cell, empty for rfm.NoDate.
func (x *xlsxWriter) dateCell(d rfm.Date) excelize.Cell {
	if d == rfm.NoDate {
		return excelize.Cell{StyleID: x.date}
	}
	return excelize.Cell{StyleID: x.date, Value: excelSerial(d)}
}

// customerWidths sizes the customer columns: the text columns to their
// header and the first thousand values, the others to fit their numbers.
func (x *xlsxWriter) customerWidths(head []string) []float64 {
	r := x.r
	nk := len(r.Kept)
	w := make([]float64, len(head))
	for i, h := range head {
		w[i] = textWidth(h) + 3 // room for the filter button
	}
	for i := range min(len(r.Customers), 1000) {
		c := &r.Customers[i]
		w[0] = max(w[0], textWidth(c.ID)+1)
		for k, v := range c.Kept {
			w[1+k] = max(w[1+k], textWidth(v)+1)
		}
	}
	seg := 0.0
	for _, c := range append(x.classes, &segment.Other) {
		seg = max(seg, textWidth(c.Name(r.Lang))+1)
	}
	segCol := nk + 11
	if r.Weights != nil {
		segCol++
	}
	w[segCol] = max(w[segCol], seg)
	w[nk+3] = max(w[nk+3], 13) // monetary
	for i := range w {
		w[i] = min(w[i], 50)
	}
	return w
}
