// Package sqltest holds what the engine tests of package sqlgen share: input
// tables with heavy ties, returns and awkward ids, the flag combinations to
// try, and the customer table that package rfm and package segment compute
// for them, which the SQL must reproduce byte for byte.
package sqltest

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/rfmtool/rfm/report/sqlgen"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// Header is SPEC §6's customer header (no kept columns).
var Header = []string{"customer_id", "recency_days", "frequency", "monetary", "first_order_date",
	"last_order_date", "r_score", "f_score", "m_score", "rfm_code", "rfm_sum", "segment", "tier"}

// LifecycleHeader is the columns rfm score --lifecycle adds after tier.
var LifecycleHeader = []string{"tenure_days", "purchase_days", "lifecycle", "mean_gap_days", "churn_warning", "expected_next_date"}

// HeaderFor is the customer header of a case: Header, and LifecycleHeader
// with o.Lifecycle.
func HeaderFor(o sqlgen.Options) []string {
	if o.Lifecycle == nil {
		return Header
	}
	return append(append([]string{}, Header...), LifecycleHeader...)
}

// Row is one input row as it is stored in the database. Nil pointers are
// NULLs.
type Row struct {
	Customer *string
	Order    *string
	// Date is YYYY-MM-DD, optionally followed by a time of day.
	Date *string
	// Amount, Quantity and Price are decimal text; Amount = Quantity × Price.
	Amount, Quantity, Price *string
}

// Table is a named input table.
type Table struct {
	Name string
	Rows []Row
}

func p(s string) *string { return &s }

// Tables returns the input tables the engine tests load: generated ones with
// heavy ties and returns, and small edge cases.
func Tables() []Table {
	return []Table{
		{"ties", Generate(1, 400)},
		{"ties2", Generate(2, 900)},
		{"one", []Row{row("solo", "o1", "2024-03-01", "1", "9.99")}},
		{"two", []Row{
			row("b", "o1", "2024-03-01", "1", "10"),
			row("a", "o2", "2024-03-05", "2", "2.5"),
		}},
		{"same", func() []Row {
			// every customer has the same recency, frequency and monetary
			var rs []Row
			for i := range 7 {
				rs = append(rs, row(fmt.Sprintf("s%d", i), fmt.Sprintf("o%d", i), "2024-02-02", "3", "4.5"))
			}
			return rs
		}()},
		{"none", []Row{
			row("r1", "o1", "2024-01-01", "-1", "5"),
			row("r2", "o2", "2024-01-02", "1", "0.004"),
			row("r3", "o3", "2024-01-03", "0", "5"),
		}},
	}
}

func row(cust, order, date, qty, price string) Row {
	r := Row{Customer: p(cust), Order: p(order), Date: p(date), Quantity: p(qty), Price: p(price)}
	r.Amount = p(mul(qty, price))
	return r
}

// mul multiplies two decimals exactly and writes the product as a decimal.
func mul(a, b string) string {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	if !ok1 || !ok2 {
		panic("sqltest: bad decimal " + a + " × " + b)
	}
	z := x.Mul(x, y)
	for prec := 0; ; prec++ {
		s := z.FloatString(prec)
		if r, _ := new(big.Rat).SetString(s); r.Cmp(z) == 0 {
			return s
		}
	}
}

// Generate returns the rows of about n customers: a few dates and prices so
// that recency, frequency and monetary tie often; multi-line orders, lines
// without an order id, returns, zero rows, customers whose net is ≤ 0 or
// rounds to 0.00, half-cent sums, ids padded with Unicode white space that
// must merge with their trimmed form, ids that spreadsheets would run as
// formulas, and rows that `rfm score` rejects (no id, date or amount).
func Generate(seed uint64, n int) []Row {
	rng := rand.New(rand.NewPCG(seed, 7))
	prices := []string{"5", "10", "10.005", "19.99", "20", "0.125", "33.335", "99.5", "0.005", "250"}
	pads := []string{" ", "\u3000", "\u00a0", "\ufeff", "\t", "  \u2003"}
	specials := []string{"=1+1", "-7", "+86 138", "@home", "客户", "Zoë", "a,b", `q"uote`, "Ab", "aB", "ab"}
	var rows []Row
	order := 0
	for c := range n {
		id := fmt.Sprintf("C%04d", c)
		if c < len(specials) {
			id = specials[c]
		} else if c%37 == 0 {
			id = fmt.Sprintf("客户%d", c)
		}
		orders := 1 + rng.IntN(3)
		if rng.IntN(4) == 0 {
			orders += rng.IntN(6)
		}
		for range orders {
			order++
			oid := fmt.Sprintf("O%d", order)
			day := 1 + rng.IntN(40)
			lines := 1 + rng.IntN(3)
			for range lines {
				cust := id
				if rng.IntN(6) == 0 {
					pad := pads[rng.IntN(len(pads))]
					if rng.IntN(2) == 0 {
						cust = pad + cust
					} else {
						cust += pad
					}
				}
				date := fmt.Sprintf("2024-03-%02d", 1+(day-1)%31)
				if day > 31 {
					date = fmt.Sprintf("2024-04-%02d", day-31)
				}
				if rng.IntN(5) == 0 {
					date += fmt.Sprintf(" %02d:%02d:00", rng.IntN(24), rng.IntN(60))
				}
				qty := fmt.Sprint(1 + rng.IntN(3))
				price := prices[rng.IntN(len(prices))]
				r := Row{Customer: p(cust), Order: p(oid), Date: p(date), Quantity: p(qty), Price: p(price)}
				switch rng.IntN(12) {
				case 0: // a line of its own, without an order id
					r.Order = nil
				case 1:
					r.Order = p("")
				case 2:
					r.Order = p(" " + oid) // the same order, padded
				case 3: // a return
					r.Quantity = p("-" + qty)
				case 4: // zero
					r.Quantity = p("0")
				}
				r.Amount = p(mul(*r.Quantity, *r.Price))
				rows = append(rows, r)
			}
		}
		switch rng.IntN(25) {
		case 0: // returns everything, later
			rows = append(rows, Row{Customer: p(id), Order: p(fmt.Sprintf("R%d", c)), Date: p("2024-04-20"),
				Quantity: p("-1"), Price: p("100000"), Amount: p("-100000")})
		case 1: // a customer with returns only
			rows = append(rows, row(id+"-ret", "X", "2024-03-03", "-1", "5"))
		case 2: // a customer whose net rounds to 0.00
			rows = append(rows, row(id+"-tiny", "T", "2024-03-04", "1", "0.004"))
		}
	}
	// Rows that `rfm score` rejects.
	rows = append(rows,
		Row{Customer: p("  "), Order: p("Z1"), Date: p("2024-05-01"), Quantity: p("1"), Price: p("5"), Amount: p("5")},
		Row{Customer: nil, Order: p("Z2"), Date: p("2024-05-01"), Quantity: p("1"), Price: p("5"), Amount: p("5")},
		Row{Customer: p("C0012"), Order: p("Z3"), Date: nil, Quantity: p("1"), Price: p("5"), Amount: p("5")},
		Row{Customer: p("C0013"), Order: p("Z4"), Date: p("2024-05-01"), Quantity: nil, Price: nil, Amount: nil},
	)
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows
}

// Case is a flag combination; Table and Columns are filled in per table.
type Case struct {
	Name string
	Opts sqlgen.Options
}

// cuts makes the cut points of rfm.Thresholds from decimal strings.
func cuts(r, f, m []string) [3][]rfm.Amount {
	conv := func(ss []string) []rfm.Amount {
		out := make([]rfm.Amount, len(ss))
		for i, s := range ss {
			x, _ := new(big.Rat).SetString(s)
			out[i] = rfm.AmountFromRat(x)
		}
		return out
	}
	return [3][]rfm.Amount{conv(r), conv(f), conv(m)}
}

// customScheme is a scheme file's scheme with overlapping and open-ended
// ranges; some cells fall to Other.
func customScheme() *segment.Scheme {
	return &segment.Scheme{Name: "custom",
		Segments: []segment.Segment{
			{ZH: "高价值", EN: "High value", Tier: "A"},
			{ZH: "新客", EN: "New", Tier: "B"},
			{ZH: "沉睡", EN: "Can't wake", Tier: "C"},
		},
		Ranges: []segment.Range{
			{RMin: 3, FMin: 3, MMin: 3},
			{RMin: 4, RMax: 5, FMax: 2},
			{RMax: 2, MMax: 3},
		},
	}
}

// Cases returns the flag combinations the engine tests try.
func Cases() []Case {
	base := func() sqlgen.Options {
		return sqlgen.Options{
			AsOf:  rfm.NoDate,
			Score: rfm.Options{Method: rfm.Quantile, Bins: 5},
			Tiers: segment.Tiers{A: 80, B: 95},
		}
	}
	asOf, _ := rfm.ParseISODate("2024-03-25")
	custom := customScheme()
	var cs []Case
	add := func(name string, edit func(o *sqlgen.Options)) {
		o := base()
		edit(&o)
		cs = append(cs, Case{name, o})
	}
	add("default", func(o *sqlgen.Options) {})
	add("quantile2-median-en", func(o *sqlgen.Options) {
		o.Score.Bins = 2
		o.Split = segment.SplitMedian
		o.Lang = segment.EN
	})
	add("quantile3-ignore", func(o *sqlgen.Options) { o.Score.Bins = 3; o.Returns = rfm.ReturnsIgnore })
	add("quantile9-mean-pareto", func(o *sqlgen.Options) {
		o.Score.Bins = 9
		o.Monetary = rfm.MonetaryMean
		o.Tiers = segment.Tiers{Pareto: true, A: 80, B: 95}
	})
	add("quantile4-asof-median", func(o *sqlgen.Options) {
		o.Score.Bins = 4
		o.AsOf = asOf
		o.Split = segment.SplitMedian
	})
	add("rank5-rfgrid", func(o *sqlgen.Options) { o.Score.Method = rfm.Rank; o.Scheme = segment.RFGrid() })
	add("rank7-median-ignore-mean", func(o *sqlgen.Options) {
		o.Score = rfm.Options{Method: rfm.Rank, Bins: 7}
		o.Split = segment.SplitMedian
		o.Returns = rfm.ReturnsIgnore
		o.Monetary = rfm.MonetaryMean
	})
	add("thresholds5-rfgrid-en-pareto", func(o *sqlgen.Options) {
		o.Score = rfm.Options{Method: rfm.Thresholds, Bins: 5,
			Cuts: cuts([]string{"5", "10.5", "20", "30"}, []string{"1", "2", "3", "4.5"}, []string{"10", "20.005", "50", "100"})}
		o.Scheme = segment.RFGrid()
		o.Lang = segment.EN
		o.Tiers = segment.Tiers{Pareto: true, A: 50, B: 90}
	})
	add("thresholds3-negative-cuts", func(o *sqlgen.Options) {
		o.Score = rfm.Options{Method: rfm.Thresholds, Bins: 3,
			Cuts: cuts([]string{"-1.5", "12"}, []string{"0.5", "3"}, []string{"-3", "40.999"})}
	})
	add("mean", func(o *sqlgen.Options) { o.Score = rfm.Options{Method: rfm.Mean} })
	add("mean-asof-ignore-mean-en", func(o *sqlgen.Options) {
		o.Score = rfm.Options{Method: rfm.Mean}
		o.AsOf = asOf
		o.Returns = rfm.ReturnsIgnore
		o.Monetary = rfm.MonetaryMean
		o.Lang = segment.EN
	})
	add("custom-scheme", func(o *sqlgen.Options) { o.Scheme = custom })
	// The generated rows span March 2024: short windows give every stage.
	add("lifecycle-3-7-14", func(o *sqlgen.Options) { o.Lifecycle = &rfm.Lifecycle{New: 3, Active: 7, Churn: 14} })
	add("lifecycle-1-1-2-k1.5-asof-en", func(o *sqlgen.Options) {
		o.Lifecycle = &rfm.Lifecycle{New: 1, Active: 1, Churn: 2, Factor: big.NewRat(3, 2)}
		o.AsOf = asOf
		o.Lang = segment.EN
	})
	add("lifecycle-default-k0.25-rank", func(o *sqlgen.Options) {
		o.Lifecycle = &rfm.Lifecycle{New: 30, Active: 90, Churn: 180, Factor: big.NewRat(1, 4)}
		o.Score.Method = rfm.Rank
	})
	add("custom-scheme-rank-en-pareto", func(o *sqlgen.Options) {
		o.Score.Method = rfm.Rank
		o.Scheme = custom
		o.Lang = segment.EN
		o.Tiers = segment.Tiers{Pareto: true, A: 80, B: 95}
	})
	return cs
}

// Trim trims what `rfm score` trims from ids: Unicode white space and U+FEFF.
func Trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

func amount(s string) rfm.Amount {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("sqltest: bad amount " + s)
	}
	return rfm.AmountFromRat(r)
}

func parseDate(s string) rfm.Date {
	d, ok := rfm.ParseISODate(s[:10])
	if !ok {
		panic("sqltest: bad date " + s)
	}
	return d
}

// Engine returns the customer table that packages rfm and segment compute
// for the rows under o, read as the variant says (header not included).
func Engine(rows []Row, o sqlgen.Options, v Variant) ([][]string, error) {
	hasOrder, qtyPrice := v.HasOrder, v.Lines
	agg := rfm.NewAggregator(hasOrder, 0, o.Returns)
	if o.Lifecycle != nil {
		agg.TrackDays()
	}
	for _, r := range rows {
		if r.Customer == nil || Trim(*r.Customer) == "" || r.Date == nil {
			continue
		}
		var a rfm.Amount
		if qtyPrice {
			if r.Quantity == nil || r.Price == nil {
				continue
			}
			a = amount(*r.Quantity).Mul(amount(*r.Price))
		} else {
			if r.Amount == nil {
				continue
			}
			a = amount(*r.Amount)
		}
		d := parseDate(*r.Date)
		if o.AsOf != rfm.NoDate && d > o.AsOf {
			continue
		}
		row := rfm.Row{Customer: []byte(Trim(*r.Customer)), Date: d, Amount: a}
		if hasOrder {
			row.Order = []byte{}
			if r.Order != nil {
				row.Order = []byte(Trim(*r.Order))
			}
		}
		agg.Add(&row)
	}
	asOf := o.AsOf
	if asOf == rfm.NoDate {
		asOf = agg.MaxDate() + 1
	}
	cs, _ := agg.Customers(asOf, o.Monetary)
	if _, err := rfm.Score(cs, o.Score); err != nil {
		return nil, err
	}
	scheme := o.Scheme
	if scheme == nil {
		scheme = segment.CN8()
	}
	as, err := scheme.Assign(cs, segment.Options{
		MeanMethod: o.Score.Method == rfm.Mean, Bins: o.Score.Bins, Split: o.Split, Tiers: o.Tiers})
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(cs))
	for i := range cs {
		c := &cs[i]
		id := c.ID
		if id != "" && strings.ContainsRune("=+-@\t\r", rune(id[0])) {
			id = "'" + id
		}
		out[i] = []string{id, fmt.Sprint(c.Recency), fmt.Sprint(c.Frequency), c.Monetary.String(),
			c.First.String(), c.Last.String(), fmt.Sprint(c.R), fmt.Sprint(c.F), fmt.Sprint(c.M),
			c.Code(), fmt.Sprint(c.Sum()), scheme.SegmentOf(as.Segment[i]).Name(o.Lang), as.Tier[i]}
		if o.Lifecycle != nil {
			lf := o.Lifecycle.Of(c, asOf)
			gap, next := "", ""
			if lf.HasGap {
				gap, next = rfm.FormatGap(lf.GapTenths), lf.Expected.String()
			}
			out[i] = append(out[i], fmt.Sprint(lf.Tenure), fmt.Sprint(lf.Days), o.Lang.Pick(lf.Stage.ZH(), lf.Stage.EN()),
				gap, fmt.Sprint(lf.Warning), next)
		}
	}
	return out, nil
}

// Diff compares two customer tables row by row and describes the first few
// differences; "" means equal.
func Diff(got, want [][]string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w []string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if strings.Join(g, "\x00") == strings.Join(w, "\x00") {
			continue
		}
		if n++; n > 5 {
			b.WriteString("…\n")
			break
		}
		fmt.Fprintf(&b, "row %d:\n  got  %q\n  want %q\n", i+1, g, w)
	}
	if len(got) != len(want) {
		fmt.Fprintf(&b, "got %d rows, want %d\n", len(got), len(want))
	}
	return b.String()
}
