package rfm

// The parallel API: an aggregation fed on several cores at once.
//
// Aggregator.Add folds one row at a time on one goroutine, and is all a
// reader needs. A reader that parses its input on several cores (rfm/ingest
// reads CSV so) may also add on several, by this protocol:
//
//  1. Setup, on one goroutine, before any row is added: NewAggregator, then
//     TrackDays if wanted, then Split(n), which returns n parts. From then on
//     rows go to the parts only; Add on the whole would be lost.
//  2. Hashing, on any goroutine, at any time after Split: HashID(id) hashes a
//     customer id. It only reads the id table's seed, which the whole and its
//     parts share and which never changes, so the parsing cores may hash the
//     ids of their rows concurrently.
//  3. Routing: PartOf(h, n) names the one part that takes every row of the
//     customer whose id has hash h. A customer's state thus lives in one part
//     and the parts never share a customer.
//  4. Adding: each part is fed by one goroutine at a time (a part is not safe
//     for concurrent use), and with its rows in file order, as Add requires:
//     ties on kept values go to the later row. The goroutine may call
//     Prefetch with the hashes of up to PrefetchWindow rows it is about to
//     add, then AddHashed for each of those rows with its hash, in order.
//     Prefetch only reads, so that AddHashed finds the customers' state in
//     cache; AddHashed(r, HashID(r.Customer)) does what Add(r) does.
//  5. Results: once every part's goroutine has finished (and that is
//     synchronised, e.g. by a sync.WaitGroup or a closed channel), Rows,
//     MaxDate, Customers and Unscored are called on the whole, never on a
//     part; they cover all the parts, and the result is the same as adding
//     every row to one aggregator in file order.

// Split divides the aggregation into n parts that n goroutines can feed at
// once, one each: every row goes to the part PartOf names for its customer,
// so a customer's rows all reach one part, in file order. Rows are then
// added to the parts only, and a's Rows, MaxDate and Customers cover them
// all.
func (a *Aggregator) Split(n int) []*Aggregator {
	a.parts = make([]*Aggregator, n)
	for k := range a.parts {
		p := NewAggregator(a.hasOrder, a.nKept, a.returns)
		p.ids.seed = a.ids.seed
		p.trackDays = a.trackDays
		a.parts[k] = p
	}
	return a.parts
}

// HashID returns the hash of a customer id that PartOf and AddHashed take;
// it is the same for a and its parts.
func (a *Aggregator) HashID(id []byte) uint64 { return a.hash(id) }

// PartOf returns which of n parts (see Split) takes the customer whose id
// has hash h.
func PartOf(h uint64, n int) int { return int(uint32(h) % uint32(n)) }

// PrefetchWindow is the most hashes Prefetch looks at.
const PrefetchWindow = 16

// Prefetch reads ahead the state of the customers whose ids have hashes hs,
// for AddHashed to find in cache: the id table's slots first, then the
// state and the id each slot points to. The reads of a step do not wait for
// one another, so their cache misses overlap; AddHashed alone meets them one
// after the other. It changes nothing.
func (a *Aggregator) Prefetch(hs []uint64) {
	var slots [PrefetchWindow]uint64
	t := a.ids
	mask := uint64(len(t.slots) - 1)
	for k, h := range hs[:min(len(hs), PrefetchWindow)] {
		slots[k] = t.slots[(h>>32)&mask]
	}
	var sink uint64
	for k, h := range hs[:min(len(hs), PrefetchWindow)] {
		s := slots[k]
		if s == 0 || s&^0xffffffff != h&^0xffffffff {
			slots[k] = 0
			continue
		}
		j := uint32(s) - 1
		sink += uint64(a.customers.at(j).micros)
		slots[k] = t.starts[j] + 1 // where the id starts, + 1
	}
	for _, start := range slots[:min(len(hs), PrefetchWindow)] {
		if start > 0 && start <= uint64(len(t.arena)) {
			sink += uint64(t.arena[start-1])
		}
	}
	a.sink += sink
}

// AddHashed is Add for a row whose customer id has hash h (see HashID).
func (a *Aggregator) AddHashed(r *Row, h uint64) { a.add(r, h) }
