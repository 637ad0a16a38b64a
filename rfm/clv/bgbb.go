package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// BGBB holds the parameters of the BG/BB model (Fader, Hardie & Shang
// 2010) of discrete-time purchasing: in each period while alive a customer
// buys with a probability p that is Beta(Alpha, Beta) distributed across
// customers, and at the start of each period after the first dies with a
// probability θ that is Beta(Gamma, Delta) distributed. A history is x
// periods with a purchase among the n after the first purchase, the last
// in period t_x (0 when x = 0); the methods take n in the place of T.
type BGBB struct {
	Alpha, Beta, Gamma, Delta float64
}

// Kind returns KindBGBB.
func (m BGBB) Kind() ModelKind { return KindBGBB }

// Params returns α, β, γ, δ.
func (m BGBB) Params() []Param {
	return []Param{{"alpha", m.Alpha}, {"beta", m.Beta}, {"gamma", m.Gamma}, {"delta", m.Delta}}
}

// Valid reports whether every parameter is finite and positive.
func (m BGBB) Valid() bool {
	return positive(m.Alpha) && positive(m.Beta) && positive(m.Gamma) && positive(m.Delta)
}

func lbeta(a, b float64) float64 { return lgamma(a) + lgamma(b) - lgamma(a+b) }

// logAlive is the log of the likelihood's first term: the customer is
// alive through all n periods.
func (m BGBB) logAlive(x, n float64) float64 {
	return lbeta(m.Alpha+x, m.Beta+n-x) - lbeta(m.Alpha, m.Beta) +
		lbeta(m.Gamma, m.Delta+n) - lbeta(m.Gamma, m.Delta)
}

// LogLikelihood returns the log-likelihood of x purchases in the n periods
// after the first, the last in period t_x (equation 5 of the paper).
func (m BGBB) LogLikelihood(x, tx, n float64) float64 {
	a, b, g, d := m.Alpha, m.Beta, m.Gamma, m.Delta
	ll := m.logAlive(x, n)
	lab, lgd := lbeta(a, b), lbeta(g, d)
	for i := 0.0; i < n-tx; i++ {
		ll = logAddExp(ll, lbeta(a+x, b+tx-x+i)-lab+lbeta(g+1, d+tx+i)-lgd)
	}
	return ll
}

// PAlive returns the probability that the customer is alive at the end of
// the n-th period, as lifetimes' conditional_probability_alive does.
func (m BGBB) PAlive(x, tx, n float64) float64 {
	return math.Exp(m.logAlive(x, n) - m.LogLikelihood(x, tx, n))
}

// survivalShare returns (1 − Γ(γ+u)Γ(1+u+t)/(Γ(1+u)Γ(γ+u+t)))/(γ−1), the
// factor the expectations share, and its limit ψ(1+u+t) − ψ(1+u) at γ = 1.
func survivalShare(g, u, t float64) float64 {
	if math.Abs(g-1) < 1e-7 {
		return mathext.Digamma(1+u+t) - mathext.Digamma(1+u)
	}
	l := lgamma(g+u) - lgamma(1+u) + lgamma(1+u+t) - lgamma(g+u+t)
	return -math.Expm1(l) / (g - 1)
}

// ExpectedPurchases returns E[X(n)], the purchases expected in n periods
// after the first purchase (equation 7): α/(α+β) · δ/(γ−1) · (1 −
// Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))).
func (m BGBB) ExpectedPurchases(n float64) float64 {
	if n <= 0 {
		return 0
	}
	return m.Alpha / (m.Alpha + m.Beta) * m.Delta * survivalShare(m.Gamma, m.Delta, n)
}

// ExpectedIfAlive returns the purchases expected in the next t periods of
// a customer alive after n periods with x purchases: equation 13 divided
// by P(alive), (α+x)/(α+β+n) · (δ+n)/(γ−1) · (1 − Γ(γ+δ+n)Γ(1+δ+n+t) /
// (Γ(1+δ+n)Γ(γ+δ+n+t))).
func (m BGBB) ExpectedIfAlive(t, x, n float64) float64 {
	if t <= 0 {
		return 0
	}
	u := m.Delta + n
	return (m.Alpha + x) / (m.Alpha + m.Beta + n) * u * survivalShare(m.Gamma, u, t)
}

// ConditionalExpectedPurchases returns the purchases expected in the next
// t periods (equation 13).
func (m BGBB) ConditionalExpectedPurchases(t, x, tx, n float64) float64 {
	if t <= 0 {
		return 0
	}
	return m.ExpectedIfAlive(t, x, n) * m.PAlive(x, tx, n)
}

// BGBBFit is the result of FitBGBB.
type BGBBFit struct {
	Params BGBB
	FitResult
}

// checkPeriods rejects histories BG/BB cannot take: counts of periods.
func checkPeriods(x, tx, n float64) error {
	switch {
	case x != math.Trunc(x) || tx != math.Trunc(tx) || n != math.Trunc(n):
		return i18n.Errorf("x = %v, t_x = %v, n = %v must be whole numbers of periods", x, tx, n)
	case x > tx:
		return i18n.Errorf("x = %v purchases cannot be in the %v periods up to t_x", x, tx)
	}
	return nil
}

// FitBGBB fits the BG/BB model to period summaries (SummarizePeriods) by
// maximum likelihood, with the setup of FitParetoNBD but without
// rescaling time: the periods are the data.
func FitBGBB(sums []Summary, opts FitOptions) (BGBBFit, error) {
	for _, s := range sums {
		if err := checkPeriods(s.X, s.Tx, s.T); err != nil {
			return BGBBFit{}, i18n.Errorf("customer %q: %w", s.Customer, err)
		}
	}
	if err := checkPenalizer(opts); err != nil {
		return BGBBFit{}, err
	}
	d, err := newGroupData(sums, false)
	if err != nil {
		return BGBBFit{}, err
	}
	return fitBGBBData(d, opts)
}

// FitBGBBCounts fits the BG/BB model to histories given with the number
// of customers who share each, the form the paper's donation data take.
func FitBGBBCounts(x, tx, n, count []float64, opts FitOptions) (BGBBFit, error) {
	if len(tx) != len(x) || len(n) != len(x) || len(count) != len(x) {
		return BGBBFit{}, i18n.Errorf("x, t_x, n and count must be as long")
	}
	for i := range x {
		if err := checkPeriods(x[i], tx[i], n[i]); err != nil {
			return BGBBFit{}, i18n.Errorf("row %d: %w", i+1, err)
		}
	}
	if err := checkPenalizer(opts); err != nil {
		return BGBBFit{}, err
	}
	d, err := newGroupCounts(x, tx, n, count)
	if err != nil {
		return BGBBFit{}, err
	}
	return fitBGBBData(d, opts)
}

func fitBGBBData(d *groupData, opts FitOptions) (BGBBFit, error) {
	var fit BGBBFit
	build := func(p []float64) PurchaseModel { return BGBB{Alpha: p[0], Beta: p[1], Gamma: p[2], Delta: p[3]} }
	m, err := fitGroups("bg/bb", d, opts, []string{"alpha", "beta", "gamma", "delta"}, build,
		func(m PurchaseModel) PurchaseModel { return m }, &fit.FitResult)
	fit.Params = m.(BGBB)
	return fit, err
}
