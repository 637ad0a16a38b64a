package main

import (
	"os"
	"strconv"
	"time"
)

// runTime is the time of the run that workbooks record as their created
// and modified times: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when it
// is set, so that a rebuild gives the same file, else the clock.
func runTime() time.Time {
	if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now().UTC()
}
