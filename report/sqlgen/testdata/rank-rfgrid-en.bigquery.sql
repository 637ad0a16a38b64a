-- The customer table of `rfm score`, computed in BigQuery.
--
-- Scores: rank, 5 bins.
-- As of: the day after the latest date.
-- Returns: netted. Monetary: the rounded sum.
-- Segments: rfgrid, names in English. Tiers: by class.
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
-- Rank: p = average rank ÷ n, ties sharing the average of their positions;
-- recency is ranked on −recency. Each distinct value x with its count c: its ties
-- hold ranks upto − c + 1 … upto, so their average rank is (2·upto − c + 1) ÷ 2.
rank_counts AS (
  SELECT
    metric,
    x,
    c,
    CAST(SUM(c) OVER (PARTITION BY metric ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS INT64) AS upto
  FROM (
    SELECT metric, x, COUNT(*) AS c
    FROM (
      SELECT 'r' AS metric, -recency_days AS x FROM scored
      UNION ALL SELECT 'f', frequency FROM scored
      UNION ALL SELECT 'm', m_cents FROM scored
    ) AS v
    GROUP BY metric, x
  ) AS h
),
-- score = ⌈5·p⌉ = ⌈5·(2·upto − c + 1) ÷ 2n⌉, as an integer division.
rank_scores AS (
  SELECT
    r.metric,
    r.x,
    DIV((5 * (2 * r.upto - r.c + 1) + 2 * t.n - 1), (2 * t.n)) AS score
  FROM rank_counts AS r
  CROSS JOIN (SELECT COUNT(*) AS n FROM scored) AS t
),
-- The score rises with the value, so it is 1 + #{k : v ≥ cut_k} with cut_k the
-- smallest value scoring above k (k = 1 … 4): one row, so that no customer needs
-- a join.
cuts AS (
  SELECT
    MIN(CASE WHEN metric = 'r' AND score > 1 THEN x END) AS r_cut1,
    MIN(CASE WHEN metric = 'r' AND score > 2 THEN x END) AS r_cut2,
    MIN(CASE WHEN metric = 'r' AND score > 3 THEN x END) AS r_cut3,
    MIN(CASE WHEN metric = 'r' AND score > 4 THEN x END) AS r_cut4,
    MIN(CASE WHEN metric = 'f' AND score > 1 THEN x END) AS f_cut1,
    MIN(CASE WHEN metric = 'f' AND score > 2 THEN x END) AS f_cut2,
    MIN(CASE WHEN metric = 'f' AND score > 3 THEN x END) AS f_cut3,
    MIN(CASE WHEN metric = 'f' AND score > 4 THEN x END) AS f_cut4,
    MIN(CASE WHEN metric = 'm' AND score > 1 THEN x END) AS m_cut1,
    MIN(CASE WHEN metric = 'm' AND score > 2 THEN x END) AS m_cut2,
    MIN(CASE WHEN metric = 'm' AND score > 3 THEN x END) AS m_cut3,
    MIN(CASE WHEN metric = 'm' AND score > 4 THEN x END) AS m_cut4
  FROM rank_scores
),
-- Each customer's three scores; recency compares −recency.
scores AS (
  SELECT
    s.*,
    1 + (
        CASE WHEN -s.recency_days >= c.r_cut1 THEN 1 ELSE 0 END
      + CASE WHEN -s.recency_days >= c.r_cut2 THEN 1 ELSE 0 END
      + CASE WHEN -s.recency_days >= c.r_cut3 THEN 1 ELSE 0 END
      + CASE WHEN -s.recency_days >= c.r_cut4 THEN 1 ELSE 0 END
    ) AS r_score,
    1 + (
        CASE WHEN s.frequency >= c.f_cut1 THEN 1 ELSE 0 END
      + CASE WHEN s.frequency >= c.f_cut2 THEN 1 ELSE 0 END
      + CASE WHEN s.frequency >= c.f_cut3 THEN 1 ELSE 0 END
      + CASE WHEN s.frequency >= c.f_cut4 THEN 1 ELSE 0 END
    ) AS f_score,
    1 + (
        CASE WHEN s.m_cents >= c.m_cut1 THEN 1 ELSE 0 END
      + CASE WHEN s.m_cents >= c.m_cut2 THEN 1 ELSE 0 END
      + CASE WHEN s.m_cents >= c.m_cut3 THEN 1 ELSE 0 END
      + CASE WHEN s.m_cents >= c.m_cut4 THEN 1 ELSE 0 END
    ) AS m_score
  FROM scored AS s
  CROSS JOIN cuts AS c
),
-- Segment and tier from the rfgrid scheme.
segmented AS (
  SELECT
    *,
    CASE
      WHEN r_score = 5 AND f_score BETWEEN 4 AND 5 THEN 'Champions'
      WHEN r_score BETWEEN 3 AND 4 AND f_score BETWEEN 4 AND 5 THEN 'Loyal Customers'
      WHEN r_score BETWEEN 4 AND 5 AND f_score BETWEEN 2 AND 3 THEN 'Potential Loyalists'
      WHEN r_score = 5 AND f_score = 1 THEN 'New Customers'
      WHEN r_score = 4 AND f_score = 1 THEN 'Promising'
      WHEN r_score = 3 AND f_score = 3 THEN 'Need Attention'
      WHEN r_score BETWEEN 1 AND 2 AND f_score = 5 THEN 'Can\'t Lose Them'
      WHEN r_score = 3 AND f_score BETWEEN 1 AND 2 THEN 'About to Sleep'
      WHEN r_score BETWEEN 1 AND 2 AND f_score BETWEEN 3 AND 4 THEN 'At Risk'
      WHEN r_score BETWEEN 1 AND 2 AND f_score BETWEEN 1 AND 2 THEN 'Hibernating'
      ELSE 'Other'
    END AS segment,
    CASE
      WHEN r_score = 5 AND f_score BETWEEN 4 AND 5 THEN 'A'
      WHEN r_score BETWEEN 3 AND 4 AND f_score BETWEEN 4 AND 5 THEN 'A'
      WHEN r_score BETWEEN 4 AND 5 AND f_score BETWEEN 2 AND 3 THEN 'A'
      WHEN r_score = 5 AND f_score = 1 THEN 'B'
      WHEN r_score = 4 AND f_score = 1 THEN 'B'
      WHEN r_score = 3 AND f_score = 3 THEN 'B'
      WHEN r_score BETWEEN 1 AND 2 AND f_score = 5 THEN 'B'
      WHEN r_score = 3 AND f_score BETWEEN 1 AND 2 THEN 'C'
      WHEN r_score BETWEEN 1 AND 2 AND f_score BETWEEN 3 AND 4 THEN 'C'
      WHEN r_score BETWEEN 1 AND 2 AND f_score BETWEEN 1 AND 2 THEN 'C'
      ELSE 'C'
    END AS tier
  FROM scores
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
  tier
FROM segmented
ORDER BY customer;
