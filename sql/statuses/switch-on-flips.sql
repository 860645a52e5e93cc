-- A criterion that only ever switches on (a count of events or of distinct
-- values, without a rolling window: every change is +1) holds from the
-- instant of its k-th change, k = its threshold rounded up (at least 1),
-- and never stops. One row per actor that reaches k; the k smallest instants
-- come from switch-on-top.sql's top-k aggregate.
-- Peers at one instant count together, as in the running sum: the k-th
-- smallest instant is the first at which the count reaches k. k is capped
-- at 10^18 so that a threshold no count reaches still fits a BIGINT.
--
-- Example: at_least 3, changes at 10:00, 11:00, 11:00, 12:00
--   -> first 3 instants [10:00, 11:00, 11:00] -> (11:00, TRUE)

CREATE OR REPLACE TEMP TABLE {{flips}} AS
SELECT a."actor_id", d."first"[a."k"] AS "ts", TRUE AS "holds"
FROM {{top_table}} AS d
JOIN (
  SELECT "actor_id", "actor_key", CAST(least(greatest(1, ceil({{threshold}})), 1e18) AS BIGINT) AS "k"
  FROM {{actors}}
  WHERE {{threshold}} IS NOT NULL
) AS a ON a."actor_key" = d."actor_key"
WHERE len(d."first") >= a."k"
