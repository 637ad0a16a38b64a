package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// lifecycleFlags are rfm score's --lifecycle and --churn-factor (SPEC §8).
type lifecycleFlags struct {
	// lifecycle is nil without --lifecycle; validateLifecycle sets its
	// Factor from --churn-factor.
	lifecycle   flagValue[*rfm.Lifecycle]
	churnFactor flagValue[rfm.Amount]
}

// defaultLifecycle is --lifecycle's value when given without one.
const defaultLifecycle = "30,90,180"

func addLifecycleFlags(cmd *cobra.Command, o *lifecycleFlags) {
	f := cmd.Flags()
	addFlag(f, &o.lifecycle, "lifecycle", "", "add lifecycle stages and the churn warning; `N,A,C` days: new ≤ N, active ≤ A, dormant ≤ C (default 30,90,180)", func(s string) (*rfm.Lifecycle, error) {
		if s == "" {
			return nil, nil
		}
		l, err := parseLifecycle(s)
		return &l, err
	})
	f.Lookup("lifecycle").NoOptDefVal = defaultLifecycle
	addFlag(f, &o.churnFactor, "churn-factor", "2", "--lifecycle: warn when recency > `K` × the mean gap between purchase days", func(s string) (rfm.Amount, error) {
		k, err := ingest.ParseAmount([]byte(s), false)
		if err != nil || k.Sign() < 0 {
			return k, usagef("--churn-factor must be a decimal ≥ 0 (e.g. 2 or 1.5), got %q", s)
		}
		return k, nil
	})
}

// validateLifecycle checks the flags; cmd tells whether --churn-factor was
// given, and --split-by lifecycle turns the stages on.
func (o *lifecycleFlags) validateLifecycle(cmd *cobra.Command) error {
	if sb := cmd.Flags().Lookup("split-by"); !o.lifecycle.given() && sb != nil && strings.EqualFold(sb.Value.String(), "lifecycle") {
		o.lifecycle.Set(defaultLifecycle) // --split-by lifecycle needs the stages
	}
	if !o.lifecycle.given() {
		if cmd.Flags().Changed("churn-factor") {
			return usagef("--churn-factor needs --lifecycle")
		}
		return nil
	}
	if err := o.lifecycle.check(); err != nil {
		return err
	}
	if err := o.churnFactor.check(); err != nil {
		return err
	}
	o.lifecycle.v.Factor = o.churnFactor.v.Rat()
	return nil
}

// parseLifecycle reads N,A,C.
func parseLifecycle(s string) (rfm.Lifecycle, error) {
	parts := strings.Split(s, ",")
	var v [3]int64
	ok := len(parts) == 3
	for i := 0; ok && i < 3; i++ {
		n, err := strconv.ParseInt(strings.TrimSpace(parts[i]), 10, 32)
		v[i], ok = n, err == nil
	}
	l := rfm.Lifecycle{New: v[0], Active: v[1], Churn: v[2]}
	if !ok || l.Check() != nil {
		return l, usagef("--lifecycle %s: want N,A,C whole days with 0 < N ≤ A < C, e.g. --lifecycle=30,90,180", s)
	}
	return l, nil
}

// attachLifecycle computes the stages of a scored run.
func attachLifecycle(o *scoreOptions, res *report.Result, agg *rfm.Aggregator) {
	if l := o.lifecycle.v; l != nil {
		res.AttachLifecycle(*l, agg.Unscored())
	}
}
