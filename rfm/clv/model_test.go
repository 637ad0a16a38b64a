package clv

import (
	"math"
	"testing"
)

// paper is the BG/NBD fit to the CDNOW sample as published (Fader, Hardie &
// Lee 2005; lifetimes' documentation).
var paper = BGNBD{R: 0.2425945, Alpha: 4.4136019, A: 0.7929199, B: 2.4258881}

func TestExpectedPurchases(t *testing.T) {
	for _, c := range []struct {
		t, want float64
	}{
		{1, 0.0532},
		{3, 0.1506},
		{32, 1.0437},
		{78, 1.858},
	} {
		got := paper.ExpectedPurchases(c.t)
		if math.Abs(got-c.want) > 0.00005 {
			t.Errorf("E[X(%v)]: got %.6f want %v", c.t, got, c.want)
		}
	}
}

func TestConditionalExpectedPurchases(t *testing.T) {
	got := paper.ConditionalExpectedPurchases(39, 2, 30.43, 38.86)
	if math.Abs(got-1.2259) > 0.00005 {
		t.Errorf("E[Y(39) | 2, 30.43, 38.86]: got %.6f want 1.2259", got)
	}
	pa := paper.PAlive(2, 30.43, 38.86)
	if math.Abs(pa-0.7266) > 0.00005 {
		t.Errorf("P(alive | 2, 30.43, 38.86): got %.6f want 0.7266", pa)
	}
}

func TestLogHyp2F1(t *testing.T) {
	for _, c := range []struct {
		name       string
		a, b, c, z float64
		log, sign  float64 // log |2F1| and its sign
	}{
		{"-log(1-z)/z", 1, 1, 2, 0.5, math.Log(-math.Log(0.5) / 0.5), 1},
		{"-log(1-z)/z near 1", 1, 1, 2, 0.999, math.Log(-math.Log(0.001) / 0.999), 1},
		{"(1-z)^-a", 2.5, 3, 3, 0.9, -2.5 * math.Log(0.1), 1},
		{"(1-z)^-a large a", 150.3, 7, 7, 0.99, -150.3 * math.Log(0.01), 1},
		{"z = 0", 3, 4, 5, 0, 0, 1},
		{"polynomial", -2, 1, 1, 0.5, math.Log(0.25), 1},
		{"asin", 0.5, 0.5, 1.5, 0.25, math.Log(math.Asin(0.5) / 0.5), 1},
		// Reference values from mpmath at 40 digits.
		{"negative c", 1, 1, -0.5, 0.01, -0.021035972454397678563, 1},
		{"negative c, negative value", 3, 0.2, -0.133, 0.9, 8.5396433387239122496, -1},
		{"150 repeat purchases", 153, 150.3, 154.3, 260 / 261.5, 769.01861062468783664, 1},
		{"direct terms grow long", 400, 0.001, 99.001, 9937.0 / 19937, 45.062286135244502625, 1},
		{"z near 1", 0.3, 984, 983.7142857142857, 31426 / (31426 + 0.5833333333333334), 3.8697001369802509707, 1},
		{"CDNOW x = 2", 2.2425945, 4.4258881, 4.2188080, 39 / (4.4136019 + 38.86 + 39), 1.520447253883300739, 1},
	} {
		got, sign := logHyp2F1(c.a, c.b, c.c, c.z)
		if math.Abs(got-c.log) > 1e-12*math.Max(1, math.Abs(c.log)) || sign != c.sign {
			t.Errorf("%s: log |2F1(%v, %v; %v; %v)| = %.15g, sign %v; want %.15g, %v", c.name, c.a, c.b, c.c, c.z, got, sign, c.log, c.sign)
		}
	}
}

// TestExpectationsAtSingularities checks the expectations where their
// formulas divide by zero, a = 1 and a + b = 1, against nearby values.
func TestExpectationsAtSingularities(t *testing.T) {
	m := BGNBD{R: 0.5, Alpha: 3, A: 1, B: 2}
	lo, hi := m, m
	lo.A, hi.A = 0.999, 1.001
	m2 := BGNBD{R: 3, Alpha: 1.75, A: 0.8, B: 0.2}
	lo2, hi2 := m2, m2
	lo2.B, hi2.B = 0.199, 0.201
	for _, c := range []struct {
		name string
		f    func(BGNBD) float64
	}{
		{"E[X(10)]", func(m BGNBD) float64 { return m.ExpectedPurchases(10) }},
		{"E[Y(10) | 3, 5, 8]", func(m BGNBD) float64 { return m.ConditionalExpectedPurchases(10, 3, 5, 8) }},
	} {
		got, l, h := c.f(m), c.f(lo), c.f(hi)
		if !(got > math.Min(l, h)) || !(got < math.Max(l, h)) {
			t.Errorf("%s at a = 1: %v, not between %v and %v", c.name, got, l, h)
		}
		got, l, h = c.f(m2), c.f(lo2), c.f(hi2)
		if !(got > math.Min(l, h)) || !(got < math.Max(l, h)) {
			t.Errorf("%s at a + b = 1: %v, not between %v and %v", c.name, got, l, h)
		}
	}
}
