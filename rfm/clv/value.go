package clv

import (
	"math"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// ValueOptions sets how lifetime value is computed.
type ValueOptions struct {
	// Horizon is the length of the future period valued, in units (> 0).
	Horizon float64
	// Period is the length of one discounting period in units; 0 means 1,
	// so that DiscountRate is per unit. lifetimes discounts per month:
	// Period 4.345 with weekly summaries.
	Period float64
	// DiscountRate is the discount rate per period (≥ 0): the purchases
	// expected in period k are worth 1/(1+DiscountRate)^k. A final partial
	// period, when Horizon is not a multiple of Period, is discounted at
	// the fractional exponent Horizon/Period.
	DiscountRate float64
	// Margin is the share of spend that is profit, in (0, 1] usually;
	// CLV = Margin × spend.
	Margin float64
	// Churn flags valuable customers who are likely lost.
	Churn ChurnRule
}

// ChurnRule flags customers of high past value with a low probability of
// still being active. The zero rule flags nobody.
type ChurnRule struct {
	// MinValue is the past value (Summary.Total) from which a customer
	// counts as valuable; see Quantile to set it from the data.
	MinValue float64
	// MaxPAlive is the P(alive) below which a customer counts as likely
	// lost.
	MaxPAlive float64
}

// AtRisk reports whether a customer with the given past value and P(alive)
// is a valuable customer likely lost.
func (r ChurnRule) AtRisk(pastValue, pAlive float64) bool {
	return pastValue >= r.MinValue && pAlive < r.MaxPAlive
}

// Prediction is one customer's forecast over the horizon.
type Prediction struct {
	Customer string
	// PAlive is the probability that the customer is still active at the
	// calibration end.
	PAlive float64
	// Purchases is the expected number of purchases over the horizon.
	Purchases float64
	// Spend is the Gamma-Gamma expected spend per purchase.
	Spend float64
	// CLV is the discounted expected profit over the horizon:
	// Σ_k purchases expected in period k × Spend × Margin / (1+d)^k.
	CLV float64
	// ChurnRisk is the churn rule's verdict.
	ChurnRisk bool
}

// Check reports the first invalid option.
func (o ValueOptions) Check() error {
	switch {
	case !(o.Horizon > 0) || math.IsInf(o.Horizon, 0):
		return i18n.Errorf("horizon must be a positive number of units, got %v", o.Horizon)
	case o.Period < 0 || !finite(o.Period):
		return i18n.Errorf("discount period must be positive, got %v", o.Period)
	case !(o.DiscountRate >= 0) || math.IsInf(o.DiscountRate, 0):
		return i18n.Errorf("discount rate must be ≥ 0, got %v", o.DiscountRate)
	case !finite(o.Margin):
		return i18n.Errorf("margin must be a finite number, got %v", o.Margin)
	case math.IsNaN(o.Churn.MinValue) || math.IsNaN(o.Churn.MaxPAlive):
		return i18n.Errorf("churn thresholds must be numbers")
	}
	return nil
}

// Predict forecasts each customer's purchases, spend and lifetime value over
// opts.Horizon with the fitted models, in the order of sums.
//
// The discounted sum over the periods depends only on (x, T), so it is
// computed once per distinct pair; P(alive) then scales it per customer.
func Predict(sums []Summary, bg BGNBD, gg GammaGamma, opts ValueOptions) ([]Prediction, error) {
	return PredictModel(sums, bg, gg, opts)
}

// PredictModel is Predict with any purchase model. For BG/BB the summaries
// are period summaries (SummarizePeriods) and the horizon and discount
// period count periods.
func PredictModel(sums []Summary, bg PurchaseModel, gg GammaGamma, opts ValueOptions) ([]Prediction, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	if !bg.Valid() {
		return nil, i18n.Errorf("%s parameters must be positive and finite: %+v", strings.ToLower(bg.Kind().Title()), bg)
	}
	if !gg.Valid() {
		return nil, i18n.Errorf("gamma-gamma parameters must be positive and finite: %+v", gg)
	}
	period := opts.Period
	if period == 0 {
		period = 1
	}
	// Period ends: k·period for whole periods, then the horizon itself.
	var ends, disc []float64
	for k := 1; float64(k)*period < opts.Horizon*(1-1e-12); k++ {
		ends = append(ends, float64(k)*period)
		disc = append(disc, math.Pow(1+opts.DiscountRate, -float64(k)))
	}
	ends = append(ends, opts.Horizon)
	disc = append(disc, math.Pow(1+opts.DiscountRate, -opts.Horizon/period))

	type key struct{ x, t float64 }
	type terms struct{ total, discounted float64 }
	cache := make(map[key]terms)
	out := make([]Prediction, len(sums))
	for i, s := range sums {
		if err := checkHistory(s); err != nil {
			return nil, err
		}
		k := key{s.X, s.T}
		v, ok := cache[k]
		if !ok {
			prev := 0.0
			for j, e := range ends {
				n := bg.ExpectedIfAlive(e, s.X, s.T)
				v.discounted += (n - prev) * disc[j]
				prev = n
			}
			v.total = prev
			cache[k] = v
		}
		pa := bg.PAlive(s.X, s.Tx, s.T)
		p := Prediction{
			Customer:  s.Customer,
			PAlive:    pa,
			Purchases: v.total * pa,
			Spend:     gg.ConditionalExpectedSpend(s.X, s.Spend),
		}
		p.CLV = v.discounted * pa * p.Spend * opts.Margin
		p.ChurnRisk = opts.Churn.AtRisk(s.Total, pa)
		out[i] = p
	}
	return out, nil
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of values by Hyndman–Fan
// type 7, the rule SPEC §4 uses for scores, or NaN when values is empty. It
// sets a churn rule's MinValue from the customers' past values.
func Quantile(values []float64, q float64) float64 {
	if len(values) == 0 || math.IsNaN(q) {
		return math.NaN()
	}
	s := slices.Clone(values)
	slices.Sort(s)
	q = math.Min(math.Max(q, 0), 1)
	h := float64(len(s)-1) * q
	j := int(math.Floor(h))
	if j >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[j] + (h-float64(j))*(s[j+1]-s[j])
}
