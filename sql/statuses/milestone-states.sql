-- Every criterion's state at every instant one of them changes, per actor:
-- the criteria's flips (and the evaluation start) in one timeline, each
-- criterion carried forward to the instants where another one changes; then
-- the groups, whether the milestone holds and its progress, as SQL over them.
-- A change before the evaluation start (a dependency completed earlier, or
-- count_history) takes effect at the start.
--
-- Example: criteria [{event: a}, {any: [{event: b}, {milestone: setup}]}]
--   -> "c1", "c2_1", "c2_2" carried with last_value(... IGNORE NULLS),
--      "c2" = ("c2_1" OR "c2_2"), "holds" = "c1" AND ("c2_1" OR "c2_2"),
--      "progress" = 100 * (c1 + c2) / 2

CREATE OR REPLACE TEMP TABLE {{states}} AS
WITH changes AS (
  SELECT "actor_id", "start_at" AS "ts", "start_at" AS "raw_ts", 0 AS "leaf", CAST(NULL AS BOOLEAN) AS "holds"
  FROM {{actors}}
  WHERE "start_at" <= getvariable('ms_as_of'){{leaf_changes}}
),
carried AS (
  SELECT
    "actor_id",
    "ts",
    {{carried}},
    lead("ts") OVER w AS "next_ts"
  FROM changes
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts", "raw_ts", "leaf" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT
  "actor_id",
  "ts",
  {{columns}},
  {{holds}} AS "holds",
  {{progress}} AS "progress"
FROM carried
WHERE "next_ts" IS DISTINCT FROM "ts"
