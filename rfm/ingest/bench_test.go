package ingest

import (
	"context"
	"os"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

// BenchmarkScan reads the file named by $RFM_BENCH_CSV (e.g. one written by
// cmd/rfmgen) through Scan.
func BenchmarkScan(b *testing.B) {
	path := os.Getenv("RFM_BENCH_CSV")
	if path == "" {
		b.Skip("set RFM_BENCH_CSV to a transaction CSV (go run ./cmd/rfmgen > big.csv)")
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
