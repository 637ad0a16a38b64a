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
	lifecycle   string
	churnFactor string
	// lifeV is set by validateLifecycle; nil without --lifecycle.
	lifeV *rfm.Lifecycle
}

// defaultLifecycle is --lifecycle's value when given without one.
const defaultLifecycle = "30,90,180"

func addLifecycleFlags(cmd *cobra.Command, o *lifecycleFlags) {
	f := cmd.Flags()
	f.StringVar(&o.lifecycle, "lifecycle", "", "add lifecycle stages and the churn warning; `N,A,C` days: new ≤ N, active ≤ A, dormant ≤ C (default 30,90,180)")
	f.Lookup("lifecycle").NoOptDefVal = defaultLifecycle
	f.StringVar(&o.churnFactor, "churn-factor", "2", "--lifecycle: warn when recency > `K` × the mean gap between purchase days")
}

// validateLifecycle reads the flags; cmd tells whether --churn-factor was
// given.
func (o *lifecycleFlags) validateLifecycle(cmd *cobra.Command) error {
	if sb := cmd.Flags().Lookup("split-by"); o.lifecycle == "" && sb != nil && strings.EqualFold(sb.Value.String(), "lifecycle") {
		o.lifecycle = defaultLifecycle // --split-by lifecycle needs the stages
	}
	if o.lifecycle == "" {
		if cmd.Flags().Changed("churn-factor") {
			return usagef("--churn-factor needs --lifecycle")
		}
		return nil
	}
	l, err := parseLifecycle(o.lifecycle)
	if err != nil {
		return err
	}
	k, err := ingest.ParseAmount([]byte(o.churnFactor), false)
	if err != nil || k.Sign() < 0 {
		return usagef("--churn-factor must be a decimal ≥ 0 (e.g. 2 or 1.5), got %q", o.churnFactor)
	}
	l.Factor = k.Rat()
	o.lifeV = &l
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
	if o.lifeV != nil {
		res.AttachLifecycle(*o.lifeV, agg.Unscored())
	}
}
