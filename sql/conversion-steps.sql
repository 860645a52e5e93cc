-- The funnel: per step, overall and per breakdown value, how many entered
-- actors reached the step (in progress ones included), how many of those are
-- in progress, the step-to-step and overall rates among settled actors
-- (in progress ones left out), the time from the first step to this one
-- ("seconds_*": t_k - t_1) and from the previous step to this one
-- ("from_previous_seconds_*": t_k - t_(k-1)), both over the actors that reached it.
-- A mean adds the times as whole microseconds (exact in any order: an
-- incremental run lists stored entries before recomputed ones, and a plain
-- double sum could differ from a full run's in the last digit), then divides.
--
-- Example: steps [setup, customer], breakdown [segment]
--   -> (NULL, NULL, 1, 'setup', 5, 0, NULL, 1.0, ...),
--      (NULL, NULL, 2, 'customer', 3, 0, 0.6, 0.6, 4468100.0, 4240500.0, ...),
--      ('segment', 'enterprise', 1, 'setup', 2, 0, ...), ...

CREATE OR REPLACE TEMP TABLE {{table}} AS
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
    END AS "from_previous_seconds"{{breakdown_columns}}
  FROM {{entries}} AS en
  CROSS JOIN (VALUES {{steps}}) AS s("step", "step_name"){{accounts}}
),
"counts" AS (
  SELECT
    {{breakdown}} AS "breakdown",
    {{value}} AS "value",
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
  GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT
  {{conversion}} AS "conversion_id",
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
FROM "counts"
