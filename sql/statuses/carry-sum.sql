-- What the next incremental run needs of a sum without a rolling window:
-- each actor's total up to T, which it reads as one change at T.
--
-- Example: amounts 10, -3, 5 -> (a1, 12)

CREATE OR REPLACE TEMP TABLE {{carry}} AS
SELECT a."actor_id", sum(d."delta") AS "value"
FROM {{deltas}} AS d
JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
WHERE a.{{threshold}} IS NOT NULL
GROUP BY a."actor_id"
