package ingest

import (
	"reflect"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

// TestStatusColumn: an order-status column is found by its header and its
// values are counted over the used rows only — rejected, filtered and
// after-as-of rows are not — on the sequential and the parallel reader.
func TestStatusColumn(t *testing.T) {
	body := "客户ID,订单日期,实付金额,订单状态\n" +
		"a,2024-01-01,10,交易成功\n" +
		"a,2024-01-02,10, 交易成功 \n" +
		"b,2024-01-03,20,付款以后用户退款成功，交易自动关闭\n" +
		"c,2024-01-04,x,交易成功\n" + // rejected: bad amount
		"d,2024-01-05,5,交易关闭\n" +
		"e,2024-02-01,5,交易成功\n" + // after --as-of
		"f,2024-01-06,5,待付款\n"
	path := writeTemp(t, "status.csv", body)
	want := &Status{Index: 3, Header: "订单状态", Values: []StatusCount{
		{"交易成功", 2}, {"交易关闭", 1}, {"付款以后用户退款成功，交易自动关闭", 1}, {"待付款", 1}}}
	for _, size := range []int{1, 30, 4 << 20} {
		for _, seq := range []bool{false, true} {
			withBounds(t, size, 2, 1<<20)
			got := scanWith(t, path, Options{AsOf: rfm.DateOf(2024, 1, 31), Sequential: seq,
				WhereNot: []Filter{{Column: "订单状态", Values: []string{"待付款"}}}})
			if got.err != "" {
				t.Fatal(got.err)
			}
			// 待付款 is filtered: not counted.
			w := *want
			w.Values = w.Values[:3]
			if !reflect.DeepEqual(got.report.Status, &w) {
				t.Errorf("chunk %d seq=%v: status %+v, want %+v", size, seq, got.report.Status, &w)
			}
		}
	}
	st := *want
	if got := st.SuggestedFilter(); got != "--where '订单状态=交易成功'" {
		t.Errorf("SuggestedFilter = %q", got)
	}
	refunds := st.Refunded()
	if len(refunds) != 2 || refunds[0].Value != "交易关闭" || refunds[1].Value != "付款以后用户退款成功，交易自动关闭" {
		t.Errorf("Refunded = %v", refunds)
	}
}

func TestStatusWords(t *testing.T) {
	for _, tt := range []struct {
		v            string
		refund, done bool
	}{
		{"交易成功", false, true},
		{"已完成", false, true},
		{"退款成功", true, false},
		{"交易关闭", true, false},
		{"Completed", false, true},
		{"Refunded", true, false},
		{"cancelled", true, false},
		{"待发货", false, false},
		{"paid", false, true},
	} {
		if got := LooksRefunded(tt.v); got != tt.refund {
			t.Errorf("LooksRefunded(%q) = %v", tt.v, got)
		}
		if got := LooksDone(tt.v); got != tt.done {
			t.Errorf("LooksDone(%q) = %v", tt.v, got)
		}
	}
	only := &Status{Header: "status", Values: []StatusCount{{"refunded", 3}, {"pending", 2}}}
	if got := only.SuggestedFilter(); got != "--where-not 'status=refunded'" {
		t.Errorf("SuggestedFilter without completed values = %q", got)
	}
	comma := &Status{Header: "status", Values: []StatusCount{{"done, shipped", 3}}}
	if got := comma.SuggestedFilter(); got != "" {
		t.Errorf("SuggestedFilter of a value with a comma = %q, want none", got)
	}
}

// TestStatusManyValues: a column with more values than a status has is
// free text and is not listed.
func TestStatusManyValues(t *testing.T) {
	body := "customer_id,order_date,amount,status\n"
	for i := range maxStatusValues + 1 {
		body += "a,2024-01-01,1,s" + string(rune('A'+i%26)) + string(rune('a'+i/26)) + "\n"
	}
	got := scanWith(t, writeTemp(t, "many.csv", body), Options{AsOf: rfm.NoDate})
	if st := got.report.Status; st == nil || !st.Many || st.Values != nil {
		t.Errorf("status %+v, want Many", st)
	}
}

// TestStatusBoundOnUsedRows: the bound on a status's values counts the used
// rows' values only, on both readers: a 65th value on a row after --as-of
// does not make 64 used values free text.
func TestStatusBoundOnUsedRows(t *testing.T) {
	body := "customer_id,order_date,amount,status\n"
	for i := range maxStatusValues - 1 {
		body += "a,2024-01-01,1,s" + string(rune('A'+i%26)) + string(rune('a'+i/26)) + "\n"
	}
	body += "a,2024-01-02,1,退款\nb,2025-01-01,1,late\n"
	path := writeTemp(t, "bound.csv", body)
	for _, size := range []int{1, 64, 4 << 20} {
		for _, seq := range []bool{false, true} {
			withBounds(t, size, 16, 1<<20)
			got := scanWith(t, path, Options{AsOf: rfm.DateOf(2024, 12, 31), Sequential: seq})
			st := got.report.Status
			if st == nil || st.Many || len(st.Values) != maxStatusValues || len(st.Refunded()) != 1 {
				t.Errorf("chunk %d seq=%v: status %+v, want %d values with one refund", size, seq, st, maxStatusValues)
			}
		}
	}
}
