package rfm

import (
	"math/big"
	"slices"
	"testing"
)

func TestLifecycleStages(t *testing.T) {
	asOf := DateOf(2024, 7, 1)
	l := DefaultLifecycle() // N 30, A 90, C 180, K 2
	// cust builds a customer from purchase dates as days before asOf.
	cust := func(daysAgo ...int) *Customer {
		dates := make([]Date, len(daysAgo))
		for i, d := range daysAgo {
			dates[i] = asOf - Date(d)
		}
		slices.Sort(dates)
		dates = slices.Compact(dates)
		c := &Customer{First: dates[0], Last: dates[len(dates)-1], Days: int64(len(dates)), Prev: NoDate}
		if len(dates) > 1 {
			c.Prev = dates[len(dates)-2]
		}
		c.Recency = int64(asOf - c.Last)
		return c
	}
	tests := []struct {
		name  string
		c     *Customer
		stage Stage
		gap   int64 // tenths; −1 none
		warn  bool
	}{
		{"tenure = N is new", cust(30), StageNew, -1, false},
		{"tenure = N+1 is not", cust(31), StageActive, -1, false},
		{"new wins over everything", cust(30, 1), StageNew, 290, false},
		{"recency = A is active", cust(200, 90), StageActive, 1100, false},
		{"recency = A+1 is dormant", cust(200, 91), StageDormant, 1090, false},
		{"recency = C is dormant", cust(300, 180), StageDormant, 1200, false},
		{"dormant warns", cust(240, 180, 170), StageDormant, 350, true},
		{"recency = C+1 is lapsed", cust(300, 181), StageLapsed, 1190, false},
		{"gap = C is active, not returning", cust(200, 20), StageActive, 1800, false},
		{"gap = C+1 is returning", cust(201, 20), StageReturning, 1810, false},
		{"returning looks at the last gap only", cust(400, 390, 201, 20), StageReturning, 1267, false},
		{"returning needs recency ≤ A", cust(400, 91), StageDormant, 3090, false},
		{"one purchase day: no gap, no warning", cust(150), StageDormant, -1, false},
		{"one purchase day, recent", cust(40), StageActive, -1, false},
		// 3 days spanning 20 days: gap 10; recency 20 = K × gap is no warning, 21 is.
		{"recency = K × gap: no warning", cust(40, 30, 20), StageActive, 100, false},
		{"recency > K × gap: warning", cust(41, 31, 21), StageActive, 100, true},
		{"lapsed never warns", cust(400, 390, 200), StageLapsed, 1000, false},
		{"gap rounds half away from zero", cust(50, 48, 46, 44, 41), StageActive, 23, true}, // 9 ÷ 4 = 2.25 → 2.3
		{"whole gap", cust(100, 97, 96, 93, 40), StageActive, 150, true},                    // 60 ÷ 4 = 15.0
		{"gap one decimal", cust(100, 93, 90, 80), StageActive, 67, true},                   // 20 ÷ 3 = 6.67 → 6.7
	}
	for _, tt := range tests {
		lf := l.Of(tt.c, asOf)
		if lf.Stage != tt.stage || lf.Warning != tt.warn || lf.HasGap != (tt.gap >= 0) || lf.HasGap && lf.GapTenths != tt.gap {
			t.Errorf("%s: got stage %s, gap %d (%v), warning %v; want %s, %d, %v", tt.name, lf.Stage.EN(), lf.GapTenths, lf.HasGap, lf.Warning, tt.stage.EN(), tt.gap, tt.warn)
		}
		if lf.Tenure != int64(asOf-tt.c.First) || lf.Days != tt.c.Days {
			t.Errorf("%s: tenure %d, days %d", tt.name, lf.Tenure, lf.Days)
		}
	}
}

func TestChurnFactorExact(t *testing.T) {
	asOf := DateOf(2024, 7, 1)
	// Days 3, span 30 days (mean gap 15), recency 45: 45 × 2 = 90 vs K × 30.
	c := &Customer{First: asOf - 75, Prev: asOf - 60, Last: asOf - 45, Days: 3, Recency: 45}
	for _, tt := range []struct {
		k    *big.Rat
		warn bool
	}{
		{big.NewRat(3, 1), false},      // 90 > 90: equality is no warning
		{big.NewRat(299, 100), true},   // 2.99
		{big.NewRat(2999, 1000), true}, // 2.999: float rounding must not matter
		{big.NewRat(301, 100), false},
		{big.NewRat(0, 1), true},
	} {
		l := DefaultLifecycle()
		l.Factor = tt.k
		if got := l.Of(c, asOf).Warning; got != tt.warn {
			t.Errorf("K %s: warning %v, want %v", tt.k.FloatString(3), got, tt.warn)
		}
	}
	// The expected next date: last + round(mean gap), half away from zero.
	c = &Customer{First: asOf - 100, Prev: asOf - 95, Last: asOf - 95, Days: 3, Recency: 95}
	lf := DefaultLifecycle().Of(c, asOf) // gap 5 ÷ 2 = 2.5 → 3
	if lf.GapTenths != 25 || lf.Expected != c.Last+3 {
		t.Errorf("gap %d, expected %s", lf.GapTenths, lf.Expected)
	}
}

func TestLifecycleCheck(t *testing.T) {
	for _, tt := range []struct {
		n, a, c int64
		ok      bool
	}{
		{30, 90, 180, true}, {90, 90, 91, true}, {0, 90, 180, false}, {91, 90, 180, false}, {30, 90, 90, false}, {-1, 5, 6, false},
	} {
		err := Lifecycle{New: tt.n, Active: tt.a, Churn: tt.c}.Check()
		if (err == nil) != tt.ok {
			t.Errorf("N %d A %d C %d: %v", tt.n, tt.a, tt.c, err)
		}
	}
	if (Lifecycle{New: 1, Active: 2, Churn: 3, Factor: big.NewRat(-1, 2)}).Check() == nil {
		t.Error("a negative K passed")
	}
}

func TestParseStage(t *testing.T) {
	for _, s := range Stages {
		for _, name := range []string{s.ZH(), s.EN()} {
			if got, ok := ParseStage(name); !ok || got != s {
				t.Errorf("%q: %v %v", name, got, ok)
			}
		}
	}
	if _, ok := ParseStage("sleepy"); ok {
		t.Error("an unknown name parsed")
	}
}

// TestAggregateDays checks purchase_days (distinct dates, out of file order,
// returns and zero rows left out) and prev_order_date.
func TestAggregateDays(t *testing.T) {
	d0 := DateOf(2024, 1, 1)
	type r struct {
		cust  string
		day   int
		cents int64
	}
	rows := []r{
		{"a", 10, 100}, {"a", 10, 50}, {"a", 3, 100}, {"b", 1, 100}, {"a", 10, 10}, {"a", 7, 100},
		{"a", 12, -100}, {"a", 13, 0}, // a return and a zero row: not purchase dates
		{"b", 1, 100}, {"c", 5, 100}, {"c", 6, -500}, // c: net < 0, not scored
	}
	for _, parts := range []int{0, 2} {
		a := NewAggregator(false, 0, ReturnsNet)
		a.TrackDays()
		add := a.Add
		if parts > 0 {
			ps := a.Split(parts)
			add = func(row *Row) { ps[PartOf(a.HashID(row.Customer), parts)].Add(row) }
		}
		for _, x := range rows {
			add(&Row{Customer: []byte(x.cust), Date: d0 + Date(x.day), Amount: AmountFromMicros(x.cents * 10_000)})
		}
		cs, _ := a.Customers(d0+20, MonetarySum)
		if len(cs) != 2 || cs[0].Days != 3 || cs[0].Prev != d0+7 || cs[0].Last != d0+10 || cs[1].Days != 1 || cs[1].Prev != NoDate {
			t.Errorf("%d parts: got %+v", parts, cs)
		}
		u := a.Unscored()
		if len(u) != 1 || u[0].ID != "c" || u[0].Days != 1 || u[0].Recency != 15 || u[0].First != d0+5 {
			t.Errorf("%d parts: unscored %+v", parts, u)
		}
	}
}
