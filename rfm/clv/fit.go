package clv

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// FitOptions tunes a maximum-likelihood fit. The zero value fits without a
// penalty and with the default iteration limit.
type FitOptions struct {
	// Penalizer adds Penalizer·Σθ² to the mean negative log-likelihood per
	// customer, θ being the model parameters (for BG/NBD with α on the
	// rescaled time axis), as lifetimes' penalizer_coef does. Small values
	// such as 0.001 keep parameters from running off when the data cannot
	// pin them down.
	Penalizer float64
	// MaxIterations caps the optimiser's iterations; 0 means 1000.
	MaxIterations int
}

// FitResult describes how a fit went.
type FitResult struct {
	// LogLik is the log-likelihood of the data at the fitted parameters,
	// summed over the customers, without the penalty.
	LogLik float64
	// Converged reports whether the optimiser reached a proper optimum:
	// a near-zero gradient at finite, not degenerate parameters.
	Converged bool
	// Iterations and Evaluations count the optimiser's major iterations and
	// its passes over the data.
	Iterations  int
	Evaluations int
	// Customers is the number of customers the model was fitted on and
	// Groups the number of distinct histories among them.
	Customers int
	Groups    int
	// Gradient is the largest absolute component of the gradient of the
	// objective with respect to the log-parameters at the result.
	Gradient float64
	// Status is the optimiser's final status, for diagnostics.
	Status string
}

// ConvergenceError reports a fit that did not reach a usable optimum, with
// what to try.
type ConvergenceError struct {
	Model  string // "bg/nbd" or "gamma-gamma"
	Reason string
	Advice []string
	// reason and advice are Reason and Advice as messages, for Localize;
	// nil for an error made with the fields alone.
	reason error
	advice []error
}

func (e *ConvergenceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s fit did not converge: %s", e.Model, e.Reason)
	if len(e.Advice) > 0 {
		b.WriteString("; ")
		b.WriteString(strings.Join(e.Advice, "; "))
	}
	return b.String()
}

// Localize returns the message in l.
func (e *ConvergenceError) Localize(l i18n.Lang) string {
	if l == i18n.EN {
		return e.Error()
	}
	var reason string
	if e.reason != nil {
		reason = l.Error(e.reason)
	} else {
		reason = l.T(e.Reason)
	}
	var b strings.Builder
	b.WriteString(l.Tf("%s fit did not converge: %s", e.Model, reason))
	for i, a := range e.Advice {
		b.WriteString(l.Pick("；", "; "))
		if i < len(e.advice) {
			b.WriteString(l.Error(e.advice[i]))
		} else {
			b.WriteString(l.T(a))
		}
	}
	return b.String()
}

// ErrNoData reports a fit with no usable customers.
var ErrNoData = i18n.New("no customers to fit")

const (
	// gradTol is the largest gradient of the mean negative log-likelihood
	// (per customer, in log-parameters) accepted as an optimum.
	gradTol = 1e-4
	// logBound bounds |log θ|: beyond it a parameter has run off to 0 or ∞
	// and the likelihood is flat in that direction.
	logBound = 18
)

// objective is a smooth function of the log-parameters with its gradient.
type objective struct {
	dim  int
	eval func(grad, logp []float64) float64 // grad may be nil
}

type minimum struct {
	logp   []float64
	f      float64
	gmax   float64
	iter   int
	evals  int
	status optimize.Status
	err    error
}

// minimize runs BFGS from x0. The objective has an analytic gradient, so a
// quasi-Newton method needs a few dozen evaluations where Nelder-Mead needs
// hundreds; on log-parameters the problem is unconstrained.
func minimize(obj objective, x0 []float64, maxIter int) minimum {
	if maxIter <= 0 {
		maxIter = 1000
	}
	// Gonum asks for the value and the gradient at a point in two calls;
	// one pass over the data computes both, so the second is served from
	// the last point's results.
	evals := 0
	lastX := make([]float64, obj.dim)
	lastG := make([]float64, obj.dim)
	lastF := math.NaN()
	at := func(x []float64) {
		if !math.IsNaN(lastF) && slices.Equal(x, lastX) {
			return
		}
		evals++
		copy(lastX, x)
		if !finiteSlice(x) {
			lastF = math.Inf(1)
			for i := range lastG {
				lastG[i] = math.NaN()
			}
			return
		}
		lastF = obj.eval(lastG, x)
		if math.IsNaN(lastF) {
			lastF = math.Inf(1)
		}
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 {
			at(x)
			return lastF
		},
		Grad: func(g, x []float64) {
			at(x)
			copy(g, lastG)
		},
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-8,
		MajorIterations:   maxIter,
		Converger: &optimize.FunctionConverge{
			Absolute:   1e-13,
			Relative:   1e-15,
			Iterations: 25,
		},
	}
	res, err := optimize.Minimize(p, x0, settings, &optimize.BFGS{})
	m := minimum{err: err}
	if res == nil {
		m.logp = append([]float64(nil), x0...)
		m.f = math.NaN()
		m.gmax = math.Inf(1)
		return m
	}
	m.logp = res.X
	m.iter = res.MajorIterations
	m.evals = evals
	m.status = res.Status
	// The line search may stop with an error once it can no longer improve
	// on the floating-point optimum; the gradient at the result decides.
	g := make([]float64, obj.dim)
	m.f = obj.eval(g, m.logp)
	m.gmax = 0
	for _, v := range g {
		if math.IsNaN(v) {
			m.gmax = math.Inf(1)
			break
		}
		m.gmax = math.Max(m.gmax, math.Abs(v))
	}
	return m
}

// diagnose fills r's convergence fields from m and returns the error to
// report, if any. names and values are the parameters as reported, in the
// order of m.logp; before and after are advice about the data to give
// before and after the general advice.
func diagnose(model string, obj objective, m minimum, names []string, values []float64, r *FitResult, before, after []error) error {
	r.Iterations = m.iter
	r.Evaluations = m.evals
	r.Gradient = m.gmax
	r.Status = m.status.String()
	var reason error
	var advice []error
	switch {
	case !finiteSlice(m.logp) || math.IsNaN(m.f) || math.IsInf(m.f, 0):
		reason = i18n.New("the log-likelihood is not finite at the parameters found")
		advice = append(advice, i18n.New("try a penalizer such as --penalizer 0.001"))
	default:
		for i, v := range m.logp {
			if v > logBound {
				reason = i18n.Errorf("parameter %s ran off to %.3g, so the data cannot determine it", names[i], values[i])
				advice = append(advice, i18n.New("try a penalizer such as --penalizer 0.001 (raise it tenfold if that is not enough)"))
				break
			}
			if v < -logBound {
				// The penalty pulls parameters towards 0, so it cannot help.
				reason = i18n.Errorf("parameter %s shrank to %.3g, so the data cannot determine it", names[i], values[i])
				if len(before) == 0 {
					advice = append(advice, i18n.New("the data are too few or cover too short a time: use more customers or a longer calibration period"))
				}
				advice = append(advice, i18n.New("a penalizer cannot help here, as it pulls parameters towards 0"))
				break
			}
		}
		if reason == nil && m.status == optimize.IterationLimit {
			reason = i18n.Errorf("the optimiser stopped after %d iterations", m.iter)
			advice = append(advice, i18n.New("try a penalizer such as --penalizer 0.001"))
		}
		if reason == nil && m.gmax > gradTol {
			reason = i18n.Errorf("the optimiser stopped (%s) where the gradient is still %.2g", statusText(m), m.gmax)
			advice = append(advice, i18n.New("try a penalizer such as --penalizer 0.001"))
		}
		if reason == nil {
			if i := flatDirection(obj, m.logp); i >= 0 {
				reason = i18n.Errorf("the likelihood is flat in parameter %s (now %.4g), so the data cannot determine it", names[i], values[i])
				advice = append(advice, i18n.New("try a penalizer such as --penalizer 0.001"))
			}
		}
	}
	if reason == nil {
		r.Converged = true
		return nil
	}
	all := slices.Concat(before, advice, after)
	texts := make([]string, len(all))
	for i, a := range all {
		texts[i] = a.Error()
	}
	return &ConvergenceError{Model: model, Reason: reason.Error(), Advice: texts, reason: reason, advice: all}
}

// flatDirection returns the index of the parameter that dominates the
// flattest direction of the objective at x when the Hessian there is not
// clearly positive definite, or −1. An optimum where the likelihood is flat
// is not a usable estimate: some parameter can wander without changing the
// fit, which is how degenerate data (say, no repeat purchases at all) shows.
func flatDirection(obj objective, x []float64) int {
	const h = 1e-4
	n := obj.dim
	hess := mat.NewSymDense(n, nil)
	gp := make([]float64, n)
	gm := make([]float64, n)
	cols := make([][]float64, n)
	xx := slices.Clone(x)
	for j := range n {
		xx[j] = x[j] + h
		obj.eval(gp, xx)
		xx[j] = x[j] - h
		obj.eval(gm, xx)
		xx[j] = x[j]
		cols[j] = make([]float64, n)
		for i := range n {
			cols[j][i] = (gp[i] - gm[i]) / (2 * h)
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			v := (cols[i][j] + cols[j][i]) / 2
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0
			}
			hess.SetSym(i, j, v)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(hess, true) {
		return 0
	}
	vals := eig.Values(nil)
	// Values are ascending. The objective is a mean per customer, so its
	// curvature does not shrink with the number of customers.
	if vals[0] > 1e-7*math.Max(1, vals[n-1]) {
		return -1
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	best := 0
	for i := range n {
		if math.Abs(vecs.At(i, 0)) > math.Abs(vecs.At(best, 0)) {
			best = i
		}
	}
	return best
}

// statusText describes how the optimiser ended.
func statusText(m minimum) any {
	if m.status == optimize.Failure && m.err != nil {
		return i18n.Text("its line search failed")
	}
	return m.status.String()
}

func finiteSlice(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func expAll(logp []float64) []float64 {
	p := make([]float64, len(logp))
	for i, v := range logp {
		p[i] = math.Exp(v)
	}
	return p
}
