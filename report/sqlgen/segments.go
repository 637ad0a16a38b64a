package sqlgen

// The segment steps: the scheme's rules as CASE expressions, the high/low
// splits and the Pareto tiers, ending in `segmented`.

import (
	"fmt"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

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
