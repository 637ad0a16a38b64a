package clv

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// TestParetoNBDByIntegration checks the Pareto/NBD likelihood and P(alive)
// against the model written out: alive through T, or dead at some τ in
// (t_x, T], with the purchase and death rates integrated out for a given τ
// in closed form and τ integrated numerically. It covers α > β, α < β and
// histories with t_x = T.
func TestParetoNBDByIntegration(t *testing.T) {
	for _, m := range []ParetoNBD{
		{R: 0.55, Alpha: 10.6, S: 0.61, Beta: 11.7},
		{R: 0.55, Alpha: 12.5, S: 0.61, Beta: 3.1},
		{R: 2.5, Alpha: 0.7, S: 1.4, Beta: 40},
		{R: 0.3, Alpha: 60, S: 2.2, Beta: 0.4},
	} {
		for _, h := range [][3]float64{{0, 0, 38}, {2, 30.4, 38.9}, {12, 20, 38}, {1, 1, 2}, {5, 7, 7}, {5, 7 - 1e-7, 7}, {30, 5, 60}} {
			x, tx, T := h[0], h[1], h[2]
			head := lgamma(m.R+x) - lgamma(m.R) + m.R*math.Log(m.Alpha)
			alive := math.Exp(head - (m.R+x)*math.Log(m.Alpha+T) + m.S*(math.Log(m.Beta)-math.Log(m.Beta+T)))
			dead := 0.0
			if T > tx {
				dead = quad.Fixed(func(tau float64) float64 {
					return math.Exp(head-(m.R+x)*math.Log(m.Alpha+tau)) *
						m.S / m.Beta * math.Exp((m.S+1)*(math.Log(m.Beta)-math.Log(m.Beta+tau)))
				}, tx, T, 400, nil, 0)
			}
			want := math.Log(alive + dead)
			if got := m.LogLikelihood(x, tx, T); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("%+v %v: log-likelihood %v, by integration %v", m, h, got, want)
			}
			if got, want := m.PAlive(x, tx, T), alive/(alive+dead); math.Abs(got-want) > 1e-9 {
				t.Errorf("%+v %v: P(alive) %v, by integration %v", m, h, got, want)
			}
		}
	}
}

// FuzzPurchaseModels checks that the likelihoods of Pareto/NBD and MBG/NBD
// are finite and P(alive) a probability for valid histories and
// parameters within [1e-3, 1e3], and that BG/BB's are for every history of
// up to 60 periods.
func FuzzPurchaseModels(f *testing.F) {
	f.Add(uint16(2), 30.43, 38.86, 0.55, 10.6, 0.61, 11.7)
	f.Add(uint16(0), 0.0, 38.86, 0.55, 12.5, 0.61, 3.1)
	f.Add(uint16(40), 0.5, 500.0, 3.0, 0.5, 20.0, 0.2)
	f.Add(uint16(300), 364.9, 365.0, 50.0, 0.01, 0.01, 1e3)
	f.Fuzz(func(t *testing.T, xi uint16, tx, T, p1, p2, p3, p4 float64) {
		x := float64(xi % 500)
		T = math.Mod(math.Abs(T), 1e4)
		if !(T >= 0) {
			T = 0
		}
		tx = math.Mod(math.Abs(tx), T+1)
		if !(tx <= T) {
			tx = T
		}
		if x == 0 {
			tx = 0
		}
		clamp := func(v float64) float64 {
			v = math.Abs(v)
			if !(v >= 1e-3) {
				return 1e-3
			}
			return math.Min(v, 1e3)
		}
		p := []float64{clamp(p1), clamp(p2), clamp(p3), clamp(p4)}
		models := []PurchaseModel{ParetoNBD{p[0], p[1], p[2], p[3]}, MBGNBD{p[0], p[1], p[2], p[3]}}
		n := math.Floor(math.Mod(T, 60))
		bx := math.Min(x, n)
		btx := math.Min(math.Max(math.Floor(tx), bx), n)
		if bx == 0 {
			btx = 0
		}
		for _, m := range models {
			if ll := m.LogLikelihood(x, tx, T); math.IsNaN(ll) || math.IsInf(ll, 0) {
				t.Fatalf("%+v: LogLikelihood(%v, %v, %v) = %v", m, x, tx, T, ll)
			}
			if pa := m.PAlive(x, tx, T); !(pa >= 0 && pa <= 1) {
				t.Fatalf("%+v: PAlive(%v, %v, %v) = %v", m, x, tx, T, pa)
			}
		}
		b := BGBB{p[0], p[1], p[2], p[3]}
		if ll := b.LogLikelihood(bx, btx, n); math.IsNaN(ll) || math.IsInf(ll, 0) || ll > 1e-12 {
			t.Fatalf("%+v: LogLikelihood(%v, %v, %v) = %v", b, bx, btx, n, ll)
		}
		if pa := b.PAlive(bx, btx, n); !(pa >= 0 && pa <= 1+1e-12) {
			t.Fatalf("%+v: PAlive(%v, %v, %v) = %v", b, bx, btx, n, pa)
		}
		if e := b.ConditionalExpectedPurchases(10, bx, btx, n); !(e >= 0 && e <= 10+1e-9) {
			t.Fatalf("%+v: ConditionalExpectedPurchases(10, %v, %v, %v) = %v", b, bx, btx, n, e)
		}
	})
}
