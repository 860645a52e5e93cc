-- The distinct paths of settled entries: the touches in order (ties by
-- touchpoint position), a run of the same touchpoint counting as one touch at
-- the run's last time. Per path: converted and not converted actors, their
-- revenue, and per position the time-decay share summed over converted
-- actors (each actor's shares sum to 1: weight 2^(-(t_convert - t_touch) /
-- half_life), relative to its latest touch so that nothing underflows) and
-- the same shares weighted by revenue. Only this table goes to TypeScript.
--
-- Each actor's touches become one list (a hash aggregate, then a sort of the
-- actor's own list as (ts, touchpoint) structs); runs, positions, weights and
-- shares are list functions on it, so no window sorts all the touches. Each
-- distinct path gets an integer id; a path's decay adds its converted actors'
-- share lists position by position. Measured at 50M events (2.36M touches,
-- 43K paths): 4.5 s -> 2.0 s, identical rows (window functions over every
-- touch before: 13.5-14.6 s -> 4.3-6.1 s with MATERIALIZED CTEs and sorted
-- struct lists).
-- The same data gives the same bits on every run: each actor's weights are
-- summed in position order (list_sum walks the list), and the per-position
-- sums over actors (whose order parallel aggregation does not fix) add
-- integers: shares in units of 2^-48 (3.6e-15), revenue shares in millionths
-- of the currency, each actor's last position taking what its others leave of
-- its revenue (in millionths, as the path's revenue is summed), so that the
-- time-decay revenue adds up exactly to the converted revenue (rounding each
-- position alone to 2^-24 left 650 as 649.9999999404; found by review,
-- 2026-12-06). Plain double sums differed in the 17th digit
-- between two runs. A path's revenue adds millionths of the currency the same
-- way (an incremental run lists the stored actors before the recomputed ones:
-- a plain sum of 0.1, 0.2, 1.1, 0.7, 0.3, 0.6 gave 3 there and
-- 3.0000000000000004 in a full run; found by review, 2026-12-06). A path
-- with a revenue of 1e20 or more, infinite or NaN adds doubles as before
-- (no integer holds it: its TRY_CAST is NULL, and the sum of the other
-- branch is used; found by review).
--
-- Example: acme converted after shared, demo, pricing, shared, shared
--   -> path [3, 1, 2, 3]; globex converted after pricing, demo -> [2, 1]; umbrella not: [2]
--   -> ([3, 1, 2, 3], 1, 0, 24000, [0.02, 0.1, 0.3, 0.58], [...]), ([2, 1], 1, 0, ...), ([2], 0, 1, ...)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH
"runs" AS (
  SELECT
    "actor_key",
    list_filter("touches", (x, i) -> i = len("touches") OR "touches"[i + 1].t <> x.t) AS "runs"
  FROM (
    SELECT "actor_key", list_sort(list({'ts': "ts", 't': "touchpoint"})) AS "touches"
    FROM {{touches}}
    GROUP BY "actor_key"
  )
),
"weighted" AS (
  SELECT
    en."actor_key",
    en."converted",
    en."revenue",
    coalesce(list_transform(r."runs", x -> x.t), []) AS "path",
    CASE WHEN en."converted" THEN
      list_transform(r."runs", x -> pow(2.0, -(epoch_us(r."runs"[-1].ts) - epoch_us(x.ts)) / 1e6 / {{half_life}}))
    END AS "weights"
  FROM {{entries}} AS en
  LEFT JOIN "runs" AS r ON r."actor_key" = en."actor_key"
  WHERE NOT en."in_progress"
),
-- The total once per actor: inside the lambda, list_sum would run again for
-- every element (quadratic: one actor with 40K touches took 13.5 s).
"actor_paths" AS MATERIALIZED (
  SELECT
    "actor_key",
    "converted",
    "revenue",
    "path",
    list_transform("weights", w -> w / "total") AS "shares"
  FROM (SELECT *, list_sum("weights") AS "total" FROM "weighted")
),
"path_ids" AS MATERIALIZED (
  SELECT "path", CAST(row_number() OVER () AS INTEGER) AS "path_id"
  FROM (SELECT DISTINCT "path" FROM "actor_paths")
),
"actors_on_paths" AS MATERIALIZED (
  SELECT a."actor_key", a."converted", a."revenue", a."shares", i."path_id"
  FROM "actor_paths" AS a
  JOIN "path_ids" AS i ON i."path" = a."path"
),
"decay" AS (
  SELECT
    "path_id",
    list_transform(
      range(1, len("actors"[1].s) + 1),
      p -> list_sum(list_transform("actors", a -> CAST(round(a.s[p] * 281474976710656) AS HUGEINT))) / 281474976710656
    ) AS "decay",
    list_transform(
      range(1, len("actors"[1].s) + 1),
      p -> list_sum(list_transform("actors", a -> CASE
        WHEN p < len(a.s) THEN CAST(round(a.s[p] * a.r * 1000000) AS HUGEINT)
        ELSE CAST(round(a.r * 1000000) AS HUGEINT)
          - coalesce(list_sum(list_transform(range(1, len(a.s)), q -> CAST(round(a.s[q] * a.r * 1000000) AS HUGEINT))), 0)
      END)) / 1000000
    ) AS "decay_revenue"
  FROM (
    SELECT "path_id", list({'s': "shares", 'r': "revenue"}) AS "actors"
    FROM "actors_on_paths"
    WHERE "converted" AND len("shares") > 0
    GROUP BY "path_id"
  )
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
    CASE
      WHEN count(*) FILTER (WHERE "converted" AND NOT abs("revenue") < 1e20) = 0
      THEN sum(TRY_CAST(round("revenue" * 1000000) AS HUGEINT)) FILTER (WHERE "converted") / 1000000
      ELSE sum("revenue") FILTER (WHERE "converted")
    END AS "revenue"
  FROM "actors_on_paths"
  GROUP BY "path_id"
) AS p
JOIN "path_ids" AS i ON i."path_id" = p."path_id"
LEFT JOIN "decay" AS d ON d."path_id" = p."path_id"
