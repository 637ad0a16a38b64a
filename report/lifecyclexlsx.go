package report

import (
	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
)

// appendLifecycle appends customer i's lifecycle cells to a customer sheet
// row, in LifecycleHeader's order.
func (x *xlsxWriter) appendLifecycle(row []any, i int) []any {
	lf := &x.r.Lifecycle.Lives[i]
	row = append(row, lf.Tenure, lf.Days, StageName(lf.Stage, x.r.Lang))
	if lf.HasGap {
		row = append(row, float64(lf.GapTenths)/10)
	} else {
		row = append(row, nil)
	}
	row = append(row, lf.Warning)
	if lf.Expected != rfm.NoDate {
		row = append(row, excelize.Cell{StyleID: x.date, Value: excelSerial(lf.Expected)})
	} else {
		row = append(row, nil)
	}
	return row
}

// lifecycleTable is the lifecycle sheet: the class × stage table above, then
// the churn-warning list, by monetary value.
func (x *xlsxWriter) lifecycleTable() *sheetTable {
	r := x.r
	st := r.Stages()
	lb := labelsFor(r.UI)
	above := [][]any{{r.UI.T("Lifecycle stages and churn warning")}, {r.LifecycleRule()}, {}}
	head := []any{lb.class}
	for _, s := range st.Stages {
		head = append(head, StageName(s, r.Lang))
	}
	above = append(above, head)
	for _, row := range st.Rows {
		cells := []any{row.Name}
		for _, n := range row.Counts {
			cells = append(cells, n)
		}
		above = append(above, cells)
	}
	foot := []any{r.UI.T("Total")}
	for _, n := range st.Total {
		foot = append(foot, n)
	}
	ws := r.Warnings()
	above = append(above, foot, []any{}, []any{r.UI.T("Churn warning (by monetary, highest first)")})
	wh := []string{TC(r.UI, "column", "customer_id"), lb.class, r.UI.T("Stage"), TC(r.UI, "column", "monetary"), TC(r.UI, "column", "recency_days"),
		TC(r.UI, "column", "mean_gap_days"), TC(r.UI, "column", "expected_next_date"), r.UI.T("Reason")}
	_, withCLV := r.PAlive(0)
	if withCLV {
		wh = append(wh, TC(r.UI, "column", "p_alive"))
	}
	return &sheetTable{above: above, head: wh, headStyle: x.header, rows: len(ws), maxRows: x.opt.MaxRows,
		widths: []float64{16, 16, 10, 12, 12, 12, 14, 50, 10},
		row: func(dst []any, k int) []any {
			i := ws[k].Index
			c := &r.Customers[i]
			lf := &r.Lifecycle.Lives[i]
			dst = append(dst, cutText(c.ID), r.Scheme.SegmentOf(r.Assigned.Segment[i]).Name(r.Lang), StageName(lf.Stage, r.Lang),
				excelize.Cell{StyleID: x.money, Value: money(c.Monetary)}, c.Recency, float64(lf.GapTenths)/10,
				excelize.Cell{StyleID: x.date, Value: excelSerial(lf.Expected)}, ws[k].Reason)
			if withCLV {
				if k := r.CLVIndex[i]; k >= 0 {
					dst = append(dst, r.CLV.Preds[k].PAlive)
				} else {
					dst = append(dst, nil)
				}
			}
			return dst
		}}
}
