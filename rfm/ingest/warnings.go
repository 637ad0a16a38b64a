package ingest

import (
	"fmt"

	"github.com/rfmtool/rfm/rfm"
)

// Warnings says what in the accounting looks like a mistake in the input or
// the flags rather than in a few rows: no row used, most rows of the wrong
// width, quotes left open, dates before 1900 or after today. today is the
// caller's date (rfm.NoDate to skip that check), so that the result depends
// on nothing but its arguments.
func (r *Report) Warnings(today rfm.Date) []string {
	var out []string
	place := "line"
	if r.Table != nil && r.Table.Format == "xlsx" {
		place = "row"
	}
	switch {
	case r.Read == 0:
		out = append(out, "no data rows: the file has a header and nothing else")
	case r.Used == 0:
		msg := fmt.Sprintf("no row was used: of %d rows read, %d rejected, %d filtered, %d after the as-of date",
			r.Read, r.Rejected, r.Filtered, r.AfterAsOf)
		if r.Duplicates > 0 {
			msg += fmt.Sprintf(", %d duplicates", r.Duplicates)
		}
		switch {
		case r.Rejected > 0 && r.RejectsWritten:
			msg += "; the rejects file lists the rejected rows with their reasons"
		case r.Rejected > 0:
			msg += "; --rejects FILE writes the rejected rows with their reasons"
		}
		out = append(out, msg)
	}
	if t := r.Table; t != nil {
		if w := t.BadText.Warning(t.Name, t.Encoding); w != "" {
			out = append(out, w)
		}
	}
	if n := r.Reasons[reasonWidth]; n > 0 && 2*n > r.Read {
		d := "the delimiter"
		if r.Table != nil && r.Table.Format == "csv" {
			d = fmt.Sprintf("the delimiter (%s here; --delimiter sets it)", quoteDelimiter(r.Table.DelimiterName()))
		}
		out = append(out, fmt.Sprintf("%d of %d rows have a different number of fields than the header: check %s and quotes in the data", n, r.Read, d))
	}
	switch n := r.Reasons[reasonQuotes]; {
	case n == 1:
		out = append(out, fmt.Sprintf("1 %s opens a quote that does not close: it was rejected and the %ss after it read again", place, place))
	case n > 1:
		out = append(out, fmt.Sprintf("%d %ss open a quote that does not close: each was rejected and the %ss after it read again", n, place, place))
	}
	if e := r.Earliest; e.Date != rfm.NoDate && e.Date < rfm.DateOf(1900, 1, 1) {
		out = append(out, fmt.Sprintf("the earliest date, %s on %s %d, is before 1900: check the date column", e.Date, place, e.Line))
	}
	if l := r.Latest; l.Date != rfm.NoDate && today != rfm.NoDate && l.Date > today+1 {
		out = append(out, fmt.Sprintf("the latest date, %s on %s %d, is after today: check the date column (recency counts from the day after the latest date unless --as-of says otherwise)",
			l.Date, place, l.Line))
	}
	return out
}

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
