-- Appends this run's changes to the feed log with the numbers feed-numbers
-- gave them (part 1: retracted rows, part 2: rows this run published), after
-- the last sequence.
--
-- Example: last seq 7; (part 1, row 0, seq 1) + retracted row 0 (activated, acme, 01-03)
--   -> seq 8: (2, retracted, activated, acme, 01-03 ...)

INSERT INTO {{feed}}
WITH "last" AS (SELECT coalesce(max("seq"), 0) AS "seq" FROM {{feed}})
SELECT "last"."seq" + n."seq", {{run}} AS "run_id", {{retracted_change}} AS "change", {{columns}}, c."published_run"
FROM (SELECT * FROM {{numbers}} WHERE "part" = 1) AS n
CROSS JOIN "last"
JOIN {{retracted}} AS c ON c.rowid = n."row"
UNION ALL
SELECT "last"."seq" + n."seq", {{run}} AS "run_id", {{published_change}} AS "change", {{columns}}, {{run}}
FROM (SELECT * FROM {{numbers}} WHERE "part" = 2) AS n
CROSS JOIN "last"
JOIN {{published}} AS c ON c.rowid = n."row"
