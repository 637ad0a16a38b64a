package clv

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// BGNBD holds the parameters of the BG/NBD model (Fader, Hardie & Lee 2005):
// while alive, a customer buys as a Poisson process whose rate is
// Gamma(R, Alpha) distributed across customers, and after each purchase
// drops out with a probability that is Beta(A, B) distributed. Alpha is in
// the time unit of the summaries it was fitted on.
type BGNBD struct {
	R, Alpha, A, B float64
}

// Valid reports whether every parameter is finite and positive.
func (m BGNBD) Valid() bool {
	return positive(m.R) && positive(m.Alpha) && positive(m.A) && positive(m.B)
}

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

// LogLikelihood returns the log-likelihood of one customer's history: x
// repeat purchases, the last at t_x, observed over (0, T] (equation 6 of the
// paper, in the form of Hardie's note 004).
func (m BGNBD) LogLikelihood(x, tx, T float64) float64 {
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	a1 := lgamma(r+x) - lgamma(r) + r*math.Log(alpha)
	a2 := lgamma(a+b) + lgamma(b+x) - lgamma(b) - lgamma(a+b+x)
	a3 := -(r + x) * math.Log(alpha+T)
	if x == 0 {
		return a1 + a2 + a3
	}
	a4 := math.Log(a) - math.Log(b+x-1) - (r+x)*math.Log(alpha+tx)
	return a1 + a2 + logAddExp(a3, a4)
}

// ExpectedPurchases returns E[X(t)], the expected number of repeat
// purchases in a period of length t of a customer who made a first purchase
// at its start (equation 9).
func (m BGNBD) ExpectedPurchases(t float64) float64 {
	if t <= 0 {
		return 0
	}
	if f, ok := m.singular(0); ok {
		return f(func(m BGNBD) float64 { return m.ExpectedPurchases(t) })
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	lh, sign := logHyp2F1(r, b, a+b-1, t/(alpha+t))
	return (a + b - 1) / (a - 1) * oneMinus(sign, lh+r*math.Log(alpha/(alpha+t)))
}

// ConditionalExpectedPurchases returns E[Y(t) | x, t_x, T], the expected
// number of purchases in the next t units of a customer with history
// (x, t_x, T) (equation 10).
func (m BGNBD) ConditionalExpectedPurchases(t, x, tx, T float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.unconditioned(t, x, T) * m.PAlive(x, tx, T)
}

// unconditioned is equation 10's numerator: the expected purchases in the
// next t of a customer with x repeat purchases and age T who is known to
// be alive. It does not depend on t_x.
func (m BGNBD) unconditioned(t, x, T float64) float64 {
	if t <= 0 {
		return 0
	}
	if f, ok := m.singular(x); ok {
		return f(func(m BGNBD) float64 { return m.unconditioned(t, x, T) })
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	lh, sign := logHyp2F1(r+x, b+x, a+b+x-1, t/(alpha+T+t))
	return (a + b + x - 1) / (a - 1) * oneMinus(sign, lh+(r+x)*math.Log((alpha+T)/(alpha+T+t)))
}

// oneMinus returns 1 − sign·e^l accurately.
func oneMinus(sign, l float64) float64 {
	if sign < 0 {
		return 1 + math.Exp(l)
	}
	return -math.Expm1(l)
}

// The expectations divide by a − 1 and take ₂F₁ with c = a + b + x − 1,
// which has a pole at c = 0. Both singularities are removable: near them
// the expectations are evaluated as the mean of the values just either side.
const gap = 1e-6

// singular reports whether m is near a singularity for customers with x
// repeat purchases and, if so, returns the averaging evaluator.
func (m BGNBD) singular(x float64) (func(func(BGNBD) float64) float64, bool) {
	switch {
	case math.Abs(m.A-1) < gap:
		return func(f func(BGNBD) float64) float64 {
			lo, hi := m, m
			lo.A, hi.A = 1-2*gap, 1+2*gap
			return (f(lo) + f(hi)) / 2
		}, true
	case math.Abs(m.A+m.B+x-1) < gap:
		return func(f func(BGNBD) float64) float64 {
			lo, hi := m, m
			lo.B, hi.B = 1-x-m.A-2*gap, 1-x-m.A+2*gap
			return (f(lo) + f(hi)) / 2
		}, true
	}
	return nil, false
}

// PAlive returns the probability that a customer with history (x, t_x, T)
// is still alive at T (Hardie's note 021). A customer without repeat
// purchases cannot have dropped out yet, so it is 1 for x = 0.
func (m BGNBD) PAlive(x, tx, T float64) float64 {
	if x == 0 {
		return 1
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	l := math.Log(a) - math.Log(b+x-1) + (r+x)*(math.Log(alpha+T)-math.Log(alpha+tx))
	return 1 / (1 + math.Exp(l))
}

// BGNBDFit is the result of FitBGNBD.
type BGNBDFit struct {
	Params BGNBD
	FitResult
}

// bgData is the BG/NBD fitting data, grouped: customers with the same
// (x, t_x, T) share a group whose weight is their count, and the distinct
// x, t_x and T values are indexed so that the per-value logarithms are
// computed once per evaluation rather than once per customer.
type bgData struct {
	xs, txs, ts []float64 // distinct values; times scaled
	xw          []float64 // total weight per distinct x
	groups      []bgGroup
	n           float64 // total weight
	scale       float64 // scaled time = time · scale
	penalizer   float64
}

type bgGroup struct {
	x, tx, t int32
	w        float64
}

func newBGData(sums []Summary) (*bgData, error) {
	type key struct{ x, tx, t float64 }
	counts := make(map[key]float64)
	maxT := 0.0
	for _, s := range sums {
		if err := checkHistory(s); err != nil {
			return nil, err
		}
		counts[key{s.X, s.Tx, s.T}]++
		maxT = math.Max(maxT, s.T)
	}
	if len(counts) == 0 {
		return nil, ErrNoData
	}
	if maxT == 0 {
		return nil, i18n.Errorf("every customer made a first purchase on the calibration end, so T is 0 for all: move the calibration end later")
	}
	d := &bgData{scale: 10 / maxT}
	index := func(vals map[float64]int32, v float64, list *[]float64) int32 {
		i, ok := vals[v]
		if !ok {
			i = int32(len(*list))
			vals[v] = i
			*list = append(*list, v)
		}
		return i
	}
	xi, txi, ti := map[float64]int32{}, map[float64]int32{}, map[float64]int32{}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	// A fixed order makes the float sums, and so the fit, reproducible.
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmpFloat(a.x, b.x); c != 0 {
			return c
		}
		if c := cmpFloat(a.t, b.t); c != 0 {
			return c
		}
		return cmpFloat(a.tx, b.tx)
	})
	d.groups = make([]bgGroup, 0, len(keys))
	for _, k := range keys {
		g := bgGroup{
			x:  index(xi, k.x, &d.xs),
			tx: index(txi, k.tx, &d.txs),
			t:  index(ti, k.t, &d.ts),
			w:  counts[k],
		}
		d.groups = append(d.groups, g)
		d.n += g.w
	}
	d.xw = make([]float64, len(d.xs))
	for _, g := range d.groups {
		d.xw[g.x] += g.w
	}
	for i := range d.txs {
		d.txs[i] *= d.scale
	}
	for i := range d.ts {
		d.ts[i] *= d.scale
	}
	return d, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkHistory rejects summaries the models cannot take.
func checkHistory(s Summary) error {
	switch {
	case !finite(s.X) || !finite(s.Tx) || !finite(s.T):
		return i18n.Errorf("customer %q: x, t_x and T must be finite", s.Customer)
	case s.X < 0 || s.X != math.Trunc(s.X):
		return i18n.Errorf("customer %q: x = %v is not a count", s.Customer, s.X)
	case s.Tx < 0 || s.Tx > s.T:
		return i18n.Errorf("customer %q: t_x = %v is not within [0, T = %v]", s.Customer, s.Tx, s.T)
	case s.X == 0 && s.Tx != 0:
		return i18n.Errorf("customer %q: t_x = %v with no repeat purchase", s.Customer, s.Tx)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// eval returns the penalised mean negative log-likelihood at the
// log-parameters logp = log(r, α·scale, a, b) and, when grad is not nil,
// its gradient with respect to logp.
func (d *bgData) eval(grad, logp []float64) float64 {
	r, alpha, a, b := math.Exp(logp[0]), math.Exp(logp[1]), math.Exp(logp[2]), math.Exp(logp[3])
	// Per distinct x: the terms that do not depend on t_x or T.
	var ll, gr, galpha, ga, gb float64
	c4 := make([]float64, len(d.xs)) // log(a) − log(b+x−1)
	ib := make([]float64, len(d.xs)) // 1/(b+x−1)
	lnAlpha := math.Log(alpha)
	lab := lgamma(a + b)
	lb := lgamma(b)
	lr := lgamma(r)
	var dab, db, dr float64
	if grad != nil {
		dab, db, dr = mathext.Digamma(a+b), mathext.Digamma(b), mathext.Digamma(r)
	}
	for i, x := range d.xs {
		w := d.xw[i]
		ll += w * (lgamma(r+x) - lr + r*lnAlpha + lab + lgamma(b+x) - lb - lgamma(a+b+x))
		if grad != nil {
			dabx := mathext.Digamma(a + b + x)
			gr += w * (mathext.Digamma(r+x) - dr + lnAlpha)
			galpha += w * r / alpha
			ga += w * (dab - dabx)
			gb += w * (dab + mathext.Digamma(b+x) - db - dabx)
		}
		if x > 0 {
			c4[i] = math.Log(a) - math.Log(b+x-1)
			ib[i] = 1 / (b + x - 1)
		}
	}
	lt := make([]float64, len(d.ts))
	it := make([]float64, len(d.ts))
	for i, t := range d.ts {
		lt[i] = math.Log(alpha + t)
		it[i] = 1 / (alpha + t)
	}
	ltx := make([]float64, len(d.txs))
	itx := make([]float64, len(d.txs))
	for i, t := range d.txs {
		ltx[i] = math.Log(alpha + t)
		itx[i] = 1 / (alpha + t)
	}
	// Per group: the mixture of "alive at T" and "dropped out after t_x".
	for _, g := range d.groups {
		x := d.xs[g.x]
		rx := r + x
		a3 := -rx * lt[g.t]
		if x == 0 {
			ll += g.w * a3
			if grad != nil {
				gr -= g.w * lt[g.t]
				galpha -= g.w * rx * it[g.t]
			}
			continue
		}
		a4 := c4[g.x] - rx*ltx[g.tx]
		// w4 = e^a4 / (e^a3 + e^a4), computed without overflow.
		var mix, w4 float64
		if a4 > a3 {
			e := math.Exp(a3 - a4)
			mix = a4 + math.Log1p(e)
			w4 = 1 / (1 + e)
		} else {
			e := math.Exp(a4 - a3)
			mix = a3 + math.Log1p(e)
			w4 = e / (1 + e)
		}
		ll += g.w * mix
		if grad != nil {
			w3 := 1 - w4
			gr -= g.w * (w3*lt[g.t] + w4*ltx[g.tx])
			galpha -= g.w * rx * (w3*it[g.t] + w4*itx[g.tx])
			ga += g.w * w4 / a
			gb -= g.w * w4 * ib[g.x]
		}
	}
	pen := d.penalizer * (r*r + alpha*alpha + a*a + b*b)
	if grad != nil {
		// Chain rule to log-parameters: ∂/∂log θ = θ ∂/∂θ; penalty 2cθ².
		grad[0] = -gr*r/d.n + 2*d.penalizer*r*r
		grad[1] = -galpha*alpha/d.n + 2*d.penalizer*alpha*alpha
		grad[2] = -ga*a/d.n + 2*d.penalizer*a*a
		grad[3] = -gb*b/d.n + 2*d.penalizer*b*b
	}
	return -ll/d.n + pen
}

// logLik returns the unpenalised total log-likelihood of the data in the
// original time unit.
func (d *bgData) logLik(m BGNBD) float64 {
	var ll float64
	for _, g := range d.groups {
		ll += g.w * m.LogLikelihood(d.xs[g.x], d.txs[g.tx]/d.scale, d.ts[g.t]/d.scale)
	}
	return ll
}

// FitBGNBD fits the BG/NBD model to the summaries by maximum likelihood.
//
// Customers with the same (x, t_x, T) are fitted as one weighted group, so a
// million customers take about as long as their distinct histories. Like
// lifetimes, the fit rescales time so that the largest T is 10 (the penalty
// therefore applies to α on that scale) and starts from all parameters 1.
//
// When the fit does not converge, the returned fit holds the last
// parameters with Converged false and the error is a *ConvergenceError
// that says what to try.
func FitBGNBD(sums []Summary, opts FitOptions) (BGNBDFit, error) {
	var fit BGNBDFit
	if opts.Penalizer < 0 || !finite(opts.Penalizer) {
		return fit, i18n.Errorf("penalizer must be a finite number ≥ 0, got %v", opts.Penalizer)
	}
	d, err := newBGData(sums)
	if err != nil {
		return fit, err
	}
	d.penalizer = opts.Penalizer
	fit.Customers = int(d.n)
	fit.Groups = len(d.groups)
	m := minimize(objective{dim: 4, eval: d.eval}, []float64{0, 0, 0, 0}, opts.MaxIterations)
	p := expAll(m.logp)
	fit.Params = BGNBD{R: p[0], Alpha: p[1] / d.scale, A: p[2], B: p[3]}
	fit.LogLik = d.logLik(fit.Params)
	repeat := 0.0
	for _, g := range d.groups {
		if d.xs[g.x] > 0 {
			repeat += g.w
		}
	}
	var extra []error
	switch {
	case repeat == 0:
		extra = append(extra, i18n.New("no customer bought more than once: use a longer calibration period or more customers"))
	case repeat < 10:
		extra = append(extra, i18n.Errorf("only %.0f customers bought more than once: use a longer calibration period or more customers", repeat))
	}
	if err := diagnose("bg/nbd", objective{dim: 4, eval: d.eval}, m, []string{"r", "alpha", "a", "b"},
		[]float64{fit.Params.R, fit.Params.Alpha, fit.Params.A, fit.Params.B}, &fit.FitResult, extra,
		[]error{i18n.New("check --unit and --calibration-end")}); err != nil {
		return fit, err
	}
	return fit, nil
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// logAddExp returns log(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// logHyp2F1 returns log |₂F₁(a, b; c; z)| and the sign of ₂F₁ for 0 ≤ z < 1;
// the sign is negative only when c is (a + b < 1 in E[X(t)]).
//
// It sums the hypergeometric series itself, first on whichever of the
// direct form and Euler's transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b)
// ₂F₁(c−a, c−b; c; z) has the faster-falling terms, then on the other
// (lifetimes also falls back to Euler's form). With many repeat purchases
// the direct terms grow for thousands of steps while the transformed ones
// fall at once; but the transformed terms can change sign, so a sum that
// cancels away more than a few digits is not trusted. When z is so close
// to 1 that neither series converges, the connection formula to 1 − z
// (Abramowitz & Stegun 15.3.6) takes over; gonum's Hypergeo is the last
// resort, after a last, longer summation. Where all fail the result is
// NaN, never a wrong number.
func logHyp2F1(a, b, c, z float64) (float64, float64) {
	if z == 0 {
		return 0, 1
	}
	type form struct{ a, b, c, shift float64 }
	direct := form{a, b, c, 0}
	euler := form{c - a, c - b, c, (c - a - b) * math.Log1p(-z)}
	forms := []form{direct, euler}
	// The terms behave as n^e·zⁿ with e = a+b−c−1 directly and c−a−b−1
	// after the transformation.
	if c-a-b < a+b-c {
		forms = []form{euler, direct}
	}
	for _, f := range forms {
		if v, sign, ok := logHypSeries(f.a, f.b, f.c, z); ok {
			return v + f.shift, sign
		}
	}
	if v, sign, ok := logHypNear1(a, b, c, z); ok {
		return v, sign
	}
	// Rare: z near 1 with c−a−b near an integer. Sum patiently.
	for _, f := range forms {
		if v, sign, ok := logHypSum(f.a, f.b, f.c, z, 5_000_000); ok {
			return v + f.shift, sign
		}
	}
	for _, f := range []form{direct, euler} {
		h := mathext.Hypergeo(f.a, f.b, f.c, z)
		if h != 0 && finite(h) {
			return math.Log(math.Abs(h)) + f.shift, math.Copysign(1, h)
		}
	}
	return math.NaN(), 1
}

// logHypNear1 evaluates ₂F₁ by the connection formula
//
//	₂F₁(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) ₂F₁(a,b;a+b−c+1;1−z)
//	  + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) ₂F₁(c−a,c−b;c−a−b+1;1−z),
//
// whose series converge fast for z near 1. It declines (ok false) when
// c−a−b is within 0.01 of an integer, where the gamma functions have poles
// that cancel, or when the two parts cancel each other.
func logHypNear1(a, b, c, z float64) (logAbs, sign float64, ok bool) {
	d := c - a - b
	if math.Abs(d-math.Round(d)) < 0.01 {
		return 0, 0, false
	}
	w := 1 - z
	lg := func(x float64) (float64, float64) {
		v, s := math.Lgamma(x)
		return v, float64(s)
	}
	lc, sc := lg(c)
	part := func(p, q, r float64, num, den1, den2 float64, shift float64) (float64, float64, bool) {
		ls, ss, ok := logHypSeries(p, q, r, w)
		if !ok {
			return 0, 0, false
		}
		ln, sn := lg(num)
		l1, s1 := lg(den1)
		l2, s2 := lg(den2)
		return lc + ln - l1 - l2 + ls + shift, sc * sn * s1 * s2 * ss, true
	}
	l1, s1, ok1 := part(a, b, 1-d, d, c-a, c-b, 0)
	l2, s2, ok2 := part(c-a, c-b, 1+d, -d, a, b, d*math.Log(w))
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	// Sum s1·e^l1 + s2·e^l2 relative to the larger part.
	big, small, sb, ss := l1, l2, s1, s2
	if l2 > l1 {
		big, small, sb, ss = l2, l1, s2, s1
	}
	rest := 1 + sb*ss*math.Exp(small-big)
	if rest < 1e-6 {
		return 0, 0, false
	}
	return big + math.Log(rest), sb, true
}

// logHypSeries sums Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, rescaling to stay in range, and
// returns the log of its absolute value and its sign. ok is false when the
// series does not converge in 100,000 terms, the sum is 0, or its terms
// cancel so much that fewer than about ten digits are left.
func logHypSeries(a, b, c, z float64) (logAbs, sign float64, ok bool) {
	return logHypSum(a, b, c, z, 100_000)
}

// logHypSum is logHypSeries with a given limit on the number of terms.
func logHypSum(a, b, c, z float64, maxTerms float64) (logAbs, sign float64, ok bool) {
	const (
		huge   = 1e250
		cancel = 1e6
	)
	sum, term, shift := 1.0, 1.0, 0.0
	biggest := 1.0
	for n := 0.0; ; n++ {
		if n == maxTerms {
			return 0, 0, false
		}
		ratio := (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		term *= ratio
		sum += term
		biggest = math.Max(biggest, math.Abs(term))
		if !finite(sum) {
			return 0, 0, false
		}
		if term == 0 { // a or b is a non-positive integer: a polynomial
			break
		}
		if biggest > huge {
			sum /= huge
			term /= huge
			biggest /= huge
			shift += math.Log(huge)
		}
		// Once the terms fall, the tail is bounded by a geometric series
		// with ratio ρ.
		if rho := math.Max(math.Abs(ratio), z); math.Abs(ratio) < 1 && math.Abs(term)*rho/(1-rho) <= 1e-15*math.Abs(sum) {
			break
		}
	}
	if sum == 0 || biggest > cancel*math.Abs(sum) {
		return 0, 0, false
	}
	return math.Log(math.Abs(sum)) + shift, math.Copysign(1, sum), true
}
