package rfm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAggregate(t *testing.T) {
	d := func(s string) Date { v, _ := ParseISODate(s); return v }
	amt := func(m int64) Amount { return AmountFromMicros(m * 10_000) } // cents
	rows := []struct {
		cust, order, date string
		cents             int64
		email             string
	}{
		{"a", "o1", "2024-01-01", 1000, "old@x"},
		{"a", "o1", "2024-01-01", 500, ""},        // a second line of o1
		{"a", "o2", "2024-02-01", 250, "new@x"},   // a new order
		{"a", "o1", "2024-03-01", 100, ""},        // o1 again, not contiguous: still one order
		{"a", "", "2024-03-02", 100, "tie1@x"},    // no order id: an order of its own
		{"a", "o3", "2024-03-02", -300, "tie2@x"}, // a return: not an order; latest non-empty email wins ties
		{"b", "o9", "2024-01-05", 0, "b@x"},       // zero row: neither purchase nor return
		{"c", "o5", "2024-01-06", -100, "c@x"},    // returns only
		{"d", "o6", "2024-01-07", 100, "d@x"},
		{"d", "o7", "2024-01-08", -100, ""}, // net zero
	}
	a := NewAggregator(true, 1, ReturnsNet)
	for _, r := range rows {
		a.Add(&Row{Customer: []byte(r.cust), Order: []byte(r.order), Date: d(r.date), Amount: amt(r.cents), Kept: [][]byte{[]byte(r.email)}})
	}
	cs, skipped := a.Customers(d("2024-03-10"), MonetarySum)
	if len(cs) != 1 {
		t.Fatalf("got %d scorable customers, want 1: %+v", len(cs), cs)
	}
	c := cs[0]
	if c.ID != "a" || c.Frequency != 3 || c.Net != 1650 || c.Recency != 8 || c.First != d("2024-01-01") || c.Last != d("2024-03-02") || c.Kept[0] != "tie2@x" {
		t.Errorf("got %+v", c)
	}
	if skipped[NoPurchase] != 2 || skipped[NonPositiveSpend] != 1 {
		t.Errorf("not scored: %v", skipped)
	}
	if a.MaxDate() != d("2024-03-02") {
		t.Errorf("max date %s", a.MaxDate())
	}

	ign := NewAggregator(false, 0, ReturnsIgnore)
	for _, r := range rows {
		ign.Add(&Row{Customer: []byte(r.cust), Date: d(r.date), Amount: amt(r.cents)})
	}
	cs, _ = ign.Customers(d("2024-03-10"), MonetaryMean)
	// a: purchase rows 5 → frequency 5 without an order column; 1950 ÷ 5 = 3.90
	if len(cs) != 2 || cs[0].Frequency != 5 || cs[0].Net != 1950 || cs[0].Monetary != 390 || cs[1].ID != "d" || cs[1].Net != 100 {
		t.Errorf("returns ignored, mean monetary: got %+v", cs)
	}
}

func TestAggregateHugeSumsStayExact(t *testing.T) {
	a := NewAggregator(false, 0, ReturnsNet)
	d, _ := ParseISODate("2024-01-01")
	huge := AmountFromMicros(9_000_000_000_000_000_000) // 9 trillion
	for _, amt := range []Amount{huge, huge, AmountFromMicros(5_000)} {
		a.Add(&Row{Customer: []byte("whale"), Date: d, Amount: amt})
	}
	cs, _ := a.Customers(d+1, MonetarySum)
	if got, want := cs[0].Net.String(), "18000000000000.01"; got != want {
		t.Errorf("net %s, want %s", got, want)
	}
}

// TestCustomersSortedByID adds customers in file order, reversed and
// shuffled, on one aggregator and on two and three parts: Customers lists
// them by id, each once.
func TestCustomersSortedByID(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 101, 5000} {
		for shape := range 3 {
			ids := make([]string, n)
			for i := range ids {
				ids[i] = fmt.Sprintf("id%06d", i)
			}
			switch shape {
			case 1:
				slices.Reverse(ids)
			case 2:
				rng.Shuffle(n, func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			}
			for _, parts := range []int{0, 2, 3} {
				checkSortedByID(t, ids, parts)
			}
		}
	}
}

// checkSortedByID adds one purchase for each of ids, in turn, to an
// aggregator split into parts (0: not split), and checks that Customers
// returns them in byte order, each once.
func checkSortedByID(t *testing.T, ids []string, parts int) {
	t.Helper()
	a := NewAggregator(false, 0, ReturnsNet)
	add := a.Add
	if parts > 0 {
		split := a.Split(parts)
		add = func(r *Row) {
			h := a.HashID(r.Customer)
			split[PartOf(h, parts)].AddHashed(r, h)
		}
	}
	for _, id := range ids {
		add(&Row{Customer: []byte(id), Date: DateOf(2024, 1, 1), Amount: AmountFromMicros(1_000_000)})
	}
	cs, _ := a.Customers(DateOf(2024, 2, 1), MonetarySum)
	want := slices.Clone(ids)
	slices.Sort(want)
	want = slices.Compact(want)
	got := make([]string, len(cs))
	for i, c := range cs {
		got[i] = c.ID
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%d ids in %d parts: Customers gives a different order or set", len(ids), parts)
	}
}

// TestOrderCounting checks frequency against a plain set of order ids, with
// ids chosen to defeat the shortcuts: long ids that share their last 8 bytes
// or their length, short ids, empty ids, and orders that come back later.
func TestOrderCounting(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	ids := []string{"", "1", "12", "x1", "1x", "ABCDEFGH", "BBCDEFGH", "A-ABCDEFGH", "B-ABCDEFGH", "AB-ABCDEFGH", "A-ABCDEFGI", "长订单号-ABCDEFGH"}
	a := NewAggregator(true, 0, ReturnsNet)
	want := map[string]map[string]bool{}
	plain := map[string]int64{}
	for range 4000 {
		cust := fmt.Sprintf("c%d", rng.IntN(40))
		order := ids[rng.IntN(len(ids))]
		if rng.IntN(4) == 0 {
			order = fmt.Sprintf("%s-%d", order, rng.IntN(3))
		}
		a.Add(&Row{Customer: []byte(cust), Order: []byte(order), Date: DateOf(2024, 1, 1), Amount: AmountFromMicros(1_000_000)})
		if order == "" {
			plain[cust]++
			continue
		}
		if want[cust] == nil {
			want[cust] = map[string]bool{}
		}
		want[cust][order] = true
	}
	cs, _ := a.Customers(DateOf(2024, 1, 2), MonetarySum)
	for _, c := range cs {
		if w := int64(len(want[c.ID])) + plain[c.ID]; c.Frequency != w {
			t.Errorf("customer %s: frequency %d, want %d", c.ID, c.Frequency, w)
		}
	}
	if len(cs) != 40 {
		t.Errorf("%d customers, want 40", len(cs))
	}
}
