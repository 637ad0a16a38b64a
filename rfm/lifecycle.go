package rfm

import (
	"fmt"
	"math/big"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Stage is a customer's lifecycle stage (SPEC §8).
type Stage int8

// The stages, in the order reports list them. StageNone is no stage: a
// customer absent from a run, in a comparison of two runs.
const (
	StageNone Stage = iota
	StageNew
	StageReturning
	StageActive
	StageDormant
	StageLapsed
	StageProspect
)

// Stages lists the stages a customer can have, in report order.
var Stages = []Stage{StageNew, StageReturning, StageActive, StageDormant, StageLapsed, StageProspect}

var stageNames = [...][2]string{
	StageNone:      {"无", "none"},
	StageNew:       {"新客户", "new"},
	StageReturning: {"回流客户", "returning"},
	StageActive:    {"活跃客户", "active"},
	StageDormant:   {"沉睡客户", "dormant"},
	StageLapsed:    {"流失客户", "lapsed"},
	StageProspect:  {"潜在客户", "prospect"},
}

// ZH returns the stage's Chinese name, e.g. 沉睡客户.
func (s Stage) ZH() string { return stageNames[s][0] }

// EN returns the stage's English name, e.g. dormant.
func (s Stage) EN() string { return stageNames[s][1] }

// ParseStage reads a stage name in either language; "" is StageNone.
func ParseStage(name string) (Stage, bool) {
	if name == "" {
		return StageNone, true
	}
	for s, n := range stageNames {
		if name == n[0] || name == n[1] {
			return Stage(s), true
		}
	}
	return StageNone, false
}

// Lifecycle holds SPEC §8's parameters: the new, active and churn windows
// N ≤ A < C in days, and the churn-warning factor K.
type Lifecycle struct {
	New, Active, Churn int64
	// Factor is K, exact; nil means 2.
	Factor *big.Rat
}

// DefaultLifecycle is N = 30, A = 90, C = 180, K = 2.
func DefaultLifecycle() Lifecycle { return Lifecycle{New: 30, Active: 90, Churn: 180} }

// Check reports whether 0 < N ≤ A < C and K ≥ 0.
func (l Lifecycle) Check() error {
	if l.New <= 0 || l.New > l.Active || l.Active >= l.Churn {
		return i18n.Errorf("want 0 < N ≤ A < C, got N=%d, A=%d, C=%d", l.New, l.Active, l.Churn)
	}
	if l.Factor != nil && l.Factor.Sign() < 0 {
		return i18n.Errorf("the churn factor must be ≥ 0, got %s", l.Factor.RatString())
	}
	return nil
}

func (l Lifecycle) factor() *big.Rat {
	if l.Factor == nil {
		return big.NewRat(2, 1)
	}
	return l.Factor
}

// Life is one customer's lifecycle facts (SPEC §8).
type Life struct {
	Tenure int64 // as-of date − first_order_date
	Days   int64 // purchase_days: distinct dates with a purchase row
	Stage  Stage
	// GapTenths is mean_gap_days × 10, rounded half away from zero; HasGap
	// says it is defined (Days ≥ 2).
	GapTenths int64
	HasGap    bool
	Warning   bool
	// Expected is expected_next_date, NoDate when there is no gap.
	Expected Date
}

// Of returns the lifecycle facts of a customer with a purchase row, whose
// metrics (Recency, First, Last, Days, Prev) are relative to asOf.
func (l Lifecycle) Of(c *Customer, asOf Date) Life {
	lf := Life{Tenure: int64(asOf) - int64(c.First), Days: c.Days, Expected: NoDate}
	span := int64(c.Last) - int64(c.First)
	switch {
	case lf.Tenure <= l.New:
		lf.Stage = StageNew
	case c.Recency <= l.Active && c.Prev != NoDate && int64(c.Last)-int64(c.Prev) > l.Churn:
		lf.Stage = StageReturning
	case c.Recency <= l.Active:
		lf.Stage = StageActive
	case c.Recency <= l.Churn:
		lf.Stage = StageDormant
	default:
		lf.Stage = StageLapsed
	}
	if c.Days < 2 {
		return lf
	}
	d := c.Days - 1
	lf.HasGap = true
	// span and d are ≥ 0, so half away from zero is half up.
	lf.GapTenths = (20*span + d) / (2 * d)
	lf.Expected = c.Last + Date((2*span+d)/(2*d))
	switch lf.Stage {
	case StageActive, StageReturning, StageDormant:
		// recency × (days − 1) > K × span, with K = p/q: recency × d × q > p × span.
		k := l.factor()
		lhs := new(big.Int).Mul(big.NewInt(c.Recency), big.NewInt(d))
		lhs.Mul(lhs, k.Denom())
		rhs := new(big.Int).Mul(k.Num(), big.NewInt(span))
		lf.Warning = lhs.Cmp(rhs) > 0
	}
	return lf
}

// FormatGap writes tenths of a day with one decimal, e.g. 21.5.
func FormatGap(tenths int64) string {
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}
