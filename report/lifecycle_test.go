package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// lifecycleResult scores the bundled sample with --lifecycle's defaults.
func lifecycleResult(t *testing.T, lang segment.Lang) *Result {
	t.Helper()
	agg, rep, err := ingest.Scan(context.Background(), ingest.File{Path: "../testdata/orders.csv"},
		ingest.Options{AsOf: rfm.NoDate, TrackDays: true}, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	opt := rfm.Options{Method: rfm.Quantile, Bins: 5}
	r := &Result{Input: "orders.csv", AsOf: agg.MaxDate() + 1, Score: opt, Scheme: segment.CN8(),
		Segments: segment.Options{Bins: 5}, Lang: lang, UI: lang, Ingest: rep, Version: "test"}
	r.Customers, r.NotScored = agg.Customers(r.AsOf, rfm.MonetarySum)
	if r.Scoring, err = rfm.Score(r.Customers, opt); err != nil {
		t.Fatal(err)
	}
	if r.Assigned, err = r.Scheme.Assign(r.Customers, r.Segments); err != nil {
		t.Fatal(err)
	}
	r.AttachLifecycle(rfm.DefaultLifecycle(), agg.Unscored())
	return r
}

func TestWarningsOrder(t *testing.T) {
	r := lifecycleResult(t, segment.EN)
	ws := r.Warnings()
	if len(ws) < 3 {
		t.Fatalf("only %d warnings in the sample", len(ws))
	}
	n := 0
	for i := range r.Customers {
		if r.Lifecycle.Lives[i].Warning {
			n++
		}
	}
	if n != len(ws) {
		t.Errorf("%d warnings listed, %d customers warned", len(ws), n)
	}
	for k := 1; k < len(ws); k++ {
		a, b := &r.Customers[ws[k-1].Index], &r.Customers[ws[k].Index]
		if a.Monetary < b.Monetary || a.Monetary == b.Monetary && a.ID > b.ID {
			t.Errorf("warning %d (%s %s) before %s %s", k, a.ID, a.Monetary, b.ID, b.Monetary)
		}
	}
	// Ties on monetary go by id: make two customers tie.
	i, j := ws[0].Index, ws[1].Index
	r.Customers[j].Monetary = r.Customers[i].Monetary
	ws = r.Warnings()
	if lo, hi := min(i, j), max(i, j); ws[0].Index != lo || ws[1].Index != hi {
		t.Errorf("a tie on monetary is not broken by customer id: %d, %d", ws[0].Index, ws[1].Index)
	}
}

func TestReason(t *testing.T) {
	r := &Result{Customers: []rfm.Customer{{Recency: 64}, {Recency: 9}}, Lifecycle: &Lifecycle{Lives: []rfm.Life{{GapTenths: 210}, {GapTenths: 45}}}}
	for _, tt := range []struct {
		lang segment.Lang
		i    int
		want string
	}{
		{segment.EN, 0, "usually buys every 21 days; 64 days since the last order"},
		{segment.ZH, 0, "平均每21天购买一次；已64天未购买"},
		{segment.EN, 1, "usually buys every 4.5 days; 9 days since the last order"},
	} {
		r.Lang, r.UI = tt.lang, tt.lang
		if got := r.reason(tt.i); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestStageTable(t *testing.T) {
	r := lifecycleResult(t, segment.ZH)
	st := r.Stages()
	if len(st.Rows) != 8 {
		t.Fatalf("%d rows, want cn8's 8 (no unscored customer with purchases in the sample)", len(st.Rows))
	}
	total := 0
	for k, n := range st.Total {
		col := 0
		for _, row := range st.Rows {
			col += row.Counts[k]
		}
		if col != n {
			t.Errorf("stage %s: rows add to %d, total %d", st.Stages[k].ZH(), col, n)
		}
		total += n
	}
	if total != len(r.Customers) {
		t.Errorf("the table counts %d customers, %d scored", total, len(r.Customers))
	}
	var b bytes.Buffer
	if err := WriteLifecycleSummary(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"新客户", "沉睡客户", "流失预警：", "平均每", "距今 ≤ 90 天为活跃客户"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestLifecycleXLSX(t *testing.T) {
	r := lifecycleResult(t, segment.EN)
	f, _ := writeBook(t, r, XLSXOptions{})
	sheets := f.GetSheetList()
	if !strings.Contains(strings.Join(sheets, ","), "Lifecycle") {
		t.Fatalf("no lifecycle sheet among %v", sheets)
	}
	rows, err := f.GetRows("Lifecycle")
	if err != nil {
		t.Fatal(err)
	}
	ws := r.Warnings()
	var head int
	for i, row := range rows {
		if len(row) > 0 && row[0] == "customer_id" {
			head = i
		}
	}
	if head == 0 || len(rows) != head+1+len(ws) {
		t.Fatalf("header at %d, %d rows, %d warnings", head, len(rows), len(ws))
	}
	first := rows[head+1]
	c := &r.Customers[ws[0].Index]
	if first[0] != c.ID || first[len(first)-1] != ws[0].Reason {
		t.Errorf("first warning row %q, want %s … %q", first, c.ID, ws[0].Reason)
	}
	cust, err := f.GetRows("Customers")
	if err != nil {
		t.Fatal(err)
	}
	if h := cust[0]; h[len(h)-6] != "tenure_days" || h[len(h)-1] != "expected_next_date" {
		t.Errorf("customer sheet header %q", h)
	}
}
