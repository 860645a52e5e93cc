-- How a number of distinct values changes inside a rolling window (t - D, t]:
-- a value is present from each occurrence e until e + D; overlapping spans of
-- one value are merged (gaps and islands), then the value adds 1 when its span
-- opens and takes 1 away when it closes.
--
-- Example: {event: login, count: active_days, at_least: 2, within: {last: 2d}}
--   logins 2026-01-01 10:00 and 2026-01-02 09:00 (two days)
--   -> day 01: (+1 at 01 10:00), (-1 at 03 10:00); day 02: (+1 at 02 09:00), (-1 at 04 09:00)

CREATE OR REPLACE TEMP VIEW {{deltas}} AS
WITH counted AS (
  {{counted}}
),
marked AS (
  SELECT
    "actor_key",
    "value",
    "ts",
    CASE WHEN "ts" <= lag("ts") OVER (PARTITION BY "actor_key", "value" ORDER BY "ts") + {{window}} THEN 0 ELSE 1 END AS "opens"
  FROM counted
  WHERE "value" IS NOT NULL
),
islands AS (
  SELECT
    "actor_key",
    "value",
    "ts",
    sum("opens") OVER (PARTITION BY "actor_key", "value" ORDER BY "ts" ROWS UNBOUNDED PRECEDING) AS "island"
  FROM marked
),
spans AS (
  SELECT "actor_key", min("ts") AS "opened", max("ts") + {{window}} AS "closed"
  FROM islands
  GROUP BY "actor_key", "value", "island"
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "opened" AS "ts", 1 AS "delta" FROM spans
  UNION ALL
  SELECT "actor_key", "closed" AS "ts", -1 AS "delta" FROM spans
)
WHERE "ts" <= getvariable('ms_as_of')
