// Command rfmgen writes a synthetic transaction export for benchmarks: one
// line per order line, columns order_id,customer_id,order_date,amount,email,
// deterministic for a seed. Customers buy a skewed number of orders (most
// once, a few many times), orders have 1–3 lines, about 1 % of lines are
// returns.
//
//	rfmgen -rows 10000000 -customers 1000000 -seed 1 > big.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/rfmtool/rfm/rfm"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "order lines to write (about)")
	customers := flag.Int("customers", 100_000, "number of customers")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := generate(bufio.NewWriterSize(os.Stdout, 1<<20), *rows, *customers, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "rfmgen:", err)
		os.Exit(1)
	}
}

func generate(w *bufio.Writer, rows, customers int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w.WriteString("order_id,customer_id,order_date,amount,email\n")
	// Zipf-like weights: customer k is chosen with probability ∝ 1/(k+10)^0.9.
	cum := make([]float64, customers)
	total := 0.0
	for k := range cum {
		total += 1 / math.Pow(float64(k+10), 0.9)
		cum[k] = total
	}
	pick := func() int {
		x := rng.Float64() * total
		lo, hi := 0, customers-1
		for lo < hi {
			mid := (lo + hi) / 2
			if cum[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	const days = 730
	start := 19358 // 2023-01-01
	var b []byte
	order := 0
	written := 0
	// Every customer orders at least once, then the rest go by weight.
	next := 0
	for written < rows {
		c := next
		if next < customers {
			next++
		} else {
			c = pick()
		}
		order++
		day := start + rng.IntN(days)
		y, m, d := rfm.Date(day).Civil()
		lines := 1 + rng.IntN(3)
		for l := 0; l < lines && written < rows; l++ {
			cents := 100 + rng.IntN(30000)
			if rng.IntN(100) == 0 {
				cents = -cents
			}
			b = b[:0]
			b = append(b, "SO"...)
			b = strconv.AppendInt(b, int64(order), 10)
			b = append(b, ",C"...)
			b = strconv.AppendInt(b, int64(c), 10)
			b = fmt.Appendf(b, ",%04d-%02d-%02d %02d:%02d:%02d,", y, m, d, rng.IntN(24), rng.IntN(60), rng.IntN(60))
			if cents < 0 {
				b = append(b, '-')
				cents = -cents
			}
			b = strconv.AppendInt(b, int64(cents/100), 10)
			b = append(b, '.', byte('0'+cents%100/10), byte('0'+cents%10))
			b = append(b, ",c"...)
			b = strconv.AppendInt(b, int64(c), 10)
			b = append(b, "@example.com\n"...)
			if _, err := w.Write(b); err != nil {
				return err
			}
			written++
		}
	}
	return w.Flush()
}
