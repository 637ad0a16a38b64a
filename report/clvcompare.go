package report

import (
	"bytes"
	"encoding/json"
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

// CLVComparison is rfm clv --compare: every continuous-time purchase model
// fitted to the same summaries.
type CLVComparison struct {
	Rows []CLVCompareRow
	// Customers is n in BIC = k·ln n − 2·LL.
	Customers int
	// Best is the row with the lowest BIC among the fits that converged,
	// or −1.
	Best int
	// HoldoutEnd is the end of the holdout the errors are measured on, or
	// rfm.NoDate without one.
	HoldoutEnd rfm.Date
}

// CLVCompareRow is one model of a comparison.
type CLVCompareRow struct {
	Fit clv.ModelFit
	// Err is the fit's *clv.ConvergenceError, if it did not converge.
	Err      error
	AIC, BIC float64
	// Holdout holds the forecast's errors over the holdout; nil without one.
	Holdout *clv.HoldoutError
}

// ParamText writes m's parameters as "r 0.2447, α 4.9802, …".
func ParamText(m clv.PurchaseModel) string {
	var parts []string
	for _, p := range m.Params() {
		parts = append(parts, fmt.Sprintf("%s %.4f", ParamName(p.Name), p.Value))
	}
	return strings.Join(parts, ", ")
}

// WriteCLVComparison writes the comparison as a table, then which model
// fits best and by what rule, in l.
func WriteCLVComparison(w io.Writer, c *CLVComparison, l i18n.Lang) error {
	hold := c.HoldoutEnd != rfm.NoDate
	head := []string{l.T("Model"), l.T("Parameters"), l.T("Log-likelihood"), "k", "AIC", "BIC"}
	align := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if hold {
		head = append(head, l.T("Holdout MAE"), l.T("Holdout RMSE"), l.T("Tracking MAPE"))
		align = append(align, tw.AlignRight, tw.AlignRight, tw.AlignRight)
	}
	head = append(head, l.T("Converged"))
	align = append(align, tw.AlignLeft)
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
	t.Header(head)
	for i, r := range c.Rows {
		name := r.Fit.Model.Kind().Title()
		if i == c.Best {
			name += " *"
		}
		row := []string{name, ParamText(r.Fit.Model), fmt.Sprintf("%.2f", r.Fit.LogLik),
			strconv.Itoa(len(r.Fit.Model.Params())), fmt.Sprintf("%.2f", r.AIC), fmt.Sprintf("%.2f", r.BIC)}
		if hold {
			if h := r.Holdout; h != nil {
				mape := fixed(h.TrackingMAPE, 2)
				if mape != "" {
					mape += "%"
				}
				row = append(row, fmt.Sprintf("%.4f", h.MAE), fmt.Sprintf("%.4f", h.RMSE), mape)
			} else {
				row = append(row, "", "", "")
			}
		}
		conv := l.T("NO")
		if r.Fit.Converged {
			conv = l.Tf("yes (%d iterations)", r.Fit.Iterations)
		}
		if err := t.Append(append(row, conv)); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	io.WriteString(w, "\n"+l.Tf("Best fit (*): the lowest BIC = k·ln n − 2·log-likelihood among the fits that converged, n = %d customers", c.Customers))
	if c.Best < 0 {
		_, err := io.WriteString(w, l.T(": none converged")+"\n")
		return err
	}
	io.WriteString(w, l.Tf(": %s.\n", c.Rows[c.Best].Fit.Model.Kind().Title()))
	if hold {
		io.WriteString(w, l.Tf("Holdout to %s: MAE and RMSE of each customer's holdout purchases against the forecast; tracking MAPE: the mean absolute percentage error of the cumulative repeat purchases, period by period through the holdout.\n", c.HoldoutEnd))
	}
	for _, r := range c.Rows {
		if r.Err != nil {
			fmt.Fprintf(w, "%s%s%s\n", r.Fit.Model.Kind().Title(), TC(l, "label", ": "), l.Error(r.Err))
		}
	}
	return nil
}

// jsonObject is a JSON object that keeps its keys in order.
type jsonObject []jsonField

type jsonField struct {
	key   string
	value any
}

func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonNum maps values JSON cannot hold to 0 (the converged flag is false
// whenever one occurs).
func jsonNum(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// modelJSON is a fit as a JSON object: its parameters, log-likelihood and
// convergence.
func modelJSON(f clv.ModelFit) jsonObject {
	var o jsonObject
	for _, p := range f.Model.Params() {
		o = append(o, jsonField{p.Name, jsonNum(p.Value)})
	}
	return append(o, jsonField{"loglik", jsonNum(f.LogLik)}, jsonField{"converged", f.Converged})
}

// JSONKey is the key of a purchase model in rfm clv's JSON: its name with
// underscores ("bgnbd", "pareto_nbd").
func JSONKey(k clv.ModelKind) string { return strings.ReplaceAll(string(k), "-", "_") }

// WriteCLVJSON writes the fit of c as rfm clv --json prints it: the
// purchase model under its JSONKey, Gamma-Gamma, the number of customers
// and, with a comparison, every model's fit, criteria and holdout errors.
func WriteCLVJSON(w io.Writer, c *CLV) error {
	g := c.GG
	doc := jsonObject{
		{JSONKey(c.Model.Model.Kind()), modelJSON(c.Model)},
		{"gamma_gamma", jsonObject{{"p", jsonNum(g.Params.P)}, {"q", jsonNum(g.Params.Q)}, {"gamma", jsonNum(g.Params.Gamma)},
			{"loglik", jsonNum(g.LogLik)}, {"converged", g.Converged}}},
		{"customers", len(c.Sums)},
	}
	if cmp := c.Comparison; cmp != nil {
		var rows []jsonObject
		for _, r := range cmp.Rows {
			o := jsonObject{{"model", string(r.Fit.Model.Kind())}}
			o = append(o, modelJSON(r.Fit)...)
			o = append(o, jsonField{"k", len(r.Fit.Model.Params())}, jsonField{"aic", jsonNum(r.AIC)}, jsonField{"bic", jsonNum(r.BIC)})
			if h := r.Holdout; h != nil {
				o = append(o, jsonField{"holdout_mae", jsonNum(h.MAE)}, jsonField{"holdout_rmse", jsonNum(h.RMSE)},
					jsonField{"tracking_mape", jsonNum(h.TrackingMAPE)})
			}
			rows = append(rows, o)
		}
		best := ""
		if cmp.Best >= 0 {
			best = string(cmp.Rows[cmp.Best].Fit.Model.Kind())
		}
		doc = append(doc, jsonField{"comparison", rows}, jsonField{"best_by_bic", best})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
