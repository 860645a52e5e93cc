-- Text iQ topics per milestone (and overall: milestone_id NULL): how many
-- responses mention each topic, split by the response's sentiment. A topics
-- cell lists several, separated by ';' or ','; a topic named twice in one
-- cell counts once. A response has one row per milestone it matched (and one
-- overall): the statuses hold one row per milestone and actor, and a window
-- match needs a response that names none. So dropping the repeats inside
-- each cell's list is enough, as metrics.sql counts each matched row once; a
-- DISTINCT over the split rows cost 0.36-0.47 s at 50M events (500K
-- responses, 1M split rows), this 0.17-0.24 s.
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
  SELECT r."milestone_id", r."response_key", t."topic", r."tone"
  FROM "rows" AS r,
    unnest(list_distinct(list_transform(string_split_regex(r."topics", '[;,]'), x -> trim(x)))) AS t("topic")
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
