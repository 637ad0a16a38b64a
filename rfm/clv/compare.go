package clv

import (
	"math"

	"github.com/montanaflynn/stats"
)

// InformationCriteria returns Akaike's and Schwarz's criteria of a fit with
// log-likelihood ll, k parameters and n customers: AIC = 2k − 2·ll and
// BIC = k·ln n − 2·ll. Lower is better; BIC charges more per parameter
// once n > 7.
func InformationCriteria(ll float64, k, n int) (aic, bic float64) {
	return 2*float64(k) - 2*ll, float64(k)*math.Log(float64(n)) - 2*ll
}

// HoldoutError measures a forecast of the holdout period against what
// happened.
type HoldoutError struct {
	// MAE and RMSE are the mean absolute and root mean square error of the
	// per-customer holdout purchases: actual minus
	// ConditionalExpectedPurchases over the holdout.
	MAE, RMSE float64
	// TrackingMAPE is the mean absolute percentage error of the cohort's
	// cumulative repeat purchases (Track) over the holdout periods, in
	// percent.
	TrackingMAPE float64
}

// HoldoutErrors compares each customer's expected holdout purchases over
// length t under m with actual (by customer, from CountDays or
// CountPeriods), and the tracking rows after the calibration end with
// their predictions.
func HoldoutErrors(sums []Summary, actual map[string]int, m PurchaseModel, t float64, tracking []TrackingRow, calEnd int32) (HoldoutError, error) {
	var h HoldoutError
	res := make(stats.Float64Data, len(sums))
	abs := make(stats.Float64Data, len(sums))
	for i, s := range sums {
		res[i] = float64(actual[s.Customer]) - m.ConditionalExpectedPurchases(t, s.X, s.Tx, s.T)
		abs[i] = math.Abs(res[i])
	}
	var err error
	if h.MAE, err = stats.Mean(abs); err != nil {
		return h, err
	}
	if h.RMSE, err = stats.RMS(res); err != nil {
		return h, err
	}
	var pct stats.Float64Data
	for _, r := range tracking {
		if r.End > calEnd && r.Actual > 0 {
			pct = append(pct, 100*math.Abs(r.Predicted-r.Actual)/r.Actual)
		}
	}
	h.TrackingMAPE = math.NaN()
	if len(pct) > 0 {
		h.TrackingMAPE, _ = stats.Mean(pct)
	}
	return h, nil
}

// BestByBIC returns the index of the lowest BIC among the fits that
// converged, or −1 when none did.
func BestByBIC(bic []float64, converged []bool) int {
	best := -1
	for i, v := range bic {
		if converged[i] && !math.IsNaN(v) && (best < 0 || v < bic[best]) {
			best = i
		}
	}
	return best
}
