-- The customer table of `rfm score`, computed in BigQuery.
--
-- Scores: quantile, 5 bins.
-- As of: the day after the latest date.
-- Returns: netted. Monetary: the rounded sum.
-- Segments: cn8, names in Chinese, high from the mean. Tiers: by class.
--
-- Exact throughout: amounts are read as NUMERIC, money is counted in
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
    TRIM(CAST(src.`customer_id` AS STRING), t.ws) AS customer,
    TRIM(CAST(src.`order_id` AS STRING), t.ws) AS order_id,
    CAST(src.`order_date` AS DATE) AS order_date,
    CAST(src.`amount` AS NUMERIC) AS amount
  FROM `orders` AS src
  CROSS JOIN trim_chars AS t
),
-- Used rows: `rfm score` rejects a row without a customer id, date or amount.
used_rows AS (
  SELECT *
  FROM input_rows
  WHERE customer <> '' AND order_date IS NOT NULL AND amount IS NOT NULL
),
-- The as-of date: the day after the latest date of any used row (purchase,
-- return or zero amount).
as_of AS (
  SELECT DATE_ADD(MAX(order_date), INTERVAL 1 DAY) AS as_of
  FROM used_rows
),
-- Per customer: purchase rows (amount > 0) give the dates and the orders; the
-- amounts of all rows (returns netted) give the sum, rounded to cents half away
-- from zero and counted in cents.
customers AS (
  SELECT
    customer,
    MIN(CASE WHEN amount > 0 THEN order_date END) AS first_order_date,
    MAX(CASE WHEN amount > 0 THEN order_date END) AS last_order_date,
    -- distinct order ids; a purchase row without an order id is an order of its own
    COUNT(DISTINCT CASE WHEN amount > 0 AND order_id <> '' THEN order_id END)
      + COUNT(CASE WHEN amount > 0 AND (order_id IS NULL OR order_id = '') THEN 1 END) AS frequency,
    CAST(ROUND(SUM(amount), 2) * 100 AS INT64) AS net_cents
  FROM used_rows
  GROUP BY customer
),
-- Scored customers: at least one purchase row and a rounded sum above zero.
scored AS (
  SELECT
    c.customer,
    c.first_order_date,
    c.last_order_date,
    CAST(DATE_DIFF(a.as_of, c.last_order_date, DAY) AS INT64) AS recency_days,
    c.frequency,
    c.net_cents,
    c.net_cents AS m_cents
  FROM customers AS c
  CROSS JOIN as_of AS a
  WHERE c.frequency > 0 AND c.net_cents > 0
),
-- Quantile cut points q_k, k = 1 … 4: the type-7 quantiles k/5 of each metric over
-- the n scored customers, exactly, with the values sorted as x_0 … x_{n−1}. Here each
-- distinct value x with its count c; its ties fill positions upto − c … upto − 1.
value_counts AS (
  SELECT
    metric,
    x,
    c,
    CAST(SUM(c) OVER (PARTITION BY metric ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS INT64) AS upto
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
-- Type-7 positions: h = (n−1)·k/5; j = ⌊h⌋, rem = (n−1)·k mod 5 and j_up = ⌈h⌉,
-- which is j + 1 when rem > 0 and j otherwise.
quantile_steps AS (
  SELECT
    ks.k,
    DIV((c.n - 1) * ks.k, 5) AS j,
    MOD((c.n - 1) * ks.k, 5) AS rem,
    DIV(((c.n - 1) * ks.k + 4), 5) AS j_up
  FROM (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS ks
  CROSS JOIN (SELECT COUNT(*) AS n FROM scored) AS c
),
-- q_k = x_j + (rem/5)·(x_{j+1} − x_j), so 5·q_k = 5·x_j + rem·(x_{j_up} − x_j): a whole
-- number, as the values are. x_j is the value whose run of ties covers position j.
cut_points AS (
  SELECT lo.metric, s.k, 5 * lo.x + s.rem * (hi.x - lo.x) AS nq
  FROM quantile_steps AS s
  JOIN value_counts AS lo ON lo.upto - lo.c <= s.j AND s.j < lo.upto
  JOIN value_counts AS hi ON hi.metric = lo.metric AND hi.upto - hi.c <= s.j_up AND s.j_up < hi.upto
),
-- One row with every 5·q_k.
cuts AS (
  SELECT
    MAX(CASE WHEN metric = 'r' AND k = 1 THEN nq END) AS r_cut1,
    MAX(CASE WHEN metric = 'r' AND k = 2 THEN nq END) AS r_cut2,
    MAX(CASE WHEN metric = 'r' AND k = 3 THEN nq END) AS r_cut3,
    MAX(CASE WHEN metric = 'r' AND k = 4 THEN nq END) AS r_cut4,
    MAX(CASE WHEN metric = 'f' AND k = 1 THEN nq END) AS f_cut1,
    MAX(CASE WHEN metric = 'f' AND k = 2 THEN nq END) AS f_cut2,
    MAX(CASE WHEN metric = 'f' AND k = 3 THEN nq END) AS f_cut3,
    MAX(CASE WHEN metric = 'f' AND k = 4 THEN nq END) AS f_cut4,
    MAX(CASE WHEN metric = 'm' AND k = 1 THEN nq END) AS m_cut1,
    MAX(CASE WHEN metric = 'm' AND k = 2 THEN nq END) AS m_cut2,
    MAX(CASE WHEN metric = 'm' AND k = 3 THEN nq END) AS m_cut3,
    MAX(CASE WHEN metric = 'm' AND k = 4 THEN nq END) AS m_cut4
  FROM cut_points
),
-- Frequency and monetary score 1 + #{k : v > q_k}; recency scores 5 − #{k : v > q_k},
-- so fewer days score higher.
scores AS (
  SELECT
    s.*,
    5 - (
        CASE WHEN 5 * s.recency_days > c.r_cut1 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.recency_days > c.r_cut2 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.recency_days > c.r_cut3 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.recency_days > c.r_cut4 THEN 1 ELSE 0 END
    ) AS r_score,
    1 + (
        CASE WHEN 5 * s.frequency > c.f_cut1 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.frequency > c.f_cut2 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.frequency > c.f_cut3 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.frequency > c.f_cut4 THEN 1 ELSE 0 END
    ) AS f_score,
    1 + (
        CASE WHEN 5 * s.m_cents > c.m_cut1 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.m_cents > c.m_cut2 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.m_cents > c.m_cut3 THEN 1 ELSE 0 END
      + CASE WHEN 5 * s.m_cents > c.m_cut4 THEN 1 ELSE 0 END
    ) AS m_score
  FROM scored AS s
  CROSS JOIN cuts AS c
),
-- The lowest and highest of each score, and its total (its mean × n).
score_stats AS (
  SELECT
    COUNT(*) AS n,
    SUM(r_score) AS r_total,
    MIN(r_score) AS r_min,
    MAX(r_score) AS r_max,
    SUM(f_score) AS f_total,
    MIN(f_score) AS f_min,
    MAX(f_score) AS f_max,
    SUM(m_score) AS m_total,
    MIN(m_score) AS m_min,
    MAX(m_score) AS m_max
  FROM scores
),
-- High (1) when the score is at least the mean score, else low (0); a dimension
-- where every customer has the same score is low for everyone.
classes AS (
  SELECT
    s.*,
    CASE WHEN t.r_min < t.r_max AND s.r_score * t.n >= t.r_total THEN 1 ELSE 0 END AS r_high,
    CASE WHEN t.f_min < t.f_max AND s.f_score * t.n >= t.f_total THEN 1 ELSE 0 END AS f_high,
    CASE WHEN t.m_min < t.m_max AND s.m_score * t.n >= t.m_total THEN 1 ELSE 0 END AS m_high
  FROM scores AS s
  CROSS JOIN score_stats AS t
),
-- Segment and tier from the cn8 scheme.
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
    CASE 4 * r_high + 2 * f_high + m_high
      WHEN 7 THEN 'A'  -- R F M = 1 1 1
      WHEN 5 THEN 'A'  -- R F M = 1 0 1
      WHEN 3 THEN 'A'  -- R F M = 0 1 1
      WHEN 1 THEN 'B'  -- R F M = 0 0 1
      WHEN 6 THEN 'B'  -- R F M = 1 1 0
      WHEN 4 THEN 'B'  -- R F M = 1 0 0
      WHEN 2 THEN 'C'  -- R F M = 0 1 0
      WHEN 0 THEN 'C'  -- R F M = 0 0 0
    END AS tier
  FROM classes
),
-- Lifecycle stages (SPEC §8): the distinct dates with a purchase row, newest first.
purchase_dates AS (
  SELECT customer, order_date, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY order_date DESC) AS nth
  FROM (SELECT DISTINCT customer, order_date FROM used_rows WHERE amount > 0) AS p
),
-- purchase_days counts them; prev_order_date is the latest before the last.
purchase_days AS (
  SELECT
    customer,
    CAST(COUNT(*) AS INT64) AS purchase_days,
    MAX(CASE WHEN nth = 2 THEN order_date END) AS prev_order_date
  FROM purchase_dates
  GROUP BY customer
),
-- Days since the first purchase, between the first and the last, and the last gap.
lived AS (
  SELECT
    s.*,
    p.purchase_days,
    CAST(DATE_DIFF(a.as_of, s.first_order_date, DAY) AS INT64) AS tenure_days,
    CAST(DATE_DIFF(s.last_order_date, s.first_order_date, DAY) AS INT64) AS span_days,
    CAST(DATE_DIFF(s.last_order_date, p.prev_order_date, DAY) AS INT64) AS last_gap_days
  FROM segmented AS s
  JOIN purchase_days AS p ON p.customer = s.customer
  CROSS JOIN as_of AS a
),
-- The stage, the first rule that holds, with N = 30, A = 90, C = 180 (a missing previous
-- date makes the returning rule false); the mean gap in tenths and the expected
-- next purchase in days, both rounded half away from zero: with d = purchase_days − 1,
-- ⌊(20·span + d) ÷ 2d⌋ and ⌊(2·span + d) ÷ 2d⌋.
staged AS (
  SELECT
    *,
    CASE
      WHEN tenure_days <= 30 THEN 'new'
      WHEN recency_days <= 90 AND last_gap_days > 180 THEN 'returning'
      WHEN recency_days <= 90 THEN 'active'
      WHEN recency_days <= 180 THEN 'dormant'
      ELSE 'lapsed'
    END AS stage,
    CASE WHEN purchase_days >= 2 THEN DIV((20 * span_days + purchase_days - 1), (2 * (purchase_days - 1))) END AS gap_tenths,
    CASE WHEN purchase_days >= 2 THEN DIV((2 * span_days + purchase_days - 1), (2 * (purchase_days - 1))) END AS next_in_days
  FROM lived
)
-- SPEC §6's columns. A customer id that begins with = + - @ or ' gets a leading '
-- so that spreadsheets do not run it as a formula and no two ids are written
-- alike (tab and CR cannot lead: they are trimmed).
SELECT
  CASE WHEN SUBSTR(customer, 1, 1) IN ('=', '+', '-', '@', '\'') THEN '\'' || customer ELSE customer END AS customer_id,
  recency_days,
  frequency,
  CAST(DIV(m_cents, 100) AS STRING) || '.' || LPAD(CAST(MOD(m_cents, 100) AS STRING), 2, '0') AS monetary,
  CAST(first_order_date AS STRING) AS first_order_date,
  CAST(last_order_date AS STRING) AS last_order_date,
  r_score,
  f_score,
  m_score,
  CAST(r_score AS STRING) || CAST(f_score AS STRING) || CAST(m_score AS STRING) AS rfm_code,
  r_score + f_score + m_score AS rfm_sum,
  segment,
  tier,
  tenure_days,
  purchase_days,
  CASE stage
    WHEN 'new' THEN '新客户'
    WHEN 'returning' THEN '回流客户'
    WHEN 'active' THEN '活跃客户'
    WHEN 'dormant' THEN '沉睡客户'
    WHEN 'lapsed' THEN '流失客户'
  END AS lifecycle,
  -- empty, not NULL, with one purchase day, as in rfm score's CSV
  COALESCE(CAST(DIV(gap_tenths, 10) AS STRING) || '.' || CAST(MOD(gap_tenths, 10) AS STRING), '') AS mean_gap_days,
  -- recency_days > K × mean gap, exactly: recency_days × (purchase_days − 1) × 2 > 3 × span (K = 3/2)
  CASE WHEN purchase_days >= 2 AND stage IN ('active', 'returning', 'dormant')
    AND recency_days * (purchase_days - 1) * 2 > 3 * span_days THEN 'true' ELSE 'false' END AS churn_warning,
  COALESCE(CAST(DATE_ADD(last_order_date, INTERVAL next_in_days DAY) AS STRING), '') AS expected_next_date
FROM staged
ORDER BY customer;
