package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

// BenchmarkScan is the parse stage of rfm score (with the aggregation it
// feeds): it reads the file named by $RFM_BENCH_CSV (e.g. one written by
// cmd/rfmgen) through Scan, or else 1M generated rows.
func BenchmarkScan(b *testing.B) {
	path := os.Getenv("RFM_BENCH_CSV")
	if path == "" {
		path = filepath.Join(b.TempDir(), "orders.csv")
		if err := os.WriteFile(path, benchCSV(1_000_000, 100_000), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, seq := range []bool{false, true} {
		name := "parallel"
		if seq {
			name = "sequential"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(st.Size())
			for b.Loop() {
				opt := Options{AsOf: rfm.NoDate, Sequential: seq}
				if _, _, err := Scan(context.Background(), File{Path: path}, opt, rfm.ReturnsNet); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchCSV writes n order lines of customers customers in cmd/rfmgen's
// columns: lines of an order together, timestamps, about 1 % returns.
func benchCSV(n, customers int) []byte {
	rng := rand.New(rand.NewPCG(1, 1))
	out := []byte("order_id,customer_id,order_date,amount,email\n")
	for order, lines := 0, 0; lines < n; order++ {
		c := rng.IntN(customers)
		day := rfm.DateOf(2024, 1, 1) + rfm.Date(rng.IntN(365))
		for range 1 + rng.IntN(3) {
			sign := ""
			if rng.IntN(100) == 0 {
				sign = "-"
			}
			out = fmt.Appendf(out, "SO%d,C%d,%s %02d:%02d:%02d,%s%d.%02d,c%d@example.com\n", order, c, day, rng.IntN(24), rng.IntN(60), rng.IntN(60),
				sign, rng.IntN(300), rng.IntN(100), c)
			lines++
		}
	}
	return out
}
