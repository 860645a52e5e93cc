-- How a number of distinct values changes inside a rolling window (t - D, t]:
-- a value is present from each occurrence e until e + D; overlapping spans of
-- one value are merged (gaps and islands), then the value adds 1 when its span
-- opens and takes 1 away when it closes. One window pass finds both ends: a
-- span opens at an occurrence more than D after the previous one (or the
-- first) and closes D after an occurrence whose next one is more than D later
-- (or the last). (Before: an island number from a running sum, then a GROUP
-- BY per island; measured at 10M events, 2.8M occurrences: 1.65 s -> 0.88 s.)
--
-- The window pass sorts one row per value and D-long bucket of time, not one
-- per occurrence: two occurrences in the same bucket are less than D apart,
-- so no span can open or close between them, and a bucket needs only its
-- first and last occurrence (a hash aggregate). The buckets are whole
-- multiples of D since 1970, floored (a negative epoch rounds down too).
-- (50M events, 6.9M occurrences of 300K contacts: the changes 3.9-4.3 s ->
-- 2.5-2.7 s, identical rows.)
--
-- Example: {event: login, count: active_days, at_least: 2, within: {last: 2d}}
--   logins 2026-01-01 10:00 and 2026-01-02 09:00 (two days)
--   -> day 01: (+1 at 01 10:00), (-1 at 03 10:00); day 02: (+1 at 02 09:00), (-1 at 04 09:00)

CREATE OR REPLACE TEMP VIEW {{deltas}} AS
WITH counted AS (
  {{counted}}
),
spans AS (
  SELECT "actor_key", "value", min("ts") AS "first", max("ts") AS "last"
  FROM (
    SELECT "actor_key", "value", "ts", epoch_us("ts") AS "us"
    FROM counted
    WHERE "value" IS NOT NULL
  )
  GROUP BY "actor_key", "value", "us" // {{window_us}} - CASE WHEN "us" % {{window_us}} < 0 THEN 1 ELSE 0 END
),
marked AS (
  SELECT
    "actor_key",
    "first",
    "last",
    coalesce("first" > lag("last") OVER w + {{window}}, TRUE) AS "opens",
    coalesce(lead("first") OVER w > "last" + {{window}}, TRUE) AS "closes"
  FROM spans
  WINDOW w AS (PARTITION BY "actor_key", "value" ORDER BY "first")
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "first" AS "ts", 1 AS "delta" FROM marked WHERE "opens"
  UNION ALL
  SELECT "actor_key", "last" + {{window}} AS "ts", -1 AS "delta" FROM marked WHERE "closes"
)
WHERE "ts" <= getvariable('ms_as_of')
