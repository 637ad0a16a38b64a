package sqlgen

// The score steps: one CTE (or a few) per scoring method of rfm.Options,
// each ending in `scores` with r_score, f_score and m_score.

import (
	"fmt"
	"strings"
)

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
