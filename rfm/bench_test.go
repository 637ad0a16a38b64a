package rfm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchRows makes n order lines of customers customers, shaped like
// cmd/rfmgen's data: lines of an order together, about 1 % returns.
func benchRows(n, customers int) []Row {
	rng := rand.New(rand.NewPCG(1, 1))
	rows := make([]Row, 0, n)
	for order := 0; len(rows) < n; order++ {
		cust := []byte(fmt.Sprintf("C%d", rng.IntN(customers)))
		id := []byte(fmt.Sprintf("SO%d", order))
		date := DateOf(2024, 1, 1) + Date(rng.IntN(365))
		for range 1 + rng.IntN(3) {
			cents := int64(rng.IntN(30000) + 1)
			if rng.IntN(100) == 0 {
				cents = -cents
			}
			rows = append(rows, Row{Customer: cust, Order: id, Date: date, Amount: AmountFromMicros(cents * 10_000)})
		}
	}
	return rows
}

// BenchmarkAggregate is the aggregate stage of rfm score: 1M rows of 100k
// customers added to one aggregator, or split in two parts (one goroutine
// each), and the customers taken out.
func BenchmarkAggregate(b *testing.B) {
	rows := benchRows(1_000_000, 100_000)
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			a := NewAggregator(true, 0, ReturnsNet)
			for i := range rows {
				a.Add(&rows[i])
			}
			a.Customers(DateOf(2025, 1, 1), MonetarySum)
		}
	})
	b.Run("parts", func(b *testing.B) {
		for b.Loop() {
			a := NewAggregator(true, 0, ReturnsNet)
			parts := a.Split(2)
			done := make(chan bool)
			for k, p := range parts {
				go func() {
					for i := range rows {
						if h := a.HashID(rows[i].Customer); PartOf(h, len(parts)) == k {
							p.AddHashed(&rows[i], h)
						}
					}
					done <- true
				}()
			}
			<-done
			<-done
			a.Customers(DateOf(2025, 1, 1), MonetarySum)
		}
	})
}

// BenchmarkScore is the score stage: quantile scores of 1M customers.
func BenchmarkScore(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	cs := make([]Customer, 1_000_000)
	for i := range cs {
		cs[i] = Customer{Recency: int64(1 + rng.IntN(365)), Frequency: int64(1 + rng.IntN(20)), Monetary: Cents(rng.IntN(1_000_000))}
	}
	for b.Loop() {
		if _, err := Score(cs, Options{Method: Quantile, Bins: 5}); err != nil {
			b.Fatal(err)
		}
	}
}
