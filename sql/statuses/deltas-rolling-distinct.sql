-- How a number of distinct values changes inside a rolling window (t - D, t]:
-- a value is present from each occurrence e until e + D; overlapping spans of
-- one value are merged (gaps and islands), then the value adds 1 when its span
-- opens and takes 1 away when it closes. One window pass finds both ends: a
-- span opens at an occurrence more than D after the previous one (or the
-- first) and closes D after an occurrence whose next one is more than D later
-- (or the last). (Before: an island number from a running sum, then a GROUP
-- BY per island; measured at 10M events, 2.8M occurrences: 1.65 s -> 0.88 s.)
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
    "ts",
    coalesce("ts" > lag("ts") OVER (PARTITION BY "actor_key", "value" ORDER BY "ts") + {{window}}, TRUE) AS "opens",
    coalesce(lead("ts") OVER (PARTITION BY "actor_key", "value" ORDER BY "ts") > "ts" + {{window}}, TRUE) AS "closes"
  FROM counted
  WHERE "value" IS NOT NULL
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "ts", 1 AS "delta" FROM marked WHERE "opens"
  UNION ALL
  SELECT "actor_key", "ts" + {{window}} AS "ts", -1 AS "delta" FROM marked WHERE "closes"
)
WHERE "ts" <= getvariable('ms_as_of')
