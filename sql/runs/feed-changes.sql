-- This run's changes for the feed log, numbered from 1 (feed-append adds the
-- last sequence: this table is made before the publish transaction, where
-- reading it is faster): retractions first (so that a consumer withdraws a
-- row before it is told its replacement), then the rows this run published;
-- each part by instant, milestone and actor (a history has one row per
-- milestone, actor and instant, so the order is total and the numbering
-- deterministic).
--
-- Only the sort keys and each row's place in its staged table are numbered,
-- then the rows are joined back. Numbering the whole rows sorted every
-- column with them: at 50M events (734,547 rows) a first run's append took
-- 2.5-2.65 s that way (docs/SCALING.md).
--
-- The numbering is split by (part, UTC day of the instant): each day's rows
-- are numbered in their own window, then offset by the rows of every earlier
-- (part, day), so the days sort in parallel. The same numbers as one
-- row_number() OVER (ORDER BY "part", "ts", ...), which runs on one thread.
--
-- Example: run 2 retracts (activated, acme, 01-03) and publishes (activated, acme, 01-04)
--   -> (seq 1, retracted, activated, acme, 01-03 ...), (seq 2, published, activated, acme, 01-04 ...)

CREATE OR REPLACE TEMP TABLE {{changes}} AS
WITH
"keys" AS (
  SELECT 1 AS "part", rowid AS "row", "ts", "milestone_id", "actor_id", "type" FROM {{retracted}}
  UNION ALL
  SELECT 2 AS "part", rowid AS "row", "ts", "milestone_id", "actor_id", "type" FROM {{published}}
  WHERE "published_run" IS NULL
),
"numbered" AS (
  SELECT
    "part",
    "row",
    date_trunc('day', "ts") AS "day",
    row_number() OVER (
      PARTITION BY "part", date_trunc('day', "ts")
      ORDER BY "ts" NULLS LAST, "milestone_id", "actor_id", "type"
    ) AS "n"
  FROM "keys"
),
"days" AS (
  SELECT
    "part",
    "day",
    sum("rows") OVER (ORDER BY "part", "day" NULLS LAST) - "rows" AS "before"
  FROM (SELECT "part", "day", count(*) AS "rows" FROM "numbered" GROUP BY "part", "day")
),
"numbers" AS (
  SELECT n."part", n."row", d."before" + n."n" AS "seq"
  FROM "numbered" AS n
  JOIN "days" AS d ON d."part" = n."part" AND d."day" IS NOT DISTINCT FROM n."day"
)
SELECT n."seq", {{retracted_change}} AS "change", {{columns}}, c."published_run"
FROM (SELECT * FROM "numbers" WHERE "part" = 1) AS n
JOIN {{retracted}} AS c ON c.rowid = n."row"
UNION ALL
SELECT n."seq", {{published_change}} AS "change", {{columns}}, c."published_run"
FROM (SELECT * FROM "numbers" WHERE "part" = 2) AS n
JOIN {{published}} AS c ON c.rowid = n."row"
