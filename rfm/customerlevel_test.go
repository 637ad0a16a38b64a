package rfm

import (
	"fmt"
	"testing"
)

func TestCustomersOf(t *testing.T) {
	asOf := DateOf(2024, 7, 1)
	rows := []CustomerRow{
		{ID: "b", Recency: 0, Last: DateOf(2024, 6, 30), Frequency: 3, Monetary: AmountFromMicros(100_005_000)},
		{ID: "a", Recency: 12, Last: NoDate, Frequency: 2, Monetary: AmountFromMicros(10_000_000)},
		{ID: "z", Recency: 1, Last: NoDate, Frequency: 0, Monetary: AmountFromMicros(5_000_000)},
		{ID: "y", Recency: 1, Last: NoDate, Frequency: 1, Monetary: AmountFromMicros(4_000)}, // rounds to 0.00
		{ID: "x", Recency: 1, Last: NoDate, Frequency: 1, Monetary: AmountFromMicros(-5_000_000)},
	}
	for _, tt := range []struct {
		rule MonetaryRule
		want string
	}{
		{MonetarySum, "[a 12 2 10.00 10.00 ∅] [b 1 3 100.01 100.01 2024-06-30]"},
		{MonetaryMean, "[a 12 2 10.00 5.00 ∅] [b 1 3 100.01 33.34 2024-06-30]"},
	} {
		cs, skipped := CustomersOf(rows, asOf, tt.rule)
		got := ""
		for _, c := range cs {
			last := "∅"
			if c.Last != NoDate {
				last = c.Last.String()
			}
			if c.First != NoDate {
				t.Errorf("%s: first order date %v, want none", c.ID, c.First)
			}
			got += fmt.Sprintf("[%s %d %d %s %s %s] ", c.ID, c.Recency, c.Frequency, c.Net, c.Monetary, last)
		}
		if got != tt.want+" " {
			t.Errorf("rule %d: got %s, want %s", tt.rule, got, tt.want)
		}
		if skipped[NoPurchase] != 1 || skipped[NonPositiveSpend] != 2 {
			t.Errorf("not scored %v, want no purchase 1, net monetary ≤ 0 2", skipped)
		}
	}
	if d := LatestPurchase(rows); d != DateOf(2024, 6, 30) {
		t.Errorf("LatestPurchase = %v", d)
	}
}
