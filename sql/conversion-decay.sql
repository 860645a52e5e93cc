-- The time-decay credit of each touchpoint: every settled path's per-position
-- shares (conversion-paths.sql) added to the touchpoint at that position. The
-- attribution in TypeScript reads these few sums instead of every path's two
-- share lists (50M events, 43K paths: reading the paths 1.7 s -> 0.5 s).
-- Sums of integers again (shares in units of 2^-48, revenue in millionths; a
-- path's share is such a sum already, so each product rounds to the same
-- whole number every time), so the same data gives the same bits whatever
-- order the paths come in.
--
-- Example: paths [1, 2] with decay [0.25, 0.75] and [2] with [1.0]
--   -> (1, 0.25, ...), (2, 1.75, ...)

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  "touchpoint",
  sum(CAST(round("share" * 281474976710656) AS HUGEINT)) / 281474976710656 AS "credit",
  sum(CAST(round("revenue_share" * 1000000) AS HUGEINT)) / 1000000 AS "revenue"
FROM (
  SELECT
    unnest("path") AS "touchpoint",
    unnest("decay") AS "share",
    unnest("decay_revenue") AS "revenue_share"
  FROM {{paths}}
  WHERE "converted" > 0
)
GROUP BY "touchpoint"
