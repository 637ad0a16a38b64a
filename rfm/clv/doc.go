// Package clv forecasts what each customer will buy and be worth, and flags
// valuable customers who are likely lost, with a model of the purchase
// process — BG/NBD, Pareto/NBD, MBG/NBD or the discrete-time BG/BB, all
// behind PurchaseModel — and the Gamma-Gamma model of spend per purchase.
//
// Like the rfm package it is pure: it takes used transaction rows and
// dates as values, and imports only the standard library, gonum and
// montanaflynn/stats (for the holdout error measures).
//
// # Summaries
//
// The models take their own per-customer summary (SPEC §7, as in the papers
// and in lifetimes), not RFM's recency, frequency and monetary value:
//
//   - Rows dated after the calibration end are left out (the end day
//     counts). A row with amount ≥ 0 is a purchase occasion — zero-amount
//     rows count, as in the CDNOW data the BG/NBD paper fits; rows with
//     amount < 0 are left out.
//   - A customer's purchase days are the distinct calendar days with a
//     purchase occasion: x = days − 1 (repeat purchases), t_x = last day −
//     first day, T = calibration end − first day, in units of 7 days
//     (Week) or 1 day (Day).
//   - Spend: the amounts of a day add up; m̄ is the mean of the day totals
//     over the repeat days (every purchase day but the first). The
//     Gamma-Gamma model is fitted on customers with x > 0 and m̄ > 0.
//
// So where RFM counts orders and sums money over the whole history, x
// counts purchase days after the first, and m̄ leaves the first day out.
// All of it is float64: it feeds a numerical fit.
//
// # Fitting
//
// FitBGNBD and FitGammaGamma maximise the likelihood of Fader, Hardie & Lee
// (2005) and of Fader & Hardie (2013) over the logarithms of the
// parameters, which keeps them positive without constraints, with gonum's
// BFGS and analytic gradients. BFGS rather than Nelder-Mead: with exact
// gradients a quasi-Newton method converges in about thirty passes over the
// data where the simplex method needs hundreds, and the gradient tells
// whether the result is an optimum at all. The objective is lifetimes': the
// mean negative log-likelihood per customer plus an optional L2 penalty
// Penalizer·Σθ², starting from all parameters 1 and, for BG/NBD, with time
// rescaled so that the largest T is 10; with no penalty the estimates are
// the plain maximum-likelihood ones.
//
// BG/NBD groups customers with the same (x, t_x, T) and computes the
// logarithms of α + T and α + t_x once per distinct value, so a fit costs
// little more than one pass over the distinct histories: a million
// customers fit in well under a second. Gamma-Gamma computes the gamma
// functions once per distinct x and one logarithm per customer.
//
// A fit has converged when the gradient at the result is near zero, every
// parameter is finite and within e^±18, and the likelihood is curved in
// every direction (the Hessian, by differences of the gradient, is
// positive definite). Otherwise the fit is returned with Converged false
// and a *ConvergenceError that names the problem and what to try: a small
// penalizer, a longer calibration period, another unit.
//
// # Predictions
//
// BGNBD gives E[X(t)] (ExpectedPurchases), E[Y(t) | x, t_x, T]
// (ConditionalExpectedPurchases) and P(alive) (PAlive); GammaGamma gives
// the expected spend per purchase (ConditionalExpectedSpend). Predict
// combines them into the lifetime value over a horizon H, in units:
//
//	CLV = Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)]) · spend · margin / (1 + d)^k
//
// with tₖ = k·period up to H (a last, shorter period is discounted at the
// fractional exponent H/period), as lifetimes' customer_lifetime_value
// does with months. A customer is flagged at churn risk when their past
// value (spend over the calibration period) is at least ChurnRule.MinValue
// and P(alive) is below ChurnRule.MaxPAlive. BG/NBD gives P(alive) = 1 to
// customers without a repeat purchase, so they are never flagged.
//
// The hypergeometric function ₂F₁ in the expectations is summed as a
// series, on the form that converges fastest, with checks for lost digits;
// near the parameters' removable singularities (a = 1, a + b + x = 1) the
// expectations are the mean of the values either side. Far outside the
// ranges fitted models live in the result is NaN, never a wrong number.
//
// # Other purchase models
//
// ParetoNBD (Schmittlein, Morrison & Colombo 1987) lets customers die at
// any time rather than only after a purchase; its likelihood follows Fader
// & Hardie's note on the model, with the argument of ₂F₁ in [0, 1) for
// α ≥ β and for α < β. MBGNBD (Batislam, Denizel & Filiztekin 2007) lets
// them die right after the first purchase too. Both fit on the summaries
// of Summarize with FitBGNBD's setup, the gradient by central differences.
// BGBB (Fader, Hardie & Shang 2010) counts periods: SummarizePeriods cuts
// time into unit-long periods ending on the calibration end, the first
// purchase period is the birth, and x counts the later periods with a
// purchase among the n up to the calibration end.
//
// InformationCriteria, HoldoutErrors and BestByBIC compare fitted models;
// Bootstrap gives per-customer intervals from refits to customers drawn
// with replacement.
//
// # Holdout validation
//
// CountDays, CompareByFrequency and Track reproduce the paper's validation:
// actual against predicted holdout purchases by calibration frequency, and
// the cohort's cumulative repeat purchases period by period.
//
// References:
//
//   - Fader, Hardie & Lee (2005), "Counting Your Customers" the Easy Way: An
//     Alternative to the Pareto/NBD Model. Marketing Science 24(2).
//   - Fader & Hardie (2013), The Gamma-Gamma Model of Monetary Value.
//     http://brucehardie.com/notes/025/
//   - Hardie's notes 004 (the BG/NBD likelihood) and 021 (P(alive)).
package clv
