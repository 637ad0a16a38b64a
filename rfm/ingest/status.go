package ingest

import (
	"slices"
	"strings"
)

// statusSynonyms are the headers of an order-status column, in order of
// preference (matched as NormalizeHeader matches roles). Shop exports carry
// one (订单状态: 交易成功, 退款 …); the tool does not filter on it by itself,
// but counts its values so that inspect can show them and score can say
// when refunded or cancelled orders are being scored.
var statusSynonyms = []string{"order_status", "orderstatus", "status", "trade_status", "transaction_status",
	"订单状态", "交易状态", "状态", "订单状况"}

// maxStatusValues bounds the values counted: a column with more is not a
// status but free text, and is no longer counted.
const maxStatusValues = 64

// StatusCount is one value of the status column and the used rows that
// have it.
type StatusCount struct {
	Value string
	Rows  int
}

// Status is the order-status column of a file and its values among the used
// rows.
type Status struct {
	// Index and Header name the column.
	Index  int
	Header string
	// Values holds each trimmed value with its used rows, most rows first,
	// ties by value; nil once the column held more than maxStatusValues
	// different values (Many).
	Values []StatusCount
	Many   bool
}

// findStatus returns the index of the first column headed like an order
// status that no role uses, or -1.
func findStatus(normed []string, used func(int) bool) int {
	for _, syn := range statusSynonyms {
		want := NormalizeHeader(syn)
		for i, n := range normed {
			if n == want && !used(i) {
				return i
			}
		}
	}
	return -1
}

// statusTable numbers the values of the status column as a batch's rows
// are parsed, and counts the used ones as they are applied. Its values
// outlive a reset, so that a batch reused row after row (the sequential
// reader's) copies each value once.
type statusTable struct {
	vals   [][]byte
	lookup map[string]int16
	rows   []int   // used rows per value, for the batch being applied
	index  []int16 // per parsed row: the value's index, or -1 past the bound
}

// maxTableValues bounds a table's values: a column with more is free text.
const maxTableValues = 4096

func (t *statusTable) reset() {
	t.index = t.index[:0]
	clear(t.rows)
}

// of returns the index of value v, adding it; -1 past maxTableValues.
func (t *statusTable) of(v []byte) int16 {
	if k, ok := t.lookup[string(v)]; ok {
		return k
	}
	if len(t.vals) == maxTableValues {
		return -1
	}
	if t.lookup == nil {
		t.lookup = map[string]int16{}
	}
	k := int16(len(t.vals))
	t.vals = append(t.vals, append([]byte(nil), v...))
	t.rows = append(t.rows, 0)
	t.lookup[string(v)] = k
	return k
}

// used counts parsed row i as used.
func (t *statusTable) used(i int) bool {
	k := t.index[i]
	if k < 0 {
		return false
	}
	t.rows[k]++
	return true
}

// statusCounter gathers the used rows' values over the whole file: at most
// maxStatusValues of them, or Many.
type statusCounter struct {
	vals []StatusCount
	many bool
}

// add counts used row i of the batch being applied.
func (c *statusCounter) add(t *statusTable, i int) {
	if !t.used(i) {
		c.many = true // a value past the table's bound: free text
	}
}

// merge adds the used rows counted in t, once its batch is applied.
func (c *statusCounter) merge(t *statusTable) {
	for k, n := range t.rows {
		if n == 0 || c.many {
			continue
		}
		v := t.vals[k]
		j := slices.IndexFunc(c.vals, func(x StatusCount) bool { return x.Value == string(v) })
		if j < 0 {
			if len(c.vals) == maxStatusValues {
				c.many = true
				continue
			}
			c.vals = append(c.vals, StatusCount{Value: string(v)})
			j = len(c.vals) - 1
		}
		c.vals[j].Rows += n
	}
	clear(t.rows)
}

func (c *statusCounter) result(idx int, header string) *Status {
	st := &Status{Index: idx, Header: header, Many: c.many}
	if c.many {
		return st
	}
	st.Values = slices.Clone(c.vals)
	slices.SortFunc(st.Values, func(a, b StatusCount) int {
		if a.Rows != b.Rows {
			return b.Rows - a.Rows
		}
		return strings.Compare(a.Value, b.Value)
	})
	return st
}

// refundWords mark a status value as a refund, return or cancellation.
var refundWords = []string{"退款", "退货", "关闭", "取消", "失败", "作废", "拒收", "refund", "return", "cancel", "closed", "void", "fail", "reject", "chargeback"}

// doneWords mark a status value as a completed order.
var doneWords = []string{"交易成功", "已完成", "完成", "已签收", "已收货", "成功", "completed", "complete", "delivered", "success", "fulfilled", "paid", "shipped"}

// LooksRefunded reports whether a status value reads as a refund, a return
// or a cancellation.
func LooksRefunded(v string) bool { return hasWord(v, refundWords) }

// LooksDone reports whether a status value reads as a completed order (and
// not as a refund).
func LooksDone(v string) bool { return !LooksRefunded(v) && hasWord(v, doneWords) }

func hasWord(v string, words []string) bool {
	l := strings.ToLower(v)
	for _, w := range words {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// Refunded returns the values that read as refunds or cancellations, with
// their used rows.
func (s *Status) Refunded() []StatusCount { return s.where(LooksRefunded) }

// Done returns the values that read as completed orders.
func (s *Status) Done() []StatusCount { return s.where(LooksDone) }

func (s *Status) where(keep func(string) bool) []StatusCount {
	var out []StatusCount
	for _, v := range s.Values {
		if keep(v.Value) {
			out = append(out, v)
		}
	}
	return out
}

// SuggestedFilter returns the flag that scores completed orders only:
// --where COL=… with the values that read as completed when there are any,
// else --where-not COL=… with those that read as refunds; "" when neither
// applies or a value cannot be written in the flag (it holds a comma). The
// flag is quoted for a POSIX shell.
func (s *Status) SuggestedFilter() string {
	flag, vals := "--where", s.Done()
	if len(vals) == 0 {
		flag, vals = "--where-not", s.Refunded()
	}
	if len(vals) == 0 || strings.Contains(s.Header, "=") {
		return ""
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		if strings.Contains(v.Value, ",") || v.Value == "" {
			return ""
		}
		parts[i] = v.Value
	}
	return flag + " " + shellQuote(s.Header+"="+strings.Join(parts, ","))
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
