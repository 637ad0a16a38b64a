package rfm

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestSplitMatchesWhole checks that an aggregation split into parts, each
// fed its customers' rows in file order, gives what one aggregator gives:
// the same customers, kept values (date ties to the later row), orders and
// counts of customers not scored.
func TestSplitMatchesWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	for _, parts := range []int{1, 2, 3, 7} {
		for _, returns := range []Returns{ReturnsNet, ReturnsIgnore} {
			whole := NewAggregator(true, 2, returns)
			split := NewAggregator(true, 2, returns)
			track := parts != 2 // with and without the lifecycle's state
			if track {
				whole.TrackDays()
				split.TrackDays()
			}
			ps := split.Split(parts)
			for range 5000 {
				ci := rng.IntN(300)
				cust := fmt.Sprintf("c%d", ci)
				cents := int64(rng.IntN(2000) - 300)
				if ci >= 280 { // returns and zero rows only: not scored
					cents = -int64(rng.IntN(3)) * 100
				} else if ci >= 270 { // purchases, and larger returns: net < 0
					cents = []int64{100, -1000}[rng.IntN(2)]
				}
				order := ""
				if rng.IntN(10) > 0 {
					order = fmt.Sprintf("o%d", rng.IntN(40))
				}
				r := &Row{
					Customer: []byte(cust),
					Order:    []byte(order),
					Date:     DateOf(2024, 1, 1) + Date(rng.IntN(20)),
					Amount:   AmountFromMicros(cents * 10_000),
					Kept:     [][]byte{[]byte(fmt.Sprintf("k%d", rng.IntN(5))), nil},
				}
				if rng.IntN(3) == 0 {
					r.Kept[1] = []byte(fmt.Sprintf("e%d", rng.IntN(1000)))
				}
				whole.Add(r)
				h := split.HashID(r.Customer)
				p := ps[PartOf(h, parts)]
				p.Prefetch([]uint64{h, rng.Uint64(), split.HashID([]byte("c1"))}) // reads only
				p.AddHashed(r, h)
			}
			if whole.Rows() != split.Rows() || whole.MaxDate() != split.MaxDate() {
				t.Fatalf("%d parts: rows %d, max date %v; want %d, %v", parts, split.Rows(), split.MaxDate(), whole.Rows(), whole.MaxDate())
			}
			asOf := DateOf(2024, 2, 1)
			want, wantSkipped := whole.Customers(asOf, MonetaryMean)
			got, gotSkipped := split.Customers(asOf, MonetaryMean)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSkipped, wantSkipped) {
				t.Errorf("%d parts, returns %v: split aggregation differs:\n got %v\n%v\nwant %v\n%v", parts, returns, got, gotSkipped, want, wantSkipped)
			}
			if !reflect.DeepEqual(split.Unscored(), whole.Unscored()) {
				t.Errorf("%d parts: unscored customers differ:\n got %v\nwant %v", parts, split.Unscored(), whole.Unscored())
			}
			if track && (returns == ReturnsNet && len(whole.Unscored()) == 0 || want[0].Days < 2) || !track && (want[0].Days != 0 || whole.Unscored() != nil) {
				t.Errorf("%d parts, tracking %v: days %d, %d unscored", parts, track, want[0].Days, len(whole.Unscored()))
			}
			if len(want) < 100 || len(wantSkipped) == 0 {
				t.Errorf("the test data is too tame: %d customers, skipped %v", len(want), wantSkipped)
			}
		}
	}
}
