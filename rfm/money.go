package rfm

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// MicrosPerUnit is the fixed scale of an Amount's fast form: millionths.
const MicrosPerUnit = 1_000_000

// Amount is an exact decimal amount of money. Amounts with at most six
// decimals that fit in an int64 of millionths (±9.2 trillion) are held as that
// integer; anything finer or larger is held as an exact rational.
type Amount struct {
	micros int64
	rat    *big.Rat // non-nil when the amount does not fit the fast form
}

// Micros returns the amount in millionths; ok is false when it does not fit.
func (a Amount) Micros() (m int64, ok bool) { return a.micros, a.rat == nil }

// AmountFromMicros returns the amount m × 10⁻⁶.
func AmountFromMicros(m int64) Amount { return Amount{micros: m} }

// AmountFromRat returns the exact rational amount r, in the fast form when it
// fits.
func AmountFromRat(r *big.Rat) Amount {
	m := new(big.Rat).Mul(r, big.NewRat(MicrosPerUnit, 1))
	if m.IsInt() && m.Num().IsInt64() {
		return Amount{micros: m.Num().Int64()}
	}
	return Amount{rat: new(big.Rat).Set(r)}
}

// Rat returns the amount as an exact rational.
func (a Amount) Rat() *big.Rat {
	if a.rat != nil {
		return new(big.Rat).Set(a.rat)
	}
	return big.NewRat(a.micros, MicrosPerUnit)
}

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int {
	if a.rat != nil {
		return a.rat.Sign()
	}
	switch {
	case a.micros > 0:
		return 1
	case a.micros < 0:
		return -1
	}
	return 0
}

// Neg returns −a.
func (a Amount) Neg() Amount {
	if a.rat != nil || a.micros == math.MinInt64 {
		return Amount{rat: new(big.Rat).Neg(a.Rat())}
	}
	return Amount{micros: -a.micros}
}

// Mul returns the exact product a × b.
func (a Amount) Mul(b Amount) Amount {
	if a.rat == nil && b.rat == nil {
		if p, ok := mulMicros(a.micros, b.micros); ok {
			return Amount{micros: p}
		}
	}
	return AmountFromRat(new(big.Rat).Mul(a.Rat(), b.Rat()))
}

// mulMicros returns a×b/10⁶ when that is a whole number of micros fitting int64.
func mulMicros(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(a), abs64(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi >= MicrosPerUnit {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, MicrosPerUnit)
	if r != 0 || q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// String formats the amount exactly, as a decimal when it is one.
func (a Amount) String() string {
	if a.rat != nil {
		// A decimal's denominator divides a power of ten.
		p := big.NewInt(1)
		for k := 0; k <= 60; k++ {
			if new(big.Int).Mod(p, a.rat.Denom()).Sign() == 0 {
				return trimZeros(a.rat.FloatString(k))
			}
			p.Mul(p, big.NewInt(10))
		}
		return a.rat.RatString()
	}
	return trimZeros(formatMicros(a.micros))
}

func formatMicros(m int64) string {
	u := abs64(m)
	s := strconv.FormatUint(u/MicrosPerUnit, 10) + "." + pad6(u%MicrosPerUnit)
	if m < 0 {
		s = "-" + s
	}
	return s
}

func pad6(v uint64) string {
	s := strconv.FormatUint(v, 10)
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}

func trimZeros(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			for len(s) > i+1 && s[len(s)-1] == '0' {
				s = s[:len(s)-1]
			}
			if s[len(s)-1] == '.' {
				s = s[:len(s)-1]
			}
			break
		}
	}
	return s
}

// Sum accumulates amounts exactly.
type Sum struct {
	micros int64
	rat    *big.Rat // the part that did not fit micros, if any
}

// Add adds a to the sum.
func (s *Sum) Add(a Amount) {
	if a.rat == nil {
		if r, overflow := add64(s.micros, a.micros); !overflow {
			s.micros = r
			return
		}
	}
	if s.rat == nil {
		s.rat = new(big.Rat)
	}
	s.rat.Add(s.rat, a.Rat())
}

// AddSum adds another sum to s.
func (s *Sum) AddSum(o Sum) {
	s.Add(Amount{micros: o.micros})
	if o.rat != nil {
		s.Add(Amount{rat: o.rat})
	}
}

func add64(a, b int64) (int64, bool) {
	r := a + b
	return r, (a > 0 && b > 0 && r < 0) || (a < 0 && b < 0 && r >= 0)
}

// Cents returns the sum rounded to cents, half away from zero. A sum beyond
// the range of Cents (±92 quadrillion units) gives the end of the range and
// ok = false.
func (s Sum) Cents() (c Cents, ok bool) {
	if s.rat == nil {
		return roundMicros(s.micros), true
	}
	t := new(big.Rat).Add(s.rat, big.NewRat(s.micros, MicrosPerUnit))
	v, ok := roundRat(t.Mul(t, big.NewRat(100, 1)))
	return Cents(v), ok
}

// Amount returns the exact value of the sum.
func (s Sum) Amount() Amount {
	if s.rat == nil {
		return Amount{micros: s.micros}
	}
	return AmountFromRat(new(big.Rat).Add(s.rat, big.NewRat(s.micros, MicrosPerUnit)))
}

func roundMicros(m int64) Cents {
	const per = MicrosPerUnit / 100
	q, r := m/per, m%per
	if r >= per/2 {
		q++
	} else if r <= -per/2 {
		q--
	}
	return Cents(q)
}

// roundRat rounds r to the nearest integer, half away from zero; beyond the
// range of int64 it returns the end of the range and ok = false.
func roundRat(r *big.Rat) (v int64, ok bool) {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	num.Mul(num, big.NewInt(2))
	num.Add(num, den)
	num.Quo(num, new(big.Int).Mul(den, big.NewInt(2)))
	if neg {
		num.Neg(num)
	}
	switch {
	case num.IsInt64():
		return num.Int64(), true
	case neg:
		return math.MinInt64, false
	}
	return math.MaxInt64, false
}

// Cents is an amount rounded to hundredths of the currency unit.
type Cents int64

// DivRound returns c ÷ n rounded to cents, half away from zero.
func (c Cents) DivRound(n int64) Cents {
	if n <= 0 {
		return 0
	}
	q, r := int64(c)/n, int64(c)%n
	if 2*abs64(r) >= uint64(n) {
		if c < 0 {
			q--
		} else {
			q++
		}
	}
	return Cents(q)
}

// String formats c with two decimals, never as -0.00.
func (c Cents) String() string { return string(c.AppendTo(nil)) }

// AppendTo appends c with two decimals to b.
func (c Cents) AppendTo(b []byte) []byte {
	u := abs64(int64(c))
	if c < 0 {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, u/100, 10)
	return append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
}
