package rfm

import (
	"math/big"
	"testing"
)

func weightsOf(t *testing.T, s ...string) *Weights {
	t.Helper()
	var w [3]Amount
	for i, x := range s {
		r, ok := new(big.Rat).SetString(x)
		if !ok {
			t.Fatalf("bad weight %q", x)
		}
		w[i] = AmountFromRat(r)
	}
	ws, err := NewWeights(w)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestWeightedScore(t *testing.T) {
	tests := []struct {
		name    string
		w       [3]string
		r, f, m int
		want    string
	}{
		{"equal weights are the mean", [3]string{"1", "1", "1"}, 5, 4, 3, "4.00"},
		{"a third rounds down", [3]string{"1", "1", "1"}, 5, 4, 4, "4.33"},
		{"two thirds round up", [3]string{"1", "1", "1"}, 5, 5, 4, "4.67"},
		{"SPSSAU style weights", [3]string{"0.2", "0.3", "0.5"}, 5, 4, 3, "3.70"},
		{"half a cent rounds away from zero", [3]string{"1", "0", "7"}, 1, 9, 2, "1.88"}, // 15/8 = 1.875
		{"half a cent up", [3]string{"1", "0", "7"}, 1, 9, 0, "0.13"},                    // 1/8 = 0.125
		{"only recency", [3]string{"2", "0", "0"}, 3, 9, 9, "3.00"},
		{"weights need not sum to one", [3]string{"3", "2", "5"}, 1, 2, 3, "2.20"},
		{"mean method scores", [3]string{"1", "1", "1"}, 0, 1, 0, "0.33"},
		{"tiny weights stay exact", [3]string{"0.0000001", "0.0000002", "0"}, 1, 2, 0, "1.67"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := weightsOf(t, tc.w[:]...)
			if got := w.Score(tc.r, tc.f, tc.m).String(); got != tc.want {
				t.Errorf("Score(%d,%d,%d) with %v = %s, want %s", tc.r, tc.f, tc.m, tc.w, got, tc.want)
			}
		})
	}
}

func TestWeightsRejected(t *testing.T) {
	for _, w := range [][3]Amount{
		{AmountFromMicros(0), AmountFromMicros(0), AmountFromMicros(0)},
		{AmountFromMicros(-1), AmountFromMicros(1), AmountFromMicros(1)},
	} {
		if _, err := NewWeights(w); err == nil {
			t.Errorf("NewWeights(%v) accepted", w)
		}
	}
}
