package rfm

import (
	"slices"
	"strings"
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
	index     map[string]uint32
	customers []custState
	orders    map[orderKey]struct{}
	hasOrder  bool
	nKept     int
	returns   Returns
	maxDate   Date
	rows      int
}

type custState struct {
	id          string
	first, last Date // purchase rows only
	purchases   int64
	orders      int64 // distinct orders among purchase rows
	lastOrder   string
	sum         Sum
	kept        []keptValue
}

type keptValue struct {
	date  Date
	value string
}

type orderKey struct {
	cust uint32
	id   string
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
		index:    make(map[string]uint32),
		orders:   make(map[orderKey]struct{}),
		hasOrder: hasOrder,
		nKept:    nKept,
		returns:  returns,
		maxDate:  NoDate,
	}
}

// Rows returns the number of rows added.
func (a *Aggregator) Rows() int { return a.rows }

// MaxDate returns the latest date among the rows added, or NoDate.
func (a *Aggregator) MaxDate() Date { return a.maxDate }

// Add folds one used row into its customer's state.
func (a *Aggregator) Add(r *Row) {
	a.rows++
	if r.Date > a.maxDate {
		a.maxDate = r.Date
	}
	i, ok := a.index[string(r.Customer)]
	if !ok {
		i = uint32(len(a.customers))
		id := string(r.Customer)
		a.index[id] = i
		a.customers = append(a.customers, custState{id: id, first: NoDate, last: NoDate, kept: make([]keptValue, a.nKept)})
		for k := range a.customers[i].kept {
			a.customers[i].kept[k].date = NoDate
		}
	}
	c := &a.customers[i]
	for k, v := range r.Kept {
		if len(v) > 0 && r.Date >= c.kept[k].date {
			c.kept[k].date = r.Date
			if c.kept[k].value != string(v) {
				c.kept[k].value = string(v)
			}
		}
	}
	sign := r.Amount.Sign()
	if sign > 0 || a.returns == ReturnsNet {
		c.sum.Add(r.Amount)
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
	switch {
	case !a.hasOrder || len(r.Order) == 0:
		c.orders++
	case c.orders > 0 && c.lastOrder == string(r.Order):
		// the common case: the lines of one order stand together
	default:
		key := orderKey{cust: i, id: string(r.Order)}
		if _, seen := a.orders[key]; !seen {
			a.orders[key] = struct{}{}
			c.orders++
		}
		c.lastOrder = key.id
	}
}

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
	// R, F and M are the scores; with the mean method 0 or 1.
	R, F, M int
}

// NotScored is why a customer was left out of scoring.
type NotScored string

// The reasons a customer is not scored.
const (
	NoPurchase       NotScored = "no purchase row"
	NonPositiveSpend NotScored = "net monetary ≤ 0"
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
// their metrics relative to asOf, and counts the others by reason.
func (a *Aggregator) Customers(asOf Date, rule MonetaryRule) ([]Customer, map[NotScored]int) {
	out := make([]Customer, 0, len(a.customers))
	skipped := make(map[NotScored]int)
	for i := range a.customers {
		c := &a.customers[i]
		if c.purchases == 0 {
			skipped[NoPurchase]++
			continue
		}
		net := c.sum.Cents()
		if net <= 0 {
			skipped[NonPositiveSpend]++
			continue
		}
		cu := Customer{
			ID:        c.id,
			Recency:   int64(asOf) - int64(c.last),
			Frequency: c.orders,
			Net:       net,
			Monetary:  net,
			First:     c.first,
			Last:      c.last,
		}
		if rule == MonetaryMean {
			cu.Monetary = net.DivRound(c.orders)
		}
		if a.nKept > 0 {
			cu.Kept = make([]string, a.nKept)
			for k, v := range c.kept {
				cu.Kept[k] = v.value
			}
		}
		out = append(out, cu)
	}
	slices.SortFunc(out, func(x, y Customer) int { return strings.Compare(x.ID, y.ID) })
	return out, skipped
}
