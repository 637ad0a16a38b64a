package main

import (
	"io"
	"os"
	"testing"
)

// BenchmarkScore runs `rfm score $RFM_BENCH_CSV -o /dev/null` in-process,
// for profiles of the whole command (go run ./cmd/rfmgen > big.csv).
func BenchmarkScore(b *testing.B) {
	path := os.Getenv("RFM_BENCH_CSV")
	if path == "" {
		b.Skip("set RFM_BENCH_CSV to a transaction CSV (go run ./cmd/rfmgen > big.csv)")
	}
	for b.Loop() {
		if code := run([]string{"score", path, "-o", os.DevNull, "-q"}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
