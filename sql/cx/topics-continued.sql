-- One CX metric's topics in an incremental run: the last run's published counts plus
-- the signed changed rows (metric-rows-continued.sql), counted as topics.sql counts
-- them (a response once per milestone and topic); a topic no response has any more
-- is dropped, as a full run would not list it.
--
-- Example: nps setup "price" stored (responses 2, positive 1); R_2 rebuilt, now without topics
--   -> (nps, setup, price, 1, 1, 0, 0)

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "rows" AS (
  SELECT "milestone_id", "response_key", "topics", "tone", "sign"
  FROM {{rows}}
  WHERE "topics" IS NOT NULL
  UNION ALL
  SELECT DISTINCT NULL AS "milestone_id", "response_key", "topics", "tone", "sign"
  FROM {{rows}}
  WHERE "topics" IS NOT NULL
),
"split" AS (
  SELECT DISTINCT
    r."milestone_id",
    r."response_key",
    trim(t."topic") AS "topic",
    r."tone",
    r."sign"
  FROM "rows" AS r, unnest(string_split_regex(r."topics", '[;,]')) AS t("topic")
),
"delta" AS (
  SELECT
    "milestone_id",
    "topic",
    sum("sign") AS "responses",
    sum("sign") FILTER (WHERE "tone" = 'positive') AS "positive",
    sum("sign") FILTER (WHERE "tone" = 'neutral') AS "neutral",
    sum("sign") FILTER (WHERE "tone" = 'negative') AS "negative"
  FROM "split"
  WHERE "topic" <> ''
  GROUP BY ALL
),
"stored" AS (
  SELECT * FROM {{published}} WHERE "cx_id" = {{cx}}
)
SELECT
  {{cx}} AS "cx_id",
  coalesce(s."milestone_id", d."milestone_id") AS "milestone_id",
  coalesce(s."topic", d."topic") AS "topic",
  CAST(coalesce(s."responses", 0) + coalesce(d."responses", 0) AS BIGINT) AS "responses",
  CAST(coalesce(s."positive", 0) + coalesce(d."positive", 0) AS BIGINT) AS "positive",
  CAST(coalesce(s."neutral", 0) + coalesce(d."neutral", 0) AS BIGINT) AS "neutral",
  CAST(coalesce(s."negative", 0) + coalesce(d."negative", 0) AS BIGINT) AS "negative"
FROM "stored" AS s
FULL JOIN "delta" AS d ON d."milestone_id" IS NOT DISTINCT FROM s."milestone_id" AND d."topic" = s."topic"
WHERE coalesce(s."responses", 0) + coalesce(d."responses", 0) > 0
