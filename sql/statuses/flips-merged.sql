-- Incremental compute: a criterion's flips are the last run's up to T0
-- (final: a flip at or before T0 depends only on events at or before it)
-- and this run's after T0, except for the actors rebuilt from their start
-- (`_ms_affected`), whose flips are all this run's. A criterion that only
-- switches on keeps its stored flip: a new one for the same actor would
-- repeat it.
--
-- Example: stored (a1, 02-20, TRUE), (a1, 02-27, FALSE); new (a1, 02-25, TRUE) from
-- the rows after T0 - 7d, (a1, 03-01 12:00, TRUE); T0 03-01
--   -> (a1, 02-20, TRUE), (a1, 02-27, FALSE), (a1, 03-01 12:00, TRUE)

CREATE OR REPLACE TEMP TABLE {{flips}} AS
SELECT "actor_id", "ts", "holds"
FROM {{new_flips}}
WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR ("ts" > getvariable('ms_previous_as_of'){{once}})
UNION ALL
SELECT "actor_id", "ts", "holds"
FROM "_ms_state"."flips"
WHERE "milestone_id" = {{milestone}} AND "leaf" = {{leaf}}
  AND "actor_id" NOT IN (SELECT "id" FROM "_ms_affected")
