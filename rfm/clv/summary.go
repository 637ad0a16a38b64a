package clv

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Unit is the length of one model time unit in days. Times t_x and T, the
// rate α, horizons and discounting are all expressed in it.
type Unit int

const (
	// Day makes one model time unit one calendar day.
	Day Unit = 1
	// Week makes one model time unit seven days, as in the BG/NBD paper.
	Week Unit = 7
)

// String returns "day" or "week" (or the number of days for other units).
func (u Unit) String() string {
	switch u {
	case Day:
		return "day"
	case Week:
		return "week"
	}
	return fmt.Sprintf("%d days", int(u))
}

// ParseUnit reads "day" or "week".
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "day", "days", "d":
		return Day, nil
	case "week", "weeks", "w":
		return Week, nil
	}
	return 0, i18n.Errorf("unknown unit %q: use week or day", s)
}

// Purchase is one used transaction row: a customer, a calendar day counted
// from 1970-01-01 (day 0) and the row's amount.
type Purchase struct {
	Customer string
	Day      int32
	Amount   float64
}

// Summary is one customer's calibration-period history in the form the
// BG/NBD and Gamma-Gamma models take (SPEC §7).
type Summary struct {
	Customer string
	// X is the number of repeat purchase days: distinct purchase days − 1.
	X float64
	// Tx is the time from the first to the last purchase day, in units.
	Tx float64
	// T is the time from the first purchase day to the calibration end, in
	// units.
	T float64
	// Spend is m̄, the mean of the per-day spend over the repeat days (every
	// purchase day but the first); 0 when X is 0.
	Spend float64
	// Total is the customer's spend over all calibration purchase days,
	// the first included: the past value used by the churn-risk flag.
	Total float64
	// First and Last are the first and last purchase days.
	First, Last int32
}

// ErrUnit reports a unit that is neither Day nor Week.
var ErrUnit = i18n.New("unit must be day or week")

// Summarize builds the per-customer summaries of SPEC §7 from used rows.
//
// Rows dated after end (the calibration end, which itself counts) and rows
// with a negative amount are left out; rows with a zero amount are purchase
// occasions. Rows of one customer on one day merge into one purchase day
// whose spend is the sum of their amounts. The result is ordered by customer
// id in byte order and holds only customers with at least one purchase day.
// Purchases is not modified.
func Summarize(purchases []Purchase, end int32, unit Unit) ([]Summary, error) {
	if unit != Day && unit != Week {
		return nil, ErrUnit
	}
	type day struct {
		cust  string
		day   int32
		spend float64
	}
	rows := make([]day, 0, len(purchases))
	for _, p := range purchases {
		if math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0) {
			return nil, i18n.Errorf("customer %q: amount is not a finite number", p.Customer)
		}
		if p.Day > end || p.Amount < 0 {
			continue
		}
		rows = append(rows, day{p.Customer, p.Day, p.Amount})
	}
	// A stable sort keeps the file order within a day, so that the float
	// sum of a day's amounts is the same from run to run.
	slices.SortStableFunc(rows, func(a, b day) int {
		if c := strings.Compare(a.cust, b.cust); c != 0 {
			return c
		}
		return int(a.day) - int(b.day)
	})
	u := float64(unit)
	var out []Summary
	for i := 0; i < len(rows); {
		j := i
		s := Summary{Customer: rows[i].cust, First: rows[i].day}
		days := 0
		var repeat float64
		for j < len(rows) && rows[j].cust == s.Customer {
			d := rows[j].day
			var spend float64
			for j < len(rows) && rows[j].cust == s.Customer && rows[j].day == d {
				spend += rows[j].spend
				j++
			}
			if days > 0 {
				repeat += spend
			}
			s.Total += spend
			s.Last = d
			days++
		}
		s.X = float64(days - 1)
		s.Tx = float64(s.Last-s.First) / u
		s.T = float64(end-s.First) / u
		if days > 1 {
			s.Spend = repeat / s.X
		}
		out = append(out, s)
		i = j
	}
	return out, nil
}

// CountDays returns, per customer, the number of distinct days in
// (from, to] with a purchase occasion (amount ≥ 0): the actual holdout
// repeat purchases when from is the calibration end.
func CountDays(purchases []Purchase, from, to int32) map[string]int {
	seen := make(map[struct {
		c string
		d int32
	}]bool)
	n := make(map[string]int)
	for _, p := range purchases {
		if p.Day <= from || p.Day > to || !(p.Amount >= 0) {
			continue
		}
		k := struct {
			c string
			d int32
		}{p.Customer, p.Day}
		if !seen[k] {
			seen[k] = true
			n[p.Customer]++
		}
	}
	return n
}
