package sqlgen

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"unicode"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// Columns names the input columns, as they are stored in the table.
type Columns struct {
	Customer string
	Date     string
	// Amount, or else Quantity × Price, is the row's amount.
	Amount          string
	Quantity, Price string
	// Order is the order id column; empty when there is none.
	Order string
}

// Options says what to compute: the same settings as `rfm score`.
type Options struct {
	Dialect Dialect
	// Table is a table name, dotted parts allowed (each part is quoted), a name
	// already quoted by the caller, or a parenthesised subquery.
	Table   string
	Columns Columns
	// AsOf is the as-of date; rfm.NoDate means the day after the latest date.
	AsOf     rfm.Date
	Returns  rfm.Returns
	Monetary rfm.MonetaryRule
	// Score holds the method, the number of bins and threshold cut points.
	Score rfm.Options
	// Scheme names the segments; nil means cn8.
	Scheme *segment.Scheme
	Split  segment.Split
	Tiers  segment.Tiers
	Lang   segment.Lang
	// Lifecycle, when set, adds SPEC §8's stage and warning columns, as
	// rfm score --lifecycle does.
	Lifecycle *rfm.Lifecycle
}

// Generate writes one SQL statement that returns the customer table of
// `rfm score` for opts. Nothing is written when opts are invalid.
func Generate(w io.Writer, opts Options) error {
	g, err := newGen(opts)
	if err != nil {
		return err
	}
	g.statement()
	_, err = io.WriteString(w, g.b.String())
	return err
}

type gen struct {
	o      Options
	d      Dialect
	from   string // the FROM source, quoted
	scheme *segment.Scheme
	bins   int
	// cuts holds, for thresholds, ⌊cut⌋ per metric in days, orders and cents.
	cuts [3][]string
	b    strings.Builder
}

func newGen(o Options) (*gen, error) {
	if !o.Dialect.valid() {
		return nil, fmt.Errorf("unknown dialect %d", int(o.Dialect))
	}
	from, err := o.Dialect.Source(o.Table)
	if err != nil {
		return nil, err
	}
	c := o.Columns
	switch {
	case c.Customer == "":
		return nil, errors.New("no customer column: name it with --customer-col")
	case c.Date == "":
		return nil, errors.New("no date column: name it with --date-col")
	case c.Amount == "" && (c.Quantity == "" || c.Price == ""):
		return nil, errors.New("no amount column: name it with --amount-col, or give --quantity-col and --price-col")
	}
	// rfm.Score checks the bins and the threshold cut points; with no
	// customers it does nothing else.
	sc, err := rfm.Score(nil, o.Score)
	if err != nil {
		return nil, err
	}
	g := &gen{o: o, d: o.Dialect, from: from, scheme: o.Scheme, bins: o.Score.Bins}
	if g.scheme == nil {
		g.scheme = segment.CN8()
	}
	// Likewise Assign checks that the scheme fits the scores.
	if _, err := g.scheme.Assign(nil, g.segmentOptions()); err != nil {
		return nil, err
	}
	if o.Tiers.Pareto && (o.Tiers.A <= 0 || o.Tiers.A > o.Tiers.B || o.Tiers.B > 100) {
		return nil, fmt.Errorf("pareto tiers need 0 < A ≤ B ≤ 100, got %d,%d", o.Tiers.A, o.Tiers.B)
	}
	if o.Score.Method == rfm.Thresholds {
		for m := range sc.Cuts {
			for _, c := range sc.Cuts[m] {
				g.cuts[m] = append(g.cuts[m], floor(c.Rat()))
			}
		}
	}
	return g, nil
}

func (g *gen) segmentOptions() segment.Options {
	return segment.Options{
		MeanMethod: g.o.Score.Method == rfm.Mean,
		Bins:       g.o.Score.Bins,
		Split:      g.o.Split,
		Tiers:      g.o.Tiers,
	}
}

// floor returns ⌊r⌋ in decimal. big.Int's Div is Euclidean, which for the
// positive denominator rounds towards −∞.
func floor(r *big.Rat) string {
	return new(big.Int).Div(r.Num(), r.Denom()).String()
}

func (g *gen) line(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// comment writes each line of text as an SQL comment at the given indent.
// Every line end an engine knows (CR too) starts a new comment line, and
// other control characters are dropped, so no text can end a comment early.
func (g *gen) comment(indent, text string) {
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n").Replace(text)
	text = strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, text)
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			g.line("%s--", indent)
		} else {
			g.line("%s-- %s", indent, l)
		}
	}
}

// cte opens a common table expression; the caller writes its body and
// closes it with end.
func (g *gen) cte(name, why string) {
	g.comment("", why)
	g.line("%s AS (", name)
}

func (g *gen) end(last bool) {
	if last {
		g.line(")")
	} else {
		g.line("),")
	}
}

var metrics = [3]struct{ prefix, column, name string }{
	{"r", "recency_days", "recency"},
	{"f", "frequency", "frequency"},
	{"m", "m_cents", "monetary"},
}

func (g *gen) statement() {
	g.header()
	g.line("WITH")
	g.input()
	g.perCustomer()
	switch g.o.Score.Method {
	case rfm.Quantile:
		g.quantileScores()
	case rfm.Thresholds:
		g.thresholdScores()
	case rfm.Rank:
		g.rankScores()
	case rfm.Mean:
		g.meanScores()
	}
	g.segments()
	if g.o.Lifecycle != nil {
		g.lifecycleSteps()
	}
	g.output()
}

func (g *gen) header() {
	o := g.o
	var s strings.Builder
	fmt.Fprintf(&s, "The customer table of `rfm score`, computed in %s.\n\n", g.d.title())
	switch o.Score.Method {
	case rfm.Mean:
		s.WriteString("Scores: mean (0/1 split).")
	case rfm.Thresholds:
		fmt.Fprintf(&s, "Scores: thresholds, %d bins (recency %s; frequency %s; monetary %s).", g.bins,
			joinAmounts(o.Score.Cuts[0]), joinAmounts(o.Score.Cuts[1]), joinAmounts(o.Score.Cuts[2]))
	default:
		fmt.Fprintf(&s, "Scores: %s, %d bins.", o.Score.Method, g.bins)
	}
	s.WriteString("\nAs of: ")
	if o.AsOf == rfm.NoDate {
		s.WriteString("the day after the latest date.")
	} else {
		s.WriteString(o.AsOf.String() + "; later rows are left out.")
	}
	if o.Returns == rfm.ReturnsIgnore {
		s.WriteString("\nReturns: ignored.")
	} else {
		s.WriteString("\nReturns: netted.")
	}
	if o.Monetary == rfm.MonetaryMean {
		s.WriteString(" Monetary: the rounded sum ÷ frequency, rounded.")
	} else {
		s.WriteString(" Monetary: the rounded sum.")
	}
	fmt.Fprintf(&s, "\nSegments: %s, names in %s", g.scheme.Name, o.Lang.Pick("Chinese", "English"))
	if g.scheme.HighLow && o.Score.Method != rfm.Mean {
		s.WriteString(", high from the " + splitName(o.Split))
	}
	if o.Tiers.Pareto {
		fmt.Fprintf(&s, ". Tiers: pareto %d,%d.", o.Tiers.A, o.Tiers.B)
	} else {
		s.WriteString(". Tiers: by class.")
	}
	s.WriteString("\n\nExact throughout: amounts are read as " + g.d.exactType() + ", money is counted in\n")
	s.WriteString("whole cents once rounded, and every mean, median and quantile comparison is\n")
	s.WriteString("made on integers. Rows come out ordered by customer id in byte order.")
	g.comment("", s.String())
}

func splitName(s segment.Split) string {
	if s == segment.SplitMedian {
		return "median"
	}
	return "mean"
}

func joinAmounts(as []rfm.Amount) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

func (g *gen) input() {
	d, c := g.d, g.o.Columns
	g.cte("trim_chars", "Ids are trimmed of Unicode white space and U+FEFF at both ends.")
	g.line("  SELECT %s AS ws", d.trimSet())
	g.end(false)

	why := "Input rows: ids as trimmed text, the calendar date, the amount as an exact decimal."
	if d.byteOrder("x") != "x" {
		why += "\nIds compare byte for byte, as in `rfm score`, whatever the columns' collation."
	}
	g.cte("input_rows", why)
	g.line("  SELECT")
	g.line("    %s AS customer,", d.byteOrder(d.trim(d.cast("src."+d.ident(c.Customer), d.textType()), "t.ws")))
	if c.Order != "" {
		g.line("    %s AS order_id,", d.byteOrder(d.trim(d.cast("src."+d.ident(c.Order), d.textType()), "t.ws")))
	}
	g.line("    %s AS order_date,", d.cast("src."+d.ident(c.Date), "DATE"))
	amount := "src." + d.ident(c.Amount)
	if c.Amount == "" {
		amount = "src." + d.ident(c.Quantity) + " * src." + d.ident(c.Price)
	}
	g.line("    %s AS amount", d.cast(amount, d.exactType()))
	g.line("  FROM %s AS src", g.from)
	g.line("  CROSS JOIN trim_chars AS t")
	g.end(false)

	why = "Used rows: `rfm score` rejects a row without a customer id, date or amount"
	if g.o.AsOf != rfm.NoDate {
		why += ",\nand leaves out rows dated after the as-of date"
	}
	g.cte("used_rows", why+".")
	g.line("  SELECT *")
	g.line("  FROM input_rows")
	g.line("  WHERE customer <> '' AND order_date IS NOT NULL AND amount IS NOT NULL")
	if g.o.AsOf != rfm.NoDate {
		g.line("    AND order_date <= %s", d.dateLit(g.o.AsOf.String()))
	}
	g.end(false)

	if g.o.AsOf == rfm.NoDate {
		g.cte("as_of", "The as-of date: the day after the latest date of any used row (purchase,\nreturn or zero amount).")
		g.line("  SELECT %s AS as_of", d.nextDay("MAX(order_date)"))
		g.line("  FROM used_rows")
	} else {
		g.cte("as_of", "The as-of date, as given.")
		g.line("  SELECT %s AS as_of", d.dateLit(g.o.AsOf.String()))
	}
	g.end(false)
}

func (g *gen) perCustomer() {
	d := g.d
	sumWhy, sum := "all rows (returns netted)", "SUM(amount)"
	if g.o.Returns == rfm.ReturnsIgnore {
		sumWhy, sum = "purchase rows (returns ignored)", "SUM(CASE WHEN amount > 0 THEN amount END)"
	}
	g.cte("customers", "Per customer: purchase rows (amount > 0) give the dates and the orders; the\n"+
		"amounts of "+sumWhy+" give the sum, rounded to cents half away\nfrom zero and counted in cents.")
	g.line("  SELECT")
	g.line("    customer,")
	g.line("    MIN(CASE WHEN amount > 0 THEN order_date END) AS first_order_date,")
	g.line("    MAX(CASE WHEN amount > 0 THEN order_date END) AS last_order_date,")
	if g.o.Columns.Order != "" {
		g.comment("    ", "distinct order ids; a purchase row without an order id is an order of its own")
		g.line("    COUNT(DISTINCT CASE WHEN amount > 0 AND order_id <> '' THEN order_id END)")
		g.line("      + COUNT(CASE WHEN amount > 0 AND (order_id IS NULL OR order_id = '') THEN 1 END) AS frequency,")
	} else {
		g.comment("    ", "without an order id column every purchase row is an order")
		g.line("    COUNT(CASE WHEN amount > 0 THEN 1 END) AS frequency,")
	}
	g.line("    %s AS net_cents", d.cast("ROUND("+sum+", 2) * 100", d.intType()))
	g.line("  FROM used_rows")
	g.line("  GROUP BY customer")
	g.end(false)

	g.cte("scored", "Scored customers: at least one purchase row and a rounded sum above zero.")
	g.line("  SELECT")
	g.line("    c.customer,")
	g.line("    c.first_order_date,")
	g.line("    c.last_order_date,")
	g.line("    %s AS recency_days,", d.cast(d.daysBetween("c.last_order_date", "a.as_of"), d.intType()))
	g.line("    c.frequency,")
	g.line("    c.net_cents,")
	if g.o.Monetary == rfm.MonetaryMean {
		g.comment("    ", "the rounded sum ÷ frequency, rounded half away from zero: both are\npositive, so this is ⌊(2·cents + f) ÷ 2f⌋")
		g.line("    %s AS m_cents", d.div("(2 * c.net_cents + c.frequency)", "(2 * c.frequency)"))
	} else {
		g.line("    c.net_cents AS m_cents")
	}
	g.line("  FROM customers AS c")
	g.line("  CROSS JOIN as_of AS a")
	g.line("  WHERE c.frequency > 0 AND c.net_cents > 0")
	g.end(false)
}

// cutScores writes the scores CTE for cut points held in the one-row CTE cuts
// as <prefix>_cut<k>: frequency and monetary score 1 + #{k : scale·v > cut_k};
// recency N − #{k : scale·v > cut_k}.
func (g *gen) cutScores(scale string) {
	n := g.bins
	g.cte("scores", fmt.Sprintf("Frequency and monetary score 1 + #{k : v > q_k}; recency scores %d − #{k : v > q_k},\nso fewer days score higher.", n))
	g.line("  SELECT")
	g.line("    s.*,")
	for mi, m := range metrics {
		base := "1 + "
		if mi == 0 {
			base = itoa(n) + " - "
		}
		g.countAbove(base, scale+"s."+m.column, ">", m.prefix, mi == 2)
	}
	g.line("  FROM scored AS s")
	g.line("  CROSS JOIN cuts AS c")
	g.end(false)
}

// countAbove writes base(#{k : v op c.<prefix>_cut<k>}) AS <prefix>_score.
func (g *gen) countAbove(base, v, op, prefix string, last bool) {
	g.line("    %s(", base)
	for k := 1; k < g.bins; k++ {
		plus := "  + "
		if k == 1 {
			plus = "    "
		}
		g.line("    %sCASE WHEN %s %s c.%s_cut%d THEN 1 ELSE 0 END", plus, v, op, prefix, k)
	}
	sep := ","
	if last {
		sep = ""
	}
	g.line("    ) AS %s_score%s", prefix, sep)
}

// counts writes a CTE of each metric's distinct values x with their count c
// and running total upto: sorted ascending, the values tied at x fill the
// positions upto − c … upto − 1 (counted from 0). Counting per value, not
// numbering every customer, keeps the work in parallel pieces on engines
// that would sort all customers in one place for ROW_NUMBER() OVER (ORDER BY).
func (g *gen) counts(name, why, src string, exprs [3]string) {
	g.cte(name, why)
	g.line("  SELECT")
	g.line("    metric,")
	g.line("    x,")
	g.line("    c,")
	g.line("    %s AS upto", g.d.cast("SUM(c) OVER (PARTITION BY metric ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", g.d.intType()))
	g.line("  FROM (")
	g.line("    SELECT metric, x, COUNT(*) AS c")
	g.line("    FROM (")
	for mi, m := range metrics {
		if mi == 0 {
			g.line("      SELECT '%s' AS metric, %s AS x FROM %s", m.prefix, exprs[mi], src)
		} else {
			g.line("      UNION ALL SELECT '%s', %s FROM %s", m.prefix, exprs[mi], src)
		}
	}
	g.line("    ) AS v")
	g.line("    GROUP BY metric, x")
	g.line("  ) AS h")
	g.end(false)
}

// quantiles writes the CTEs that compute N·q_k, the type-7 quantiles k/N of
// each metric in the counts CTE, for k in ks, as one row named out with the
// columns col(metric, k). src is what the counts count.
func (g *gen) quantiles(counts, steps, points, out, src string, n int, ks []int, col func(prefix string, k int) string) {
	d, N := g.d, itoa(n)
	g.cte(steps, fmt.Sprintf("Type-7 positions: h = (n−1)·k/%[1]s; j = ⌊h⌋, rem = (n−1)·k mod %[1]s and j_up = ⌈h⌉,\n"+
		"which is j + 1 when rem > 0 and j otherwise.", N))
	g.line("  SELECT")
	g.line("    ks.k,")
	g.line("    %s AS j,", d.div("(c.n - 1) * ks.k", N))
	g.line("    %s AS rem,", d.mod("(c.n - 1) * ks.k", N))
	g.line("    %s AS j_up", d.div("((c.n - 1) * ks.k + "+itoa(n-1)+")", N))
	sel := make([]string, len(ks))
	for i, k := range ks {
		sel[i] = "SELECT " + itoa(k)
		if i == 0 {
			sel[i] += " AS k"
		}
	}
	g.line("  FROM (%s) AS ks", strings.Join(sel, " UNION ALL "))
	g.line("  CROSS JOIN (SELECT COUNT(*) AS n FROM %s) AS c", src)
	g.end(false)

	g.cte(points, fmt.Sprintf("q_k = x_j + (rem/%[1]s)·(x_{j+1} − x_j), so %[1]s·q_k = %[1]s·x_j + rem·(x_{j_up} − x_j): a whole\n"+
		"number, as the values are. x_j is the value whose run of ties covers position j.", N))
	g.line("  SELECT lo.metric, s.k, %s * lo.x + s.rem * (hi.x - lo.x) AS nq", N)
	g.line("  FROM %s AS s", steps)
	g.line("  JOIN %s AS lo ON lo.upto - lo.c <= s.j AND s.j < lo.upto", counts)
	g.line("  JOIN %s AS hi ON hi.metric = lo.metric AND hi.upto - hi.c <= s.j_up AND s.j_up < hi.upto", counts)
	g.end(false)

	g.cte(out, "One row with every "+N+"·q_k.")
	g.line("  SELECT")
	for mi, m := range metrics {
		for i, k := range ks {
			sep := ","
			if mi == 2 && i == len(ks)-1 {
				sep = ""
			}
			g.line("    MAX(CASE WHEN metric = '%s' AND k = %d THEN nq END) AS %s%s", m.prefix, k, col(m.prefix, k), sep)
		}
	}
	g.line("  FROM %s", points)
	g.end(false)
}

func (g *gen) quantileScores() {
	n := g.bins
	ks := make([]int, n-1)
	for k := range ks {
		ks[k] = k + 1
	}
	g.counts("value_counts", fmt.Sprintf("Quantile cut points q_k, k = 1 … %d: the type-7 quantiles k/%d of each metric over\n"+
		"the n scored customers, exactly, with the values sorted as x_0 … x_{n−1}. Here each\n"+
		"distinct value x with its count c; its ties fill positions upto − c … upto − 1.", n-1, n),
		"scored", [3]string{"recency_days", "frequency", "m_cents"})
	g.quantiles("value_counts", "quantile_steps", "cut_points", "cuts", "scored", n, ks,
		func(p string, k int) string { return fmt.Sprintf("%s_cut%d", p, k) })
	g.cutScores(itoa(n) + " * ")
}

func (g *gen) thresholdScores() {
	cuts := g.o.Score.Cuts
	g.cte("cuts", "The given cut points. The values are whole days, orders or cents, so v > c is\n"+
		"v > ⌊c⌋; monetary cuts are in cents: ⌊100·c⌋.")
	g.line("  SELECT")
	for mi, m := range metrics {
		for k, c := range g.cuts[mi] {
			sep := ","
			if mi == 2 && k == len(g.cuts[mi])-1 {
				sep = ""
			}
			g.line("    %s AS %s_cut%d%s  -- %s %s", c, m.prefix, k+1, sep, m.name, cuts[mi][k])
		}
	}
	g.end(false)
	g.cutScores("")
}

func (g *gen) rankScores() {
	d, n := g.d, g.bins
	N := itoa(n)
	g.counts("rank_counts", "Rank: p = average rank ÷ n, ties sharing the average of their positions;\n"+
		"recency is ranked on −recency. Each distinct value x with its count c: its ties\n"+
		"hold ranks upto − c + 1 … upto, so their average rank is (2·upto − c + 1) ÷ 2.",
		"scored", [3]string{"-recency_days", "frequency", "m_cents"})

	g.cte("rank_scores", fmt.Sprintf("score = ⌈%[1]s·p⌉ = ⌈%[1]s·(2·upto − c + 1) ÷ 2n⌉, as an integer division.", N))
	g.line("  SELECT")
	g.line("    r.metric,")
	g.line("    r.x,")
	g.line("    %s AS score", d.div(fmt.Sprintf("(%s * (2 * r.upto - r.c + 1) + 2 * t.n - 1)", N), "(2 * t.n)"))
	g.line("  FROM rank_counts AS r")
	g.line("  CROSS JOIN (SELECT COUNT(*) AS n FROM scored) AS t")
	g.end(false)

	g.cte("cuts", fmt.Sprintf("The score rises with the value, so it is 1 + #{k : v ≥ cut_k} with cut_k the\n"+
		"smallest value scoring above k (k = 1 … %d): one row, so that no customer needs\n"+
		"a join.", n-1))
	g.line("  SELECT")
	for mi, m := range metrics {
		for k := 1; k < n; k++ {
			sep := ","
			if mi == 2 && k == n-1 {
				sep = ""
			}
			g.line("    MIN(CASE WHEN metric = '%s' AND score > %d THEN x END) AS %s_cut%d%s", m.prefix, k, m.prefix, k, sep)
		}
	}
	g.line("  FROM rank_scores")
	g.end(false)

	g.cte("scores", "Each customer's three scores; recency compares −recency.")
	g.line("  SELECT")
	g.line("    s.*,")
	for mi, m := range metrics {
		v := "s." + m.column
		if mi == 0 {
			v = "-s." + m.column
		}
		g.countAbove("1 + ", v, ">=", m.prefix, mi == 2)
	}
	g.line("  FROM scored AS s")
	g.line("  CROSS JOIN cuts AS c")
	g.end(false)
}

func (g *gen) meanScores() {
	g.cte("totals", "The mean split: compare v·n with the total, exactly.")
	g.line("  SELECT")
	g.line("    COUNT(*) AS n,")
	g.line("    SUM(recency_days) AS r_total,")
	g.line("    SUM(frequency) AS f_total,")
	g.line("    SUM(m_cents) AS m_total")
	g.line("  FROM scored")
	g.end(false)

	g.cte("scores", "r = 1 when recency < mean; f and m = 1 when the value > mean; else 0.")
	g.line("  SELECT")
	g.line("    s.*,")
	g.line("    CASE WHEN s.recency_days * t.n < t.r_total THEN 1 ELSE 0 END AS r_score,")
	g.line("    CASE WHEN s.frequency * t.n > t.f_total THEN 1 ELSE 0 END AS f_score,")
	g.line("    CASE WHEN s.m_cents * t.n > t.m_total THEN 1 ELSE 0 END AS m_score")
	g.line("  FROM scored AS s")
	g.line("  CROSS JOIN totals AS t")
	g.end(false)
}

// segments writes the CTEs up to `segmented`, which adds segment and tier.
func (g *gen) segments() {
	from := "scores"
	if g.scheme.HighLow {
		g.highLow()
		from = "classes"
	}
	if g.o.Tiers.Pareto {
		g.pareto(from)
		from = "pareto"
	}

	lang := g.o.Lang
	g.cte("segmented", "Segment "+map[bool]string{true: "and tier ", false: ""}[!g.o.Tiers.Pareto]+"from the "+g.scheme.Name+" scheme.")
	g.line("  SELECT")
	g.line("    *,")
	var arms []arm
	if g.scheme.HighLow {
		// In SPEC §5's order: the important classes (M high) first.
		for _, bits := range []int{7, 5, 3, 1, 6, 4, 2, 0} {
			s := &g.scheme.Segments[bits]
			arms = append(arms, arm{
				when: itoa(bits), seg: s.Name(lang), tier: s.Tier,
				note: fmt.Sprintf("R F M = %d %d %d", bits>>2, bits>>1&1, bits&1),
			})
		}
		g.caseExpr("4 * r_high + 2 * f_high + m_high", arms, "segment")
	} else {
		for i, r := range g.scheme.Ranges {
			s := &g.scheme.Segments[i]
			arms = append(arms, arm{when: rangeCond(r), seg: guardName(s.Name(lang)), tier: s.Tier})
		}
		g.caseExpr("", arms, "segment")
	}
	if g.o.Tiers.Pareto {
		g.line("    CASE")
		g.line("      WHEN net_cents > a_net OR (net_cents = a_net AND tie_pos < a_count) THEN 'A'")
		g.line("      WHEN net_cents > b_net OR (net_cents = b_net AND tie_pos < b_count) THEN 'B'")
		g.line("      ELSE 'C'")
		g.line("    END AS tier")
	} else {
		g.caseExpr(map[bool]string{true: "4 * r_high + 2 * f_high + m_high"}[g.scheme.HighLow], arms, "tier")
	}
	g.line("  FROM %s", from)
	g.end(g.o.Lifecycle == nil)
}

// pareto writes the CTEs of Pareto tiers over the customers of from.
func (g *gen) pareto(from string) {
	d, t := g.d, g.o.Tiers
	g.cte("net_counts", "Pareto tiers: customers in order of rounded net sum, largest first, ties by id;\n"+
		"cents_before is the sum of those ahead. Per distinct net sum g: its count c, the\n"+
		"sum of all larger net sums, and the total.")
	g.line("  SELECT")
	g.line("    net_cents,")
	g.line("    c,")
	g.line("    %s AS cents_larger,", d.cast("COALESCE(SUM(net_cents * c) OVER (ORDER BY net_cents DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)", d.intType()))
	g.line("    %s AS cents_total", d.cast("SUM(net_cents * c) OVER ()", d.intType()))
	g.line("  FROM (SELECT net_cents, COUNT(*) AS c FROM %s GROUP BY net_cents) AS h", from)
	g.end(false)

	g.cte("tier_counts", fmt.Sprintf("The m-th customer (from 0) of a net sum g has cents_before = cents_larger + m·g,\n"+
		"so tier A holds for m < (%[1]d·total − 100·cents_larger) ÷ 100g and B likewise with %[2]d:\n"+
		"a_count and b_count customers of the c.", t.A, t.B))
	g.line("  SELECT")
	g.line("    net_cents,")
	for _, x := range []struct {
		name string
		pct  int64
	}{{"a", t.A}, {"b", t.B}} {
		num := fmt.Sprintf("%d * cents_total - 100 * cents_larger", x.pct)
		sep := ","
		if x.name == "b" {
			sep = ""
		}
		g.line("    CASE WHEN %s <= 0 THEN 0", num)
		g.line("      ELSE LEAST(c, %s) END AS %s_count%s", d.div("("+num+" + 100 * net_cents - 1)", "(100 * net_cents)"), x.name, sep)
	}
	g.line("  FROM net_counts")
	g.end(false)

	g.cte("tier_bounds", "Tier A is a prefix of that order: every customer whose net sum is above a_net,\n"+
		"and the first a_count of those at a_net; likewise for A and B together. One row,\n"+
		"so that no customer needs a join.")
	g.line("  SELECT")
	g.line("    l.a_net,")
	g.line("    MAX(CASE WHEN t.net_cents = l.a_net THEN t.a_count END) AS a_count,")
	g.line("    l.b_net,")
	g.line("    MAX(CASE WHEN t.net_cents = l.b_net THEN t.b_count END) AS b_count")
	g.line("  FROM tier_counts AS t")
	g.line("  CROSS JOIN (")
	g.line("    SELECT")
	g.line("      MIN(CASE WHEN a_count > 0 THEN net_cents END) AS a_net,")
	g.line("      MIN(CASE WHEN b_count > 0 THEN net_cents END) AS b_net")
	g.line("    FROM tier_counts")
	g.line("  ) AS l")
	g.line("  GROUP BY l.a_net, l.b_net")
	g.end(false)

	g.cte("pareto", "tie_pos: the customer's place, from 0, among those with the same net sum.")
	g.line("  SELECT")
	g.line("    x.*,")
	g.line("    ROW_NUMBER() OVER (PARTITION BY x.net_cents ORDER BY %s) - 1 AS tie_pos,", d.byteOrder("x.customer"))
	g.line("    b.a_net,")
	g.line("    b.a_count,")
	g.line("    b.b_net,")
	g.line("    b.b_count")
	g.line("  FROM %s AS x", from)
	g.line("  CROSS JOIN tier_bounds AS b")
	g.end(false)
}

type arm struct {
	when, seg, tier, note string
}

// caseExpr writes CASE [subject] WHEN … THEN … ELSE Other END AS col, where
// col is "segment" or "tier"; segment closes with a comma.
func (g *gen) caseExpr(subject string, arms []arm, col string) {
	if subject == "" {
		g.line("    CASE")
	} else {
		g.line("    CASE %s", subject)
	}
	for _, a := range arms {
		v := a.seg
		if col == "tier" {
			v = a.tier
		}
		note := ""
		if a.note != "" {
			note = "  -- " + a.note
		}
		g.line("      WHEN %s THEN %s%s", a.when, g.d.str(v), note)
	}
	other := segment.Other.Name(g.o.Lang)
	if col == "tier" {
		other = segment.Other.Tier
	}
	if !g.scheme.HighLow {
		g.line("      ELSE %s", g.d.str(other))
	}
	if col == "segment" {
		g.line("    END AS segment,")
	} else {
		g.line("    END AS tier")
	}
}

// rangeCond writes the condition of an inclusive score range; 0 bounds mean any.
func rangeCond(r segment.Range) string {
	var cs []string
	one := func(col string, lo, hi int) {
		switch {
		case lo != 0 && lo == hi:
			cs = append(cs, fmt.Sprintf("%s = %d", col, lo))
		case lo != 0 && hi != 0:
			cs = append(cs, fmt.Sprintf("%s BETWEEN %d AND %d", col, lo, hi))
		case lo != 0:
			cs = append(cs, fmt.Sprintf("%s >= %d", col, lo))
		case hi != 0:
			cs = append(cs, fmt.Sprintf("%s <= %d", col, hi))
		}
	}
	one("r_score", r.RMin, r.RMax)
	one("f_score", r.FMin, r.FMax)
	one("m_score", r.MMin, r.MMax)
	if len(cs) == 0 {
		return "1 = 1"
	}
	return strings.Join(cs, " AND ")
}

// highLow writes the CTEs that split each score into high (1) and low (0).
func (g *gen) highLow() {
	if g.o.Score.Method == rfm.Mean {
		g.cte("classes", "With the mean method the 0/1 score is the high/low split.")
		g.line("  SELECT")
		g.line("    *,")
		g.line("    r_score AS r_high,")
		g.line("    f_score AS f_high,")
		g.line("    m_score AS m_high")
		g.line("  FROM scores")
		g.end(false)
		return
	}
	median := g.o.Split == segment.SplitMedian
	if median {
		g.counts("score_counts", "The median of each score is its type-7 quantile 1/2 (for an even count the\n"+
			"mean of the two middle scores), found as the cut points are: twice the median\n"+
			"is a whole number.", "scores", [3]string{"r_score", "f_score", "m_score"})
		g.quantiles("score_counts", "median_steps", "median_points", "medians", "scores", 2, []int{1},
			func(p string, _ int) string { return p + "_median2" })
	}
	why := "The lowest and highest of each score"
	if !median {
		why += ", and its total (its mean × n)"
	}
	g.cte("score_stats", why+".")
	g.line("  SELECT")
	if !median {
		g.line("    COUNT(*) AS n,")
	}
	for mi, m := range metrics {
		p := m.prefix
		sep := ","
		if mi == 2 {
			sep = ""
		}
		if !median {
			g.line("    SUM(%s_score) AS %s_total,", p, p)
		}
		g.line("    MIN(%s_score) AS %s_min,", p, p)
		g.line("    MAX(%s_score) AS %s_max%s", p, p, sep)
	}
	g.line("  FROM scores")
	g.end(false)

	test := "s.%[1]s_score * t.n >= t.%[1]s_total"
	if median {
		test = "2 * s.%[1]s_score >= md.%[1]s_median2"
	}
	g.cte("classes", "High (1) when the score is at least the "+splitName(g.o.Split)+" score, else low (0); a dimension\n"+
		"where every customer has the same score is low for everyone.")
	g.line("  SELECT")
	g.line("    s.*,")
	for mi, m := range metrics {
		sep := ","
		if mi == 2 {
			sep = ""
		}
		g.line("    CASE WHEN t.%[1]s_min < t.%[1]s_max AND %[2]s THEN 1 ELSE 0 END AS %[1]s_high%[3]s",
			m.prefix, fmt.Sprintf(test, m.prefix), sep)
	}
	g.line("  FROM scores AS s")
	g.line("  CROSS JOIN score_stats AS t")
	if median {
		g.line("  CROSS JOIN medians AS md")
	}
	g.end(false)
}

func (g *gen) output() {
	d := g.d
	text := func(x string) string { return d.cast(x, d.textType()) }
	g.comment("", "SPEC §6's columns. A customer id that begins with = + - @ or ' gets a leading '\n"+
		"so that spreadsheets do not run it as a formula and no two ids are written\n"+
		"alike (tab and CR cannot lead: they are trimmed).")
	g.line("SELECT")
	g.line("  CASE WHEN SUBSTR(customer, 1, 1) IN ('=', '+', '-', '@', %s) THEN %s || customer ELSE customer END AS customer_id,", d.quoteMark(), d.quoteMark())
	g.line("  recency_days,")
	g.line("  frequency,")
	g.line("  %s || '.' || LPAD(%s, 2, '0') AS monetary,", text(d.div("m_cents", "100")), text(d.mod("m_cents", "100")))
	g.line("  %s AS first_order_date,", d.isoDate("first_order_date"))
	g.line("  %s AS last_order_date,", d.isoDate("last_order_date"))
	g.line("  r_score,")
	g.line("  f_score,")
	g.line("  m_score,")
	g.line("  %s || %s || %s AS rfm_code,", text("r_score"), text("f_score"), text("m_score"))
	g.line("  r_score + f_score + m_score AS rfm_sum,")
	g.line("  segment,")
	from := "segmented"
	if g.o.Lifecycle != nil {
		g.line("  tier,")
		g.lifecycleColumns()
		from = "staged"
	} else {
		g.line("  tier")
	}
	g.line("FROM %s", from)
	g.line("ORDER BY %s;", d.byteOrder("customer"))
}

// guardName writes a scheme file's segment name as rfm score's CSV does
// (report.Guard): behind a ' when it begins with = + - @ tab CR or '.
func guardName(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}
