package clv

import "math"

// MBGNBD holds the parameters of the MBG/NBD model (Batislam, Denizel &
// Filiztekin 2007): BG/NBD, except that a customer may also drop out right
// after the first purchase, so that customers without repeat purchases are
// not all alive.
type MBGNBD struct {
	R, Alpha, A, B float64
}

// Kind returns KindMBGNBD.
func (m MBGNBD) Kind() ModelKind { return KindMBGNBD }

// Params returns r, α, a, b.
func (m MBGNBD) Params() []Param {
	return []Param{{"r", m.R}, {"alpha", m.Alpha}, {"a", m.A}, {"b", m.B}}
}

// Valid reports whether every parameter is finite and positive.
func (m MBGNBD) Valid() bool {
	return positive(m.R) && positive(m.Alpha) && positive(m.A) && positive(m.B)
}

// logDeadOdds is log(a/(b+x)) + (r+x)·log((α+T)/(α+t_x)): the odds that a
// customer with this history dropped out after the last purchase.
func (m MBGNBD) logDeadOdds(x, tx, T float64) float64 {
	return math.Log(m.A) - math.Log(m.B+x) + (m.R+x)*(math.Log(m.Alpha+T)-math.Log(m.Alpha+tx))
}

// LogLikelihood returns the log-likelihood of one customer's history
// (Batislam et al., equation 6).
func (m MBGNBD) LogLikelihood(x, tx, T float64) float64 {
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	ll := lgamma(r+x) - lgamma(r) + r*math.Log(alpha) +
		lgamma(a+b) + lgamma(b+x+1) - lgamma(b) - lgamma(a+b+x+1) - (r+x)*math.Log(alpha+T)
	return ll + logAddExp(0, m.logDeadOdds(x, tx, T))
}

// PAlive returns the probability that a customer with history (x, t_x, T)
// is alive at T; unlike BG/NBD's it is below 1 for x = 0 too.
func (m MBGNBD) PAlive(x, tx, T float64) float64 {
	return 1 / (1 + math.Exp(m.logDeadOdds(x, tx, T)))
}

// withA returns m with a replaced, for the averaging near a = 1.
func (m MBGNBD) withA(a float64) MBGNBD { m.A = a; return m }

// ExpectedPurchases returns E[X(t)] = b/(a−1) · (1 − (α/(α+t))^r ·
// ₂F₁(r, b+1; a+b; t/(α+t))); at a = 1, a removable singularity, the mean
// of the values either side.
func (m MBGNBD) ExpectedPurchases(t float64) float64 {
	if t <= 0 {
		return 0
	}
	if math.Abs(m.A-1) < gap {
		return (m.withA(1-2*gap).ExpectedPurchases(t) + m.withA(1+2*gap).ExpectedPurchases(t)) / 2
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	lh, sign := logHyp2F1(r, b+1, a+b, t/(alpha+t))
	return b / (a - 1) * oneMinus(sign, lh+r*math.Log(alpha/(alpha+t)))
}

// ExpectedIfAlive returns the purchases expected in the next t of a
// customer alive at T with x repeat purchases: (a+b+x)/(a−1) ·
// (1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))).
func (m MBGNBD) ExpectedIfAlive(t, x, T float64) float64 {
	if t <= 0 {
		return 0
	}
	if math.Abs(m.A-1) < gap {
		return (m.withA(1-2*gap).ExpectedIfAlive(t, x, T) + m.withA(1+2*gap).ExpectedIfAlive(t, x, T)) / 2
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	lh, sign := logHyp2F1(r+x, b+x+1, a+b+x, t/(alpha+T+t))
	return (a + b + x) / (a - 1) * oneMinus(sign, lh+(r+x)*math.Log((alpha+T)/(alpha+T+t)))
}

// ConditionalExpectedPurchases returns E[Y(t) | x, t_x, T]: ExpectedIfAlive
// times P(alive).
func (m MBGNBD) ConditionalExpectedPurchases(t, x, tx, T float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.ExpectedIfAlive(t, x, T) * m.PAlive(x, tx, T)
}

// MBGNBDFit is the result of FitMBGNBD.
type MBGNBDFit struct {
	Params MBGNBD
	FitResult
}

// FitMBGNBD fits the MBG/NBD model by maximum likelihood, with the setup
// of FitParetoNBD.
func FitMBGNBD(sums []Summary, opts FitOptions) (MBGNBDFit, error) {
	var fit MBGNBDFit
	if err := checkPenalizer(opts); err != nil {
		return fit, err
	}
	d, err := newGroupData(sums, true)
	if err != nil {
		return fit, err
	}
	build := func(p []float64) PurchaseModel { return MBGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]} }
	unscale := func(pm PurchaseModel) PurchaseModel {
		m := pm.(MBGNBD)
		m.Alpha /= d.scale
		return m
	}
	m, err := fitGroups("mbg/nbd", d, opts, []string{"r", "alpha", "a", "b"}, build, unscale, &fit.FitResult)
	fit.Params = m.(MBGNBD)
	return fit, err
}
