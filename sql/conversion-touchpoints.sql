-- Touchpoint metrics over settled entries: converted actors that performed
-- the touchpoint ("the numbers in brackets"), entered actors that did not
-- convert and performed it in their window, the conversion rate with and
-- without it, the lift (rate with / rate without - 1), and the mean and
-- median time to convert of converted actors with it (the mean adds whole
-- microseconds, exact in any order, as in conversion-steps.sql).
--
-- Example: demo: converted with 2 of 3 converted, not converted with 1 of 2
--   -> ('demo', 2, 1, 2/3, 1/2, 0.333, 4110150.0, 4110150.0)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH
"settled" AS (
  SELECT "actor_key", "converted", "seconds"
  FROM {{entries}}
  WHERE NOT "in_progress"
),
"totals" AS (
  SELECT
    count(*) FILTER (WHERE "converted") AS "converted",
    count(*) FILTER (WHERE NOT "converted") AS "not_converted"
  FROM "settled"
),
"per_touchpoint" AS (
  SELECT
    h."touchpoint",
    count(*) FILTER (WHERE s."converted") AS "converted_with",
    count(*) FILTER (WHERE NOT s."converted") AS "not_converted_with",
    sum(round(s."seconds" * 1000000)::HUGEINT) / 1000000 / count(s."seconds") AS "seconds_mean",
    median(s."seconds") AS "seconds_median"
  FROM (SELECT DISTINCT "actor_key", "touchpoint" FROM {{touches}}) AS h
  JOIN "settled" AS s ON s."actor_key" = h."actor_key"
  GROUP BY h."touchpoint"
)
SELECT
  {{conversion}} AS "conversion_id",
  *,
  "converted_with" / nullif("converted_with" + "not_converted_with", 0) AS "rate_with",
  ("converted" - "converted_with") / nullif("converted" + "not_converted" - "converted_with" - "not_converted_with", 0)
    AS "rate_without",
  "rate_with" / nullif("rate_without", 0) - 1 AS "lift"
FROM (
  SELECT
    tp."position",
    tp."touchpoint",
    coalesce(p."converted_with", 0) AS "converted_with",
    coalesce(p."not_converted_with", 0) AS "not_converted_with",
    t."converted",
    t."not_converted",
    p."seconds_mean",
    p."seconds_median"
  FROM (VALUES {{touchpoints}}) AS tp("position", "touchpoint")
  CROSS JOIN "totals" AS t
  LEFT JOIN "per_touchpoint" AS p ON p."touchpoint" = tp."position"
)
