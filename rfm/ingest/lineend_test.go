package ingest

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestLineEnd compares lineEnd, which counts whole blocks at once, with a
// line-by-line count: texts longer and shorter than a block, line ends on
// both sides of every block edge, n of 0, up to and past the line ends
// there are.
func TestLineEnd(t *testing.T) {
	naive := func(b []byte, n int) int {
		if n == 0 {
			return 0
		}
		for i, c := range b {
			if c == '\n' {
				if n--; n == 0 {
					return i + 1
				}
			}
		}
		return 0
	}
	rng := rand.New(rand.NewPCG(9, 9))
	const block = 64 << 10
	for round := range 60 {
		size := rng.IntN(4*block + 10)
		b := bytes.Repeat([]byte{'x'}, size)
		every := 1 + rng.IntN(200)
		if round%3 == 0 {
			every = 1 + rng.IntN(block) // few line ends
		}
		lines := 0
		for i := rng.IntN(every); i < size; i += 1 + rng.IntN(2*every) {
			b[i] = '\n'
			lines++
		}
		for _, edge := range []int{block - 1, block, block + 1, 2*block - 1, 2 * block} {
			if edge < size && round%2 == 1 {
				b[edge] = '\n'
			}
		}
		lines = bytes.Count(b, []byte{'\n'})
		for _, n := range []int{0, 1, lines / 3, lines / 2, lines - 1, lines, lines + 1, lines + 100} {
			if n < 0 {
				continue
			}
			if got, want := lineEnd(b, n), naive(b, n); got != want {
				t.Fatalf("round %d (%d bytes, %d lines): lineEnd(n=%d) = %d, want %d", round, size, lines, n, got, want)
			}
		}
	}
}
