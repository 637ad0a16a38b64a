package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// The words of the package's messages in the interface language: the
// values that are message arguments know their text (i18n.Localizer), and
// the texts the command prints as they are (warnings, the encoding, the
// date forms, a rejected row's reason) have a variant in a language. The
// translations are in the catalog (rfm/i18n/zh_ingest.go); English is the
// text as String, Error and Warnings write it.

// Localize names the role in l: "customer", 客户ID.
func (r Role) Localize(l i18n.Lang) string {
	if r == RoleCustomer && l != i18n.EN {
		return l.T("customer id")
	}
	return l.T(roleNames[r])
}

// Localize names the metric in l: "frequency", 购买次数.
func (m Metric) Localize(l i18n.Lang) string { return l.T(metricNames[m]) }

// Localize names the date form in l.
func (f DateForm) Localize(l i18n.Lang) string { return l.T(formNames[f]) }

// Localize returns the message in l: the reason, translated.
func (e *RecordError) Localize(l i18n.Lang) string { return LocalReason(e.Reason, l) }

// byteSize is a size for a message: "12 bytes", "3.5 MiB", "1.0 GiB".
type byteSize uint64

func (n byteSize) String() string { return n.Localize(i18n.EN) }

// Localize writes the size in l.
func (n byteSize) Localize(l i18n.Lang) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return l.Tf("%d bytes", uint64(n))
}

// headerList is a header row for a message, as HeaderList writes it.
type headerList []string

func (h headerList) String() string { return HeaderList(h) }

// Localize writes the list in l.
func (h headerList) Localize(l i18n.Lang) string { return headerListIn(h, l) }

// wordList joins words, each a string or a Localizer, as a sentence does:
// "a, b or c" in English, "a、b或c" in Chinese; and says "or" or "and".
type wordList struct {
	words []any
	and   bool
}

func (w wordList) String() string { return w.Localize(i18n.EN) }

// Localize writes the list in l.
func (w wordList) Localize(l i18n.Lang) string {
	s := make([]string, len(w.words))
	for i, x := range w.words {
		if lz, ok := x.(i18n.Localizer); ok {
			s[i] = lz.Localize(l)
		} else {
			s[i] = fmt.Sprint(x)
		}
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	last := len(s) - 1
	head := strings.Join(s[:last], l.Pick("、", ", "))
	if w.and {
		return l.Tf("%s and %s", head, s[last])
	}
	return l.Tf("%s or %s", head, s[last])
}

// xmlError returns a syntax error of package encoding/xml as an error that
// is written in a language too; any other error as it is.
func xmlError(err error) error {
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	return syntaxError{se}
}

type syntaxError struct{ *xml.SyntaxError }

func (e syntaxError) Unwrap() error { return e.SyntaxError }

// Localize returns the message in l; the parser's own words are translated
// when the catalog has them.
func (e syntaxError) Localize(l i18n.Lang) string {
	if l == i18n.EN {
		return e.Error()
	}
	return l.Tf("XML syntax error on line %d: %s", e.Line, i18n.Text(e.Msg))
}

// ReasonError returns a rejected row's reason (Reject.Reason) as an error:
// its text is the reason as the rejects file writes it, and it is written in
// another language as LocalReason writes it.
func ReasonError(reason string) error { return reasonError(reason) }

type reasonError string

func (e reasonError) Error() string { return string(e) }

// Localize returns the reason in l.
func (e reasonError) Localize(l i18n.Lang) string { return LocalReason(string(e), l) }

// LocalReason writes a rejected row's reason (Reject.Reason, "bad date:
// \"2024-13-01\"") in l: its kind, the words before the first ": ", and the
// words of its detail translated; quoted values stay as they are.
func LocalReason(reason string, l i18n.Lang) string {
	if l == i18n.EN {
		return reason
	}
	kind, detail, ok := strings.Cut(reason, ": ")
	if !ok {
		return l.T(reason)
	}
	return l.T(kind) + l.Pick("：", ": ") + localDetail(kind, detail, l)
}

// localDetail translates the words of a reason's detail.
func localDetail(kind, d string, l i18n.Lang) string {
	switch kind {
	case reasonWidth:
		var n, want int
		if k, _ := fmt.Sscanf(d, "%d, want %d", &n, &want); k == 2 && d == fmt.Sprintf("%d, want %d", n, want) {
			return l.Tf("%d, want %d", n, want)
		}
	case "text after a closing quote":
		var f int
		if k, _ := fmt.Sscanf(d, "field %d", &f); k == 1 && d == fmt.Sprintf("field %d", f) {
			return l.Tf("field %d", f)
		}
	case "formula without a cached value":
		if cell, ok := strings.CutSuffix(d, "; open the file in Excel and save it again, or export CSV"); ok {
			if cell, ok := strings.CutPrefix(cell, "cell "); ok {
				return l.Tf("cell %s; open the file in Excel and save it again, or export CSV", cell)
			}
		}
	}
	if v, ok := strings.CutSuffix(d, " (want a whole number ≥ 0)"); ok {
		return l.Tf("%s (want a whole number ≥ 0)", v)
	}
	if i := strings.LastIndex(d, " (first on line "); i >= 0 {
		var n int
		if k, _ := fmt.Sscanf(d[i:], " (first on line %d)", &n); k == 1 && d[i:] == fmt.Sprintf(" (first on line %d)", n) {
			return l.Tf("%s (first on line %d)", d[:i], n)
		}
	}
	return d
}

// EncodingText is the table's encoding as Table.Encoding says it, in l:
// "gb18030 (detected), CR line ends".
func (t *Table) EncodingText(l i18n.Lang) string {
	if l == i18n.EN {
		return t.Encoding
	}
	s := t.Encoding
	for _, w := range []string{" (detected)", " (BOM)", ", CR line ends"} {
		s = strings.Replace(s, w, l.T(w), 1)
	}
	return s
}

// DateFormatIn is DateFormat in l.
func (r *Report) DateFormatIn(l i18n.Lang) string {
	type fc struct {
		f DateForm
		n int
	}
	var seen []fc
	for f, n := range r.DateForms {
		if n > 0 {
			seen = append(seen, fc{DateForm(f), n})
		}
	}
	slices.SortStableFunc(seen, func(a, b fc) int { return b.n - a.n })
	var parts []string
	for _, s := range seen {
		parts = append(parts, s.f.Localize(l))
	}
	if len(parts) == 0 {
		return l.T("none")
	}
	return strings.Join(parts, l.Pick("，", ", "))
}

// WarningsIn is Warnings in l.
func (r *Report) WarningsIn(today rfm.Date, l i18n.Lang) []string {
	// place picks the text that names a CSV line or a sheet row.
	place := func(line, row string) string {
		if r.Table != nil && r.Table.Format == "xlsx" {
			return row
		}
		return line
	}
	var out []string
	switch {
	case r.Read == 0:
		out = append(out, l.T("no data rows: the file has a header and nothing else"))
	case r.Used == 0:
		msg := l.Tf("no row was used: of %d rows read, %d rejected, %d filtered, %d after the as-of date",
			r.Read, r.Rejected, r.Filtered, r.AfterAsOf)
		if r.Duplicates > 0 {
			msg += l.Tf(", %d duplicates", r.Duplicates)
		}
		switch {
		case r.Rejected > 0 && r.RejectsWritten:
			msg += l.T("; the rejects file lists the rejected rows with their reasons")
		case r.Rejected > 0:
			msg += l.T("; --rejects FILE writes the rejected rows with their reasons")
		}
		out = append(out, msg)
	}
	if t := r.Table; t != nil {
		if w := t.BadText.WarningIn(t.Name, t.Encoding, l); w != "" {
			out = append(out, w)
		}
	}
	if n := r.Reasons[reasonWidth]; n > 0 && 2*n > r.Read {
		d := l.T("the delimiter")
		if r.Table != nil && r.Table.Format == "csv" {
			d = l.Tf("the delimiter (%s here; --delimiter sets it)", quoteDelimiter(r.Table.DelimiterName()))
		}
		out = append(out, l.Tf("%d of %d rows have a different number of fields than the header: check %s and quotes in the data", n, r.Read, d))
	}
	switch n := r.Reasons[reasonQuotes]; {
	case n == 1:
		out = append(out, l.T(place("1 line opens a quote that does not close: it was rejected and the lines after it read again",
			"1 row opens a quote that does not close: it was rejected and the rows after it read again")))
	case n > 1:
		out = append(out, l.Tf(place("%d lines open a quote that does not close: each was rejected and the lines after it read again",
			"%d rows open a quote that does not close: each was rejected and the rows after it read again"), n))
	}
	if e := r.Earliest; e.Date != rfm.NoDate && e.Date < rfm.DateOf(1900, 1, 1) {
		out = append(out, l.Tf(place("the earliest date, %s on line %d, is before 1900: check the date column",
			"the earliest date, %s on row %d, is before 1900: check the date column"), e.Date, e.Line))
	}
	if d := r.Latest; d.Date != rfm.NoDate && today != rfm.NoDate && d.Date > today+1 {
		out = append(out, l.Tf(place("the latest date, %s on line %d, is after today: check the date column (recency counts from the day after the latest date unless --as-of says otherwise)",
			"the latest date, %s on row %d, is after today: check the date column (recency counts from the day after the latest date unless --as-of says otherwise)"),
			d.Date, d.Line))
	}
	return out
}

// WarningIn is Warning in l.
func (b *BadText) WarningIn(file, encoding string, l i18n.Lang) string {
	if l == i18n.EN || b == nil || b.Invalid+b.NUL == 0 {
		return b.Warning(file, encoding)
	}
	enc := strings.TrimSuffix(strings.SplitN(encoding, ",", 2)[0], " (detected)")
	enc = strings.ToUpper(strings.TrimSuffix(enc, " (BOM)"))
	var what []string
	if b.Invalid > 0 {
		what = append(what, l.Tf("%d bytes that are not %s", b.Invalid, enc))
	}
	if b.NUL > 0 {
		what = append(what, l.Tf("%d NUL bytes", b.NUL))
	}
	lines := make([]string, len(b.First))
	for i, n := range b.First {
		lines[i] = fmt.Sprint(n)
	}
	where := l.Tf("lines %s", strings.Join(lines, "、"))
	if b.Lines > len(b.First) {
		where = l.Tf("lines %s and %d more", strings.Join(lines, "、"), b.Lines-len(b.First))
	}
	words := wordList{and: true}
	for _, w := range what {
		words.words = append(words.words, w)
	}
	if b.Invalid > 0 {
		return l.Tf("%s: %s became U+FFFD, on %s (the rows are kept; if the file is in another encoding, give --encoding)", file, words, where)
	}
	return l.Tf("%s: %s became U+FFFD, on %s (the rows are kept)", file, words, where)
}

// headerListIn is HeaderList in l.
func headerListIn(header []string, l i18n.Lang) string {
	s := HeaderList(header)
	if l == i18n.EN || len(header) <= maxListHeaders {
		return s
	}
	more := fmt.Sprintf(", … %d more", len(header)-maxListHeaders)
	return strings.TrimSuffix(s, more) + l.Tf(", … %d more", len(header)-maxListHeaders)
}
