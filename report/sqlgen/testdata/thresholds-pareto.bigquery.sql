-- The customer table of `rfm score`, computed in BigQuery.
--
-- Scores: thresholds, 4 bins (recency 30,90,180; frequency 1,2,5; monetary 100,250.5,1000).
-- As of: the day after the latest date.
-- Returns: netted. Monetary: the rounded sum.
-- Segments: cn8, names in Chinese, high from the mean. Tiers: pareto 80,95.
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
  FROM `shop`.`sales`.`orders` AS src
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
-- The given cut points. The values are whole days, orders or cents, so v > c is
-- v > ⌊c⌋; monetary cuts are in cents: ⌊100·c⌋.
cuts AS (
  SELECT
    30 AS r_cut1,  -- recency 30
    90 AS r_cut2,  -- recency 90
    180 AS r_cut3,  -- recency 180
    1 AS f_cut1,  -- frequency 1
    2 AS f_cut2,  -- frequency 2
    5 AS f_cut3,  -- frequency 5
    10000 AS m_cut1,  -- monetary 100
    25050 AS m_cut2,  -- monetary 250.5
    100000 AS m_cut3  -- monetary 1000
),
-- Frequency and monetary score 1 + #{k : v > q_k}; recency scores 4 − #{k : v > q_k},
-- so fewer days score higher.
scores AS (
  SELECT
    s.*,
    4 - (
        CASE WHEN s.recency_days > c.r_cut1 THEN 1 ELSE 0 END
      + CASE WHEN s.recency_days > c.r_cut2 THEN 1 ELSE 0 END
      + CASE WHEN s.recency_days > c.r_cut3 THEN 1 ELSE 0 END
    ) AS r_score,
    1 + (
        CASE WHEN s.frequency > c.f_cut1 THEN 1 ELSE 0 END
      + CASE WHEN s.frequency > c.f_cut2 THEN 1 ELSE 0 END
      + CASE WHEN s.frequency > c.f_cut3 THEN 1 ELSE 0 END
    ) AS f_score,
    1 + (
        CASE WHEN s.m_cents > c.m_cut1 THEN 1 ELSE 0 END
      + CASE WHEN s.m_cents > c.m_cut2 THEN 1 ELSE 0 END
      + CASE WHEN s.m_cents > c.m_cut3 THEN 1 ELSE 0 END
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
-- Pareto tiers: customers in order of rounded net sum, largest first, ties by id;
-- cents_before is the sum of those ahead. Per distinct net sum g: its count c, the
-- sum of all larger net sums, and the total.
net_counts AS (
  SELECT
    net_cents,
    c,
    CAST(COALESCE(SUM(net_cents * c) OVER (ORDER BY net_cents DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS INT64) AS cents_larger,
    CAST(SUM(net_cents * c) OVER () AS INT64) AS cents_total
  FROM (SELECT net_cents, COUNT(*) AS c FROM classes GROUP BY net_cents) AS h
),
-- The m-th customer (from 0) of a net sum g has cents_before = cents_larger + m·g,
-- so tier A holds for m < (80·total − 100·cents_larger) ÷ 100g and B likewise with 95:
-- a_count and b_count customers of the c.
tier_counts AS (
  SELECT
    net_cents,
    CASE WHEN 80 * cents_total - 100 * cents_larger <= 0 THEN 0
      ELSE LEAST(c, DIV((80 * cents_total - 100 * cents_larger + 100 * net_cents - 1), (100 * net_cents))) END AS a_count,
    CASE WHEN 95 * cents_total - 100 * cents_larger <= 0 THEN 0
      ELSE LEAST(c, DIV((95 * cents_total - 100 * cents_larger + 100 * net_cents - 1), (100 * net_cents))) END AS b_count
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
