package ingest

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// The number side of the XLSX reader: the workbook's number formats, which
// of them show dates and times, and the text of a numeric cell as Excel
// shows it — a rounded decimal, or an Excel serial date-time (1900 or 1904
// system) as YYYY-MM-DD HH:MM:SS.

// numKind says how a number in a given cell format reads.
type numKind uint8

const (
	kindNumber numKind = iota
	kindDate           // a date, perhaps with a time
	kindTime           // a time of day only
)

type xmlStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Xfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

func (wb *workbook) loadStyles() error {
	if wb.stylesP == nil {
		return nil
	}
	b, err := readPart(wb.stylesP, maxXLSXPart)
	if err != nil {
		return err
	}
	var x xmlStyles
	if err := xml.Unmarshal(b, &x); err != nil {
		return i18n.Errorf("%s: %w", wb.stylesP.Name, err)
	}
	custom := map[int]numKind{}
	for _, f := range x.NumFmts {
		custom[f.ID] = formatKind(f.Code)
	}
	wb.styles = make([]numKind, len(x.Xfs))
	for i, xf := range x.Xfs {
		if k, ok := custom[xf.NumFmtID]; ok {
			wb.styles[i] = k
		} else {
			wb.styles[i] = builtinKind(xf.NumFmtID)
		}
	}
	return nil
}

// builtinKind classifies Excel's built-in number formats: 14–17 and 22 are
// dates, 18–21, 45 and 47 times; 27–36 and 50–58 are the East Asian date and
// time formats (32–35, 55 and 56 are times). 46 ([h]:mm:ss) is a duration,
// read as a number.
func builtinKind(id int) numKind {
	switch {
	case id >= 14 && id <= 17, id == 22:
		return kindDate
	case id >= 18 && id <= 21, id == 45, id == 47:
		return kindTime
	case id >= 32 && id <= 35, id == 55, id == 56:
		return kindTime
	case id >= 27 && id <= 36, id >= 50 && id <= 58:
		return kindDate
	}
	return kindNumber
}

// formatKind classifies a custom number format code by the date and time
// tokens in its first section: y, d and m for month make a date; h, s and m
// for minutes a time. Quoted text, escapes, [colours], [$-locales] and AM/PM
// are not tokens; a format of elapsed time ([h]:mm) is a duration, a number.
func formatKind(code string) numKind {
	var toks []byte
	elapsed := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch c {
		case ';':
			i = len(code)
			continue
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				i = len(code)
			} else {
				i += j + 1
			}
			continue
		case '\\', '_', '*':
			i++
			continue
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			in := strings.ToLower(code[i+1 : i+1+j])
			if in != "" && strings.Trim(in, "hms") == "" {
				elapsed = true
			}
			i += j + 1
			continue
		}
		lc := c | 0x20
		if lc == 'a' && (strings.HasPrefix(strings.ToLower(code[i:]), "am/pm") || strings.HasPrefix(strings.ToLower(code[i:]), "a/p")) {
			if strings.HasPrefix(strings.ToLower(code[i:]), "am/pm") {
				i += 4
			} else {
				i += 2
			}
			continue
		}
		switch lc {
		case 'y', 'd', 'm', 'h', 's':
			if len(toks) == 0 || toks[len(toks)-1] != lc {
				toks = append(toks, lc)
			}
		}
	}
	date, clock := false, false
	for i, t := range toks {
		switch t {
		case 'y', 'd':
			date = true
		case 'h', 's':
			clock = true
		case 'm':
			// Minutes follow hours or precede seconds; otherwise a month.
			if (i > 0 && toks[i-1] == 'h') || (i+1 < len(toks) && toks[i+1] == 's') {
				clock = true
			} else {
				date = true
			}
		}
	}
	switch {
	case date:
		return kindDate
	case clock && !elapsed:
		return kindTime
	}
	return kindNumber
}

// appendNumber appends the text of a numeric cell: a date or time for date
// and time formats, else the shortest decimal of the value rounded to 15
// significant digits. Text that is not a number as Excel writes one
// (xsdNumber) is appended as it is, for the column's parser to reject.
func appendNumber(dst, v []byte, kind numKind, date1904 bool) []byte {
	if kind == kindNumber && canonicalDecimal(v) {
		return append(dst, v...)
	}
	if !xsdNumber(v) {
		return append(dst, v...)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, v...)
	}
	if kind != kindNumber {
		if out, ok := appendSerial(dst, f, kind, date1904); ok {
			return out
		}
	}
	return appendRounded(dst, f)
}

// appendRounded appends f rounded to 15 significant digits, as Excel shows
// it, in its shortest plain decimal form.
func appendRounded(dst []byte, f float64) []byte {
	var tmp [32]byte
	r, _ := strconv.ParseFloat(string(strconv.AppendFloat(tmp[:0], f, 'e', 14, 64)), 64)
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.AppendFloat(dst, r, 'f', -1, 64)
}

// canonicalDecimal reports whether v is already what appendRounded would
// write: an optional '-', no needless zeros, at most 15 significant digits.
func canonicalDecimal(v []byte) bool {
	i := 0
	if len(v) > 0 && v[0] == '-' {
		i = 1
	}
	if i == len(v) {
		return false
	}
	sig, lead := 0, true
	if v[i] == '0' {
		if i+1 == len(v) {
			return i == 0 // "0", not "-0"
		}
		if v[i+1] != '.' {
			return false
		}
		i++
	} else {
		for ; i < len(v) && isDigit(v[i]); i++ {
			sig++
			lead = false
		}
		if sig == 0 {
			return false // ".5" is written "0.5"
		}
		if i == len(v) {
			return sig <= 15
		}
		if v[i] != '.' {
			return false
		}
	}
	// v[i] == '.'
	i++
	if i == len(v) || v[len(v)-1] == '0' {
		return false
	}
	for ; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
		if lead && v[i] == '0' {
			continue
		}
		lead = false
		sig++
	}
	return sig <= 15
}

// xsdNumber reports whether v is a number in the lexical form of XML
// Schema's decimal and double, the form of a numeric cell's value: an
// optional sign, digits with an optional fraction (".5" and "5." too), an
// optional exponent. strconv.ParseFloat reads more — hexadecimal, digit
// separators ("1_000"), Inf and NaN — none of which a spreadsheet writes.
func xsdNumber(v []byte) bool {
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(v) && isDigit(v[i]); i++ {
		digits++
	}
	if i < len(v) && v[i] == '.' {
		for i++; i < len(v) && isDigit(v[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		e := i
		for i < len(v) && isDigit(v[i]) {
			i++
		}
		if i == e {
			return false
		}
	}
	return i == len(v)
}

const msPerDay = 86400000

var (
	excelEpoch1900 = rfm.DateOf(1899, 12, 30)
	excelEpoch1904 = rfm.DateOf(1904, 1, 1)
)

// appendSerial appends an Excel serial date-time as YYYY-MM-DD HH:MM:SS[.mmm]
// (kindDate) or HH:MM:SS[.mmm] (kindTime), rounded to the millisecond. In the
// 1900 system serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's
// leap-year bug, kept by Excel), and serial 0 is 1900-01-00; both are written
// as Excel shows them, so that they fail as dates. Negative serials and
// serials past 9999-12-31 are not dates.
func appendSerial(dst []byte, f float64, kind numKind, date1904 bool) ([]byte, bool) {
	if f < 0 || f >= 2958466 {
		return dst, false
	}
	ms := int64(math.Round(f * msPerDay))
	days, t := ms/msPerDay, ms%msPerDay
	if kind == kindDate {
		switch {
		case date1904:
			d := excelEpoch1904 + rfm.Date(days)
			if y, _, _ := d.Civil(); y > 9999 {
				return dst, false
			}
			dst = d.AppendTo(dst)
		case days == 0:
			dst = append(dst, "1900-01-00"...)
		case days == 60:
			dst = append(dst, "1900-02-29"...)
		case days < 60:
			dst = (excelEpoch1900 + rfm.Date(days+1)).AppendTo(dst)
		default:
			d := excelEpoch1900 + rfm.Date(days)
			if y, _, _ := d.Civil(); y > 9999 {
				return dst, false
			}
			dst = d.AppendTo(dst)
		}
		dst = append(dst, ' ')
	}
	sec := t / 1000
	dst = append(dst, byte('0'+sec/36000), byte('0'+sec/3600%10), ':',
		byte('0'+sec/600%6), byte('0'+sec/60%10), ':',
		byte('0'+sec%60/10), byte('0'+sec%10))
	if milli := t % 1000; milli != 0 {
		dst = append(dst, '.', byte('0'+milli/100), byte('0'+milli/10%10), byte('0'+milli%10))
	}
	return dst, true
}
