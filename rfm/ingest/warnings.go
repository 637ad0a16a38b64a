package ingest

import (
	"fmt"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// Warnings says what in the accounting looks like a mistake in the input or
// the flags rather than in a few rows: no row used, most rows of the wrong
// width, quotes left open, dates before 1900 or after today. today is the
// caller's date (rfm.NoDate to skip that check), so that the result depends
// on nothing but its arguments.
func (r *Report) Warnings(today rfm.Date) []string { return r.WarningsIn(today, i18n.EN) }

// The reasons Warnings looks for, as counted in Report.Reasons.
const (
	reasonWidth  = "wrong number of fields"
	reasonQuotes = "unbalanced quotes"
)

// quoteDelimiter quotes a delimiter that is a character: ",", but tab.
func quoteDelimiter(name string) string {
	if len(name) == 1 {
		return fmt.Sprintf("%q", name)
	}
	return name
}
