// Package report writes a scored run — the customer CSV of SPEC §6, the
// annotated workbook, per-segment exports, the terminal summary and the
// accounting — and the settings sidecar that rfm diff reads back. It also
// writes the lifetime value run of rfm clv (CLV) as CSV and as a workbook
// with the validation charts, and adds its columns to a scored run's
// outputs. Writers take an io.Writer and return the first error; only the
// command opens files.
//
// Comparing two runs is package report/diff, which builds on this one: the
// customer columns, the formula guard, the settings and the workbook styles
// (Book). This package does not import it.
package report
