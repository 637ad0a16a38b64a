package clv

import (
	"math/rand/v2"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// synthetic draws n customers from the BG/NBD process with parameters m
// (α in weeks), deterministically from seed. First purchases fall on the
// first 84 days, as in the CDNOW cohort, and the calibration ends on day
// 272; purchase times are rounded down to whole days, so several purchases
// may share a day. It returns the purchase rows (amounts drawn from a
// Gamma-Gamma with parameters g) and the calibration end.
func synthetic(n int, m BGNBD, g GammaGamma, seed uint64) ([]Purchase, int32) {
	const end = 272
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	rnd := rand.New(src)
	lambda := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: src}
	drop := distuv.Beta{Alpha: m.A, Beta: m.B, Src: src}
	scale := distuv.Gamma{Alpha: g.Q, Beta: g.Gamma, Src: src}
	ps := make([]Purchase, 0, 3*n)
	for i := range n {
		id := strconv.Itoa(i)
		first := int32(rnd.IntN(84))
		T := float64(end-first) / 7
		l := lambda.Rand() // purchases per week while alive
		p := drop.Rand()
		nu := scale.Rand()
		spend := distuv.Gamma{Alpha: g.P, Beta: nu, Src: src}
		ps = append(ps, Purchase{Customer: id, Day: first, Amount: spend.Rand()})
		for t := 0.0; ; {
			t += rnd.ExpFloat64() / l
			if t > T {
				break
			}
			ps = append(ps, Purchase{Customer: id, Day: first + int32(t*7), Amount: spend.Rand()})
			if rnd.Float64() < p {
				break
			}
		}
	}
	return ps, end
}
