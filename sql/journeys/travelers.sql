-- Travelers per stage (Qualtrics CJO): entered = reached the stage in the
-- period; exited = reached the next stage in the period; time in milestone
-- (mean, median) over those who exited in the last `exited_within` before T;
-- actions = events of the actors while in the stage (entering included, up
-- to their exit or T), in the period (actions.sql, or actions-continued.sql in
-- an incremental run). The last stage has no exit.
--
-- Example: stage setup; 5 entered, 3 exited, 1 of them in the last 7d after 4 days
--   -> ('lifecycle', 1, 'setup', 5, 3, 1, 345600.0, 345600.0, 42)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "actions" AS (
  {{actions}}
),
"stays" AS (
  SELECT
    *,
    (epoch_us("exited_at") - epoch_us("reached_at")) / 1e6 AS "seconds",
    "exited_at" > {{as_of}} - {{exited_within}} AS "recent"
  FROM {{stays}}
)
SELECT
  {{journey}} AS "journey_id",
  st."stage_index",
  st."stage" AS "milestone_id",
  count(s."actor_id") FILTER (WHERE {{reached_in_period}}) AS "entered",
  CASE WHEN st."stage_index" < {{last}} THEN count(s."actor_id") FILTER (WHERE {{exited_in_period}}) END AS "exited",
  CASE WHEN st."stage_index" < {{last}} THEN count(s."actor_id") FILTER (WHERE s."recent") END AS "exited_recent",
  avg(s."seconds") FILTER (WHERE s."recent") AS "seconds_mean",
  median(s."seconds") FILTER (WHERE s."recent") AS "seconds_median",
  coalesce(any_value(a."actions"), 0) AS "actions"
FROM (VALUES {{stages}}) AS st("stage_index", "stage")
LEFT JOIN "stays" AS s ON s."stage_index" = st."stage_index"
LEFT JOIN "actions" AS a ON a."stage_index" = st."stage_index"
GROUP BY st."stage_index", st."stage"
