package clv

import (
	"math"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// ParetoNBD holds the parameters of the Pareto/NBD model (Schmittlein,
// Morrison & Colombo 1987): while alive, a customer buys as a Poisson
// process whose rate is Gamma(R, Alpha) distributed across customers, and
// lives an exponentially distributed time whose rate is Gamma(S, Beta)
// distributed. Alpha and Beta are in the time unit of the summaries.
type ParetoNBD struct {
	R, Alpha, S, Beta float64
}

// Kind returns KindParetoNBD.
func (m ParetoNBD) Kind() ModelKind { return KindParetoNBD }

// Params returns r, α, s, β.
func (m ParetoNBD) Params() []Param {
	return []Param{{"r", m.R}, {"alpha", m.Alpha}, {"s", m.S}, {"beta", m.Beta}}
}

// Valid reports whether every parameter is finite and positive.
func (m ParetoNBD) Valid() bool {
	return positive(m.R) && positive(m.Alpha) && positive(m.S) && positive(m.Beta)
}

// logA0 returns log A₀ of Fader & Hardie's note on the Pareto/NBD (2005,
// equation 22): the integral of the likelihood over the death times
// between t_x and T, written so that the argument of ₂F₁ lies in [0, 1)
// whichever of α and β is larger. It is −Inf when t_x = T.
func (m ParetoNBD) logA0(x, tx, T float64) float64 {
	if tx >= T {
		return math.Inf(-1)
	}
	r, alpha, s, beta := m.R, m.Alpha, m.S, m.Beta
	a := r + s + x
	// The larger of α and β carries the ₂F₁; the other enters its argument.
	big, small, b := alpha, beta, s+1
	if alpha < beta {
		big, small, b = beta, alpha, r+x
	}
	term := func(t float64) float64 {
		lh, _ := logHyp2F1(a, b, a+1, (big-small)/(big+t))
		return lh - a*math.Log(big+t)
	}
	t1, t2 := term(tx), term(T)
	if d := t1 - t2; d >= 1e-5 {
		return t1 + math.Log(-math.Expm1(-d))
	}
	// t_x so near T that the difference would lose its digits: A₀ is
	// (r+s+x) times the integral of (α+τ)^−(r+x)·(β+τ)^−(s+1) over
	// (t_x, T], which the midpoint rule gives to about d²/24.
	mid := (tx + T) / 2
	return math.Log(a) + math.Log(T-tx) - (r+x)*math.Log(alpha+mid) - (s+1)*math.Log(beta+mid)
}

// logAliveOdds returns log of the odds of death to life at T given the
// history, the quantity P(alive) and the likelihood share.
func (m ParetoNBD) logAliveOdds(x, tx, T float64) float64 {
	r, alpha, s, beta := m.R, m.Alpha, m.S, m.Beta
	return math.Log(s/(r+s+x)) + m.logA0(x, tx, T) + (r+x)*math.Log(alpha+T) + s*math.Log(beta+T)
}

// LogLikelihood returns the log-likelihood of one customer's history: x
// repeat purchases, the last at t_x, observed over (0, T] (Fader & Hardie's
// note, equation 22).
func (m ParetoNBD) LogLikelihood(x, tx, T float64) float64 {
	r, alpha, s, beta := m.R, m.Alpha, m.S, m.Beta
	head := lgamma(r+x) - lgamma(r) + r*math.Log(alpha) + s*math.Log(beta)
	alive := -(r+x)*math.Log(alpha+T) - s*math.Log(beta+T)
	if tx >= T {
		return head + alive
	}
	return head + logAddExp(alive, math.Log(s/(r+s+x))+m.logA0(x, tx, T))
}

// PAlive returns the probability that a customer with history (x, t_x, T)
// is alive at T (the note's equation 24).
func (m ParetoNBD) PAlive(x, tx, T float64) float64 {
	if tx >= T {
		return 1
	}
	return 1 / (1 + math.Exp(m.logAliveOdds(x, tx, T)))
}

// powerShare returns (1 − q^e)/e for 0 < q ≤ 1, and its limit −log q at
// e = 0, without the cancellation near e = 0.
func powerShare(e, q float64) float64 {
	l := math.Log(q)
	if e == 0 {
		return -l
	}
	return -math.Expm1(e*l) / e
}

// ExpectedPurchases returns E[X(t)] = rβ/(α(s−1)) · (1 − (β/(β+t))^(s−1))
// (Schmittlein et al., equation 17).
func (m ParetoNBD) ExpectedPurchases(t float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.R * m.Beta / m.Alpha * powerShare(m.S-1, m.Beta/(m.Beta+t))
}

// ExpectedIfAlive returns the purchases expected in the next t of a
// customer alive at T with x repeat purchases:
// (r+x)(β+T)/((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)).
func (m ParetoNBD) ExpectedIfAlive(t, x, T float64) float64 {
	if t <= 0 {
		return 0
	}
	return (m.R + x) * (m.Beta + T) / (m.Alpha + T) * powerShare(m.S-1, (m.Beta+T)/(m.Beta+T+t))
}

// ConditionalExpectedPurchases returns E[Y(t) | x, t_x, T] (the note's
// equation 25): ExpectedIfAlive times P(alive).
func (m ParetoNBD) ConditionalExpectedPurchases(t, x, tx, T float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.ExpectedIfAlive(t, x, T) * m.PAlive(x, tx, T)
}

// ParetoNBDFit is the result of FitParetoNBD.
type ParetoNBDFit struct {
	Params ParetoNBD
	FitResult
}

// FitParetoNBD fits the Pareto/NBD model to the summaries by maximum
// likelihood, with the setup of FitBGNBD: customers grouped by history,
// time rescaled so that the largest T is 10, BFGS on the logarithms of the
// parameters from all parameters 1, the gradient by central differences.
func FitParetoNBD(sums []Summary, opts FitOptions) (ParetoNBDFit, error) {
	var fit ParetoNBDFit
	if err := checkPenalizer(opts); err != nil {
		return fit, err
	}
	d, err := newGroupData(sums, true)
	if err != nil {
		return fit, err
	}
	build := func(p []float64) PurchaseModel { return ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3]} }
	unscale := func(pm PurchaseModel) PurchaseModel {
		m := pm.(ParetoNBD)
		m.Alpha /= d.scale
		m.Beta /= d.scale
		return m
	}
	m, err := fitGroups("pareto/nbd", d, opts, []string{"r", "alpha", "s", "beta"}, build, unscale, &fit.FitResult)
	fit.Params = m.(ParetoNBD)
	if err == nil && !finite(fit.LogLik) {
		err = i18n.Errorf("pareto/nbd: the log-likelihood is not finite at the optimum")
	}
	return fit, err
}
