-- as_of
SET VARIABLE cv_as_of = CAST('2026-05-01 03:59:59' AS TIMESTAMP);

-- cv_previous_as_of
SET VARIABLE cv_previous_as_of = CAST('2026-03-30 00:00:00' AS TIMESTAMP);

-- _cv_trial_to_customer__changed
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__changed" AS
SELECT "actor_key", bool_or("rebuilt") AS "rebuilt"
FROM (
  SELECT "actor_key", TRUE AS "rebuilt" FROM (
    SELECT n."number" AS "actor_key" FROM "_ms_affected" AS a JOIN "_account_numbers" AS n ON n."id" = a."id"
  )
  UNION ALL
  SELECT "actor_key", FALSE AS "rebuilt" FROM (
    SELECT "actor_key" FROM "_ms_state"."cv__trial_to_customer__entries" WHERE "in_progress" AND "open_until" <= getvariable('cv_as_of')
    UNION ALL
    SELECT e."_account_number" AS "actor_key" FROM "events" AS e
    WHERE e."ts" > getvariable('cv_previous_as_of') AND e."ts" <= getvariable('cv_as_of')
      AND e."event" IN ('checkout_started', 'deal_lost') AND e."_account_number" <> 0
      AND e."_account_number" IN (SELECT "actor_key" FROM "_ms_state"."cv__trial_to_customer__entries" WHERE "open_until" > getvariable('cv_previous_as_of'))
    UNION ALL
    SELECT n."number" AS "actor_key" FROM "_ms_customer__touched" AS t JOIN "_account_numbers" AS n ON n."id" = t."actor_id"
    UNION ALL
    SELECT n."number" AS "actor_key" FROM "_ms_setup__touched" AS t JOIN "_account_numbers" AS n ON n."id" = t."actor_id"
  )
)
WHERE "actor_key" IS NOT NULL
GROUP BY "actor_key";

-- _cv_trial_to_customer__events
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__events" AS
SELECT *
FROM (
  SELECT
    e."ts",
    e."_account_number" AS "actor_key",
    CAST(e."account_id" AS VARCHAR) AS "account_id",
    e."event" = 'checkout_started'
      AND coalesce(e."plan" IN ('pro', 'enterprise'), FALSE) AS "s2",
    e."event" = 'deal_lost' AS "x1"
  FROM "events" AS e
  WHERE e."ts" <= getvariable('cv_as_of')
    AND e."event" IN ('checkout_started', 'deal_lost')
    AND e."_account_number" <> 0 AND e."ts" >= TIMESTAMP '2026-01-01 05:00:00' AND e."_account_number" IN (SELECT "actor_key" FROM "_cv_trial_to_customer__changed")
)
WHERE "s2" OR "x1";

-- _cv_trial_to_customer__attempts
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__attempts" AS
WITH
"a1" AS (
  SELECT
    "actor_key",
    "account_id",
    "ts" AS "t1",
    "ts" + INTERVAL 60 DAY AS "window_end"
  FROM (
    SELECT CASE WHEN n."number" IS NULL THEN error('milestone_status names ' || s."actor_id" || ', which has no number (the table _account_numbers was edited): drop the table _account_numbers and run `milestones compute`') ELSE n."number" END AS "actor_key", s."account_id", s."completed_at" AS "ts"
    FROM "milestone_status" AS s
    LEFT JOIN "_account_numbers" AS n ON n."id" = s."actor_id"
    WHERE s."milestone_id" = 'setup' AND s."completed_at" <= getvariable('cv_as_of') AND n."number" IN (SELECT "actor_key" FROM "_cv_trial_to_customer__changed")
  )
  WHERE "ts" >= TIMESTAMP '2026-01-01 05:00:00' AND "ts" < TIMESTAMP '2026-04-01 04:00:00'
),
"a2" AS (
  SELECT a.*, CASE WHEN s."ts" >= a."t1" AND s."ts" <= a."window_end" THEN s."ts" END AS "t2"
  FROM "a1" AS a
  ASOF LEFT JOIN (
    SELECT "actor_key", "account_id", "ts"
    FROM "_cv_trial_to_customer__events"
    WHERE "s2"
  ) AS s ON s."actor_key" = a."actor_key" AND s."ts" >= a."t1"
),
"a3" AS (
  SELECT a.*, CASE WHEN s."ts" >= a."t2" AND s."ts" <= a."window_end" THEN s."ts" END AS "t3"
  FROM "a2" AS a
  ASOF LEFT JOIN (
    SELECT CASE WHEN n."number" IS NULL THEN error('milestone_status names ' || s."actor_id" || ', which has no number (the table _account_numbers was edited): drop the table _account_numbers and run `milestones compute`') ELSE n."number" END AS "actor_key", s."account_id", s."completed_at" AS "ts"
    FROM "milestone_status" AS s
    LEFT JOIN "_account_numbers" AS n ON n."id" = s."actor_id"
    WHERE s."milestone_id" = 'customer' AND s."completed_at" <= getvariable('cv_as_of') AND n."number" IN (SELECT "actor_key" FROM "_cv_trial_to_customer__changed")
  ) AS s ON s."actor_key" = a."actor_key" AND s."ts" >= a."t2"
),
"x1" AS (
  SELECT
    a.*,
    coalesce(x."ts" > a."t2" AND CASE WHEN a."t3" IS NOT NULL THEN x."ts" < a."t3" ELSE x."ts" <= a."window_end" END, FALSE) AS "void_1"
  FROM "a3" AS a
  ASOF LEFT JOIN (
    SELECT "actor_key", "ts"
    FROM "_cv_trial_to_customer__events"
    WHERE "x1"
  ) AS x ON x."actor_key" = a."actor_key" AND x."ts" > a."t2"
)
SELECT
  "actor_key",
  "account_id",
  ["t1", "t2", "t3"] AS "times",
  CASE WHEN "t3" IS NOT NULL THEN 3 WHEN "t2" IS NOT NULL THEN 2 ELSE 1 END AS "reached",
  "window_end",
  "void_1" AS "voided"
FROM "x1";

-- _cv_trial_to_customer__fresh
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__fresh" AS
WITH "best" AS (
  SELECT
    "actor_key",
    "account_id",
    "times",
    "reached",
    "window_end",
    "reached" = 3 AS "converted",
    "reached" < 3 AND "open_until" > getvariable('cv_as_of') AS "in_progress",
    "open_until"
  FROM (
    SELECT
      *,
      row_number() OVER (
        PARTITION BY "actor_key"
        ORDER BY "reached" DESC, "times"[1] DESC, "account_id", "times"
      ) AS "rank",
      max("window_end") OVER (PARTITION BY "actor_key") AS "open_until"
    FROM "_cv_trial_to_customer__attempts"
    WHERE NOT "voided"
  )
  WHERE "rank" = 1
)
SELECT
  b.*,
  CASE WHEN d."id" IS NULL THEN error('the actor number ' || b."actor_key" || ' has no id (the table _account_numbers was edited): drop the table _account_numbers and run `milestones compute`') ELSE d."id" END AS "actor_id",
  CASE WHEN b."converted" THEN (epoch_us(b."times"[3]) - epoch_us(b."times"[1])) / 1e6 END AS "seconds",
  CASE WHEN b."converted" THEN coalesce(v."revenue", 0) END AS "revenue"
FROM "best" AS b
LEFT JOIN "_account_numbers" AS d ON d."number" = b."actor_key"
LEFT JOIN (
  SELECT b."actor_key", sum(e."value") AS "revenue"
  FROM "best" AS b
  JOIN (
    SELECT e."_account_number" AS "actor_key", e."ts", e."amount" AS "value"
    FROM "events" AS e
    WHERE e."amount" IS NOT NULL AND e."ts" <= getvariable('cv_as_of') AND e."ts" >= TIMESTAMP '2026-01-01 05:00:00'
  ) AS e
    ON e."actor_key" = b."actor_key" AND e."ts" >= b."times"[1] AND e."ts" <= b."times"[3]
  WHERE b."converted"
  GROUP BY b."actor_key"
) AS v ON v."actor_key" = b."actor_key";

-- _cv_trial_to_customer__entries
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__entries" AS
SELECT k.* FROM "_ms_state"."cv__trial_to_customer__entries" AS k
ANTI JOIN "_cv_trial_to_customer__changed" AS x ON x."actor_key" = k."actor_key"
UNION ALL BY NAME
SELECT * FROM "_cv_trial_to_customer__fresh";

-- _cv_trial_to_customer__steps
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__steps" AS
WITH
"grid" AS (
  SELECT
    en."reached",
    en."in_progress",
    s."step",
    s."step_name",
    CASE
      WHEN s."step" > 1 AND en."reached" >= s."step"
      THEN (epoch_us(en."times"[s."step"]) - epoch_us(en."times"[1])) / 1e6
    END AS "seconds",
    CASE
      WHEN s."step" > 1 AND en."reached" >= s."step"
      THEN (epoch_us(en."times"[s."step"]) - epoch_us(en."times"[s."step" - 1])) / 1e6
    END AS "from_previous_seconds",
    p."segment" AS "b1"
  FROM "_cv_trial_to_customer__entries" AS en
  CROSS JOIN (VALUES (1, 'setup'), (2, 'checkout_started'), (3, 'customer')) AS s("step", "step_name")
  LEFT JOIN "accounts" AS p ON CAST(p."account_id" AS VARCHAR) = en."account_id"
),
"counts" AS (
  SELECT
    CASE WHEN grouping("b1") = 0 THEN 'segment' END AS "breakdown",
    CASE WHEN grouping("b1") = 0 THEN "b1" END AS "value",
    "step",
    "step_name",
    count(*) FILTER (WHERE "reached" >= "step") AS "reached",
    count(*) FILTER (WHERE "reached" >= "step" AND "in_progress") AS "in_progress",
    sum(round("seconds" * 1000000)::HUGEINT) / 1000000 / count("seconds") AS "seconds_mean",
    median("seconds") AS "seconds_median",
    quantile_cont("seconds", 0.9) AS "seconds_p90",
    sum(round("from_previous_seconds" * 1000000)::HUGEINT) / 1000000 / count("from_previous_seconds")
      AS "from_previous_seconds_mean",
    median("from_previous_seconds") AS "from_previous_seconds_median",
    quantile_cont("from_previous_seconds", 0.9) AS "from_previous_seconds_p90"
  FROM "grid"
  GROUP BY GROUPING SETS (("step", "step_name"), ("step", "step_name", "b1"))
)
SELECT
  'trial_to_customer' AS "conversion_id",
  "breakdown",
  "value",
  "step",
  "step_name",
  "reached",
  "in_progress",
  ("reached" - "in_progress") / nullif(lag("reached" - "in_progress") OVER (PARTITION BY "breakdown", "value" ORDER BY "step"), 0) AS "step_rate",
  ("reached" - "in_progress") / nullif(first_value("reached" - "in_progress") OVER (PARTITION BY "breakdown", "value" ORDER BY "step"), 0) AS "overall_rate",
  "seconds_mean",
  "seconds_median",
  "seconds_p90",
  "from_previous_seconds_mean",
  "from_previous_seconds_median",
  "from_previous_seconds_p90"
-- The window is spelt out, not named: DuckDB 1.5 rejects a second WINDOW w
-- when a script of several statements (milestones compile) runs as one batch.
FROM "counts";

-- _cv_trial_to_customer__retouch
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__retouch" AS
SELECT x."actor_key"
FROM "_cv_trial_to_customer__changed" AS x
LEFT JOIN (
  SELECT f."actor_key"
  FROM "_cv_trial_to_customer__fresh" AS f
  JOIN "_ms_state"."cv__trial_to_customer__entries" AS k ON k."actor_key" = f."actor_key"
  WHERE NOT f."in_progress" AND NOT k."in_progress" AND f."converted" = k."converted"
    AND f."times" IS NOT DISTINCT FROM k."times"
) AS same ON same."actor_key" = x."actor_key"
WHERE x."rebuilt" OR same."actor_key" IS NULL;

-- _cv_trial_to_customer__rescan
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__rescan" AS
SELECT f.* FROM "_cv_trial_to_customer__fresh" AS f
SEMI JOIN "_cv_trial_to_customer__retouch" AS r ON r."actor_key" = f."actor_key";

-- cv_touches_from__trial_to_customer
SET VARIABLE cv_touches_from = (SELECT min("times"[1]) FROM "_cv_trial_to_customer__rescan" WHERE NOT "in_progress");

-- _cv_trial_to_customer__touches_fresh
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__touches_fresh" AS
SELECT en."actor_key", tp."touchpoint", e."ts"
FROM "events" AS e
JOIN "_cv_trial_to_customer__rescan" AS en
  ON en."actor_key" = e."_account_number"
  AND e."ts" >= en."times"[1]
  AND e."ts" <= CASE WHEN en."converted" THEN en."times"[3] ELSE en."window_end" END
JOIN (VALUES (3, 'dashboard_shared')) AS tp("touchpoint", "event") ON tp."event" = e."event"
WHERE NOT en."in_progress"
  AND e."ts" <= getvariable('cv_as_of') AND e."ts" >= TIMESTAMP '2026-01-01 05:00:00' AND e."ts" >= getvariable('cv_touches_from')
  AND e."event" IN ('dashboard_shared')
UNION ALL
SELECT en."actor_key", tp."touchpoint", e."ts"
FROM "events" AS e
JOIN "_cv_trial_to_customer__rescan" AS en
  ON en."actor_key" = e."_account_number"
  AND e."ts" >= en."times"[1]
  AND e."ts" <= CASE WHEN en."converted" THEN en."times"[3] ELSE en."window_end" END
JOIN (VALUES (1, 'demo_booked'), (2, 'page_view')) AS tp("touchpoint", "event") ON tp."event" = e."event"
WHERE NOT en."in_progress"
  AND e."ts" <= getvariable('cv_as_of') AND e."ts" >= TIMESTAMP '2026-01-01 05:00:00' AND e."ts" >= getvariable('cv_touches_from')
  AND e."event" IN ('demo_booked', 'page_view')
  AND CASE tp."touchpoint"
    WHEN 1 THEN coalesce(CASE WHEN contains(e."properties", 'web') OR contains(e."properties", '\') THEN json_extract_string(e."properties", '/channel') = 'web' ELSE FALSE END, FALSE)
    WHEN 2 THEN coalesce(starts_with(e."path", '/pricing'), FALSE)
    ELSE TRUE
  END;

-- _cv_trial_to_customer__touches
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__touches" AS
SELECT k.* FROM "_ms_state"."cv__trial_to_customer__touches" AS k
ANTI JOIN "_cv_trial_to_customer__retouch" AS x ON x."actor_key" = k."actor_key"
UNION ALL BY NAME
SELECT * FROM "_cv_trial_to_customer__touches_fresh";

-- _cv_trial_to_customer__touchpoints
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__touchpoints" AS
WITH
"settled" AS (
  SELECT "actor_key", "converted", "seconds"
  FROM "_cv_trial_to_customer__entries"
  WHERE NOT "in_progress"
),
"totals" AS (
  SELECT
    count(*) FILTER (WHERE "converted") AS "converted",
    count(*) FILTER (WHERE NOT "converted") AS "not_converted"
  FROM "settled"
),
"per_touchpoint" AS (
  SELECT
    h."touchpoint",
    count(*) FILTER (WHERE s."converted") AS "converted_with",
    count(*) FILTER (WHERE NOT s."converted") AS "not_converted_with",
    sum(round(s."seconds" * 1000000)::HUGEINT) / 1000000 / count(s."seconds") AS "seconds_mean",
    median(s."seconds") AS "seconds_median"
  FROM (SELECT DISTINCT "actor_key", "touchpoint" FROM "_cv_trial_to_customer__touches") AS h
  JOIN "settled" AS s ON s."actor_key" = h."actor_key"
  GROUP BY h."touchpoint"
)
SELECT
  'trial_to_customer' AS "conversion_id",
  *,
  "converted_with" / nullif("converted_with" + "not_converted_with", 0) AS "rate_with",
  ("converted" - "converted_with") / nullif("converted" + "not_converted" - "converted_with" - "not_converted_with", 0)
    AS "rate_without",
  "rate_with" / nullif("rate_without", 0) - 1 AS "lift"
FROM (
  SELECT
    tp."position",
    tp."touchpoint",
    coalesce(p."converted_with", 0) AS "converted_with",
    coalesce(p."not_converted_with", 0) AS "not_converted_with",
    t."converted",
    t."not_converted",
    p."seconds_mean",
    p."seconds_median"
  FROM (VALUES (1, 'demo'), (2, 'pricing'), (3, 'shared')) AS tp("position", "touchpoint")
  CROSS JOIN "totals" AS t
  LEFT JOIN "per_touchpoint" AS p ON p."touchpoint" = tp."position"
);

-- _cv_trial_to_customer__paths
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__paths" AS
WITH
"runs" AS (
  SELECT
    "actor_key",
    list_filter("touches", (x, i) -> i = len("touches") OR "touches"[i + 1].t <> x.t) AS "runs"
  FROM (
    SELECT "actor_key", list_sort(list({'ts': "ts", 't': "touchpoint"})) AS "touches"
    FROM "_cv_trial_to_customer__touches"
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
      list_transform(r."runs", x -> pow(2.0, -(epoch_us(r."runs"[-1].ts) - epoch_us(x.ts)) / 1e6 / 604800))
    END AS "weights"
  FROM "_cv_trial_to_customer__entries" AS en
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
  'trial_to_customer' AS "conversion_id",
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
LEFT JOIN "decay" AS d ON d."path_id" = p."path_id";

-- _cv_trial_to_customer__decay
CREATE OR REPLACE TEMP TABLE "_cv_trial_to_customer__decay" AS
SELECT
  "touchpoint",
  sum(CAST(round("share" * 281474976710656) AS HUGEINT)) / 281474976710656 AS "credit",
  sum(CAST(round("revenue_share" * 1000000) AS HUGEINT)) / 1000000 AS "revenue"
FROM (
  SELECT
    unnest("path") AS "touchpoint",
    unnest("decay") AS "share",
    unnest("decay_revenue") AS "revenue_share"
  FROM "_cv_trial_to_customer__paths"
  WHERE "converted" > 0
)
GROUP BY "touchpoint";

-- _cv_demo_to_customer__changed
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__changed" AS
SELECT "actor_key", bool_or("rebuilt") AS "rebuilt"
FROM (
  SELECT "actor_key", TRUE AS "rebuilt" FROM (
    SELECT n."number" AS "actor_key" FROM "_ms_affected" AS a JOIN "_account_numbers" AS n ON n."id" = a."id"
  )
  UNION ALL
  SELECT "actor_key", FALSE AS "rebuilt" FROM (
    SELECT "actor_key" FROM "_ms_state"."cv__demo_to_customer__entries" WHERE "in_progress" AND "open_until" <= getvariable('cv_as_of')
    UNION ALL
    SELECT e."_account_number" AS "actor_key" FROM "events" AS e
    WHERE e."ts" > getvariable('cv_previous_as_of') AND e."ts" <= getvariable('cv_as_of')
      AND e."event" IN ('demo_booked') AND e."_account_number" <> 0
    UNION ALL
    SELECT n."number" AS "actor_key" FROM "_ms_customer__touched" AS t JOIN "_account_numbers" AS n ON n."id" = t."actor_id"
    UNION ALL
    SELECT e."_account_number" AS "actor_key" FROM "events" AS e
    WHERE e."ts" > getvariable('cv_previous_as_of') - INTERVAL 90 DAY AND e."ts" <= getvariable('cv_as_of') - INTERVAL 90 DAY
      AND e."event" IN ('demo_booked') AND e."_account_number" <> 0
  )
)
WHERE "actor_key" IS NOT NULL
GROUP BY "actor_key";

-- _cv_demo_to_customer__events
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__events" AS
SELECT *
FROM (
  SELECT
    e."ts",
    e."_account_number" AS "actor_key",
    CAST(e."account_id" AS VARCHAR) AS "account_id",
    e."event" = 'demo_booked' AS "s1"
  FROM "events" AS e
  WHERE e."ts" <= getvariable('cv_as_of')
    AND e."event" IN ('demo_booked')
    AND e."_account_number" <> 0 AND e."ts" > getvariable('cv_as_of') - INTERVAL 90 DAY AND e."_account_number" IN (SELECT "actor_key" FROM "_cv_demo_to_customer__changed")
)
WHERE "s1";

-- _cv_demo_to_customer__attempts
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__attempts" AS
WITH
"a1" AS (
  SELECT
    "actor_key",
    "account_id",
    "ts" AS "t1",
    "ts" + INTERVAL 30 DAY AS "window_end"
  FROM (
    SELECT "actor_key", "account_id", "ts"
    FROM "_cv_demo_to_customer__events"
    WHERE "s1"
  )
  WHERE "ts" > getvariable('cv_as_of') - INTERVAL 90 DAY
),
"a2" AS (
  SELECT a.*, CASE WHEN s."ts" >= a."t1" AND s."ts" <= a."window_end" THEN s."ts" END AS "t2"
  FROM "a1" AS a
  ASOF LEFT JOIN (
    SELECT CASE WHEN n."number" IS NULL THEN error('milestone_status names ' || s."actor_id" || ', which has no number (the table _account_numbers was edited): drop the table _account_numbers and run `milestones compute`') ELSE n."number" END AS "actor_key", s."account_id", s."completed_at" AS "ts"
    FROM "milestone_status" AS s
    LEFT JOIN "_account_numbers" AS n ON n."id" = s."actor_id"
    WHERE s."milestone_id" = 'customer' AND s."completed_at" <= getvariable('cv_as_of') AND n."number" IN (SELECT "actor_key" FROM "_cv_demo_to_customer__changed")
  ) AS s ON s."actor_key" = a."actor_key" AND s."ts" >= a."t1"
)
SELECT
  "actor_key",
  "account_id",
  ["t1", "t2"] AS "times",
  CASE WHEN "t2" IS NOT NULL THEN 2 ELSE 1 END AS "reached",
  "window_end",
  FALSE AS "voided"
FROM "a2";

-- _cv_demo_to_customer__fresh
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__fresh" AS
WITH "best" AS (
  SELECT
    "actor_key",
    "account_id",
    "times",
    "reached",
    "window_end",
    "reached" = 2 AS "converted",
    "reached" < 2 AND "open_until" > getvariable('cv_as_of') AS "in_progress",
    "open_until"
  FROM (
    SELECT
      *,
      row_number() OVER (
        PARTITION BY "actor_key"
        ORDER BY "reached" DESC, "times"[1] DESC, "account_id", "times"
      ) AS "rank",
      max("window_end") OVER (PARTITION BY "actor_key") AS "open_until"
    FROM "_cv_demo_to_customer__attempts"
    WHERE NOT "voided"
  )
  WHERE "rank" = 1
)
SELECT
  b.*,
  CASE WHEN d."id" IS NULL THEN error('the actor number ' || b."actor_key" || ' has no id (the table _account_numbers was edited): drop the table _account_numbers and run `milestones compute`') ELSE d."id" END AS "actor_id",
  CASE WHEN b."converted" THEN (epoch_us(b."times"[2]) - epoch_us(b."times"[1])) / 1e6 END AS "seconds",
  CAST(NULL AS DOUBLE) AS "revenue"
FROM "best" AS b
LEFT JOIN "_account_numbers" AS d ON d."number" = b."actor_key";

-- _cv_demo_to_customer__entries
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__entries" AS
SELECT k.* FROM "_ms_state"."cv__demo_to_customer__entries" AS k
ANTI JOIN "_cv_demo_to_customer__changed" AS x ON x."actor_key" = k."actor_key"
UNION ALL BY NAME
SELECT * FROM "_cv_demo_to_customer__fresh";

-- _cv_demo_to_customer__steps
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__steps" AS
WITH
"grid" AS (
  SELECT
    en."reached",
    en."in_progress",
    s."step",
    s."step_name",
    CASE
      WHEN s."step" > 1 AND en."reached" >= s."step"
      THEN (epoch_us(en."times"[s."step"]) - epoch_us(en."times"[1])) / 1e6
    END AS "seconds",
    CASE
      WHEN s."step" > 1 AND en."reached" >= s."step"
      THEN (epoch_us(en."times"[s."step"]) - epoch_us(en."times"[s."step" - 1])) / 1e6
    END AS "from_previous_seconds"
  FROM "_cv_demo_to_customer__entries" AS en
  CROSS JOIN (VALUES (1, 'demo_booked'), (2, 'customer')) AS s("step", "step_name")
),
"counts" AS (
  SELECT
    CAST(NULL AS VARCHAR) AS "breakdown",
    CAST(NULL AS VARCHAR) AS "value",
    "step",
    "step_name",
    count(*) FILTER (WHERE "reached" >= "step") AS "reached",
    count(*) FILTER (WHERE "reached" >= "step" AND "in_progress") AS "in_progress",
    sum(round("seconds" * 1000000)::HUGEINT) / 1000000 / count("seconds") AS "seconds_mean",
    median("seconds") AS "seconds_median",
    quantile_cont("seconds", 0.9) AS "seconds_p90",
    sum(round("from_previous_seconds" * 1000000)::HUGEINT) / 1000000 / count("from_previous_seconds")
      AS "from_previous_seconds_mean",
    median("from_previous_seconds") AS "from_previous_seconds_median",
    quantile_cont("from_previous_seconds", 0.9) AS "from_previous_seconds_p90"
  FROM "grid"
  GROUP BY GROUPING SETS (("step", "step_name"))
)
SELECT
  'demo_to_customer' AS "conversion_id",
  "breakdown",
  "value",
  "step",
  "step_name",
  "reached",
  "in_progress",
  ("reached" - "in_progress") / nullif(lag("reached" - "in_progress") OVER (PARTITION BY "breakdown", "value" ORDER BY "step"), 0) AS "step_rate",
  ("reached" - "in_progress") / nullif(first_value("reached" - "in_progress") OVER (PARTITION BY "breakdown", "value" ORDER BY "step"), 0) AS "overall_rate",
  "seconds_mean",
  "seconds_median",
  "seconds_p90",
  "from_previous_seconds_mean",
  "from_previous_seconds_median",
  "from_previous_seconds_p90"
-- The window is spelt out, not named: DuckDB 1.5 rejects a second WINDOW w
-- when a script of several statements (milestones compile) runs as one batch.
FROM "counts";

-- _cv_demo_to_customer__retouch
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__retouch" AS
SELECT x."actor_key"
FROM "_cv_demo_to_customer__changed" AS x
LEFT JOIN (
  SELECT f."actor_key"
  FROM "_cv_demo_to_customer__fresh" AS f
  JOIN "_ms_state"."cv__demo_to_customer__entries" AS k ON k."actor_key" = f."actor_key"
  WHERE NOT f."in_progress" AND NOT k."in_progress" AND f."converted" = k."converted"
    AND f."times" IS NOT DISTINCT FROM k."times"
) AS same ON same."actor_key" = x."actor_key"
WHERE x."rebuilt" OR same."actor_key" IS NULL;

-- _cv_demo_to_customer__touches_fresh
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__touches_fresh" AS
SELECT CAST(NULL AS INTEGER) AS "actor_key", CAST(NULL AS INTEGER) AS "touchpoint", CAST(NULL AS TIMESTAMP) AS "ts"
WHERE FALSE;

-- _cv_demo_to_customer__touches
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__touches" AS
SELECT k.* FROM "_ms_state"."cv__demo_to_customer__touches" AS k
ANTI JOIN "_cv_demo_to_customer__retouch" AS x ON x."actor_key" = k."actor_key"
UNION ALL BY NAME
SELECT * FROM "_cv_demo_to_customer__touches_fresh";

-- _cv_demo_to_customer__paths
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__paths" AS
WITH
"runs" AS (
  SELECT
    "actor_key",
    list_filter("touches", (x, i) -> i = len("touches") OR "touches"[i + 1].t <> x.t) AS "runs"
  FROM (
    SELECT "actor_key", list_sort(list({'ts': "ts", 't': "touchpoint"})) AS "touches"
    FROM "_cv_demo_to_customer__touches"
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
      list_transform(r."runs", x -> pow(2.0, -(epoch_us(r."runs"[-1].ts) - epoch_us(x.ts)) / 1e6 / 604800))
    END AS "weights"
  FROM "_cv_demo_to_customer__entries" AS en
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
  'demo_to_customer' AS "conversion_id",
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
LEFT JOIN "decay" AS d ON d."path_id" = p."path_id";

-- _cv_demo_to_customer__decay
CREATE OR REPLACE TEMP TABLE "_cv_demo_to_customer__decay" AS
SELECT
  "touchpoint",
  sum(CAST(round("share" * 281474976710656) AS HUGEINT)) / 281474976710656 AS "credit",
  sum(CAST(round("revenue_share" * 1000000) AS HUGEINT)) / 1000000 AS "revenue"
FROM (
  SELECT
    unnest("path") AS "touchpoint",
    unnest("decay") AS "share",
    unnest("decay_revenue") AS "revenue_share"
  FROM "_cv_demo_to_customer__paths"
  WHERE "converted" > 0
)
GROUP BY "touchpoint";

-- _cv_steps
CREATE OR REPLACE TEMP TABLE "_cv_steps" AS
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("breakdown" AS VARCHAR) AS "breakdown",
  CAST("value" AS VARCHAR) AS "value",
  CAST("step" AS INTEGER) AS "step",
  CAST("step_name" AS VARCHAR) AS "step_name",
  CAST("reached" AS BIGINT) AS "reached",
  CAST("in_progress" AS BIGINT) AS "in_progress",
  CAST("step_rate" AS DOUBLE) AS "step_rate",
  CAST("overall_rate" AS DOUBLE) AS "overall_rate",
  CAST("seconds_mean" AS DOUBLE) AS "seconds_mean",
  CAST("seconds_median" AS DOUBLE) AS "seconds_median",
  CAST("seconds_p90" AS DOUBLE) AS "seconds_p90",
  CAST("from_previous_seconds_mean" AS DOUBLE) AS "from_previous_seconds_mean",
  CAST("from_previous_seconds_median" AS DOUBLE) AS "from_previous_seconds_median",
  CAST("from_previous_seconds_p90" AS DOUBLE) AS "from_previous_seconds_p90",
  getvariable('cv_as_of') AS "as_of"
FROM "_cv_trial_to_customer__steps"
UNION ALL
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("breakdown" AS VARCHAR) AS "breakdown",
  CAST("value" AS VARCHAR) AS "value",
  CAST("step" AS INTEGER) AS "step",
  CAST("step_name" AS VARCHAR) AS "step_name",
  CAST("reached" AS BIGINT) AS "reached",
  CAST("in_progress" AS BIGINT) AS "in_progress",
  CAST("step_rate" AS DOUBLE) AS "step_rate",
  CAST("overall_rate" AS DOUBLE) AS "overall_rate",
  CAST("seconds_mean" AS DOUBLE) AS "seconds_mean",
  CAST("seconds_median" AS DOUBLE) AS "seconds_median",
  CAST("seconds_p90" AS DOUBLE) AS "seconds_p90",
  CAST("from_previous_seconds_mean" AS DOUBLE) AS "from_previous_seconds_mean",
  CAST("from_previous_seconds_median" AS DOUBLE) AS "from_previous_seconds_median",
  CAST("from_previous_seconds_p90" AS DOUBLE) AS "from_previous_seconds_p90",
  getvariable('cv_as_of') AS "as_of"
FROM "_cv_demo_to_customer__steps";

-- _cv_touchpoints
CREATE OR REPLACE TEMP TABLE "_cv_touchpoints" AS
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("position" AS INTEGER) AS "position",
  CAST("touchpoint" AS VARCHAR) AS "touchpoint",
  CAST("converted_with" AS BIGINT) AS "converted_with",
  CAST("not_converted_with" AS BIGINT) AS "not_converted_with",
  CAST("rate_with" AS DOUBLE) AS "rate_with",
  CAST("rate_without" AS DOUBLE) AS "rate_without",
  CAST("lift" AS DOUBLE) AS "lift",
  CAST("seconds_mean" AS DOUBLE) AS "seconds_mean",
  CAST("seconds_median" AS DOUBLE) AS "seconds_median",
  getvariable('cv_as_of') AS "as_of"
FROM "_cv_trial_to_customer__touchpoints";

-- _cv_paths
CREATE OR REPLACE TEMP VIEW "_cv_paths" AS
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("path" AS VARCHAR[]) AS "path",
  CAST("converted" AS BIGINT) AS "converted",
  CAST("not_converted" AS BIGINT) AS "not_converted",
  CAST("revenue" AS DOUBLE) AS "revenue",
  getvariable('cv_as_of') AS "as_of"
FROM (
  SELECT "conversion_id", list_transform("path", i -> CASE i WHEN 1 THEN 'demo' WHEN 2 THEN 'pricing' WHEN 3 THEN 'shared' END) AS "path", "converted", "not_converted", "revenue"
  FROM "_cv_trial_to_customer__paths"
)
UNION ALL
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("path" AS VARCHAR[]) AS "path",
  CAST("converted" AS BIGINT) AS "converted",
  CAST("not_converted" AS BIGINT) AS "not_converted",
  CAST("revenue" AS DOUBLE) AS "revenue",
  getvariable('cv_as_of') AS "as_of"
FROM (
  SELECT "conversion_id", CAST([] AS VARCHAR[]) AS "path", "converted", "not_converted", "revenue"
  FROM "_cv_demo_to_customer__paths"
);

-- _cv_actors
CREATE OR REPLACE TEMP TABLE "_cv_actors" AS
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("entered_at" AS TIMESTAMP) AS "entered_at",
  CAST("reached" AS INTEGER) AS "reached",
  CAST("converted" AS BOOLEAN) AS "converted",
  CAST("in_progress" AS BOOLEAN) AS "in_progress",
  CAST("converted_at" AS TIMESTAMP) AS "converted_at",
  CAST("seconds" AS DOUBLE) AS "seconds",
  CAST("revenue" AS DOUBLE) AS "revenue",
  CAST("step_times" AS TIMESTAMP[]) AS "step_times",
  getvariable('cv_as_of') AS "as_of"
FROM (
  SELECT 'trial_to_customer' AS "conversion_id", "actor_id", "account_id", "times"[1] AS "entered_at", "reached",
    "converted", "in_progress", CASE WHEN "converted" THEN "times"[3] END AS "converted_at", "seconds",
    "revenue", "times" AS "step_times"
  FROM "_cv_trial_to_customer__entries"
)
UNION ALL
SELECT
  CAST("conversion_id" AS VARCHAR) AS "conversion_id",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("entered_at" AS TIMESTAMP) AS "entered_at",
  CAST("reached" AS INTEGER) AS "reached",
  CAST("converted" AS BOOLEAN) AS "converted",
  CAST("in_progress" AS BOOLEAN) AS "in_progress",
  CAST("converted_at" AS TIMESTAMP) AS "converted_at",
  CAST("seconds" AS DOUBLE) AS "seconds",
  CAST("revenue" AS DOUBLE) AS "revenue",
  CAST("step_times" AS TIMESTAMP[]) AS "step_times",
  getvariable('cv_as_of') AS "as_of"
FROM (
  SELECT 'demo_to_customer' AS "conversion_id", "actor_id", "account_id", "times"[1] AS "entered_at", "reached",
    "converted", "in_progress", CASE WHEN "converted" THEN "times"[2] END AS "converted_at", "seconds",
    "revenue", "times" AS "step_times"
  FROM "_cv_demo_to_customer__entries"
);

-- _cv_attribution
CREATE OR REPLACE TEMP TABLE "_cv_attribution" AS
SELECT
  CAST(NULL AS VARCHAR) AS "conversion_id",
  CAST(NULL AS VARCHAR) AS "model",
  CAST(NULL AS INTEGER) AS "position",
  CAST(NULL AS VARCHAR) AS "touchpoint",
  CAST(NULL AS DOUBLE) AS "credit",
  CAST(NULL AS DOUBLE) AS "revenue",
  getvariable('cv_as_of') AS "as_of"
WHERE FALSE;

BEGIN TRANSACTION;

-- cv_state_schema
CREATE SCHEMA IF NOT EXISTS "_ms_state";

-- cv_state__trial_to_customer__entries_retired
DELETE FROM "_ms_state"."cv__trial_to_customer__entries"
WHERE "actor_key" IN (SELECT "actor_key" FROM "_cv_trial_to_customer__changed");

-- cv_state__trial_to_customer__entries
INSERT INTO "_ms_state"."cv__trial_to_customer__entries" BY NAME
SELECT * FROM "_cv_trial_to_customer__fresh";

-- cv_state__trial_to_customer__touches_retired
DELETE FROM "_ms_state"."cv__trial_to_customer__touches"
WHERE "actor_key" IN (SELECT "actor_key" FROM "_cv_trial_to_customer__retouch");

-- cv_state__trial_to_customer__touches
INSERT INTO "_ms_state"."cv__trial_to_customer__touches" BY NAME
SELECT * FROM "_cv_trial_to_customer__touches_fresh";

-- cv_state__demo_to_customer__entries
CREATE OR REPLACE TABLE "_ms_state"."cv__demo_to_customer__entries" AS
SELECT * FROM "_cv_demo_to_customer__entries";

-- cv_state__demo_to_customer__touches
CREATE OR REPLACE TABLE "_ms_state"."cv__demo_to_customer__touches" AS
SELECT * FROM "_cv_demo_to_customer__touches";

-- cv_state_run
CREATE OR REPLACE TABLE "_ms_state"."cv_run" AS
SELECT "conversion_id", "fingerprint", (SELECT max("run_id") FROM "milestone_runs") AS "run_id"
FROM (VALUES ('trial_to_customer', 'f1'), ('demo_to_customer', 'f2')) AS v("conversion_id", "fingerprint");

COMMIT;
