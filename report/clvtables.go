package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/clv"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// WriteCLVModels writes the fitted parameters of a lifetime value run as a
// terminal table: the purchase model and Gamma-Gamma, with their
// log-likelihood, customers and whether they converged, in l.
func WriteCLVModels(w io.Writer, r *CLV, l i18n.Lang) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft}}),
	)
	t.Header(l.T("Model"), l.T("Parameters"), l.T("Log-likelihood"), l.T("Customers"), l.T("Converged"))
	conv := func(f clv.FitResult) string {
		if f.Converged {
			return l.Tf("yes (%d iterations)", f.Iterations)
		}
		return l.T("NO")
	}
	g := r.GG.Params
	rows := [][]string{
		{r.Model.Model.Kind().Title(), ParamText(r.Model.Model),
			fmt.Sprintf("%.2f", r.Model.LogLik), strconv.Itoa(r.Model.Customers), conv(r.Model.FitResult)},
		{"Gamma-Gamma", fmt.Sprintf("p %.4f, q %.4f, γ %.4f", g.P, g.Q, g.Gamma),
			fmt.Sprintf("%.2f", r.GG.LogLik), strconv.Itoa(r.GG.Customers), conv(r.GG.FitResult)},
	}
	for _, row := range rows {
		if err := t.Append(row); err != nil {
			return err
		}
	}
	return t.Render()
}

// WriteCLVSummary writes the models, the forecast totals and the valuable
// customers most likely lost, as terminal tables in l.
func WriteCLVSummary(w io.Writer, r *CLV, l i18n.Lang) error {
	if err := WriteCLVModels(w, r, l); err != nil {
		return err
	}
	var purchases, value float64
	for _, p := range r.Preds {
		purchases += p.Purchases
		value += p.CLV
	}
	atRisk := r.AtRisk()
	words := clvWordsOf(r, l)
	if l == i18n.EN {
		fmt.Fprintf(w, "\nHorizon %s (%s), discount %s per %s, margin %s:\n",
			r.HorizonText, words.length(r.Horizon), clvPct(r.DiscountRate), words.unit, clvPct(r.Margin))
	} else { // the horizon in units only: "52w" reads as a code
		io.WriteString(w, "\n"+l.Tf("Horizon %s, discount %s per %s, margin %s:\n",
			words.length(r.Horizon), clvPct(r.DiscountRate), words.unit, clvPct(r.Margin)))
	}
	io.WriteString(w, l.Tf("  %s %.1f; CLV %.2f in total, %.2f per customer\n",
		words.expected, purchases, value, value/float64(len(r.Preds))))
	io.WriteString(w, l.Tf("  churn risk (%s): %d customers\n", r.ChurnRuleIn(l), len(atRisk)))
	if len(atRisk) == 0 {
		return nil
	}
	const top = 10
	io.WriteString(w, "\n"+l.Tf("Most valuable customers at churn risk (%d of %d):\n", min(top, len(atRisk)), len(atRisk)))
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignRight}}),
	)
	t.Header(l.T("Customer"), l.T("Past value"), words.count, l.T("Last purchase"), l.T("P(alive)"))
	for _, i := range atRisk[:min(top, len(atRisk))] {
		sm, p := r.Sums[i], r.Preds[i]
		if err := t.Append([]string{Guard(sm.Customer), fmt.Sprintf("%.2f", sm.Total), strconv.Itoa(int(sm.X) + 1),
			rfm.Date(sm.Last).String(), fmt.Sprintf("%.3f", p.PAlive)}); err != nil {
			return err
		}
	}
	return t.Render()
}

// WriteCLVHoldout writes the BG/NBD paper's validation tables of r's
// holdout: holdout purchases by calibration frequency, and the cumulative
// repeat purchases per period, in l.
func WriteCLVHoldout(w io.Writer, r *CLV, l i18n.Lang) error {
	h := r.Holdout
	words := clvWordsOf(r, l)
	io.WriteString(w, "\n"+l.Tf("Holdout %s – %s (%s): %s per customer by calibration %s x\n",
		r.CalEnd+1, h.End, words.length(h.Length), words.purchases, words.repeat))
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}}),
	)
	t.Header("x", l.T("Customers"), l.T("Actual"), l.T("Predicted"))
	var tc int
	var ta, tp float64
	for _, f := range h.ByFrequency {
		x := strconv.Itoa(f.X)
		if f.X == h.MaxX {
			x += "+"
		}
		if err := t.Append([]string{x, strconv.Itoa(f.Customers), fmt.Sprintf("%.3f", f.Actual), fmt.Sprintf("%.3f", f.Predicted)}); err != nil {
			return err
		}
		tc += f.Customers
		ta += f.Actual * float64(f.Customers)
		tp += f.Predicted * float64(f.Customers)
	}
	t.Footer(l.T("all"), strconv.Itoa(tc), fmt.Sprintf("%.3f", ta/float64(tc)), fmt.Sprintf("%.3f", tp/float64(tc)))
	if err := t.Render(); err != nil {
		return err
	}
	io.WriteString(w, "\n"+l.Tf("Cumulative %s of the %d customers, %s\n", words.repeat, len(r.Sums), words.per))
	t = tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignRight, tw.AlignLeft, tw.AlignRight, tw.AlignRight}}),
	)
	t.Header(words.step, l.T("Through"), l.T("Actual"), l.T("Predicted"))
	for _, tr := range h.Tracking {
		end := rfm.Date(tr.End).String()
		if rfm.Date(tr.End) == r.CalEnd {
			end += l.T(" (calibration end)")
		}
		if err := t.Append([]string{strconv.Itoa(tr.Period), end, fmt.Sprintf("%.0f", tr.Actual), fmt.Sprintf("%.1f", tr.Predicted)}); err != nil {
			return err
		}
	}
	return t.Render()
}

// ChurnRuleText says which customers c flags at churn risk.
func (c *CLV) ChurnRuleText() string { return c.ChurnRuleIn(i18n.EN) }

// ChurnRuleIn is ChurnRuleText in l.
func (c *CLV) ChurnRuleIn(l i18n.Lang) string {
	rule := l.Tf("past value ≥ %.2f", c.Churn.MinValue)
	if !math.IsNaN(c.ChurnQuantile) {
		rule += l.Tf(" (the %s quantile)", TrimFloat(c.ChurnQuantile, 3))
	}
	return rule + l.Tf(" and P(alive) < %s", TrimFloat(c.Churn.MaxPAlive, 3))
}

// clvWords are the words of rfm clv's terminal tables that depend on the
// purchase model: BG/BB counts periods of one unit with a purchase, the
// others purchase days over time in units.
type clvWords struct {
	l         i18n.Lang
	unit      string
	discrete  bool
	count     string // a customer's purchase occasions
	purchases string // what the holdout counts
	repeat    string // the repeat purchases
	expected  string // the forecast's total
	per       string // what a tracking row is
	step      string // the tracking table's first column
}

func clvWordsOf(c *CLV, l i18n.Lang) clvWords {
	u := c.Unit.String()
	unit := unitName(c.Unit, l)
	if c.Discrete() {
		return clvWords{l: l, unit: unit, discrete: true, count: l.T("Purchase periods"), purchases: l.T("periods with a purchase"),
			repeat: l.T("periods with a repeat purchase"), expected: l.T("expected periods with a purchase"),
			per: l.Tf("per period of one %s (the last of the calibration ends on it)", unit), step: l.T("Period")}
	}
	return clvWords{l: l, unit: unit, count: l.T("Purchase days"), purchases: l.T("repeat purchases"), repeat: l.T("repeat purchases"),
		expected: l.T("expected purchases"), per: l.Tf("per %s since the first purchase", unit),
		step: l.T(strings.ToUpper(u[:1]) + u[1:])}
}

// length writes n units: "39 weeks", or for BG/BB "39 periods of one week".
func (w clvWords) length(n float64) string {
	if w.discrete {
		return w.l.Tf("%s periods of one %s", TrimFloat(n, 2), w.unit)
	}
	return w.l.Tf("%s %ss", TrimFloat(n, 2), w.unit)
}

func clvPct(v float64) string { return TrimFloat(100*v, 4) + "%" }
