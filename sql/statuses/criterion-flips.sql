-- The instants a criterion starts or stops holding, per actor: the running
-- value against the actor's threshold, then only the rows where `holds`
-- flips. The RANGE frame sums every change at one instant (its peers) before
-- comparing, so an event arriving as another leaves changes nothing; the
-- peers of an instant share one `holds`, so at most one of them is kept.
--
-- The sorts go by the actor's integer key (milestone-actors.sql); the few
-- flips get the actor's id back at the end.
--
-- Example: at_least 2, deltas (+1 at 10:00), (+1 at 11:00), (-1 at 17:00), (+1 at 17:00)
--   values 1, 2, 2, 2 -> holds false, true, true, true -> (11:00, TRUE)

CREATE OR REPLACE TEMP TABLE {{flips}} AS
SELECT a."actor_id", f."ts", f."holds"
FROM (
  SELECT "actor_key", "ts", "holds"
  FROM (
    SELECT
      d."actor_key",
      d."ts",
      coalesce(
        sum(d."delta") OVER (
          PARTITION BY d."actor_key" ORDER BY d."ts" RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) >= a.{{threshold}},
        FALSE
      ) AS "holds"
    FROM {{deltas}} AS d
    JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
  )
  QUALIFY "holds" <> lag("holds", 1, FALSE) OVER (PARTITION BY "actor_key" ORDER BY "ts")
) AS f
JOIN {{actors}} AS a ON a."actor_key" = f."actor_key"
