package rfm

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"slices"
)

// Row is one used transaction row, already parsed. The byte slices are only
// read during Add; the aggregator copies what it keeps.
type Row struct {
	Customer []byte
	// Order is the order id; nil when the input has no order column. An empty
	// order id makes the row an order of its own.
	Order  []byte
	Date   Date
	Amount Amount
	// Kept holds the values of the --keep columns, trimmed.
	Kept [][]byte
}

// Aggregator folds used rows into per-customer state. Rows must be added in
// file order: ties on kept values go to the later row.
type Aggregator struct {
	ids       *keyTable // customer ids; the index is the customer's
	customers blockList[custState]
	// orderCust and orders list the order ids of purchase rows, but for the
	// lines that continue the customer's previous order: the customer, and
	// the id, in the same order. Customers counts the distinct ones;
	// appending here is much cheaper than a hash set, holds no pointers and
	// never copies what is there.
	orderCust blockList[uint32]
	orders    byteArena
	// distinct counts each customer's distinct order ids, in Customers.
	distinct []int64
	// unordered counts the customers with unorderedBit set.
	unordered int
	hasOrder  bool
	nKept     int
	// kept holds nKept slots per customer; the values live in keptArena.
	kept      []keptSlot
	keptArena []byte
	returns   Returns
	maxDate   Date
	rows      int
	// overflow holds the sums that left the int64 micros form.
	overflow []Sum
	// parts, when the aggregation is split, hold the customers; see Split.
	parts []*Aggregator
	// trackDays keeps each customer's purchase dates (TrackDays): dayCust
	// and dayDate list them, but for a row that repeats the date of the
	// row before for the same customer; days and prev are what
	// Customers counts from them.
	trackDays bool
	dayCust   []uint32
	dayDate   []Date
	days      []int64
	prev      []Date
	// unscored are the customers with a purchase row that are not scored,
	// kept with their metrics when trackDays.
	unscored []Customer
	// The customer of the last row added: its id's hash and index.
	lastHash uint64
	lastIdx  uint32
	hasLast  bool
	sink     uint64 // what Prefetch read, so that the reads are not left out
}

type custState struct {
	first, last Date // purchase rows only
	// orderLen is the last order id's length, with unorderedBit set once an
	// order id comes that is not after the customer's last in shortlex
	// order (see after): until then every order listed is a new one.
	orderLen uint32
	// over, when not 0, says the sum continues in overflow[over-1].
	over      int32
	purchases int64
	// plainOrders counts purchase rows without an order id (each an order of
	// its own), or all purchase rows when there is no order column.
	plainOrders int64
	lastOrder   int64 // offset in orders of the customer's last order, -1 none
	// orderHead and orderTail are the last order id's first and last 8
	// bytes (head8, tail8): with its length they tell an id of up to 16
	// bytes from it, and which comes first, without a look at the order
	// list, which is rarely in cache.
	orderHead, orderTail uint64
	// micros is the sum of amounts in millionths; a sum that leaves that
	// form continues in overflow. No pointer here: a million customers are
	// not scanned by the garbage collector. The state is 64 bytes, a cache
	// line.
	micros int64
}

// unorderedBit is custState.orderLen's flag; see there.
const unorderedBit = 1 << 31

type keptSlot struct {
	date       Date
	start, end uint64 // the value is keptArena[start:end]
}

// Returns says how return rows (amount < 0) enter monetary.
type Returns int

const (
	// ReturnsNet sums all amounts, returns included (the default).
	ReturnsNet Returns = iota
	// ReturnsIgnore sums purchase rows only.
	ReturnsIgnore
)

// NewAggregator returns an aggregator for rows with nKept kept values;
// hasOrder says whether the input has an order id column.
func NewAggregator(hasOrder bool, nKept int, returns Returns) *Aggregator {
	return &Aggregator{
		ids:      newKeyTable(1 << 12),
		hasOrder: hasOrder,
		nKept:    nKept,
		returns:  returns,
		maxDate:  NoDate,
	}
}

// Rows returns the number of rows added.
func (a *Aggregator) Rows() int {
	n := a.rows
	for _, p := range a.parts {
		n += p.rows
	}
	return n
}

// MaxDate returns the latest date among the rows added, or NoDate.
func (a *Aggregator) MaxDate() Date {
	d := a.maxDate
	for _, p := range a.parts {
		d = max(d, p.maxDate)
	}
	return d
}

// TrackDays makes the aggregator keep what SPEC §8's lifecycle stages need:
// each customer's number of distinct purchase dates and the latest purchase
// date before the last (Customer.Days and Prev), and the customers with a
// purchase row that are not scored (Unscored). Without it those stay zero
// and the aggregation costs nothing more. Call it before Split and Add.
func (a *Aggregator) TrackDays() { a.trackDays = true }

// Add folds one used row into its customer's state.
func (a *Aggregator) Add(r *Row) { a.add(r, a.hash(r.Customer)) }

// hash returns the hash of a customer id in a's id table, which its parts
// share (see HashID).
func (a *Aggregator) hash(id []byte) uint64 { return maphash.Bytes(a.ids.seed, id) }

// add folds row r, whose customer id has hash h, into its customer's state.
func (a *Aggregator) add(r *Row, h uint64) {
	a.rows++
	if r.Date > a.maxDate {
		a.maxDate = r.Date
	}
	// The rows of one order, and often of one customer, stand together.
	var i uint32
	var isNew bool
	if a.hasLast && h == a.lastHash && bytes.Equal(a.ids.Key(a.lastIdx), r.Customer) {
		i = a.lastIdx
	} else {
		i, isNew = a.ids.IndexHash(r.Customer, h)
		a.lastHash, a.lastIdx, a.hasLast = h, i, true
	}
	if isNew {
		a.customers.push(custState{first: NoDate, last: NoDate, lastOrder: -1})
		for range a.nKept {
			a.kept = append(grow(a.kept, 1), keptSlot{date: NoDate})
		}
	}
	c := a.customers.at(i)
	if a.nKept > 0 {
		slots := a.kept[int(i)*a.nKept : int(i+1)*a.nKept]
		for k, v := range r.Kept {
			s := &slots[k]
			if len(v) == 0 || r.Date < s.date {
				continue
			}
			s.date = r.Date
			if !bytes.Equal(a.keptArena[s.start:s.end], v) {
				s.start = uint64(len(a.keptArena))
				a.keptArena = append(grow(a.keptArena, len(v)), v...)
				s.end = uint64(len(a.keptArena))
			}
		}
	}
	sign := r.Amount.Sign()
	if sign > 0 || a.returns == ReturnsNet {
		a.addSum(c, r.Amount)
	}
	if sign <= 0 {
		return
	}
	c.purchases++
	if c.first == NoDate || r.Date < c.first {
		c.first = r.Date
	}
	if r.Date > c.last {
		c.last = r.Date
	}
	if a.trackDays {
		a.addDay(i, r.Date)
	}
	if !a.hasOrder || len(r.Order) == 0 {
		c.plainOrders++
		return
	}
	tail := tail8(r.Order)
	if c.lastOrder >= 0 && a.sameOrder(c, r.Order, tail) {
		return // the common case: the lines of one order stand together
	}
	if c.lastOrder >= 0 && c.orderLen&unorderedBit == 0 && !a.after(c, r.Order, tail) {
		c.orderLen |= unorderedBit
		a.unordered++
	}
	c.lastOrder = int64(a.orders.add(r.Order))
	c.orderHead, c.orderTail = head8(r.Order), tail
	// An id of 2 GiB or more (never seen) keeps a length that matches none:
	// its customer is then unordered, and each of its rows is listed.
	c.orderLen = c.orderLen&unorderedBit | uint32(min(len(r.Order), unorderedBit-1))
	if len(r.Order) >= unorderedBit-1 && c.orderLen&unorderedBit == 0 {
		c.orderLen |= unorderedBit
		a.unordered++
	}
	a.orderCust.push(i)
}

// sameOrder reports whether order id o, with tail8(o) = tail, is the
// customer's last order id.
func (a *Aggregator) sameOrder(c *custState, o []byte, tail uint64) bool {
	switch {
	case c.orderTail != tail || int(c.orderLen&^unorderedBit) != len(o):
		return false
	case len(o) <= 8:
		return true
	case len(o) <= 16:
		return c.orderHead == head8(o)
	}
	return bytes.Equal(a.orders.at(uint64(c.lastOrder)), o)
}

// after reports whether order id o, with tail8(o) = tail, comes after the
// customer's last order id in shortlex order (shorter first, then byte
// order), which it differs from. A customer whose order ids come in that
// order, as most exports list them (by order number, or by date), has as
// many distinct orders as ids listed: distinctOrders then need not sort
// them.
func (a *Aggregator) after(c *custState, o []byte, tail uint64) bool {
	n := int(c.orderLen &^ unorderedBit)
	switch {
	case len(o) != n:
		return len(o) > n
	case len(o) <= 8:
		return tail > c.orderTail
	case len(o) <= 16:
		// The head decides, or, when the heads agree, the tail: the bytes
		// the two share are the head's.
		if h := head8(o); h != c.orderHead {
			return h > c.orderHead
		}
		return tail > c.orderTail
	}
	return bytes.Compare(o, a.orders.at(uint64(c.lastOrder))) > 0
}

// addDay lists customer i's purchase date d, unless the last listed is the
// same customer's on the same date (the lines of one order).
func (a *Aggregator) addDay(i uint32, d Date) {
	if n := len(a.dayCust); n > 0 && a.dayCust[n-1] == i && a.dayDate[n-1] == d {
		return
	}
	a.dayCust = append(grow(a.dayCust, 1), i)
	a.dayDate = append(grow(a.dayDate, 1), d)
}

// countDays sets days and prev from the listed purchase dates: a counting
// sort groups them by customer, then each customer's dates are sorted.
func (a *Aggregator) countDays() {
	n := a.customers.Len()
	pos := make([]uint32, n+1)
	for _, c := range a.dayCust {
		pos[c+1]++
	}
	for i := 1; i <= n; i++ {
		pos[i] += pos[i-1]
	}
	grouped := make([]Date, len(a.dayCust))
	next := slices.Clone(pos[:n])
	for k, c := range a.dayCust {
		grouped[next[c]] = a.dayDate[k]
		next[c]++
	}
	a.dayCust, a.dayDate = nil, nil
	a.days = make([]int64, n)
	a.prev = make([]Date, n)
	for c := range n {
		g := grouped[pos[c]:pos[c+1]]
		slices.Sort(g)
		g = slices.Compact(g)
		a.days[c] = int64(len(g))
		a.prev[c] = NoDate
		if len(g) >= 2 {
			a.prev[c] = g[len(g)-2]
		}
	}
}

// addSum adds x to the customer's sum.
func (a *Aggregator) addSum(c *custState, x Amount) {
	if m, ok := x.Micros(); ok && c.over == 0 {
		if r, overflow := add64(c.micros, m); !overflow {
			c.micros = r
			return
		}
	}
	if c.over == 0 {
		a.overflow = append(a.overflow, Sum{})
		c.over = int32(len(a.overflow))
	}
	a.overflow[c.over-1].Add(x)
}

// sum returns the customer's exact sum.
func (a *Aggregator) sum(c *custState) Sum {
	s := Sum{micros: c.micros}
	if c.over > 0 {
		s.AddSum(a.overflow[c.over-1])
	}
	return s
}

// orderRange is the least number of orders distinctOrders files in one
// pass; tests lower it.
var orderRange = 1 << 20

// distinctOrders returns, per customer, the number of distinct order ids
// listed. A pass over the lists, front to back, hashes each id and files the
// hash and the id's offset under its customer, by a counting sort; then each
// customer's few hashes are sorted, and ids whose hashes agree are compared
// whole. The customers are taken a range at a time, so that what is filed
// stays a small part of the lists, at the cost of a pass per range.
//
// A customer whose ids were listed in increasing order (see after) has as
// many distinct orders as ids: only the others are filed and sorted.
func (a *Aggregator) distinctOrders() []int64 {
	n := a.customers.Len()
	counts := make([]int64, n)
	for _, b := range a.orderCust.blocks {
		for _, c := range b {
			counts[c]++
		}
	}
	if a.unordered == 0 {
		a.orderCust = blockList[uint32]{}
		return counts
	}
	// From here on, only the unordered customers' ids count.
	pos := make([]uint32, n+1)
	for i := range n {
		if c := a.customers.at(uint32(i)); c.orderLen&unorderedBit != 0 {
			pos[i+1] = uint32(counts[i])
			counts[i] = 0
		}
	}
	for i := 1; i <= n; i++ {
		pos[i] += pos[i-1]
	}
	// The ranges: as many customers as file at most limit orders, or one.
	limit := uint32(max(orderRange, a.orderCust.Len()/8))
	var ends []int
	most := uint32(0)
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && pos[hi+1]-pos[lo] <= limit {
			hi++
		}
		ends = append(ends, hi)
		most = max(most, pos[hi]-pos[lo])
		lo = hi
	}
	grouped := make([]orderRef, most)
	next := slices.Clone(pos[:n])
	var ids [][]byte
	seed := a.ids.seed
	lo := 0
	for _, hi := range ends {
		base := pos[lo]
		// The ids in order, beside their customers: read here rather
		// than through each, a call per id and pass.
		custs := a.orderCust.blocks
		var cb []uint32
		ci := 0
		for bk, b := range a.orders.blocks {
			for p := 0; p < len(b); {
				if ci == len(cb) {
					cb, custs, ci = custs[0], custs[1:], 0
				}
				c := int(cb[ci])
				ci++
				n, w := uint64(b[p]), 1
				if n >= 0x80 {
					n, w = binary.Uvarint(b[p:])
				}
				if c >= lo && c < hi && pos[c+1] > pos[c] {
					id := b[p+w : p+w+int(n)]
					grouped[next[c]-base] = orderRef{maphash.Bytes(seed, id), uint64(bk)<<32 | uint64(p)}
					next[c]++
				}
				p += w + int(n)
			}
		}
		for c := lo; c < hi; c++ {
			var n int64
			n, ids = a.countDistinct(grouped[pos[c]-base:pos[c+1]-base], ids)
			counts[c] += n
		}
		lo = hi
	}
	a.orderCust = blockList[uint32]{}
	return counts
}

// orderRef is an order id's hash and its offset in the order list.
type orderRef struct{ h, off uint64 }

// countDistinct returns how many distinct ids the refs g, one customer's,
// point to: they are sorted by hash, and ids whose hashes agree are
// compared whole (ids is scratch space, returned for reuse).
func (a *Aggregator) countDistinct(g []orderRef, ids [][]byte) (int64, [][]byte) {
	if len(g) <= 1 {
		return int64(len(g)), ids
	}
	slices.SortFunc(g, func(x, y orderRef) int { return cmp.Compare(x.h, y.h) })
	var n int64
	for s := 0; s < len(g); {
		run := 1
		for s+run < len(g) && g[s+run].h == g[s].h {
			run++
		}
		if run == 1 {
			n++
		} else {
			ids = ids[:0]
			for _, r := range g[s : s+run] {
				ids = append(ids, a.orders.at(r.off))
			}
			slices.SortFunc(ids, bytes.Compare)
			for j := range ids {
				if j == 0 || !bytes.Equal(ids[j-1], ids[j]) {
					n++
				}
			}
		}
		s += run
	}
	return n, ids
}

// tail8 returns b's last 8 bytes as a big-endian number (all of b, right
// aligned, when shorter): with the length, it is the whole of an id of up
// to 8 bytes, and for ids of one length numeric order is byte order.
func tail8(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.BigEndian.Uint64(b[len(b)-8:])
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

// head8 returns b's first 8 bytes as a big-endian number, 0 for a shorter
// b (whose tail8 holds it whole).
func head8(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
