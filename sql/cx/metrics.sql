-- The metric per milestone (and overall: milestone_id NULL, each response
-- once): valid answers, answers off the scale (rejected, not averaged), the
-- mean, the top-two-box share (CSAT: satisfied; CES: easy), NPS (% promoters
-- 9-10 minus % detractors 0-6) and the sentiment of the responses.
--
-- Example: nps; setup has 10 valid answers, 3 promoters, 3 passives, 4 detractors
--   -> ('nps', 'setup', 'nps', 10, 10, 0, 6.5, NULL, 3, 3, 4, -10.0, ...)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "rows" AS (
  SELECT "milestone_id", "response_key", "score", "valid", "tone"
  FROM {{matched}}
  UNION ALL
  SELECT DISTINCT NULL AS "milestone_id", "response_key", "score", "valid", "tone"
  FROM {{matched}}
)
SELECT
  {{cx}} AS "cx_id",
  m."milestone_id",
  {{metric}} AS "metric",
  {{scale}} AS "scale",
  count(c."valid") FILTER (WHERE c."valid") AS "responses",
  count(c."valid") FILTER (WHERE NOT c."valid") AS "rejected",
  avg(c."score") FILTER (WHERE c."valid") AS "mean",
  {{top_two_box}} AS "top_two_box",
  {{promoters}} AS "promoters",
  {{passives}} AS "passives",
  {{detractors}} AS "detractors",
  {{nps}} AS "nps",
  count(*) FILTER (WHERE c."tone" = 'positive') AS "positive",
  count(*) FILTER (WHERE c."tone" = 'neutral') AS "neutral",
  count(*) FILTER (WHERE c."tone" = 'negative') AS "negative"
FROM (VALUES {{milestones}}) AS m("position", "milestone_id")
LEFT JOIN "rows" AS c ON c."milestone_id" IS NOT DISTINCT FROM m."milestone_id"
GROUP BY m."position", m."milestone_id"
