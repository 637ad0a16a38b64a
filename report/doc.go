// Package report writes a scored run — the customer CSV of SPEC §6, the
// annotated workbook, per-segment exports, the terminal summary and the
// accounting — and compares two runs (diff). It also writes the lifetime
// value run of rfm clv (CLV) as CSV and as a workbook with the validation
// charts, and adds its columns to a scored run's outputs. Writers take an
// io.Writer and return the first error; only the command opens files.
package report
