-- The customer table of `rfm score`, computed in PostgreSQL.
--
-- Scores: mean (0/1 split).
-- As of: the day after the latest date.
-- Returns: netted. Monetary: the rounded sum.
-- Segments: cn8, names in Chinese. Tiers: by class.
--
-- Exact throughout: amounts are read as NUMERIC, money is counted in
-- whole cents once rounded, and every mean, median and quantile comparison is
-- made on integers. Rows come out ordered by customer id in byte order.
WITH
-- Ids are trimmed of Unicode white space and U+FEFF at both ends.
trim_chars AS (
  SELECT E'\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF' AS ws
),
-- Input rows: ids as trimmed text, the calendar date, the amount as an exact decimal.
-- Ids compare byte for byte, as in `rfm score`, whatever the columns' collation.
input_rows AS (
  SELECT
    BTRIM(CAST(src."customer_id" AS TEXT), t.ws) COLLATE "C" AS customer,
    CAST(src."order_date" AS DATE) AS order_date,
    CAST(src."amount" AS NUMERIC) AS amount
  FROM "orders" AS src
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
  SELECT MAX(order_date) + 1 AS as_of
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
    -- without an order id column every purchase row is an order
    COUNT(CASE WHEN amount > 0 THEN 1 END) AS frequency,
    CAST(ROUND(SUM(amount), 2) * 100 AS BIGINT) AS net_cents
  FROM used_rows
  GROUP BY customer
),
-- Scored customers: at least one purchase row and a rounded sum above zero.
scored AS (
  SELECT
    c.customer,
    c.first_order_date,
    c.last_order_date,
    CAST(a.as_of - c.last_order_date AS BIGINT) AS recency_days,
    c.frequency,
    c.net_cents,
    c.net_cents AS m_cents
  FROM customers AS c
  CROSS JOIN as_of AS a
  WHERE c.frequency > 0 AND c.net_cents > 0
),
-- The mean split: compare v·n with the total, exactly.
totals AS (
  SELECT
    COUNT(*) AS n,
    SUM(recency_days) AS r_total,
    SUM(frequency) AS f_total,
    SUM(m_cents) AS m_total
  FROM scored
),
-- r = 1 when recency < mean; f and m = 1 when the value > mean; else 0.
scores AS (
  SELECT
    s.*,
    CASE WHEN s.recency_days * t.n < t.r_total THEN 1 ELSE 0 END AS r_score,
    CASE WHEN s.frequency * t.n > t.f_total THEN 1 ELSE 0 END AS f_score,
    CASE WHEN s.m_cents * t.n > t.m_total THEN 1 ELSE 0 END AS m_score
  FROM scored AS s
  CROSS JOIN totals AS t
),
-- With the mean method the 0/1 score is the high/low split.
classes AS (
  SELECT
    *,
    r_score AS r_high,
    f_score AS f_high,
    m_score AS m_high
  FROM scores
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
)
-- SPEC §6's columns. A customer id that begins with = + - @ or ' gets a leading '
-- so that spreadsheets do not run it as a formula and no two ids are written
-- alike (tab and CR cannot lead: they are trimmed).
SELECT
  CASE WHEN SUBSTR(customer, 1, 1) IN ('=', '+', '-', '@', E'\'') THEN E'\'' || customer ELSE customer END AS customer_id,
  recency_days,
  frequency,
  CAST(m_cents / 100 AS TEXT) || '.' || LPAD(CAST(MOD(m_cents, 100) AS TEXT), 2, '0') AS monetary,
  TO_CHAR(first_order_date, 'YYYY-MM-DD') AS first_order_date,
  TO_CHAR(last_order_date, 'YYYY-MM-DD') AS last_order_date,
  r_score,
  f_score,
  m_score,
  CAST(r_score AS TEXT) || CAST(f_score AS TEXT) || CAST(m_score AS TEXT) AS rfm_code,
  r_score + f_score + m_score AS rfm_sum,
  segment,
  tier
FROM segmented
ORDER BY customer COLLATE "C";
