-- A criterion that only ever switches on (every change is +1), when its
-- thresholds are not known before the data is read (`per: seats`) or are
-- large: it holds from the instant of its k-th change (k = the threshold
-- rounded up, at least 1), found by numbering each actor's changes in time
-- order: one sort, where the running sum needs two. k is capped at 10^18
-- so that a threshold no count reaches still fits a BIGINT.
--
-- Example: per seats, 4 seats -> k = 4: the 4th change's instant, TRUE

CREATE OR REPLACE TEMP TABLE {{flips}} AS
SELECT a."actor_id", d."ts", TRUE AS "holds"
FROM {{deltas}} AS d
JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
WHERE a.{{threshold}} IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY d."actor_key" ORDER BY d."ts") = CAST(least(greatest(1, ceil(a.{{threshold}})), 1e18) AS BIGINT)
