// Package rfm aggregates transactions into per-customer recency, frequency and
// monetary value and scores them, exactly as the project's SPEC defines.
//
// The pipeline is read → aggregate → score → segment → write; this package is
// the middle of it and imports nothing but the standard library, so a run is
// reproducible: the as-of date comes in as a value, never from the clock.
//
// Arithmetic is exact. Amounts are decimals held as integer millionths of the
// currency unit (with an exact rational fallback for anything finer or larger),
// sums are rounded to cents half away from zero once, at the end, and every
// cut point, mean and share is compared with integer cross-multiplication.
//
// Scoring methods, over the scored customers only (equal values always get
// equal scores):
//
//   - Quantile (default): cut points q_k = the k/N quantile, Hyndman–Fan type 7,
//     k = 1…N−1. Frequency and monetary score 1 + #{k : v > q_k}; recency
//     scores N − #{k : v > q_k}, so fewer days score higher.
//   - Rank: p = average rank (ties share it) ÷ count; score = ⌈p·N⌉, recency
//     ranked on −recency.
//   - Thresholds: the quantile rule with cut points given by the user.
//   - Mean: the classic two-level split; r = 1 when recency < mean, f and m = 1
//     when the value > mean, else 0.
package rfm
