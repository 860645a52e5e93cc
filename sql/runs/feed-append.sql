-- Appends this run's changes (feed-changes) to the feed log, after the last
-- sequence; a row this run published gets its id (NULL until now).
--
-- Example: last seq 7; (seq 1, retracted, activated, acme, 01-03, run 1)
--   -> seq 8: (2, retracted, activated, acme, 01-03, ..., run 1)

INSERT INTO {{feed}}
SELECT
  "last"."seq" + c."seq",
  {{run}} AS "run_id",
  c."change",
  {{columns}},
  coalesce(c."published_run", {{run}})
FROM {{changes}} AS c
CROSS JOIN (SELECT coalesce(max("seq"), 0) AS "seq" FROM {{feed}}) AS "last"
