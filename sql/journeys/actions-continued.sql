-- A journey's actions per stage in an incremental run that rebuilt no actor
-- (compiler/cx/incremental.ts): the last run's count plus the events after T0. An
-- event at or before T0 counts for the same stays as then: a stage reached at or
-- before T0 keeps its time (completed_at is the first completion), and a stay that
-- had not ended by T0 ends after it if it ends at all; no event at or before T0 was
-- added (a late one rebuilds its actor) and none removed (a removed file rebuilds its
-- actors). Only for periods that do not move with T (`last:` does).
--
-- Example: setup stored 40; acme in setup since 01-02, 2 events after T0 -> (1, 42)

SELECT st."stage_index", coalesce(p."actions", 0) + coalesce(n."actions", 0) AS "actions"
FROM (VALUES {{stages}}) AS st("stage_index", "stage")
LEFT JOIN (
  SELECT "stage_index", "actions" FROM {{published}} WHERE "journey_id" = {{journey}}
) AS p ON p."stage_index" = st."stage_index"
LEFT JOIN (
  SELECT s."stage_index", count(*) AS "actions"
  FROM {{stays}} AS s{{numbers}}
  JOIN "events" AS e ON e.{{actor}} = {{stay_key}}
  WHERE e."ts" > {{previous_as_of}}
    AND e."ts" >= s."reached_at"
    AND e."ts" < coalesce(s."exited_at", {{as_of}} + INTERVAL 1 MICROSECOND)
    AND e."ts" <= {{as_of}}
    AND {{event_in_period}}
  GROUP BY s."stage_index"
) AS n ON n."stage_index" = st."stage_index"
