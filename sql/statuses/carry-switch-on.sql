-- What the next incremental run needs of a criterion that only switches on
-- (docs/FEED.md): for each actor it has not switched on yet, what it
-- counted so far, read from the top-k table: a count, the number of changes
-- (one row, "n"); distinct values and active days, each value once (at most
-- k - 1 rows). The actors it holds for need nothing (it never stops).
--
-- Example: at_least 3 distinct contacts; a1 has [c1, c2], a2 holds
--   -> (a1, c1), (a1, c2)

CREATE OR REPLACE TEMP TABLE {{carry}} AS
SELECT a."actor_id", {{carried}}
FROM {{top_table}} AS d
JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
WHERE a.{{threshold}} IS NOT NULL
  AND a."actor_id" NOT IN (SELECT "actor_id" FROM {{flips}})
