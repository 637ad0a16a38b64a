package rfm

import (
	"math/big"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Weights weigh the three scores into the weighted score of SPEC §9
// (SPSSAU's 综合得分): (wR·r + wF·f + wM·m) ÷ (wR + wF + wM), exact, rounded
// to hundredths half away from zero.
type Weights struct {
	// W holds wR, wF and wM.
	W [3]Amount
	// table holds the score of every triple of scores 0…9, so that a
	// million customers cost no rational arithmetic.
	table [10][10][10]Cents
}

// NewWeights checks that the weights are ≥ 0 and not all 0, and computes
// the score of every triple of scores.
func NewWeights(w [3]Amount) (*Weights, error) {
	den := new(big.Rat)
	for _, x := range w {
		if x.Sign() < 0 {
			return nil, i18n.New("weights must be ≥ 0")
		}
		den.Add(den, x.Rat())
	}
	if den.Sign() == 0 {
		return nil, i18n.New("weights must not all be 0")
	}
	ws := &Weights{W: w}
	rats := [3]*big.Rat{w[0].Rat(), w[1].Rat(), w[2].Rat()}
	hundred := big.NewRat(100, 1)
	for r := range 10 {
		for f := range 10 {
			for m := range 10 {
				num := new(big.Rat)
				for k, s := range [3]int{r, f, m} {
					num.Add(num, new(big.Rat).Mul(rats[k], big.NewRat(int64(s), 1)))
				}
				num.Quo(num, den)
				num.Mul(num, hundred)
				v, _ := roundRat(num) // at most 900: it fits
				ws.table[r][f][m] = Cents(v)
			}
		}
	}
	return ws, nil
}

// Score returns the weighted score of scores r, f and m (each 0…9) in
// hundredths.
func (w *Weights) Score(r, f, m int) Cents { return w.table[r][f][m] }
