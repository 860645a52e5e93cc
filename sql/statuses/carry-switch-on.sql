-- What the next incremental run needs of a criterion that only switches on
-- (docs/FEED.md): for each actor it has not switched on yet, the values
-- counted so far (a count: one row per change; distinct values and active
-- days: each value once), read from the top-k table. At most k - 1 rows per
-- actor; the actors it holds for need nothing (it never stops).
--
-- Example: at_least 3 distinct contacts; a1 has [c1, c2], a2 holds
--   -> (a1, c1), (a1, c2)

CREATE OR REPLACE TEMP TABLE {{carry}} AS
SELECT a."actor_id", unnest({{carried}}) AS "value"
FROM {{top_table}} AS d
JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
WHERE a.{{threshold}} IS NOT NULL
  AND a."actor_id" NOT IN (SELECT "actor_id" FROM {{flips}})
