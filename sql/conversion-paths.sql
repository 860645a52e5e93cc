-- The distinct paths of settled entries: the touches in order (ties by
-- touchpoint position), a run of the same touchpoint counting as one touch at
-- the run's last time. Per path: converted and not converted actors, their
-- revenue, and per position the time-decay share summed over converted
-- actors (each actor's shares sum to 1: weight 2^(-(t_convert - t_touch) /
-- half_life), relative to its latest touch so that nothing underflows) and
-- the same shares weighted by revenue. Only this table goes to TypeScript.
-- Each distinct path gets an integer id first, so that the per-position sums
-- group by (id, position), not by the list itself, and the shares are
-- computed once (MATERIALIZED: two parts read them). Measured at 10M events
-- (478K touches, 8,652 paths): 5.4-6.9 s -> 2.3-3.2 s, alternating runs.
-- The same data gives the same bits on every run: each actor's weights are
-- summed in position order, and the per-position sums over actors (whose
-- order parallel aggregation does not fix) add integers: shares in units of
-- 2^-48 (3.6e-15), revenue shares in units of 2^-24 (6e-8 of the currency).
-- Plain double sums differed in the 17th digit between two runs.
-- Every CTE read twice is MATERIALIZED (an inlined one is computed again per
-- reference), and lists in position order are built unordered, then sorted
-- as (position, value) structs: DuckDB's ordered aggregates sort per group.
-- Measured at 50M events (2.36M touches, 43K paths): 13.5-14.6 s -> 4.3-6.1 s.
--
-- Example: acme converted after shared, demo, pricing, shared, shared
--   -> path [3, 1, 2, 3]; globex converted after pricing, demo -> [2, 1]; umbrella not: [2]
--   -> ([3, 1, 2, 3], 1, 0, 24000, [0.02, 0.1, 0.3, 0.58], [...]), ([2, 1], 1, 0, ...), ([2], 0, 1, ...)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH
"runs" AS (
  SELECT *
  FROM (
    SELECT
      "actor_id",
      "touchpoint",
      "ts",
      lead("touchpoint") OVER (PARTITION BY "actor_id" ORDER BY "ts", "touchpoint") AS "next"
    FROM {{touches}}
  )
  WHERE "next" IS DISTINCT FROM "touchpoint"
),
"positions" AS (
  SELECT
    r."actor_id",
    r."touchpoint",
    row_number() OVER (PARTITION BY r."actor_id" ORDER BY r."ts", r."touchpoint") AS "position",
    CASE WHEN en."converted" THEN
      pow(2.0, -(epoch_us(max(r."ts") OVER (PARTITION BY r."actor_id")) - epoch_us(r."ts")) / 1e6 / {{half_life}})
    END AS "weight",
    en."revenue"
  FROM "runs" AS r
  JOIN {{entries}} AS en ON en."actor_id" = r."actor_id"
),
"shares" AS MATERIALIZED (
  SELECT
    *,
    "weight" / sum("weight") OVER (
      PARTITION BY "actor_id" ORDER BY "position" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "share"
  FROM "positions"
),
"actor_paths" AS MATERIALIZED (
  SELECT
    en."actor_id",
    en."converted",
    en."revenue",
    coalesce(
      list_transform(list_sort(list({'p': s."position", 't': s."touchpoint"}) FILTER (WHERE s."touchpoint" IS NOT NULL)), x -> x.t),
      []
    ) AS "path"
  FROM {{entries}} AS en
  LEFT JOIN "shares" AS s ON s."actor_id" = en."actor_id"
  WHERE NOT en."in_progress"
  GROUP BY en."actor_id", en."converted", en."revenue"
),
"path_ids" AS MATERIALIZED (
  SELECT "path", CAST(row_number() OVER () AS INTEGER) AS "path_id"
  FROM (SELECT DISTINCT "path" FROM "actor_paths")
),
"actors_on_paths" AS MATERIALIZED (
  SELECT a."actor_id", a."converted", a."revenue", i."path_id"
  FROM "actor_paths" AS a
  JOIN "path_ids" AS i ON i."path" = a."path"
),
"decay" AS (
  SELECT
    "path_id",
    list_transform(list_sort(list({'p': "position", 's': "share"})), x -> x.s) AS "decay",
    list_transform(list_sort(list({'p': "position", 's': "revenue_share"})), x -> x.s) AS "decay_revenue"
  FROM (
    SELECT
      a."path_id",
      s."position",
      sum(CAST(round(s."share" * 281474976710656) AS HUGEINT)) / 281474976710656 AS "share",
      sum(CAST(round(s."share" * a."revenue" * 16777216) AS HUGEINT)) / 16777216 AS "revenue_share"
    FROM "actors_on_paths" AS a
    JOIN "shares" AS s ON s."actor_id" = a."actor_id"
    WHERE a."converted"
    GROUP BY a."path_id", s."position"
  )
  GROUP BY "path_id"
)
SELECT
  {{conversion}} AS "conversion_id",
  i."path",
  p."converted",
  p."not_converted",
  p."revenue",
  coalesce(d."decay", []) AS "decay",
  coalesce(d."decay_revenue", []) AS "decay_revenue"
FROM (
  SELECT
    "path_id",
    count(*) FILTER (WHERE "converted") AS "converted",
    count(*) FILTER (WHERE NOT "converted") AS "not_converted",
    sum("revenue") FILTER (WHERE "converted") AS "revenue"
  FROM "actors_on_paths"
  GROUP BY "path_id"
) AS p
JOIN "path_ids" AS i ON i."path_id" = p."path_id"
LEFT JOIN "decay" AS d ON d."path_id" = p."path_id"
