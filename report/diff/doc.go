// Package diff compares two runs of rfm score: it reads the customer files
// back (CSV, or a workbook's customer sheets, as rfm score wrote them),
// matches customers by id and classes by name in either language, and
// writes what moved — the migration matrix of classes, one move per
// customer, the lifecycle stage transitions — as CSV, a workbook or a
// terminal summary.
//
// It builds on package report, which writes one run: its customer columns,
// formula guard, settings sidecar and workbook styles. Package report does
// not import diff.
package diff
