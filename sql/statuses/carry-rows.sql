-- What the next incremental run needs of a criterion that only switches on,
-- when its flips come from numbering the changes (per-seat or large
-- thresholds), for the actors it has not switched on yet: a count, the
-- number of changes (one row, "n"); distinct values, each value.
--
-- Example: per seats; a1 (4 seats) has 2 changes, a2 holds -> (a1, 2)

CREATE OR REPLACE TEMP TABLE {{carry}} AS
SELECT a."actor_id", {{carried}}
FROM {{deltas}} AS d
JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
WHERE a.{{threshold}} IS NOT NULL
  AND a."actor_id" NOT IN (SELECT "actor_id" FROM {{flips}}){{group}}
