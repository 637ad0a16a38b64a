package main

import (
	"os"
	"strconv"
	"time"

	"github.com/rfmtool/rfm/rfm"
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
	return now().UTC()
}

// now reads the clock: the one place that does. The streams carry today's
// date to the commands that compare dates with it.
func now() time.Time { return time.Now() }

// localToday reads the clock: today's date where the run happens.
func localToday() rfm.Date {
	y, m, d := now().Date()
	return rfm.DateOf(y, int(m), d)
}
