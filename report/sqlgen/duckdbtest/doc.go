// Package duckdbtest runs the SQL of package sqlgen on embedded DuckDB and
// compares it with `rfm score`, customer by customer.
//
// It is a module of its own so that the DuckDB driver — cgo with a prebuilt
// static library of about 100 MB — stays out of the rfm module: `go test
// ./...` at the top does not build it. Run it with
//
//	cd report/sqlgen/duckdbtest && go test -mod=mod ./...
//
// (-mod=mod lets go.sum catch up when the rfm module's requirements change.)
// On a 2-core machine the first build takes about a minute (15 s to download
// the library, 40 s to compile and link); later runs take seconds.
package duckdbtest
