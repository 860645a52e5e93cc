-- Every attempt: each occurrence of the first step inside the cohort range
-- starts one. Each later step is the first occurrence at or after the previous
-- step (equal timestamps count as in order) and at or before the window end
-- (t1 + window, inclusive). An exclusion event strictly between its two
-- bracketing steps (or, when the later one is not reached, after the earlier
-- one and inside the window) voids the attempt.
--
-- Example: steps [signup, {event: demo}, paid], window 30d, exclusion churned between [0, 2]
--   a1: signup occurrences in the cohort -> "t1", "window_end" = "t1" + INTERVAL 30 DAY
--   a2: ASOF LEFT JOIN the demo occurrences ON s."ts" >= a."t1" -> "t2" when <= "window_end"
--       (the ASOF conditions are checked again: DuckDB 1.5 can match a NULL previous step on large inputs)
--   a3: the same from "t2" -> "t3"
--   x1: ASOF LEFT JOIN churned ON x."ts" > a."t1" -> "void_1" when x."ts" < "t3" (or <= "window_end")
--   A repeated event step (steps [signup, {event: pv}, {event: pv}]) takes an
--   event after the one its earlier twin took: the ASOF join is on the scan's
--   occurrence "key", from greatest(key floor of the previous step's instant,
--   the twin's "k2" + 1) -> "t3", "k3"
--   -> one row per attempt: "times" = [t1, t2, t3] (NULL when not reached), "reached", "voided"

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH
"a1" AS (
  SELECT
    "actor_key",
    "account_id",
    "ts" AS "t1",
    "ts" + {{window}} AS "window_end"{{first_key}}
  FROM (
    {{first_step}}
  )
  WHERE {{cohort}}
){{joins}}
SELECT
  "actor_key",
  "account_id",
  [{{times}}] AS "times",
  {{reached}} AS "reached",
  "window_end",
  {{voided}} AS "voided"
FROM {{last}}
