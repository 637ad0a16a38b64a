package rfm

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// TestDistinctOrdersNaive counts distinct orders per customer against a map,
// with order ids of every length (short ids, 8 bytes, long ids that share
// their last 8 bytes or their hash bucket), repeated out of turn, on one
// aggregator and on two parts, with enough rows to fill several blocks of
// the order lists, the customers taken a few at a time.
func TestDistinctOrdersNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	const customers = 3000
	ids := make([]string, 5000)
	for i := range ids {
		switch i % 4 {
		case 0:
			ids[i] = fmt.Sprint(i)
		case 1:
			ids[i] = fmt.Sprintf("%08d", i)
		case 2:
			ids[i] = fmt.Sprintf("%d-SAMETAIL", i) // long, one tail
		default:
			ids[i] = fmt.Sprintf("order-%0*d", 1+i%300, i) // up to 300 bytes
		}
	}
	var rows []Row
	want := map[string]map[string]bool{}
	for range 150_000 {
		c := fmt.Sprintf("C%d", rng.IntN(customers))
		o := ids[rng.IntN(len(ids))]
		if rng.IntN(5) == 0 {
			o = "" // an order of its own
		}
		amt := int64(1 + rng.IntN(1000))
		if want[c] == nil {
			want[c] = map[string]bool{}
		}
		for range 1 + rng.IntN(3) {
			rows = append(rows, Row{Customer: []byte(c), Order: []byte(o), Date: DateOf(2024, 1, 1+rng.IntN(28)), Amount: AmountFromMicros(amt * 10_000)})
			if o == "" {
				want[c][fmt.Sprintf("\x00plain%d", len(rows))] = true // each row an order
			} else {
				want[c][o] = true
			}
		}
	}
	defer func(n int) { orderRange = n }(orderRange)
	orderRange = 100 // many ranges of customers, one pass each
	counts := map[string]int{}
	for c, orders := range want {
		counts[c] = len(orders)
	}
	checkFrequencies(t, rows, counts, 2, nil)
}

// checkFrequencies adds rows to one aggregator, and to one split into
// parts, and compares each customer's frequency with want; inspect, when
// not nil, looks at the whole aggregator before its customers are taken.
func checkFrequencies(t *testing.T, rows []Row, want map[string]int, parts int, inspect func(*Aggregator)) {
	t.Helper()
	check := func(name string, a *Aggregator) {
		t.Helper()
		cs, _ := a.Customers(DateOf(2025, 1, 1), MonetarySum)
		if len(cs) != len(want) {
			t.Fatalf("%s: %d customers, want %d", name, len(cs), len(want))
		}
		for _, c := range cs {
			if c.Frequency != int64(want[c.ID]) {
				t.Fatalf("%s: customer %s: frequency %d, want %d", name, c.ID, c.Frequency, want[c.ID])
			}
		}
	}
	a := NewAggregator(true, 0, ReturnsNet)
	for i := range rows {
		a.Add(&rows[i])
	}
	if inspect != nil {
		inspect(a)
	}
	check("whole", a)
	a = NewAggregator(true, 0, ReturnsNet)
	split := a.Split(parts)
	for i := range rows {
		h := a.HashID(rows[i].Customer)
		split[PartOf(h, parts)].AddHashed(&rows[i], h)
	}
	check("parts", a)
}

// TestByteArena reads back strings of every size, across blocks, by offset
// and in order.
func TestByteArena(t *testing.T) {
	var a byteArena
	var strs [][]byte
	var offs []uint64
	for i := range 3000 {
		s := make([]byte, (i*37)%2000)
		if i == 1500 {
			s = make([]byte, 3*arenaBlock) // larger than a block
		}
		for j := range s {
			s[j] = byte(i + j)
		}
		strs = append(strs, s)
		offs = append(offs, a.add(s))
	}
	for i, off := range offs {
		if string(a.at(off)) != string(strs[i]) {
			t.Fatalf("string %d: read back %d bytes, want %d", i, len(a.at(off)), len(strs[i]))
		}
	}
	k := 0
	a.each(func(s []byte, off uint64) {
		if off != offs[k] || string(s) != string(strs[k]) {
			t.Fatalf("each: string %d at %x, want at %x", k, off, offs[k])
		}
		k++
	})
	if k != len(strs) || len(a.blocks) < 2 {
		t.Fatalf("each saw %d strings in %d blocks", k, len(a.blocks))
	}
}

// TestSortByIDPrefixes orders ids that share their first 8 bytes, are
// shorter than 8, or hold zero and high bytes, through Customers.
func TestSortByIDPrefixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	alphabet := []string{"\x00", "\x01", "a", "b", "\xff", "\xc3\xa9"}
	for _, n := range []int{0, 1, 2, 7, 100, 5000} {
		ids := make([]string, n)
		for i := range ids {
			id := ""
			if rng.IntN(2) == 0 {
				id = "customer" // a shared 8-byte prefix
			}
			for range rng.IntN(12) {
				id += alphabet[rng.IntN(len(alphabet))]
			}
			if id == "" {
				id = "x"
			}
			ids[i] = id
		}
		for _, parts := range []int{0, 2} {
			checkSortedByID(t, ids, parts)
		}
	}
}

// TestDistinctOrdersInTurn counts distinct orders against a map when most
// customers list their order ids in increasing order (the ids are then not
// sorted, see Aggregator.after) and some step back at some point: to an id
// listed before (no new order), to a new smaller id (one more), or to one
// that differs in byte order only. Ids have every length around 8 bytes,
// where the comparison changes form; the customers' rows are interleaved.
func TestDistinctOrdersInTurn(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	forms := []func(int) string{
		func(i int) string { return fmt.Sprint(i) },
		func(i int) string { return fmt.Sprintf("%07d", i) },
		func(i int) string { return fmt.Sprintf("%08d", i) },
		func(i int) string { return fmt.Sprintf("%09d", i) },
		func(i int) string { return fmt.Sprintf("SO-%012d", i) },
		func(i int) string { return fmt.Sprintf("%d-SAMETAIL", i) },
		func(i int) string { return fmt.Sprintf("ORDER-%016d", i) },
		func(i int) string { return fmt.Sprintf("%d-SAME-TAIL-LONGER", i) },
	}
	shortlex := func(x, y string) int {
		if len(x) != len(y) {
			return len(x) - len(y)
		}
		return strings.Compare(x, y)
	}
	type seq struct {
		c   string
		ids []string
	}
	var seqs []seq
	want := map[string]int{}
	for c := range 2000 {
		form := forms[c%len(forms)]
		set := map[string]bool{}
		for range 1 + rng.IntN(12) {
			set[form(rng.IntN(100_000))] = true
		}
		ids := slices.Collect(maps.Keys(set))
		slices.SortFunc(ids, shortlex)
		switch c % 5 {
		case 1: // back to an id listed before
			ids = append(ids, ids[rng.IntN(len(ids))])
		case 2: // a new id, smaller than the last
			if small := form(0); !set[small] && shortlex(small, ids[len(ids)-1]) < 0 {
				ids = append(ids, small)
				set[small] = true
			}
		case 3: // the same length, earlier in byte order, then onwards again
			ids = append(ids, ids[0], form(200_000))
			set[form(200_000)] = true
		}
		name := fmt.Sprintf("C%d", c)
		want[name] = len(set)
		seqs = append(seqs, seq{name, ids})
	}
	var rows []Row
	for len(seqs) > 0 {
		k := rng.IntN(len(seqs))
		s := &seqs[k]
		for range 1 + rng.IntN(3) { // the lines of one order stand together
			rows = append(rows, Row{Customer: []byte(s.c), Order: []byte(s.ids[0]), Date: DateOf(2024, 1, 2), Amount: AmountFromMicros(1_000_000)})
		}
		if s.ids = s.ids[1:]; len(s.ids) == 0 {
			seqs = slices.Delete(seqs, k, k+1)
		}
	}
	checkFrequencies(t, rows, want, 3, func(a *Aggregator) {
		if a.unordered == 0 || a.unordered == len(want) {
			t.Fatalf("%d of %d customers unordered: the test must have both kinds", a.unordered, len(want))
		}
	})
}

// TestOrderAfter is the shortlex comparison of an order id with the
// customer's last, at the lengths where its form changes.
func TestOrderAfter(t *testing.T) {
	for _, tt := range []struct {
		last, next string
		want       bool
	}{
		{"9", "10", true},
		{"10", "9", false},
		{"SO9", "SO10", true},
		{"1234567", "1234568", true},
		{"1234568", "1234567", false},
		{"A2345678", "B1234567", true},
		{"B1234567", "A2345678", false},
		{"A1234568", "A1234567", false},
		{"X-000000001", "X-000000002", true},
		{"Y-000000001", "X-000000002", false},
		{"000000001-T", "000000002-T", true},
		{"000000002-T", "000000001-T", false},
		{"12345678", "123456789", true},
		{"SO1234567", "SO1234568", true},
		{"SO1234568", "SO1234567", false},
		{"TO1234567", "SO1234568", false},
		{"SO1234568", "TO1234567", true},
		{"AB-000000001", "AB-000000002", true},
		{"AC-000000001", "AB-000000002", false},
		{"0123456789abcdef", "0123456789abcdeg", true},
		{"0123456789abcdeg", "0123456789abcdef", false},
		{"X-0000000000000001", "X-0000000000000002", true},
		{"Y-0000000000000001", "X-0000000000000002", false},
		{"123456789", "12345678", false},
	} {
		a := NewAggregator(true, 0, ReturnsNet)
		a.Add(&Row{Customer: []byte("c"), Order: []byte(tt.last), Date: 1, Amount: AmountFromMicros(1)})
		c := a.customers.at(0)
		if got := a.after(c, []byte(tt.next), tail8([]byte(tt.next))); got != tt.want {
			t.Errorf("after(%q, %q) = %v, want %v", tt.last, tt.next, got, tt.want)
		}
	}
}

// TestCustStateIsACacheLine keeps a customer's state in one cache line:
// the aggregation reads one per row, at random.
func TestCustStateIsACacheLine(t *testing.T) {
	if n := unsafe.Sizeof(custState{}); n != 64 {
		t.Errorf("custState has %d bytes, want 64", n)
	}
}
