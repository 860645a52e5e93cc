-- One CX metric per milestone (and overall, milestone_id NULL) in an incremental run:
-- the last run's published counts plus the signed changed rows (metric-rows-continued.sql),
-- then every ratio from the counts with the expressions metrics.sql uses. The sum of
-- the valid scores is the last mean times its responses, rounded: scores are whole
-- numbers (on the scale), so that sum is exact, and so is the mean from it (the same
-- double as avg() over every row).
--
-- Example: nps setup stored (responses 1, promoters 1, mean 9); R_2 rebuilt with 3
--   -> (nps, setup, nps, 10, responses 2, mean 6.0, promoters 1, detractors 1, nps 0.0)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "rows" AS (
  SELECT "milestone_id", "response_key", "score", "valid", "tone", "sign"
  FROM {{rows}}
  UNION ALL
  SELECT DISTINCT NULL AS "milestone_id", "response_key", "score", "valid", "tone", "sign"
  FROM {{rows}}
),
"delta" AS (
  SELECT
    "milestone_id",
    sum("sign") FILTER (WHERE "valid") AS "responses",
    sum("sign") FILTER (WHERE NOT "valid") AS "rejected",
    sum("sign" * "score") FILTER (WHERE "valid") AS "score_sum",
    sum("sign") FILTER (WHERE "valid" AND "score" >= {{top_two}}) AS "top_two",
    sum("sign") FILTER (WHERE "valid" AND "score" >= 9) AS "promoters",
    sum("sign") FILTER (WHERE "valid" AND "score" BETWEEN 7 AND 8) AS "passives",
    sum("sign") FILTER (WHERE "valid" AND "score" <= 6) AS "detractors",
    sum("sign") FILTER (WHERE "tone" = 'positive') AS "positive",
    sum("sign") FILTER (WHERE "tone" = 'neutral') AS "neutral",
    sum("sign") FILTER (WHERE "tone" = 'negative') AS "negative"
  FROM "rows"
  GROUP BY "milestone_id"
),
"counts" AS (
  SELECT
    s."cx_id",
    s."milestone_id",
    s."metric",
    s."scale",
    CAST(s."responses" + coalesce(d."responses", 0) AS BIGINT) AS "responses",
    CAST(s."rejected" + coalesce(d."rejected", 0) AS BIGINT) AS "rejected",
    coalesce(round(s."mean" * s."responses"), 0) + coalesce(d."score_sum", 0) AS "score_sum",
    CAST(coalesce(round(s."top_two_box" * s."responses"), 0) + coalesce(d."top_two", 0) AS BIGINT) AS "top_two",
    CAST(coalesce(s."promoters", 0) + coalesce(d."promoters", 0) AS BIGINT) AS "promoters",
    CAST(coalesce(s."passives", 0) + coalesce(d."passives", 0) AS BIGINT) AS "passives",
    CAST(coalesce(s."detractors", 0) + coalesce(d."detractors", 0) AS BIGINT) AS "detractors",
    CAST(s."positive" + coalesce(d."positive", 0) AS BIGINT) AS "positive",
    CAST(s."neutral" + coalesce(d."neutral", 0) AS BIGINT) AS "neutral",
    CAST(s."negative" + coalesce(d."negative", 0) AS BIGINT) AS "negative"
  FROM {{published}} AS s
  LEFT JOIN "delta" AS d ON d."milestone_id" IS NOT DISTINCT FROM s."milestone_id"
  WHERE s."cx_id" = {{cx}}
)
SELECT
  "cx_id",
  "milestone_id",
  "metric",
  "scale",
  "responses",
  "rejected",
  "score_sum" / nullif("responses", 0) AS "mean",
  {{top_two_box}} AS "top_two_box",
  {{promoters}} AS "promoters",
  {{passives}} AS "passives",
  {{detractors}} AS "detractors",
  {{nps}} AS "nps",
  "positive",
  "neutral",
  "negative"
FROM "counts"
