-- A journey's stays: per actor and stage reached at or before T, when it
-- reached the stage and when it exited, i.e. reached the next stage (at or
-- after entering: an actor that had reached the next stage first never
-- exits this one through it).
--
-- Example: stages [setup, activated]; acme reached setup 01-05, activated 01-20
--   -> (acme, 1, setup, 01-05, 01-20), (acme, 2, activated, 01-20, NULL)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "reached" AS (
  SELECT s."actor_id", st."stage_index", st."stage", min(s."completed_at") AS "reached_at"
  FROM {{status}} AS s
  JOIN (VALUES {{stages}}) AS st("stage_index", "stage") ON st."stage" = s."milestone_id"
  WHERE s."completed_at" IS NOT NULL
  GROUP BY ALL
)
SELECT
  r."actor_id",
  r."stage_index",
  r."stage",
  r."reached_at",
  n."reached_at" AS "exited_at"
FROM "reached" AS r
LEFT JOIN "reached" AS n
  ON n."actor_id" = r."actor_id" AND n."stage_index" = r."stage_index" + 1 AND n."reached_at" >= r."reached_at"
