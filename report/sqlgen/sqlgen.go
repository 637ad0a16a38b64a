package sqlgen

import (
	"fmt"
	"io"
	"math/big"
	"strings"
	"unicode"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
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
		return nil, i18n.Errorf("unknown dialect %d", int(o.Dialect))
	}
	from, err := o.Dialect.Source(o.Table)
	if err != nil {
		return nil, err
	}
	c := o.Columns
	switch {
	case c.Customer == "":
		return nil, i18n.New("no customer column: name it with --customer-col")
	case c.Date == "":
		return nil, i18n.New("no date column: name it with --date-col")
	case c.Amount == "" && (c.Quantity == "" || c.Price == ""):
		return nil, i18n.New("no amount column: name it with --amount-col, or give --quantity-col and --price-col")
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
		return nil, i18n.Errorf("pareto tiers need 0 < A ≤ B ≤ 100, got %d,%d", o.Tiers.A, o.Tiers.B)
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
