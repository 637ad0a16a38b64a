// Package report writes a scored run — the customer CSV of SPEC §6, the
// annotated workbook, per-segment exports, the terminal summary and the
// accounting — and compares two runs (diff). Writers take an io.Writer and
// return the first error; only the command opens files.
package report
