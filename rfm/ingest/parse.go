package ingest

import (
	"math/big"
	"unicode"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// DateOrder says how a date written a/b/y is read.
type DateOrder int

// The date orders. Auto decides once per file: a first field over 12 anywhere
// means day/month, otherwise month/day.
const (
	OrderAuto DateOrder = iota
	OrderMDY
	OrderDMY
)

// DateForm is the shape a date was written in.
type DateForm int

// The date forms ParseDate recognises.
const (
	FormISO     DateForm = iota // 2006-01-02, 2006/1/2, 2006.1.2
	FormCompact                 // 20060102
	FormCJK                     // 2006年1月2日
	FormMDY                     // 1/2/2006 read month first
	FormDMY                     // 1/2/2006 read day first
	FormSerial                  // an Excel serial day number
	numForms
)

var formNames = [...]string{"YYYY-MM-DD", "YYYYMMDD", "YYYY年M月D日", "M/D/YYYY", "D/M/YYYY", "Excel date cell"}

func (f DateForm) String() string { return formNames[f] }

// Errors a date can fail with.
var (
	ErrDate      = i18n.New("not a date")
	ErrDateOrder = i18n.New("contradicts the file's day/month order")
	ErrAmount    = i18n.New("not an amount")
)

// ParseDate reads a date in any of the forms SPEC §1 lists, optionally followed
// by a time, and returns the calendar date as written (offsets are ignored).
// For a/b/y dates, order must be OrderMDY or OrderDMY (OrderAuto reads month
// first). dayFirst reports whether the date had the a/b/y shape with a first
// field over 12, the evidence for day/month order.
func ParseDate(s []byte, order DateOrder) (d rfm.Date, form DateForm, dayFirst bool, err error) {
	if d, ok := isoDate(s); ok {
		return d, FormISO, false, nil
	}
	s = trimSpace(s)
	var y, m, day, n int
	switch {
	case len(s) >= 8 && allDigits(s[:8]) && (len(s) == 8 || !isDigit(s[8])):
		y, m, day = num(s[0:4]), num(s[4:6]), num(s[6:8])
		form, n = FormCompact, 8
	default:
		a, la := digits(s, 0)
		if la == 0 || la > 4 || la == 3 || la >= len(s) {
			return 0, 0, false, ErrDate
		}
		sep := s[la]
		if la == 4 && (sep == '-' || sep == '/' || sep == '.' || sepCJK(s[la:], "年")) {
			// Year first.
			i := la + 1
			if sep >= 0x80 {
				i = la + len("年")
			}
			b, lb := digits(s, i)
			if lb == 0 || lb > 2 {
				return 0, 0, false, ErrDate
			}
			i += lb
			if sep >= 0x80 {
				if !sepCJK(s[i:], "月") {
					return 0, 0, false, ErrDate
				}
				i += len("月")
			} else if i >= len(s) || s[i] != sep {
				return 0, 0, false, ErrDate
			} else {
				i++
			}
			c, lc := digits(s, i)
			if lc == 0 || lc > 2 {
				return 0, 0, false, ErrDate
			}
			i += lc
			form = FormISO
			if sep >= 0x80 {
				form = FormCJK
				if sepCJK(s[i:], "日") {
					i += len("日")
				} else if sepCJK(s[i:], "号") {
					i += len("号")
				}
			}
			y, m, day, n = a, b, c, i
		} else if la <= 2 && (sep == '/' || sep == '-' || sep == '.') {
			b, lb := digits(s, la+1)
			if lb == 0 || lb > 2 {
				return 0, 0, false, ErrDate
			}
			i := la + 1 + lb
			if i >= len(s) || s[i] != sep {
				return 0, 0, false, ErrDate
			}
			c, lc := digits(s, i+1)
			if lc != 2 && lc != 4 {
				return 0, 0, false, ErrDate
			}
			n = i + 1 + lc
			if lc == 2 {
				if c <= 68 {
					c += 2000
				} else {
					c += 1900
				}
			}
			dayFirst = a > 12
			y = c
			if order == OrderDMY {
				form, day, m = FormDMY, a, b
			} else {
				form, m, day = FormMDY, a, b
			}
		} else {
			return 0, 0, false, ErrDate
		}
	}
	if !validTime(s[n:]) {
		return 0, 0, dayFirst, ErrDate
	}
	if !rfm.ValidDate(y, m, day) {
		if (form == FormMDY || form == FormDMY) && rfm.ValidDate(y, day, m) {
			return 0, form, dayFirst, ErrDateOrder
		}
		return 0, form, dayFirst, ErrDate
	}
	return rfm.DateOf(y, m, day), form, dayFirst, nil
}

// isoDate reads the commonest forms, YYYY-MM-DD and YYYY-MM-DD hh:mm:ss with
// nothing around them, as ParseDate's general path does, only faster; false
// leaves anything else (an invalid day too) to that path.
func isoDate(s []byte) (rfm.Date, bool) {
	if len(s) != 10 && len(s) != 19 {
		return 0, false
	}
	// Eight bytes at a time: YYYY-MM- as one number, its bytes checked
	// together (swarDigits), then DD and the time.
	x := load64(s)
	if x&^dateDigits != dateDashes || !swarDigits(x, dateDigits) {
		return 0, false
	}
	x = x&dateDigits - 0x3030303030303030&dateDigits // no byte borrows: each is a digit
	d0, d1 := s[8]-'0', s[9]-'0'
	if d0 > 9 || d1 > 9 {
		return 0, false
	}
	if len(s) == 19 {
		t := load64(s[11:])
		if s[10] != ' ' || t&^timeDigits != timeColons || !swarDigits(t, timeDigits) {
			return 0, false
		}
		t = t&timeDigits - 0x3030303030303030&timeDigits
		h, mi, sec := byte(t)*10+byte(t>>8), byte(t>>24)*10+byte(t>>32), byte(t>>48)*10+byte(t>>56)
		if h > 23 || mi > 59 || sec > 59 {
			return 0, false
		}
	}
	y := int(byte(x))*1000 + int(byte(x>>8))*100 + int(byte(x>>16))*10 + int(byte(x>>24))
	m := int(byte(x>>40))*10 + int(byte(x>>48))
	day := int(d0)*10 + int(d1)
	return rfm.CheckedDateOf(y, m, day)
}

// load64 returns b's first 8 bytes as a little-endian number (one load).
func load64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// The bytes of YYYY-MM- and hh:mm:ss, read as little-endian numbers: which
// hold digits, and what the others hold.
const (
	dateDigits = 0x00ffff00ffffffff
	dateDashes = 0x2d00002d00000000
	timeDigits = 0xffff00ffff00ffff
	timeColons = 0x00003a00003a0000
)

// swarDigits reports whether every byte of x that mask selects is an ASCII
// digit: its high nibble is 3, and adding 6 leaves it 3 (no byte carries
// into the next unless it is 0xfa or more, which the first test rejects).
func swarDigits(x, mask uint64) bool {
	const high = 0xf0f0f0f0f0f0f0f0
	want := 0x3030303030303030 & mask
	return x&high&mask == want && (x+0x0606060606060606)&high&mask == want
}

func sepCJK(s []byte, sep string) bool {
	return len(s) >= len(sep) && string(s[:len(sep)]) == sep
}

// validTime accepts what may follow a date: nothing, or T/space and a time
// 15:04[:05[.fff]] with optional AM/PM and an optional Z or ±hh[:mm] offset.
func validTime(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	i := 0
	if s[0] == 'T' || s[0] == 't' {
		i = 1
	} else {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i == 0 {
			return false
		}
	}
	h, lh := digits(s, i)
	if lh == 0 || lh > 2 || i+lh >= len(s) || s[i+lh] != ':' {
		return false
	}
	i += lh + 1
	mi, lm := digits(s, i)
	if lm != 2 || mi > 59 {
		return false
	}
	i += 2
	if i < len(s) && s[i] == ':' {
		sec, ls := digits(s, i+1)
		if ls != 2 || sec > 59 {
			return false
		}
		i += 3
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			_, lf := digits(s, i+1)
			if lf == 0 {
				return false
			}
			i += 1 + lf
		}
	}
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j+2 <= len(s) && (s[j+1] == 'M' || s[j+1] == 'm') && (s[j] == 'A' || s[j] == 'a' || s[j] == 'P' || s[j] == 'p') {
		if h < 1 || h > 12 {
			return false
		}
		i = j + 2
	} else if h > 23 {
		return false
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i == len(s) {
		return true
	}
	switch s[i] {
	case 'Z', 'z':
		return i+1 == len(s)
	case '+', '-':
		oh, lo := digits(s, i+1)
		if lo != 2 && lo != 4 {
			return false
		}
		k := i + 1 + lo
		if lo == 2 && k < len(s) && s[k] == ':' {
			om, lom := digits(s, k+1)
			if lom != 2 || om > 59 {
				return false
			}
			k += 3
		}
		_ = oh
		return k == len(s)
	}
	return false
}

// digits reads the run of ASCII digits at s[i:], returning its value (capped
// to stay small) and length.
func digits(s []byte, i int) (v, n int) {
	for i+n < len(s) && isDigit(s[i+n]) {
		if n < 9 {
			v = v*10 + int(s[i+n]-'0')
		}
		n++
	}
	return v, n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s []byte) bool {
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return len(s) > 0
}

func num(s []byte) int {
	v, _ := digits(s, 0)
	return v
}

// ParseAmount reads an amount as SPEC §1 defines it: an optional sign (before
// or after a currency symbol), an optional currency symbol (¥ ￥ $ € £) or a
// trailing 元, digits with optional thousands separators in groups of three,
// an optional decimal point and fraction; (12.50) is negative. With
// decimalComma the roles of '.' and ',' swap.
func ParseAmount(s []byte, decimalComma bool) (rfm.Amount, error) {
	if !decimalComma {
		if a, ok := plainAmount(s); ok {
			return a, nil
		}
	}
	s = trimSpace(s)
	neg, paren := false, false
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		paren, neg = true, true
		s = trimSpace(s[1 : len(s)-1])
	}
	signSeen := false
	readSign := func() bool {
		if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
			if signSeen || paren {
				return false
			}
			signSeen = true
			neg = s[0] == '-'
			s = trimLeftSpace(s[1:])
		}
		return true
	}
	if !readSign() {
		return rfm.Amount{}, ErrAmount
	}
	currency := false
	if r, size := utf8.DecodeRune(s); r == '¥' || r == '￥' || r == '$' || r == '€' || r == '£' {
		currency = true
		s = trimLeftSpace(s[size:])
		if !readSign() {
			return rfm.Amount{}, ErrAmount
		}
	}
	if hasSuffix(s, "元") {
		if currency {
			return rfm.Amount{}, ErrAmount
		}
		s = trimSpace(s[:len(s)-len("元")])
	}
	group, point := byte(','), byte('.')
	if decimalComma {
		group, point = '.', ','
	}
	// Integer part: digits, or 1–3 digits then groups of ",ddd".
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 {
		return rfm.Amount{}, ErrAmount
	}
	grouped := i < len(s) && s[i] == group
	if grouped && i > 3 {
		return rfm.Amount{}, ErrAmount
	}
	var wbuf [32]byte
	whole := append(wbuf[:0], s[:i]...)
	for i < len(s) && s[i] == group {
		if i+4 > len(s) || !allDigits(s[i+1:i+4]) || (i+4 < len(s) && isDigit(s[i+4])) {
			return rfm.Amount{}, ErrAmount
		}
		whole = append(whole, s[i+1:i+4]...)
		i += 4
	}
	var frac []byte
	if i < len(s) && s[i] == point {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i+1 {
			return rfm.Amount{}, ErrAmount
		}
		frac = s[i+1 : j]
		i = j
	}
	if i != len(s) {
		return rfm.Amount{}, ErrAmount
	}
	return decimal(whole, frac, neg), nil
}

// plainAmount reads the commonest form, an optional '-', 1–12 digits and
// optionally '.' and 1–6 digits, with nothing around them, as ParseAmount's
// general path does, only faster; false leaves anything else to that path.
func plainAmount(s []byte) (rfm.Amount, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var v int64
	i := 0
	for i < len(s) && i <= 12 && isDigit(s[i]) {
		v = v*10 + int64(s[i]-'0')
		i++
	}
	if i == 0 || i > 12 {
		return rfm.Amount{}, false
	}
	f := 0
	if i < len(s) {
		if s[i] != '.' || len(s)-i-1 < 1 || len(s)-i-1 > 6 {
			return rfm.Amount{}, false
		}
		for _, c := range s[i+1:] {
			if !isDigit(c) {
				return rfm.Amount{}, false
			}
			v = v*10 + int64(c-'0')
			f++
		}
	}
	for ; f < 6; f++ {
		v *= 10
	}
	if neg {
		v = -v
	}
	return rfm.AmountFromMicros(v), true
}

func hasSuffix(s []byte, suf string) bool {
	return len(s) >= len(suf) && string(s[len(s)-len(suf):]) == suf
}

// decimal builds the exact amount whole.frac.
func decimal(whole, frac []byte, neg bool) rfm.Amount {
	for len(whole) > 1 && whole[0] == '0' {
		whole = whole[1:]
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if len(whole) <= 12 && len(frac) <= 6 {
		var v int64
		for _, c := range whole {
			v = v*10 + int64(c-'0')
		}
		f := 0
		for _, c := range frac {
			v = v*10 + int64(c-'0')
			f++
		}
		for ; f < 6; f++ {
			v *= 10
		}
		if neg {
			v = -v
		}
		return rfm.AmountFromMicros(v)
	}
	return amountFromDigits(whole, frac, neg)
}

func trimSpace(s []byte) []byte { return trimRightSpace(trimLeftSpace(s)) }

// isTrim reports the runes ids and fields are trimmed of: Unicode white space
// (including U+3000 and U+00A0) and U+FEFF.
func isTrim(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

func trimLeftSpace(s []byte) []byte {
	for len(s) > 0 {
		if c := s[0]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return s
			}
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRune(s)
		if !isTrim(r) {
			return s
		}
		s = s[size:]
	}
	return s
}

func trimRightSpace(s []byte) []byte {
	for len(s) > 0 {
		if c := s[len(s)-1]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return s
			}
			s = s[:len(s)-1]
			continue
		}
		r, size := utf8.DecodeLastRune(s)
		if !isTrim(r) {
			return s
		}
		s = s[:len(s)-size]
	}
	return s
}

func amountFromDigits(whole, frac []byte, neg bool) rfm.Amount {
	n, _ := new(big.Int).SetString(string(whole)+string(frac), 10)
	if neg {
		n.Neg(n)
	}
	d := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
	return rfm.AmountFromRat(new(big.Rat).SetFrac(n, d))
}
