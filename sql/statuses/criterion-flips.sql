-- The instants a criterion starts or stops holding, per actor: the running
-- value against the actor's threshold, then only the rows where `holds`
-- flips. The RANGE frame sums every change at one instant (its peers) before
-- comparing, so an event arriving as another leaves changes nothing; the
-- peers of an instant share one `holds`, so at most one of them is kept.
--
-- Example: at_least 2, deltas (+1 at 10:00), (+1 at 11:00), (-1 at 17:00), (+1 at 17:00)
--   values 1, 2, 2, 2 -> holds false, true, true, true -> (11:00, TRUE)

CREATE OR REPLACE TEMP TABLE {{flips}} AS
SELECT "actor_id", "ts", "holds"
FROM (
  SELECT
    d."actor_id",
    d."ts",
    coalesce(
      sum(d."delta") OVER (
        PARTITION BY d."actor_id" ORDER BY d."ts" RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) >= a.{{threshold}},
      FALSE
    ) AS "holds"
  FROM {{deltas}} AS d
  JOIN {{actors}} AS a ON a."actor_id" = d."actor_id"
)
QUALIFY "holds" <> lag("holds", 1, FALSE) OVER (PARTITION BY "actor_id" ORDER BY "ts")
