package report

import (
	"fmt"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// tooLong reports whether s does not fit an Excel cell.
func tooLong(s string) bool {
	return len(s) > maxCellChars && utf8.RuneCountInString(s) > maxCellChars
}

// cellLimitError says which text does not fit a cell. A workbook is refused
// rather than written with the text cut: two ids that differ only past the
// limit would be one customer when the workbook is read back.
func cellLimitError(id, what, s string) error {
	short := []rune(id)
	if len(short) > 20 {
		short = append(short[:20], '…')
	}
	return i18n.Errorf("customer %q: %s has %d characters, over the %d an Excel cell holds; write CSV instead (-o FILE.csv), which holds text of any length",
		string(short), what, utf8.RuneCountInString(s), maxCellChars)
}

// checkCustomerCells refuses ids and kept values, and kept headers, that an
// Excel cell cannot hold.
func checkCustomerCells(kept []string, n int, row func(i int) (id string, vals []string)) error {
	for _, h := range kept {
		if tooLong(h) {
			return i18n.Errorf("a kept column's header has %d characters, over the %d an Excel cell holds; write CSV instead (-o FILE.csv)",
				utf8.RuneCountInString(h), maxCellChars)
		}
	}
	for i := range n {
		id, vals := row(i)
		if tooLong(id) {
			return cellLimitError(id, "the id", id)
		}
		for k, v := range vals {
			if tooLong(v) {
				return cellLimitError(id, fmt.Sprintf("the value of %q", kept[k]), v)
			}
		}
	}
	return nil
}
