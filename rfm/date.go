package rfm

import "strconv"

// Date is a calendar day counted from 1970-01-01 (day 0). Only the calendar
// date as written counts: there is no time of day and no time zone.
type Date int32

// NoDate marks the absence of a date.
const NoDate Date = -1 << 31

// DateOf returns the day for a proleptic Gregorian year, month and day. It does
// not check its arguments; use ValidDate first.
func DateOf(y, m, d int) Date {
	// Howard Hinnant's days_from_civil.
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// CheckedDateOf returns the day y-m-d, false for one that is not a real
// calendar day in years 1–9999 (ValidDate). Years 1900–2155 are looked up
// in a table of month starts, without DateOf's arithmetic: the readers call
// it for every row.
func CheckedDateOf(y, m, d int) (Date, bool) {
	if m < 1 || m > 12 || d < 1 {
		return 0, false
	}
	if k := (y-monthBase)*12 + m - 1; k >= 0 && k < len(monthStarts)-1 {
		start := monthStarts[k]
		if d > int(monthStarts[k+1]-start) {
			return 0, false
		}
		return start + Date(d-1), true
	}
	if !ValidDate(y, m, d) {
		return 0, false
	}
	return DateOf(y, m, d), true
}

// monthBase is the first year of monthStarts, which holds the first day of
// each month of 256 years, and the day after.
const monthBase = 1900

var monthStarts = func() []Date {
	t := make([]Date, 0, 256*12+1)
	for k := range 256*12 + 1 {
		t = append(t, DateOf(monthBase+k/12, k%12+1, 1))
	}
	return t
}()

// ValidDate reports whether y-m-d is a real calendar day in years 1–9999.
func ValidDate(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= DaysIn(y, m)
}

// DaysIn returns the number of days in month m of year y.
func DaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Civil returns the year, month and day of d.
func (d Date) Civil() (y, m, day int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, day
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return string(d.AppendTo(make([]byte, 0, 10)))
}

// AppendTo appends d as YYYY-MM-DD to b.
func (d Date) AppendTo(b []byte) []byte {
	y, m, day := d.Civil()
	if y >= 0 && y < 10 {
		b = append(b, "000"...)
	} else if y >= 10 && y < 100 {
		b = append(b, "00"...)
	} else if y >= 100 && y < 1000 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
	return b
}

// ParseISODate reads a strict YYYY-MM-DD date, as flags such as --as-of take it.
func ParseISODate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	d, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 || !ValidDate(y, m, d) {
		return 0, false
	}
	return DateOf(y, m, d), true
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
