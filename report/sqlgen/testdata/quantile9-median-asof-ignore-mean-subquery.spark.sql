-- The customer table of `rfm score`, computed in Spark SQL.
--
-- Scores: quantile, 9 bins.
-- As of: 2024-06-30; later rows are left out.
-- Returns: ignored. Monetary: the rounded sum ÷ frequency, rounded.
-- Segments: cn8, names in Chinese, high from the median. Tiers: pareto 50,90.
--
-- Exact throughout: amounts are read as DECIMAL(38, 9), money is counted in
-- whole cents once rounded, and every mean, median and quantile comparison is
-- made on integers. Rows come out ordered by customer id in byte order.
WITH
-- Ids are trimmed of Unicode white space and U+FEFF at both ends.
trim_chars AS (
  SELECT '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS ws
),
-- Input rows: ids as trimmed text, the calendar date, the amount as an exact decimal.
input_rows AS (
  SELECT
    TRIM(BOTH t.ws FROM CAST(src.`Customer ID` AS STRING)) AS customer,
    TRIM(BOTH t.ws FROM CAST(src.`Invoice` AS STRING)) AS order_id,
    CAST(src.`InvoiceDate` AS DATE) AS order_date,
    CAST(src.`Quantity` * src.`Price` AS DECIMAL(38, 9)) AS amount
  FROM (SELECT * FROM order_lines WHERE status = 'paid') AS src
  CROSS JOIN trim_chars AS t
),
-- Used rows: `rfm score` rejects a row without a customer id, date or amount,
-- and leaves out rows dated after the as-of date.
used_rows AS (
  SELECT *
  FROM input_rows
  WHERE customer <> '' AND order_date IS NOT NULL AND amount IS NOT NULL
    AND order_date <= DATE '2024-06-30'
),
-- The as-of date, as given.
as_of AS (
  SELECT DATE '2024-06-30' AS as_of
),
-- Per customer: purchase rows (amount > 0) give the dates and the orders; the
-- amounts of purchase rows (returns ignored) give the sum, rounded to cents half away
-- from zero and counted in cents.
customers AS (
  SELECT
    customer,
    MIN(CASE WHEN amount > 0 THEN order_date END) AS first_order_date,
    MAX(CASE WHEN amount > 0 THEN order_date END) AS last_order_date,
    -- distinct order ids; a purchase row without an order id is an order of its own
    COUNT(DISTINCT CASE WHEN amount > 0 AND order_id <> '' THEN order_id END)
      + COUNT(CASE WHEN amount > 0 AND (order_id IS NULL OR order_id = '') THEN 1 END) AS frequency,
    CAST(ROUND(SUM(CASE WHEN amount > 0 THEN amount END), 2) * 100 AS BIGINT) AS net_cents
  FROM used_rows
  GROUP BY customer
),
-- Scored customers: at least one purchase row and a rounded sum above zero.
scored AS (
  SELECT
    c.customer,
    c.first_order_date,
    c.last_order_date,
    CAST(DATEDIFF(a.as_of, c.last_order_date) AS BIGINT) AS recency_days,
    c.frequency,
    c.net_cents,
    -- the rounded sum ÷ frequency, rounded half away from zero: both are
    -- positive, so this is ⌊(2·cents + f) ÷ 2f⌋
    (2 * c.net_cents + c.frequency) DIV (2 * c.frequency) AS m_cents
  FROM customers AS c
  CROSS JOIN as_of AS a
  WHERE c.frequency > 0 AND c.net_cents > 0
),
-- Quantile cut points q_k, k = 1 … 8: the type-7 quantiles k/9 of each metric over
-- the n scored customers, exactly, with the values sorted as x_0 … x_{n−1}. Here each
-- distinct value x with its count c; its ties fill positions upto − c … upto − 1.
value_counts AS (
  SELECT
    metric,
    x,
    c,
    CAST(SUM(c) OVER (PARTITION BY metric ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS upto
  FROM (
    SELECT metric, x, COUNT(*) AS c
    FROM (
      SELECT 'r' AS metric, recency_days AS x FROM scored
      UNION ALL SELECT 'f', frequency FROM scored
      UNION ALL SELECT 'm', m_cents FROM scored
    ) AS v
    GROUP BY metric, x
  ) AS h
),
-- Type-7 positions: h = (n−1)·k/9; j = ⌊h⌋, rem = (n−1)·k mod 9 and j_up = ⌈h⌉,
-- which is j + 1 when rem > 0 and j otherwise.
quantile_steps AS (
  SELECT
    ks.k,
    (c.n - 1) * ks.k DIV 9 AS j,
    MOD((c.n - 1) * ks.k, 9) AS rem,
    ((c.n - 1) * ks.k + 8) DIV 9 AS j_up
  FROM (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) AS ks
  CROSS JOIN (SELECT COUNT(*) AS n FROM scored) AS c
),
-- q_k = x_j + (rem/9)·(x_{j+1} − x_j), so 9·q_k = 9·x_j + rem·(x_{j_up} − x_j): a whole
-- number, as the values are. x_j is the value whose run of ties covers position j.
cut_points AS (
  SELECT lo.metric, s.k, 9 * lo.x + s.rem * (hi.x - lo.x) AS nq
  FROM quantile_steps AS s
  JOIN value_counts AS lo ON lo.upto - lo.c <= s.j AND s.j < lo.upto
  JOIN value_counts AS hi ON hi.metric = lo.metric AND hi.upto - hi.c <= s.j_up AND s.j_up < hi.upto
),
-- One row with every 9·q_k.
cuts AS (
  SELECT
    MAX(CASE WHEN metric = 'r' AND k = 1 THEN nq END) AS r_cut1,
    MAX(CASE WHEN metric = 'r' AND k = 2 THEN nq END) AS r_cut2,
    MAX(CASE WHEN metric = 'r' AND k = 3 THEN nq END) AS r_cut3,
    MAX(CASE WHEN metric = 'r' AND k = 4 THEN nq END) AS r_cut4,
    MAX(CASE WHEN metric = 'r' AND k = 5 THEN nq END) AS r_cut5,
    MAX(CASE WHEN metric = 'r' AND k = 6 THEN nq END) AS r_cut6,
    MAX(CASE WHEN metric = 'r' AND k = 7 THEN nq END) AS r_cut7,
    MAX(CASE WHEN metric = 'r' AND k = 8 THEN nq END) AS r_cut8,
    MAX(CASE WHEN metric = 'f' AND k = 1 THEN nq END) AS f_cut1,
    MAX(CASE WHEN metric = 'f' AND k = 2 THEN nq END) AS f_cut2,
    MAX(CASE WHEN metric = 'f' AND k = 3 THEN nq END) AS f_cut3,
    MAX(CASE WHEN metric = 'f' AND k = 4 THEN nq END) AS f_cut4,
    MAX(CASE WHEN metric = 'f' AND k = 5 THEN nq END) AS f_cut5,
    MAX(CASE WHEN metric = 'f' AND k = 6 THEN nq END) AS f_cut6,
    MAX(CASE WHEN metric = 'f' AND k = 7 THEN nq END) AS f_cut7,
    MAX(CASE WHEN metric = 'f' AND k = 8 THEN nq END) AS f_cut8,
    MAX(CASE WHEN metric = 'm' AND k = 1 THEN nq END) AS m_cut1,
    MAX(CASE WHEN metric = 'm' AND k = 2 THEN nq END) AS m_cut2,
    MAX(CASE WHEN metric = 'm' AND k = 3 THEN nq END) AS m_cut3,
    MAX(CASE WHEN metric = 'm' AND k = 4 THEN nq END) AS m_cut4,
    MAX(CASE WHEN metric = 'm' AND k = 5 THEN nq END) AS m_cut5,
    MAX(CASE WHEN metric = 'm' AND k = 6 THEN nq END) AS m_cut6,
    MAX(CASE WHEN metric = 'm' AND k = 7 THEN nq END) AS m_cut7,
    MAX(CASE WHEN metric = 'm' AND k = 8 THEN nq END) AS m_cut8
  FROM cut_points
),
-- Frequency and monetary score 1 + #{k : v > q_k}; recency scores 9 − #{k : v > q_k},
-- so fewer days score higher.
scores AS (
  SELECT
    s.*,
    9 - (
        CASE WHEN 9 * s.recency_days > c.r_cut1 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut2 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut3 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut4 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut5 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut6 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut7 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.recency_days > c.r_cut8 THEN 1 ELSE 0 END
    ) AS r_score,
    1 + (
        CASE WHEN 9 * s.frequency > c.f_cut1 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut2 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut3 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut4 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut5 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut6 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut7 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.frequency > c.f_cut8 THEN 1 ELSE 0 END
    ) AS f_score,
    1 + (
        CASE WHEN 9 * s.m_cents > c.m_cut1 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut2 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut3 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut4 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut5 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut6 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut7 THEN 1 ELSE 0 END
      + CASE WHEN 9 * s.m_cents > c.m_cut8 THEN 1 ELSE 0 END
    ) AS m_score
  FROM scored AS s
  CROSS JOIN cuts AS c
),
-- The median of each score is its type-7 quantile 1/2 (for an even count the
-- mean of the two middle scores), found as the cut points are: twice the median
-- is a whole number.
score_counts AS (
  SELECT
    metric,
    x,
    c,
    CAST(SUM(c) OVER (PARTITION BY metric ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS upto
  FROM (
    SELECT metric, x, COUNT(*) AS c
    FROM (
      SELECT 'r' AS metric, r_score AS x FROM scores
      UNION ALL SELECT 'f', f_score FROM scores
      UNION ALL SELECT 'm', m_score FROM scores
    ) AS v
    GROUP BY metric, x
  ) AS h
),
-- Type-7 positions: h = (n−1)·k/2; j = ⌊h⌋, rem = (n−1)·k mod 2 and j_up = ⌈h⌉,
-- which is j + 1 when rem > 0 and j otherwise.
median_steps AS (
  SELECT
    ks.k,
    (c.n - 1) * ks.k DIV 2 AS j,
    MOD((c.n - 1) * ks.k, 2) AS rem,
    ((c.n - 1) * ks.k + 1) DIV 2 AS j_up
  FROM (SELECT 1 AS k) AS ks
  CROSS JOIN (SELECT COUNT(*) AS n FROM scores) AS c
),
-- q_k = x_j + (rem/2)·(x_{j+1} − x_j), so 2·q_k = 2·x_j + rem·(x_{j_up} − x_j): a whole
-- number, as the values are. x_j is the value whose run of ties covers position j.
median_points AS (
  SELECT lo.metric, s.k, 2 * lo.x + s.rem * (hi.x - lo.x) AS nq
  FROM median_steps AS s
  JOIN score_counts AS lo ON lo.upto - lo.c <= s.j AND s.j < lo.upto
  JOIN score_counts AS hi ON hi.metric = lo.metric AND hi.upto - hi.c <= s.j_up AND s.j_up < hi.upto
),
-- One row with every 2·q_k.
medians AS (
  SELECT
    MAX(CASE WHEN metric = 'r' AND k = 1 THEN nq END) AS r_median2,
    MAX(CASE WHEN metric = 'f' AND k = 1 THEN nq END) AS f_median2,
    MAX(CASE WHEN metric = 'm' AND k = 1 THEN nq END) AS m_median2
  FROM median_points
),
-- The lowest and highest of each score.
score_stats AS (
  SELECT
    MIN(r_score) AS r_min,
    MAX(r_score) AS r_max,
    MIN(f_score) AS f_min,
    MAX(f_score) AS f_max,
    MIN(m_score) AS m_min,
    MAX(m_score) AS m_max
  FROM scores
),
-- High (1) when the score is at least the median score, else low (0); a dimension
-- where every customer has the same score is low for everyone.
classes AS (
  SELECT
    s.*,
    CASE WHEN t.r_min < t.r_max AND 2 * s.r_score >= md.r_median2 THEN 1 ELSE 0 END AS r_high,
    CASE WHEN t.f_min < t.f_max AND 2 * s.f_score >= md.f_median2 THEN 1 ELSE 0 END AS f_high,
    CASE WHEN t.m_min < t.m_max AND 2 * s.m_score >= md.m_median2 THEN 1 ELSE 0 END AS m_high
  FROM scores AS s
  CROSS JOIN score_stats AS t
  CROSS JOIN medians AS md
),
-- Pareto tiers: customers in order of rounded net sum, largest first, ties by id;
-- cents_before is the sum of those ahead. Per distinct net sum g: its count c, the
-- sum of all larger net sums, and the total.
net_counts AS (
  SELECT
    net_cents,
    c,
    CAST(COALESCE(SUM(net_cents * c) OVER (ORDER BY net_cents DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS BIGINT) AS cents_larger,
    CAST(SUM(net_cents * c) OVER () AS BIGINT) AS cents_total
  FROM (SELECT net_cents, COUNT(*) AS c FROM classes GROUP BY net_cents) AS h
),
-- The m-th customer (from 0) of a net sum g has cents_before = cents_larger + m·g,
-- so tier A holds for m < (50·total − 100·cents_larger) ÷ 100g and B likewise with 90:
-- a_count and b_count customers of the c.
tier_counts AS (
  SELECT
    net_cents,
    CASE WHEN 50 * cents_total - 100 * cents_larger <= 0 THEN 0
      ELSE LEAST(c, (50 * cents_total - 100 * cents_larger + 100 * net_cents - 1) DIV (100 * net_cents)) END AS a_count,
    CASE WHEN 90 * cents_total - 100 * cents_larger <= 0 THEN 0
      ELSE LEAST(c, (90 * cents_total - 100 * cents_larger + 100 * net_cents - 1) DIV (100 * net_cents)) END AS b_count
  FROM net_counts
),
-- Tier A is a prefix of that order: every customer whose net sum is above a_net,
-- and the first a_count of those at a_net; likewise for A and B together. One row,
-- so that no customer needs a join.
tier_bounds AS (
  SELECT
    l.a_net,
    MAX(CASE WHEN t.net_cents = l.a_net THEN t.a_count END) AS a_count,
    l.b_net,
    MAX(CASE WHEN t.net_cents = l.b_net THEN t.b_count END) AS b_count
  FROM tier_counts AS t
  CROSS JOIN (
    SELECT
      MIN(CASE WHEN a_count > 0 THEN net_cents END) AS a_net,
      MIN(CASE WHEN b_count > 0 THEN net_cents END) AS b_net
    FROM tier_counts
  ) AS l
  GROUP BY l.a_net, l.b_net
),
-- tie_pos: the customer's place, from 0, among those with the same net sum.
pareto AS (
  SELECT
    x.*,
    ROW_NUMBER() OVER (PARTITION BY x.net_cents ORDER BY x.customer) - 1 AS tie_pos,
    b.a_net,
    b.a_count,
    b.b_net,
    b.b_count
  FROM classes AS x
  CROSS JOIN tier_bounds AS b
),
-- Segment from the cn8 scheme.
segmented AS (
  SELECT
    *,
    CASE 4 * r_high + 2 * f_high + m_high
      WHEN 7 THEN '重要价值客户'  -- R F M = 1 1 1
      WHEN 5 THEN '重要发展客户'  -- R F M = 1 0 1
      WHEN 3 THEN '重要保持客户'  -- R F M = 0 1 1
      WHEN 1 THEN '重要挽留客户'  -- R F M = 0 0 1
      WHEN 6 THEN '一般价值客户'  -- R F M = 1 1 0
      WHEN 4 THEN '一般发展客户'  -- R F M = 1 0 0
      WHEN 2 THEN '一般保持客户'  -- R F M = 0 1 0
      WHEN 0 THEN '一般挽留客户'  -- R F M = 0 0 0
    END AS segment,
    CASE
      WHEN net_cents > a_net OR (net_cents = a_net AND tie_pos < a_count) THEN 'A'
      WHEN net_cents > b_net OR (net_cents = b_net AND tie_pos < b_count) THEN 'B'
      ELSE 'C'
    END AS tier
  FROM pareto
)
-- SPEC §6's columns. A customer id that begins with = + - @ or ' gets a leading '
-- so that spreadsheets do not run it as a formula and no two ids are written
-- alike (tab and CR cannot lead: they are trimmed).
SELECT
  CASE WHEN SUBSTR(customer, 1, 1) IN ('=', '+', '-', '@', '\'') THEN '\'' || customer ELSE customer END AS customer_id,
  recency_days,
  frequency,
  CAST(m_cents DIV 100 AS STRING) || '.' || LPAD(CAST(MOD(m_cents, 100) AS STRING), 2, '0') AS monetary,
  CAST(first_order_date AS STRING) AS first_order_date,
  CAST(last_order_date AS STRING) AS last_order_date,
  r_score,
  f_score,
  m_score,
  CAST(r_score AS STRING) || CAST(f_score AS STRING) || CAST(m_score AS STRING) AS rfm_code,
  r_score + f_score + m_score AS rfm_sum,
  segment,
  tier
FROM segmented
ORDER BY customer;
