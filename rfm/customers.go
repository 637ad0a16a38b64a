package rfm

import (
	"bytes"
	"runtime"
	"slices"
	"sync"
)

// Customer is one customer's metrics and, once scored, scores.
type Customer struct {
	ID string
	// Kept holds the --keep values, in flag order.
	Kept []string
	// Recency is the as-of date minus the last purchase date, in days.
	Recency int64
	// Frequency is the number of distinct orders among purchase rows.
	Frequency int64
	// Net is the sum of amounts (per the returns rule) rounded to cents.
	Net Cents
	// Monetary is the value scored: Net, or Net ÷ Frequency with --monetary mean.
	Monetary    Cents
	First, Last Date
	// Days is the number of distinct purchase dates and Prev the latest
	// purchase date before Last (NoDate when Days is 1); both only with
	// Aggregator.TrackDays, zero otherwise.
	Days int64
	Prev Date
	// R, F and M are the scores; with the mean method 0 or 1.
	R, F, M int
}

// NotScored is why a customer was left out of scoring.
type NotScored string

// The reasons a customer is not scored.
const (
	NoPurchase       NotScored = "no purchase row"
	NonPositiveSpend NotScored = "net monetary ≤ 0"
	// TooLarge is a net sum beyond ±92 quadrillion (the range of Cents),
	// which no export holds unless an amount column was misread.
	TooLarge NotScored = "net monetary too large"
)

// MonetaryRule selects the monetary value that is scored.
type MonetaryRule int

const (
	// MonetarySum scores the rounded net sum (the default).
	MonetarySum MonetaryRule = iota
	// MonetaryMean scores the rounded sum ÷ frequency, rounded again.
	MonetaryMean
)

// Customers returns the scorable customers sorted by id (byte order), with
// their metrics relative to asOf, and counts the others by reason. It may be
// called once: it lets go of the per-customer state as it goes, and no row
// may be added after it.
//
// The customers are put in order before their records are made: small
// (id prefix, customer) keys are sorted, on every core, and the records are
// then written in that order, each once, rather than moved into order after.
func (a *Aggregator) Customers(asOf Date, rule MonetaryRule) ([]Customer, map[NotScored]int) {
	parts := a.parts
	if parts == nil {
		parts = []*Aggregator{a}
	}
	// The order lists go first, before the output grows: each part counts
	// its customers' distinct orders, and lists the customers to write, on
	// a core of its own.
	lists := make([][]idKey, len(parts))
	skips := make([]map[NotScored]int, len(parts))
	var wg sync.WaitGroup
	for k, p := range parts {
		wg.Go(func() {
			p.distinct = p.distinctOrders()
			p.orderCust, p.orders = blockList[uint32]{}, byteArena{}
			if p.trackDays {
				p.countDays()
			}
			lists[k], skips[k] = p.keys(k)
			p.ids.slots = nil // the ids are looked up no more
		})
	}
	wg.Wait()
	keys := sortKeys(parts, lists)
	lists = nil
	// Each core writes the records of one stretch of keys to its place:
	// after the scored customers of the stretches before it.
	stretches := stretchesOf(len(keys))
	from := make([]int, len(stretches)+1)
	for w, st := range stretches {
		from[w+1] = from[w]
		for _, k := range keys[st.lo:st.hi] {
			if k.scored() {
				from[w+1]++
			}
		}
	}
	ids := make([]string, len(parts))
	for k, p := range parts {
		// The ids become pieces of one string: one allocation, not one
		// per customer.
		ids[k] = string(p.ids.arena)
	}
	out := make([]Customer, from[len(stretches)])
	adviseHuge(out)
	unscored := make([][]Customer, len(stretches))
	for w, st := range stretches {
		wg.Go(func() {
			n := from[w]
			for _, k := range keys[st.lo:st.hi] {
				p := parts[k.part()]
				cu := p.customer(k.index(), ids[k.part()], asOf)
				if !k.scored() {
					unscored[w] = append(unscored[w], cu)
					continue
				}
				p.finish(&cu, k.index(), rule)
				out[n] = cu
				n++
			}
		})
	}
	wg.Wait()
	for _, p := range parts {
		p.release()
	}
	a.unscored = slices.Concat(unscored...)
	skipped := skips[0]
	for _, m := range skips[1:] {
		for why, c := range m {
			skipped[why] += c
		}
	}
	return out, skipped
}

// idKey is a customer to write, in the order of ids: its id's first 8 bytes
// (prefix8) and, below, its part, whether it is scored and its index.
type idKey struct {
	pre uint64
	ref uint64 // part << 33 | scoredBit | index
}

// scoredBit marks the key of a scored customer.
const scoredBit = 1 << 32

func (k idKey) part() int     { return int(k.ref >> 33) }
func (k idKey) scored() bool  { return k.ref&scoredBit != 0 }
func (k idKey) index() uint32 { return uint32(k.ref) }
func (k idKey) id(parts []*Aggregator) []byte {
	return parts[k.part()].ids.Key(k.index())
}

// keys lists part k's customers with a purchase row, those scored and, with
// TrackDays, those not, and counts the others by reason.
func (a *Aggregator) keys(k int) ([]idKey, map[NotScored]int) {
	skipped := make(map[NotScored]int)
	keys := make([]idKey, 0, a.customers.Len())
	adviseHuge(keys)
	for i := range a.customers.Len() {
		c := a.customers.at(uint32(i))
		if c.purchases == 0 {
			skipped[NoPurchase]++
			continue
		}
		key := idKey{prefix8(a.ids.Key(uint32(i))), uint64(k)<<33 | uint64(i)}
		net, fits := a.sum(c).Cents()
		switch {
		case net > 0 && fits:
			key.ref |= scoredBit
		case net <= 0:
			skipped[NonPositiveSpend]++
		default:
			skipped[TooLarge]++
		}
		if key.scored() || a.trackDays {
			keys = append(keys, key)
		}
	}
	return keys, skipped
}

// sortKeys sorts the parts' lists of keys into one, by id, byte order: each
// list on a core of its own (one list is cut into one stretch per core),
// then the sorted lists are merged. The prefix orders most ids without a
// look at the ids themselves.
func sortKeys(parts []*Aggregator, lists [][]idKey) []idKey {
	cmp := func(x, y idKey) int {
		if x.pre != y.pre {
			if x.pre < y.pre {
				return -1
			}
			return 1
		}
		return bytes.Compare(x.id(parts), y.id(parts))
	}
	if len(lists) == 1 {
		keys := lists[0]
		lists = nil
		for _, st := range stretchesOf(len(keys)) {
			lists = append(lists, keys[st.lo:st.hi])
		}
	}
	var wg sync.WaitGroup
	for _, l := range lists {
		wg.Go(func() { slices.SortFunc(l, cmp) })
	}
	wg.Wait()
	for len(lists) > 1 {
		var next [][]idKey
		for k := 0; k < len(lists); k += 2 {
			if k+1 == len(lists) {
				next = append(next, lists[k])
			} else {
				next = append(next, mergeKeys(lists[k], lists[k+1], cmp))
			}
		}
		lists = next
	}
	return lists[0]
}

// mergeKeys merges two sorted lists into a new one.
func mergeKeys(l, r []idKey, cmp func(x, y idKey) int) []idKey {
	out := make([]idKey, 0, len(l)+len(r))
	adviseHuge(out)
	for len(l) > 0 && len(r) > 0 {
		if cmp(r[0], l[0]) < 0 {
			out, r = append(out, r[0]), r[1:]
		} else {
			out, l = append(out, l[0]), l[1:]
		}
	}
	return append(append(out, l...), r...)
}

// stretch is a range [lo, hi) of a list.
type stretch struct{ lo, hi int }

// stretchesOf cuts a list of n into one stretch per core (at least one).
func stretchesOf(n int) []stretch {
	w := max(1, min(runtime.GOMAXPROCS(0), n/1024))
	out := make([]stretch, w)
	for k := range out {
		out[k] = stretch{k * n / w, (k + 1) * n / w}
	}
	return out
}

// customer returns customer i's record with its metrics; ids is the id
// table's arena as a string.
func (a *Aggregator) customer(i uint32, ids string, asOf Date) Customer {
	c := a.customers.at(i)
	net, _ := a.sum(c).Cents()
	cu := Customer{
		ID:        ids[a.ids.starts[i]:a.ids.starts[i+1]],
		Recency:   int64(asOf) - int64(c.last),
		Frequency: c.plainOrders + a.distinct[i],
		Net:       net,
		Monetary:  net,
		First:     c.first,
		Last:      c.last,
	}
	if a.trackDays {
		cu.Days, cu.Prev = a.days[i], a.prev[i]
	}
	return cu
}

// finish sets what a scored customer's record has beyond its metrics: the
// monetary value scored, and the kept values.
func (a *Aggregator) finish(cu *Customer, i uint32, rule MonetaryRule) {
	if rule == MonetaryMean {
		cu.Monetary = cu.Net.DivRound(cu.Frequency)
	}
	if a.nKept > 0 {
		cu.Kept = make([]string, a.nKept)
		for k, s := range a.kept[int(i)*a.nKept : int(i+1)*a.nKept] {
			cu.Kept[k] = string(a.keptArena[s.start:s.end])
		}
	}
}

// release lets go of the per-customer state, once the records are made.
func (a *Aggregator) release() {
	a.customers = blockList[custState]{}
	a.kept, a.keptArena, a.overflow, a.distinct = nil, nil, nil, nil
	a.days, a.prev = nil, nil
	seed := a.ids.seed
	a.ids = newKeyTable(0)
	a.ids.seed = seed
}

// Unscored returns, after Customers and with TrackDays, the customers with a
// purchase row that were not scored (net monetary ≤ 0 or too large), sorted
// by id, with their metrics but no scores: SPEC §8 gives them a lifecycle
// stage too.
func (a *Aggregator) Unscored() []Customer { return a.unscored }

// prefix8 returns s's first 8 bytes as a big-endian number, zeros after a
// shorter s: two ids whose prefixes differ are in the order of their
// prefixes.
func prefix8(s []byte) uint64 {
	var v uint64
	for k := range 8 {
		v <<= 8
		if k < len(s) {
			v |= uint64(s[k])
		}
	}
	return v
}
