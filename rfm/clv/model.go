package clv

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// PurchaseModel is a fitted model of the purchase process: BGNBD, ParetoNBD,
// MBGNBD or BGBB. Times are in the unit of the summaries it was fitted on
// (periods for BG/BB).
type PurchaseModel interface {
	// Kind names the model.
	Kind() ModelKind
	// Params returns the parameters in the papers' order.
	Params() []Param
	// Valid reports whether every parameter is finite and positive.
	Valid() bool
	// LogLikelihood is the log-likelihood of one customer's history.
	LogLikelihood(x, tx, T float64) float64
	// ExpectedPurchases is E[X(t)] for a customer who made a first purchase
	// at the start of a period of length t.
	ExpectedPurchases(t float64) float64
	// ConditionalExpectedPurchases is E[Y(t) | x, t_x, T], the purchases
	// expected in the next t of a customer with history (x, t_x, T).
	ConditionalExpectedPurchases(t, x, tx, T float64) float64
	// PAlive is the probability that the customer is alive at T.
	PAlive(x, tx, T float64) float64
	// ExpectedIfAlive is the purchases expected in the next t of a
	// customer with x repeat purchases and age T who is alive at T:
	// ConditionalExpectedPurchases = ExpectedIfAlive · PAlive. It does not
	// depend on t_x, so forecasts compute it once per (x, T).
	ExpectedIfAlive(t, x, T float64) float64
}

// Param is one named model parameter.
type Param struct {
	Name  string // as in the papers, in ASCII: r, alpha, a, b, s, beta, …
	Value float64
}

// ModelKind names a purchase-process model.
type ModelKind string

// The purchase-process models.
const (
	KindBGNBD     ModelKind = "bgnbd"
	KindParetoNBD ModelKind = "pareto-nbd"
	KindMBGNBD    ModelKind = "mbgnbd"
	KindBGBB      ModelKind = "bgbb"
)

// Kinds lists the models, the continuous-time ones first.
var Kinds = []ModelKind{KindBGNBD, KindParetoNBD, KindMBGNBD, KindBGBB}

// ContinuousKinds are the models of purchase days in continuous time,
// which take the same summary and so can be compared by likelihood.
var ContinuousKinds = []ModelKind{KindBGNBD, KindParetoNBD, KindMBGNBD}

// ParseModelKind reads a model name as Kinds spells it.
func ParseModelKind(s string) (ModelKind, error) {
	k := ModelKind(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Kinds, k) {
		return k, nil
	}
	return "", i18n.Errorf("unknown model %q: use bgnbd, pareto-nbd, mbgnbd or bgbb", s)
}

// Title returns the model's name as the papers write it.
func (k ModelKind) Title() string {
	switch k {
	case KindBGNBD:
		return "BG/NBD"
	case KindParetoNBD:
		return "Pareto/NBD"
	case KindMBGNBD:
		return "MBG/NBD"
	case KindBGBB:
		return "BG/BB"
	}
	return string(k)
}

// Discrete reports whether the model counts periods with a purchase
// rather than purchase days (BG/BB).
func (k ModelKind) Discrete() bool { return k == KindBGBB }

// ModelFit is a fitted purchase model and how the fit went.
type ModelFit struct {
	Model PurchaseModel
	FitResult
}

// Fit fits the purchase model of the given kind. BG/BB takes period
// summaries (SummarizePeriods); the others purchase-day summaries
// (Summarize).
func Fit(kind ModelKind, sums []Summary, opts FitOptions) (ModelFit, error) {
	switch kind {
	case KindBGNBD:
		f, err := FitBGNBD(sums, opts)
		return ModelFit{Model: f.Params, FitResult: f.FitResult}, err
	case KindParetoNBD:
		f, err := FitParetoNBD(sums, opts)
		return ModelFit{Model: f.Params, FitResult: f.FitResult}, err
	case KindMBGNBD:
		f, err := FitMBGNBD(sums, opts)
		return ModelFit{Model: f.Params, FitResult: f.FitResult}, err
	case KindBGBB:
		f, err := FitBGBB(sums, opts)
		return ModelFit{Model: f.Params, FitResult: f.FitResult}, err
	}
	return ModelFit{}, i18n.Errorf("unknown model %q", kind)
}

// Kind returns KindBGNBD.
func (m BGNBD) Kind() ModelKind { return KindBGNBD }

// Params returns r, α, a, b.
func (m BGNBD) Params() []Param {
	return []Param{{"r", m.R}, {"alpha", m.Alpha}, {"a", m.A}, {"b", m.B}}
}

// ExpectedIfAlive is equation 10's numerator.
func (m BGNBD) ExpectedIfAlive(t, x, T float64) float64 { return m.unconditioned(t, x, T) }

// groupData is the fitting data of the models without analytic gradients:
// the distinct histories (x, t_x, T) with their counts, times scaled so
// that the largest T is 10 (as lifetimes does) unless the model counts
// periods.
type groupData struct {
	x, tx, t, w []float64
	n           float64
	scale       float64
	penalizer   float64
	maxX        float64
}

func newGroupData(sums []Summary, rescale bool) (*groupData, error) {
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
	d := &groupData{scale: 1}
	if rescale {
		d.scale = 10 / maxT
	}
	for _, k := range keys {
		d.x = append(d.x, k.x)
		d.tx = append(d.tx, k.tx*d.scale)
		d.t = append(d.t, k.t*d.scale)
		d.w = append(d.w, counts[k])
		d.n += counts[k]
		d.maxX = math.Max(d.maxX, k.x)
	}
	return d, nil
}

// newGroupCounts is newGroupData for histories given with their counts,
// as the BG/BB paper's data are.
func newGroupCounts(x, tx, n, count []float64) (*groupData, error) {
	d := &groupData{scale: 1}
	for i := range x {
		s := Summary{Customer: fmt.Sprintf("row %d", i+1), X: x[i], Tx: tx[i], T: n[i]}
		if err := checkHistory(s); err != nil {
			return nil, err
		}
		if !(count[i] > 0) || math.IsInf(count[i], 0) {
			return nil, i18n.Errorf("row %d: count %v is not positive", i+1, count[i])
		}
		d.x = append(d.x, x[i])
		d.tx = append(d.tx, tx[i])
		d.t = append(d.t, n[i])
		d.w = append(d.w, count[i])
		d.n += count[i]
		d.maxX = math.Max(d.maxX, x[i])
	}
	if d.n == 0 {
		return nil, ErrNoData
	}
	return d, nil
}

// numericObjective is the penalised mean negative log-likelihood of d
// under the model that build makes from the parameters, with its gradient
// by central differences in the log-parameters: the Pareto/NBD, MBG/NBD
// and BG/BB likelihoods involve ₂F₁ and beta functions whose derivatives
// are not worth their code, and the step leaves far more digits than the
// optimum needs.
func (d *groupData) numericObjective(dim int, build func(p []float64) PurchaseModel) objective {
	f := func(logp []float64) float64 {
		p := expAll(logp)
		m := build(p)
		var ll float64
		for i := range d.x {
			ll += d.w[i] * m.LogLikelihood(d.x[i], d.tx[i], d.t[i])
		}
		pen := 0.0
		for _, v := range p {
			pen += v * v
		}
		v := -ll/d.n + d.penalizer*pen
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}
	return objective{dim: dim, eval: func(grad, logp []float64) float64 {
		v := f(logp)
		if grad != nil {
			const h = 1e-6
			x := slices.Clone(logp)
			for i := range x {
				x[i] = logp[i] + h
				up := f(x)
				x[i] = logp[i] - h
				down := f(x)
				x[i] = logp[i]
				grad[i] = (up - down) / (2 * h)
			}
		}
		return v
	}}
}

// logLik is the unpenalised log-likelihood of d, in the original time
// unit, under m.
func (d *groupData) logLik(m PurchaseModel) float64 {
	var ll float64
	for i := range d.x {
		ll += d.w[i] * m.LogLikelihood(d.x[i], d.tx[i]/d.scale, d.t[i]/d.scale)
	}
	return ll
}

// fitGroups fits a model without analytic gradients to d and fills r;
// build makes the model from parameters on d's time scale, unscale moves
// it to the original one.
func fitGroups(name string, d *groupData, opts FitOptions, names []string,
	build func(p []float64) PurchaseModel, unscale func(m PurchaseModel) PurchaseModel, r *FitResult) (PurchaseModel, error) {
	d.penalizer = opts.Penalizer
	obj := d.numericObjective(len(names), build)
	m := minimize(obj, make([]float64, len(names)), opts.MaxIterations)
	model := unscale(build(expAll(m.logp)))
	r.LogLik = d.logLik(model)
	r.Customers = int(d.n)
	r.Groups = len(d.x)
	values := make([]float64, len(names))
	for i, p := range model.Params() {
		values[i] = p.Value
	}
	var extra []error
	if d.maxX == 0 {
		extra = append(extra, i18n.New("no customer bought more than once: use a longer calibration period or more customers"))
	}
	err := diagnose(name, obj, m, names, values, r, extra, []error{i18n.New("check --unit and --calibration-end")})
	return model, err
}

func checkPenalizer(opts FitOptions) error {
	if opts.Penalizer < 0 || !finite(opts.Penalizer) {
		return i18n.Errorf("penalizer must be a finite number ≥ 0, got %v", opts.Penalizer)
	}
	return nil
}
