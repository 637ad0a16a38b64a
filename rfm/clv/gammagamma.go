package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// GammaGamma holds the parameters of the Gamma-Gamma model of spend per
// transaction (Fader & Hardie 2013, after Colombo & Jiang 1999): each
// transaction's value is Gamma(P, ν) distributed, and ν is Gamma(Q, Gamma)
// distributed across customers, independently of the purchase process.
type GammaGamma struct {
	P, Q, Gamma float64
}

// Valid reports whether every parameter is finite and positive.
func (m GammaGamma) Valid() bool {
	return positive(m.P) && positive(m.Q) && positive(m.Gamma)
}

// LogLikelihood returns the log-likelihood of one customer's mean spend m̄
// over x repeat transactions (x > 0, m̄ > 0), equation 1a of the note.
func (m GammaGamma) LogLikelihood(x, mbar float64) float64 {
	p, q, v := m.P, m.Q, m.Gamma
	px := p * x
	return lgamma(px+q) - lgamma(px) - lgamma(q) + q*math.Log(v) +
		(px-1)*math.Log(mbar) + px*math.Log(x) - (px+q)*math.Log(x*mbar+v)
}

// ConditionalExpectedSpend returns E[Z | x, m̄], the expected spend per
// transaction of a customer whose x repeat transactions averaged m̄: a
// weighted mean of m̄ and the population mean (equation 5). For x = 0 it is
// the population mean. It is +Inf when p·x + q ≤ 1, where the model has no
// finite mean.
func (m GammaGamma) ConditionalExpectedSpend(x, mbar float64) float64 {
	p, q, v := m.P, m.Q, m.Gamma
	den := p*x + q - 1
	if den <= 0 {
		return math.Inf(1)
	}
	if x == 0 {
		return p * v / den
	}
	return p * (v + mbar*x) / den
}

// MeanSpend returns the population mean spend per transaction, pγ/(q−1), or
// +Inf when q ≤ 1.
func (m GammaGamma) MeanSpend() float64 {
	return m.ConditionalExpectedSpend(0, 0)
}

// GammaGammaFit is the result of FitGammaGamma.
type GammaGammaFit struct {
	Params GammaGamma
	FitResult
}

// ggData is the Gamma-Gamma fitting data. Terms that depend only on x are
// computed once per distinct x, and the sums that do not depend on the
// parameters once per fit, so that an evaluation costs one logarithm per
// customer.
type ggData struct {
	xs        []float64 // distinct x
	xw        []float64 // customers per distinct x
	x, m      []float64 // per customer
	n         float64
	sumXLogM  float64 // Σ x ln m̄
	sumLogM   float64 // Σ ln m̄
	sumXLogX  float64 // Σ x ln x
	penalizer float64
}

func newGGData(sums []Summary) (*ggData, error) {
	d := &ggData{}
	idx := map[float64]int{}
	for _, s := range sums {
		if err := checkHistory(s); err != nil {
			return nil, err
		}
		if !finite(s.Spend) {
			return nil, i18n.Errorf("customer %q: spend is not finite", s.Customer)
		}
		if s.X <= 0 || s.Spend <= 0 {
			continue
		}
		if _, ok := idx[s.X]; !ok {
			idx[s.X] = len(d.xs)
			d.xs = append(d.xs, s.X)
			d.xw = append(d.xw, 0)
		}
		d.xw[idx[s.X]]++
		d.x = append(d.x, s.X)
		d.m = append(d.m, s.Spend)
	}
	d.n = float64(len(d.x))
	if d.n == 0 {
		return nil, i18n.Errorf("%w: gamma-gamma needs customers with a repeat purchase and positive spend", ErrNoData)
	}
	for i, x := range d.x {
		lm := math.Log(d.m[i])
		d.sumXLogM += x * lm
		d.sumLogM += lm
		d.sumXLogX += x * math.Log(x)
	}
	return d, nil
}

// eval returns the penalised mean negative log-likelihood at
// logp = log(p, q, γ) and, when grad is not nil, its gradient.
func (d *ggData) eval(grad, logp []float64) float64 {
	p, q, v := math.Exp(logp[0]), math.Exp(logp[1]), math.Exp(logp[2])
	lq := lgamma(q)
	lv := math.Log(v)
	var ll, gp, gq, gv float64
	var dq float64
	if grad != nil {
		dq = mathext.Digamma(q)
	}
	for i, x := range d.xs {
		w := d.xw[i]
		px := p * x
		ll += w * (lgamma(px+q) - lgamma(px) - lq + q*lv)
		if grad != nil {
			dpq := mathext.Digamma(px + q)
			gp += w * x * (dpq - mathext.Digamma(px))
			gq += w * (dpq - dq + lv)
			gv += w * q / v
		}
	}
	// Σ (p x − 1) ln m̄ + p x ln x, from the precomputed sums.
	ll += p*d.sumXLogM - d.sumLogM + p*d.sumXLogX
	gp += d.sumXLogM + d.sumXLogX
	// Σ −(p x + q) ln(x m̄ + γ), the only per-customer term.
	var sL, sXL, sI float64
	for i, x := range d.x {
		u := x*d.m[i] + v
		l := math.Log(u)
		sL += l
		sXL += x * l
		if grad != nil {
			sI += (p*x + q) / u
		}
	}
	ll -= p*sXL + q*sL
	if grad != nil {
		gp -= sXL
		gq -= sL
		gv -= sI
		grad[0] = -gp*p/d.n + 2*d.penalizer*p*p
		grad[1] = -gq*q/d.n + 2*d.penalizer*q*q
		grad[2] = -gv*v/d.n + 2*d.penalizer*v*v
	}
	return -ll/d.n + d.penalizer*(p*p+q*q+v*v)
}

// FitGammaGamma fits the Gamma-Gamma model by maximum likelihood on the
// customers with x > 0 and m̄ > 0 (SPEC §7); the others are skipped. It
// starts from all parameters 1, as lifetimes does. Errors are reported as
// for FitBGNBD.
func FitGammaGamma(sums []Summary, opts FitOptions) (GammaGammaFit, error) {
	var fit GammaGammaFit
	if opts.Penalizer < 0 || !finite(opts.Penalizer) {
		return fit, i18n.Errorf("penalizer must be a finite number ≥ 0, got %v", opts.Penalizer)
	}
	d, err := newGGData(sums)
	if err != nil {
		return fit, err
	}
	d.penalizer = opts.Penalizer
	fit.Customers = len(d.x)
	fit.Groups = fit.Customers
	m := minimize(objective{dim: 3, eval: d.eval}, []float64{0, 0, 0}, opts.MaxIterations)
	p := expAll(m.logp)
	fit.Params = GammaGamma{P: p[0], Q: p[1], Gamma: p[2]}
	for i, x := range d.x {
		fit.LogLik += fit.Params.LogLikelihood(x, d.m[i])
	}
	var extra []error
	if fit.Customers < 10 {
		extra = append(extra, i18n.Errorf("only %d customers have a repeat purchase with positive spend: use a longer calibration period or more customers", fit.Customers))
	}
	if err := diagnose("gamma-gamma", objective{dim: 3, eval: d.eval}, m, []string{"p", "q", "gamma"},
		[]float64{fit.Params.P, fit.Params.Q, fit.Params.Gamma}, &fit.FitResult, extra, nil); err != nil {
		return fit, err
	}
	return fit, nil
}
