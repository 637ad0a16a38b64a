package main

import (
	"context"
	"errors"
	"runtime/debug"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// scanned is an input read and turned into customers, whichever its kind.
type scanned struct {
	rep       *ingest.Report
	customers []rfm.Customer
	notScored map[rfm.NotScored]int
	// asOf is the as-of date: given, or the day after the latest date of
	// the input; rfm.NoDate for a customer table that gives recency days
	// only.
	asOf rfm.Date
	// customerLevel says the input was a customer table.
	customerLevel bool
	// agg holds the transactions' aggregates; nil for a customer table.
	agg *rfm.Aggregator
}

// scanInput reads a transaction export, or a customer table when opt allows
// one and the header says so, and returns its customers relative to asOf
// (rfm.NoDate: from the data).
func scanInput(ctx context.Context, s streams, quiet bool, input string, file ingest.File, opt ingest.Options,
	returns rfm.Returns, asOf rfm.Date, rule rfm.MonetaryRule) (*scanned, error) {
	agg, rep, err := scanShowing(ctx, s, quiet, input, file, opt, returns)
	if errors.Is(err, ingest.ErrCustomerLevel) {
		return scanCustomerTable(ctx, input, file, opt, asOf, rule)
	}
	if err != nil {
		return nil, err
	}
	sc := &scanned{rep: rep, asOf: asOf, agg: agg}
	if sc.asOf == rfm.NoDate {
		if m := agg.MaxDate(); m != rfm.NoDate {
			sc.asOf = m + 1
		}
	}
	// The read leaves freed memory that the runtime returns to the system
	// only slowly; return it now, before the customer records are laid out,
	// so that the peak is the live data rather than the two side by side.
	debug.FreeOSMemory()
	// No collection while the records are laid out: one that starts
	// at the records' allocation would read their fresh pages (mapping the
	// kernel's zero page) just before they are written, and every page
	// would then fault twice, the second time stopping the other cores to
	// flush their TLBs (a tenth of the run at a million customers).
	gc := debug.SetGCPercent(-1)
	sc.customers, sc.notScored = agg.Customers(sc.asOf, rule)
	debug.SetGCPercent(gc)
	return sc, nil
}

func scanCustomerTable(ctx context.Context, input string, file ingest.File, opt ingest.Options,
	asOf rfm.Date, rule rfm.MonetaryRule) (*scanned, error) {
	rows, rep, err := ingest.ScanCustomers(ctx, file, opt)
	if err != nil {
		return nil, renameStdin(err, input)
	}
	if input == "-" {
		rep.Table.Name = "-"
	}
	sc := &scanned{rep: rep, asOf: asOf, customerLevel: true}
	if sc.asOf == rfm.NoDate {
		if m := rfm.LatestPurchase(rows); m != rfm.NoDate {
			sc.asOf = m + 1
		}
	}
	sc.customers, sc.notScored = rfm.CustomersOf(rows, sc.asOf, rule)
	return sc, nil
}
