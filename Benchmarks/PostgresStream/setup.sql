-- The 1M-row, 20-column table bench-postgres-stream reads: the panel's kinds of values
-- (ids, periods, labels, amounts, flags, features with some NULLs) plus a date and a timestamp.
-- psql "$BEARING_TEST_POSTGRES_URL" -f Benchmarks/PostgresStream/setup.sql
DROP TABLE IF EXISTS bench_1m;
CREATE TABLE bench_1m AS
SELECT
  'cust-' || lpad((g / 8)::text, 7, '0')            AS customer_id,
  (2020 + (g % 8) / 4)::text || '-Q' || (1 + g % 4) AS period,
  (ARRAY['smb', 'mid-market', 'enterprise'])[1 + g % 3] AS segment,
  (ARRAY['good', 'stretch', 'bad'])[1 + (g / 3) % 3] AS fit,
  'csm-' || (g % 97)                                AS csm_id,
  round((1000 + (g * 7919) % 250000)::numeric, 2)   AS arr,
  (g % 53 = 0)::int::smallint                       AS churned,
  round(((g * 31) % 5000)::numeric / 3, 2)          AS expansion_arr,
  round(((g * 17) % 900)::numeric / 7, 2)           AS contraction_arr,
  (ARRAY['onboarded', 'go-live', 'adoption', NULL])[1 + g % 4] AS milestone,
  (g % 5 = 0)::int::smallint                        AS milestone_reached,
  sin(g)::float8                                    AS "outcome.usage_trend",
  cos(g * 0.5)::float8                              AS "outcome.milestone_progress",
  CASE WHEN g % 10 = 0 THEN NULL ELSE (g % 201) - 100 END AS "experience.nps",
  (1 + g % 5)::numeric                              AS "experience.csat",
  ((g * 13) % 70)::float8 / 10                      AS "experience.ces",
  g % 120                                           AS "engagement.days_since_contact",
  (g % 2 = 0)                                       AS active,
  DATE '2020-01-01' + (g % 2000)::int                   AS signed_on,
  TIMESTAMP '2020-01-01 00:00:00' + g * INTERVAL '37 seconds' AS updated_at
FROM generate_series(1::int8, 1000000) AS g;
ANALYZE bench_1m;
