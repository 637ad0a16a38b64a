package main

import (
	"errors"
	"math"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// modelFlags are the flags of the lifetime value models and their
// forecast: rfm clv's, and rfm score's with --with-clv.
type modelFlags struct {
	horizon       flagValue[float64] // days
	unit          flagValue[clv.Unit]
	discountRate  float64
	margin        float64
	penalizer     float64
	churnPAlive   float64
	churnQuantile float64
	churnMinValue float64

	cmd *cobra.Command
	// Set by check.
	minValue bool // --churn-min-value was given
}

// addModelFlags registers the model flags on cmd.
func addModelFlags(cmd *cobra.Command, m *modelFlags) {
	m.cmd = cmd
	f := cmd.Flags()
	addFlag(f, &m.horizon, "horizon", "52w", "forecast horizon: `N` followed by w (weeks), m (months), d (days) or y (years)", parseHorizon)
	addFlag(f, &m.unit, "unit", "week", "model time unit: week or day", func(s string) (clv.Unit, error) {
		u, err := clv.ParseUnit(s)
		if err != nil {
			return u, usagef("--unit must be week or day, got %q", s)
		}
		return u, nil
	})
	f.Float64Var(&m.discountRate, "discount-rate", 0.01, "discount rate per unit of time")
	f.Float64Var(&m.margin, "margin", 0.3, "profit margin: the share of spend the CLV counts")
	f.Float64Var(&m.penalizer, "penalizer", 0, "L2 penalty on the parameters, e.g. 0.001 when a fit does not converge")
	f.Float64Var(&m.churnPAlive, "churn-p-alive", 0.5, "churn risk: P(alive) below this")
	f.Float64Var(&m.churnQuantile, "churn-value-quantile", 0.8, "churn risk: past value at or above this quantile of all customers'")
	f.Float64Var(&m.churnMinValue, "churn-min-value", 0, "churn risk: past value at or above this `amount` (instead of the quantile)")
}

// addModelKindFlag registers the purchase model flag name: rfm clv's
// --model, rfm score's --clv-model.
func addModelKindFlag(f *pflag.FlagSet, p *flagValue[clv.ModelKind], name, usage string) {
	addFlag(f, p, name, "bgnbd", usage, func(s string) (clv.ModelKind, error) {
		k, err := clv.ParseModelKind(s)
		if err != nil {
			return k, usagef("--%s must be bgnbd, pareto-nbd, mbgnbd or bgbb, got %q", name, s)
		}
		return k, nil
	})
}

// given returns the model flags given on the command line, as --name.
func (m *modelFlags) given() []string {
	var out []string
	for _, name := range [...]string{"horizon", "unit", "discount-rate", "margin", "penalizer",
		"churn-p-alive", "churn-value-quantile", "churn-min-value"} {
		if m.cmd != nil && m.cmd.Flags().Changed(name) {
			out = append(out, "--"+name)
		}
	}
	return out
}

// check checks the model flags; it touches no file.
func (m *modelFlags) check() error {
	if err := m.unit.check(); err != nil {
		return err
	}
	if err := m.horizon.check(); err != nil {
		return err
	}
	switch {
	case !(m.discountRate >= 0) || math.IsInf(m.discountRate, 0):
		return usagef("--discount-rate must be a number ≥ 0, got %v", m.discountRate)
	case !(m.margin > 0) || math.IsInf(m.margin, 0):
		return usagef("--margin must be a number > 0, got %v", m.margin)
	case !(m.penalizer >= 0) || math.IsInf(m.penalizer, 0):
		return usagef("--penalizer must be a number ≥ 0, got %v", m.penalizer)
	case !(m.churnPAlive >= 0 && m.churnPAlive <= 1):
		return usagef("--churn-p-alive must be within 0–1, got %v", m.churnPAlive)
	case !(m.churnQuantile >= 0 && m.churnQuantile <= 1):
		return usagef("--churn-value-quantile must be within 0–1, got %v", m.churnQuantile)
	case math.IsNaN(m.churnMinValue) || math.IsInf(m.churnMinValue, 0):
		return usagef("--churn-min-value must be a number, got %v", m.churnMinValue)
	}
	m.minValue = m.cmd != nil && m.cmd.Flags().Changed("churn-min-value")
	return nil
}

// newCLV returns a lifetime value run with m's settings, calibrated up to
// calEnd, not yet fitted.
func (m *modelFlags) newCLV(input string, calEnd rfm.Date, how string) *report.CLV {
	c := &report.CLV{Input: input, CalEnd: calEnd, CalEndHow: how, Unit: m.unit.v,
		Horizon: m.horizon.v / float64(m.unit.v), HorizonText: m.horizon.String(),
		DiscountRate: m.discountRate, Margin: m.margin, Penalizer: m.penalizer,
		Churn: clv.ChurnRule{MaxPAlive: m.churnPAlive, MinValue: m.churnMinValue}, ChurnQuantile: math.NaN(),
		Version: version}
	if !m.minValue {
		c.ChurnQuantile = m.churnQuantile
	}
	return c
}

// fitCLV summarises the rows up to c.CalEnd (SPEC §7; in periods for
// BG/BB), fits the purchase model of the given kind and Gamma-Gamma and
// forecasts every customer into c. When a fit does not converge, c holds
// the fits as they ended and the error joins the *clv.ConvergenceErrors: a
// forecast from such a fit would look as trustworthy as any other. calFlag
// is the flag that sets the calibration end, for the advice in errors.
func fitCLV(rows []clv.Purchase, c *report.CLV, kind clv.ModelKind, calFlag string) error {
	var err error
	summarize := clv.Summarize
	if kind.Discrete() {
		summarize = clv.SummarizePeriods
	}
	if c.Sums, err = summarize(rows, int32(c.CalEnd), c.Unit); err != nil {
		return err
	}
	if len(c.Sums) == 0 {
		return i18n.Errorf("no purchase on or before the calibration end %s: nothing to fit", c.CalEnd)
	}
	repeat := 0
	for _, sm := range c.Sums {
		if sm.X > 0 && sm.Spend > 0 {
			repeat++
		}
	}
	if repeat == 0 {
		return i18n.Errorf("no customer bought on two days with a positive spend on or before the calibration end %s: the models need repeat buyers; use more data or a later %s", c.CalEnd, calFlag)
	}
	fitOpts := clv.FitOptions{Penalizer: c.Penalizer}
	var fitErrs []error
	keep := func(err error) error {
		if notConverged(err) {
			fitErrs = append(fitErrs, withCalFlag(err, calFlag))
			return nil
		}
		return err
	}
	if c.Model, err = clv.Fit(kind, c.Sums, fitOpts); keep(err) != nil {
		return err
	}
	if c.GG, err = clv.FitGammaGamma(c.Sums, fitOpts); keep(err) != nil {
		return err
	}
	if len(fitErrs) > 0 {
		return i18n.Join(fitErrs...)
	}
	if !math.IsNaN(c.ChurnQuantile) {
		totals := make([]float64, len(c.Sums))
		for i, sm := range c.Sums {
			totals[i] = sm.Total
		}
		c.Churn.MinValue = clv.Quantile(totals, c.ChurnQuantile)
	}
	c.Preds, err = clv.PredictModel(c.Sums, c.Model.Model, c.GG.Params, valueOptions(c))
	return err
}

// valueOptions are the forecast settings of c.
func valueOptions(c *report.CLV) clv.ValueOptions {
	return clv.ValueOptions{Horizon: c.Horizon, DiscountRate: c.DiscountRate, Margin: c.Margin, Churn: c.Churn}
}

// withCalFlag names calFlag in a convergence error's advice about the
// calibration end.
func withCalFlag(err error, calFlag string) error {
	var ce *clv.ConvergenceError
	if errors.As(err, &ce) {
		for i, a := range ce.Advice {
			ce.Advice[i] = strings.ReplaceAll(a, "--calibration-end", calFlag)
		}
	}
	return err
}

// notConverged reports whether err says a fit did not converge.
func notConverged(err error) bool {
	var ce *clv.ConvergenceError
	return errors.As(err, &ce)
}

// holdoutOf compares c's forecast with rows after its calibration end up to
// end: the BG/NBD paper's two validation tables, with purchase model m.
// For BG/BB the holdout is its whole periods and a purchase is a period
// with one. It also returns each customer's actual holdout purchases.
func holdoutOf(c *report.CLV, m clv.PurchaseModel, rows []clv.Purchase, end rfm.Date) (*report.CLVHoldout, map[string]int, error) {
	const maxX = 7
	h := &report.CLVHoldout{End: end, Length: float64(end-c.CalEnd) / float64(c.Unit), MaxX: maxX}
	var actual map[string]int
	var err error
	if m.Kind().Discrete() {
		n := clv.HoldoutPeriods(int32(c.CalEnd), int32(end), c.Unit)
		if n < 1 {
			return nil, nil, i18n.Errorf("--holdout-end %s: bg/bb needs a holdout of at least one %s", end, unitText(c.Unit))
		}
		h.Length = float64(n)
		actual = clv.CountPeriods(rows, int32(c.CalEnd), n, c.Unit)
		h.Tracking, err = clv.TrackPeriods(rows, c.Sums, m, int32(c.CalEnd), n, c.Unit)
	} else {
		actual = clv.CountDays(rows, int32(c.CalEnd), int32(end))
		h.Tracking, err = clv.Track(rows, c.Sums, m, c.Unit, int32(end))
	}
	h.ByFrequency = clv.CompareByFrequency(c.Sums, actual, m, h.Length, maxX)
	return h, actual, err
}

// compareModels fits every continuous-time model to c's summaries, the
// one c holds reused, with the holdout errors up to holdEnd when it is a
// date.
func compareModels(c *report.CLV, rows []clv.Purchase, holdEnd rfm.Date) (*report.CLVComparison, error) {
	cmp := &report.CLVComparison{Customers: len(c.Sums), HoldoutEnd: holdEnd}
	var bic []float64
	var conv []bool
	for _, k := range clv.ContinuousKinds {
		r := report.CLVCompareRow{Fit: c.Model}
		if k != c.Model.Model.Kind() {
			var err error
			if r.Fit, err = clv.Fit(k, c.Sums, clv.FitOptions{Penalizer: c.Penalizer}); err != nil {
				if !notConverged(err) {
					return nil, err
				}
				r.Err = withCalFlag(err, "--calibration-end")
			}
		}
		r.AIC, r.BIC = clv.InformationCriteria(r.Fit.LogLik, len(r.Fit.Model.Params()), len(c.Sums))
		if holdEnd != rfm.NoDate && r.Err == nil {
			h, actual, err := holdoutOf(c, r.Fit.Model, rows, holdEnd)
			if err != nil {
				return nil, err
			}
			he, err := clv.HoldoutErrors(c.Sums, actual, r.Fit.Model, h.Length, h.Tracking, int32(c.CalEnd))
			if err != nil {
				return nil, err
			}
			r.Holdout = &he
		}
		cmp.Rows = append(cmp.Rows, r)
		bic = append(bic, r.BIC)
		conv = append(conv, r.Fit.Converged)
	}
	cmp.Best = clv.BestByBIC(bic, conv)
	return cmp, nil
}

// bootstrap computes c's per-customer intervals from n refits.
func bootstrap(c *report.CLV, n int, seed uint64) error {
	iv, err := clv.Bootstrap(c.Sums, clv.IntervalOptions{Kind: c.Model.Model.Kind(), Replicates: n, Seed: seed,
		Level: report.IntervalLevel, Fit: clv.FitOptions{Penalizer: c.Penalizer}, Value: valueOptions(c)})
	if err != nil {
		return i18n.Errorf("--intervals: %w", err)
	}
	c.Intervals, c.Seed = &iv, seed
	return nil
}

// scoreCLV fits the lifetime value models to the rows rfm score used and
// attaches the forecast to res. The calibration end is the last day of
// those rows: the --as-of date when it is given (its rows count for RFM
// too), else the latest used row, the day before the default as-of date.
// So the customers and numbers are those of rfm clv --calibration-end on
// that day. A fit that does not converge prints the models and fails, as
// rfm clv does.
func scoreCLV(s streams, o *scoreOptions, res *report.Result, rows []clv.Purchase) error {
	if res.AsOf == rfm.NoDate {
		return i18n.New("--with-clv: no used rows: nothing to fit")
	}
	calEnd, how := res.AsOf, "--as-of"
	if !res.AsOfGiven {
		calEnd, how = res.AsOf-1, calEndLatest
	}
	c := o.newCLV(o.input, calEnd, how)
	if err := fitCLV(rows, c, o.clvModel.v, "--as-of"); err != nil {
		if notConverged(err) {
			if err := report.WriteCLVModels(s.err, c, s.lang.ui); err != nil {
				return err
			}
		}
		return err
	}
	res.AttachCLV(c)
	return nil
}
