package sqlgen

import (
	"fmt"
	"math/big"

	"github.com/rfmtool/rfm/rfm"
)

// addDays is date x plus n whole days (n an integer expression).
func (d Dialect) addDays(x, n string) string {
	switch d {
	case BigQuery:
		return "DATE_ADD(" + x + ", INTERVAL " + n + " DAY)"
	case Spark:
		return "DATE_ADD(" + x + ", CAST(" + n + " AS INT))"
	}
	return x + " + CAST(" + n + " AS INTEGER)"
}

// lifecycleSteps writes the CTEs of SPEC §8 after segmented: the distinct
// purchase dates, their count and the previous purchase date, and the stage.
func (g *gen) lifecycleSteps() {
	d, l := g.d, g.o.Lifecycle
	g.cte("purchase_dates", "Lifecycle stages (SPEC §8): the distinct dates with a purchase row, newest first.")
	g.line("  SELECT customer, order_date, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY order_date DESC) AS nth")
	g.line("  FROM (SELECT DISTINCT customer, order_date FROM used_rows WHERE amount > 0) AS p")
	g.end(false)

	g.cte("purchase_days", "purchase_days counts them; prev_order_date is the latest before the last.")
	g.line("  SELECT")
	g.line("    customer,")
	g.line("    %s AS purchase_days,", d.cast("COUNT(*)", d.intType()))
	g.line("    MAX(CASE WHEN nth = 2 THEN order_date END) AS prev_order_date")
	g.line("  FROM purchase_dates")
	g.line("  GROUP BY customer")
	g.end(false)

	g.cte("lived", "Days since the first purchase, between the first and the last, and the last gap.")
	g.line("  SELECT")
	g.line("    s.*,")
	g.line("    p.purchase_days,")
	g.line("    %s AS tenure_days,", d.cast(d.daysBetween("s.first_order_date", "a.as_of"), d.intType()))
	g.line("    %s AS span_days,", d.cast(d.daysBetween("s.first_order_date", "s.last_order_date"), d.intType()))
	g.line("    %s AS last_gap_days", d.cast(d.daysBetween("p.prev_order_date", "s.last_order_date"), d.intType()))
	g.line("  FROM segmented AS s")
	g.line("  JOIN purchase_days AS p ON p.customer = s.customer")
	g.line("  CROSS JOIN as_of AS a")
	g.end(false)

	g.cte("staged", fmt.Sprintf("The stage, the first rule that holds, with N = %d, A = %d, C = %d (a missing previous\n"+
		"date makes the returning rule false); the mean gap in tenths and the expected\n"+
		"next purchase in days, both rounded half away from zero: with d = purchase_days − 1,\n"+
		"⌊(20·span + d) ÷ 2d⌋ and ⌊(2·span + d) ÷ 2d⌋.", l.New, l.Active, l.Churn))
	g.line("  SELECT")
	g.line("    *,")
	g.line("    CASE")
	g.line("      WHEN tenure_days <= %d THEN 'new'", l.New)
	g.line("      WHEN recency_days <= %d AND last_gap_days > %d THEN 'returning'", l.Active, l.Churn)
	g.line("      WHEN recency_days <= %d THEN 'active'", l.Active)
	g.line("      WHEN recency_days <= %d THEN 'dormant'", l.Churn)
	g.line("      ELSE 'lapsed'")
	g.line("    END AS stage,")
	g.line("    CASE WHEN purchase_days >= 2 THEN %s END AS gap_tenths,", d.div("(20 * span_days + purchase_days - 1)", "(2 * (purchase_days - 1))"))
	g.line("    CASE WHEN purchase_days >= 2 THEN %s END AS next_in_days", d.div("(2 * span_days + purchase_days - 1)", "(2 * (purchase_days - 1))"))
	g.line("  FROM lived")
	g.end(true)
}

// lifecycleColumns writes the output's lifecycle columns after tier.
func (g *gen) lifecycleColumns() {
	d, l := g.d, g.o.Lifecycle
	text := func(x string) string { return d.cast(x, d.textType()) }
	k := l.Factor
	if k == nil {
		k = big.NewRat(2, 1)
	}
	g.line("  tenure_days,")
	g.line("  purchase_days,")
	g.line("  CASE stage")
	for _, s := range []rfm.Stage{rfm.StageNew, rfm.StageReturning, rfm.StageActive, rfm.StageDormant, rfm.StageLapsed} {
		g.line("    WHEN '%s' THEN %s", s.EN(), d.str(g.o.Lang.Pick(s.ZH(), s.EN())))
	}
	g.line("  END AS lifecycle,")
	g.comment("  ", "empty, not NULL, with one purchase day, as in rfm score's CSV")
	g.line("  COALESCE(%s || '.' || %s, '') AS mean_gap_days,", text(d.div("gap_tenths", "10")), text(d.mod("gap_tenths", "10")))
	g.comment("  ", fmt.Sprintf("recency_days > K × mean gap, exactly: recency_days × (purchase_days − 1) × %s > %s × span (K = %s)",
		k.Denom(), k.Num(), k.RatString()))
	g.line("  CASE WHEN purchase_days >= 2 AND stage IN ('active', 'returning', 'dormant')")
	g.line("    AND recency_days * (purchase_days - 1) * %s > %s * span_days THEN 'true' ELSE 'false' END AS churn_warning,", k.Denom(), k.Num())
	g.line("  COALESCE(%s, '') AS expected_next_date", d.isoDate(d.addDays("last_order_date", "next_in_days")))
}
