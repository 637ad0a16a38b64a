// Package sqlgen writes one SQL statement that computes, inside a database,
// the customer table that `rfm score` writes: the same rows, columns and
// bytes, for PostgreSQL, DuckDB, BigQuery and Spark SQL.
//
// The statement is a SELECT with commented common table expressions, in the
// order of the pipeline: input rows → used rows → as-of date → per-customer
// metrics → scores → high/low classes → segments and tiers → SPEC §6's
// columns. Every number is exact, as in package rfm: amounts are read as exact
// decimals, sums are rounded half away from zero to cents and then counted in
// whole cents, and the type-7 quantile cut points are interpolated between
// the order statistics picked with ROW_NUMBER, then compared by
// cross-multiplying integers (N·v > N·x_j + rem·(x_{j+1} − x_j)); no engine's
// floating-point percentile function is used. The segment scheme comes in as
// data (a segment.Scheme), so a scheme read from a file works like cn8 and
// rfgrid.
package sqlgen
