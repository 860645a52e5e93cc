-- Text iQ topics per milestone (and overall: milestone_id NULL): how many
-- responses mention each topic, split by the response's sentiment. A topics
-- cell lists several, separated by ';' or ','.
--
-- Example: "Integrations;Onboarding" with sentiment Negative, for setup
--   -> ('nps', 'setup', 'Integrations', 1, 0, 0, 1), ('nps', 'setup', 'Onboarding', 1, 0, 0, 1)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "rows" AS (
  SELECT "milestone_id", "response_key", "topics", "tone"
  FROM {{matched}}
  WHERE "topics" IS NOT NULL
  UNION ALL
  SELECT DISTINCT NULL AS "milestone_id", "response_key", "topics", "tone"
  FROM {{matched}}
  WHERE "topics" IS NOT NULL
),
"split" AS (
  SELECT DISTINCT
    r."milestone_id",
    r."response_key",
    trim(t."topic") AS "topic",
    r."tone"
  FROM "rows" AS r, unnest(string_split_regex(r."topics", '[;,]')) AS t("topic")
)
SELECT
  {{cx}} AS "cx_id",
  "milestone_id",
  "topic",
  count(*) AS "responses",
  count(*) FILTER (WHERE "tone" = 'positive') AS "positive",
  count(*) FILTER (WHERE "tone" = 'neutral') AS "neutral",
  count(*) FILTER (WHERE "tone" = 'negative') AS "negative"
FROM "split"
WHERE "topic" <> ''
GROUP BY ALL
