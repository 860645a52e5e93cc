-- Appends this run's changes to the feed log, numbered after the last
-- sequence: retractions first (so that a consumer withdraws a row before it
-- is told its replacement), then the rows this run published; each part by
-- instant, milestone and actor (a history has one row per milestone, actor
-- and instant, so the order is total and the numbering deterministic).
--
-- Example: run 2 retracts (activated, acme, 01-03) and publishes (activated, acme, 01-04)
--   -> seq 8: (2, retracted, 01-03 ...), seq 9: (2, published, 01-04 ...)

INSERT INTO {{feed}}
SELECT
  (SELECT coalesce(max("seq"), 0) FROM {{feed}})
    + row_number() OVER (ORDER BY "part", "ts", "milestone_id", "actor_id", "type") AS "seq",
  {{run}} AS "run_id",
  "change",
  {{columns}},
  "published_run"
FROM (
  SELECT 1 AS "part", {{retracted_change}} AS "change", * FROM {{retracted}}
  UNION ALL
  SELECT 2 AS "part", {{published_change}} AS "change", * FROM {{published}}
  WHERE "published_run" = {{run}}
)
