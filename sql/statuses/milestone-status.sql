-- One row per assigned actor: the status as of T, read from the history.
-- not_started: no known start, `never`, or a start after T; achieving: holds
-- at T; not_achieving: held before, not at T; never_achieved: never held.
-- deadline_missed: the deadline is at or before T and the milestone was not
-- completed at or before it; on_time: completed at or before the deadline
-- (FALSE once it is missed, NULL while pending or without a deadline).
--
-- Example: start 2026-01-01, deadline 30d, completed 2026-01-20, lost 2026-02-10, T 2026-03-01
--   -> not_achieving, completed_at 2026-01-20, deadline_missed FALSE, on_time TRUE
-- An incremental run computes it for the touched actors only and adds the
-- stored rows of the others with the new as_of ({{kept}}: compiler/statuses/milestone.ts),
-- or leaves them in milestone_status when it publishes by key (the `_all` views read them).

CREATE OR REPLACE TEMP TABLE {{status}} AS
SELECT
  {{milestone}} AS "milestone_id",
  {{level}} AS "level",
  a."actor_id",
  a."account_id",
  CASE
    WHEN a."start_at" IS NULL OR a."start_at" > getvariable('ms_as_of') THEN 'not_started'
    WHEN h."holds" THEN 'achieving'
    WHEN h."completed_at" IS NOT NULL THEN 'not_achieving'
    ELSE 'never_achieved'
  END AS "status",
  h."completed_at",
  coalesce(h."progress", CAST(0 AS DOUBLE)) AS "progress",
  a."start_at" AS "evaluation_start",
  a."deadline_at" AS "deadline",
  coalesce(
    a."deadline_at" <= getvariable('ms_as_of') AND NOT coalesce(h."completed_at" <= a."deadline_at", FALSE),
    FALSE
  ) AS "deadline_missed",
  CASE
    WHEN h."completed_at" <= a."deadline_at" THEN TRUE
    WHEN a."deadline_at" <= getvariable('ms_as_of') THEN FALSE
  END AS "on_time",
  getvariable('ms_as_of') AS "as_of"
FROM {{actors}} AS a
LEFT JOIN (
  SELECT
    "actor_id",
    arg_max("holds", "ts") AS "holds",
    arg_max("progress", "ts") AS "progress",
    min("ts") FILTER (WHERE "type" = 'milestone_completed') AS "completed_at"
  FROM {{history}}
  GROUP BY "actor_id"
) AS h ON h."actor_id" = a."actor_id"{{kept}}
