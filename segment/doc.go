// Package segment names customers' classes and tiers from their R, F and M
// scores.
//
// The default scheme, cn8, splits each dimension into high and low — with the
// mean method the score itself, otherwise high when the score is at least the
// mean (or, with SplitMedian, the median) of that score over the scored
// customers; a dimension where every customer has the same score is low for
// everyone — and names the eight R×F×M combinations, from 重要价值客户
// (important value, 111) to 一般挽留客户 (general win-back, 000). Range schemes,
// such as the rfgrid R×F grid or a scheme file, give inclusive score ranges
// per segment and the first matching segment wins; a customer that matches
// none is Other (其他, tier C). Parse reads a scheme file and checks it
// against the N×N×N grid of scores; Scheme.Coverage and Scheme.Warnings say
// which cells fall to Other and which rows can never match because earlier
// rows take all their cells.
//
// Scheme.Assign gives every customer its segment and tier. Tiers are A, B or C:
// from the segment (the zero Tiers) or, with Tiers.Pareto, from the
// customer's share of the total net spend.
package segment
