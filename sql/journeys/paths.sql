-- Paths through a journey's stages in the order each actor actually reached
-- them (ties in stage order): per stage reached in the period, the stage
-- reached just before it (NULL: none, it was the first) and just after it
-- (NULL: none yet), with how many actors took that path.
--
-- Example: acme reached setup, then activated; globex activated, then setup
--   -> (NULL, setup, activated, 1), (setup, activated, NULL, 1),
--      (NULL, activated, setup, 1), (activated, setup, NULL, 1)

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  {{journey}} AS "journey_id",
  "previous_id",
  "milestone_id",
  "next_id",
  count(*) AS "actors"
FROM (
  SELECT
    "stage" AS "milestone_id",
    "reached_at",
    lag("stage") OVER (PARTITION BY "actor_id" ORDER BY "reached_at", "stage_index") AS "previous_id",
    lead("stage") OVER (PARTITION BY "actor_id" ORDER BY "reached_at", "stage_index") AS "next_id"
  FROM {{stays}}
) AS "ordered"
WHERE {{reached_in_period}}
GROUP BY ALL
