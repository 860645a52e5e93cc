-- The milestone's history: every instant where whether it holds, or its
-- progress, changed (from "not holding, 0%" at the evaluation start), typed:
-- milestone_completed (holds for the first time), milestone_lost,
-- milestone_regained (holds again), milestone_updated (progress only).
--
-- Example: states (09:00 holds F 50%), (10:00 T 100%), (17:00 F 50%), (18:00 F 50%)
--   -> (09:00 updated 0->50), (10:00 completed), (17:00 lost); 18:00 changes nothing
-- An incremental run computes it for the touched actors only and adds the
-- stored rows of the others ({{kept}}: compiler/statuses/milestone.ts), or leaves them
-- in milestone_history when it publishes by key (the `_all` views read them).

CREATE OR REPLACE TEMP TABLE {{history}} AS
SELECT
  "actor_id",
  "ts",
  CASE
    WHEN "holds" = "previous_holds" THEN 'milestone_updated'
    WHEN NOT "holds" THEN 'milestone_lost'
    WHEN "ts" = "first_held" THEN 'milestone_completed'
    ELSE 'milestone_regained'
  END AS "type",
  "holds",
  "progress",
  "previous_progress"
FROM (
  SELECT
    "actor_id",
    "ts",
    "holds",
    "progress",
    lag("holds", 1, FALSE) OVER w AS "previous_holds",
    lag("progress", 1, CAST(0 AS DOUBLE)) OVER w AS "previous_progress",
    min(CASE WHEN "holds" THEN "ts" END) OVER (PARTITION BY "actor_id") AS "first_held"
  FROM {{states}}
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts")
)
WHERE "holds" <> "previous_holds" OR "progress" <> "previous_progress"{{kept}}
