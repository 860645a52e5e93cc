-- One row per survey response for a CX metric, as of T: the answer (a column
-- or property of a wide row such as a Qualtrics export, or the value of the
-- question's own row in a long file), whether it is on the metric's scale
-- (blank: NULL), Text iQ topics and sentiment, and the milestone the response
-- names. A long file's rows are grouped by response_id. The sentiment label
-- is also read as a tone: positive, neutral (Neutral, Mixed) or negative
-- ("Very Negative" is negative); any other label has none.
--
-- Example: nps on Q1 (0-10); acme-alice answered "9" on 2026-01-07, naming setup
--   -> ('R_1', 'acme', 'acme-alice', 2026-01-07 14:14:02, '9', 9.0, 'Integrations', 'Positive', 'setup', TRUE, 'positive')

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  *,
  CASE WHEN "answer" IS NOT NULL THEN "score" IS NOT NULL AND "score" = floor("score") AND "score" BETWEEN {{low}} AND {{high}} END AS "valid",
  CASE
    WHEN lower("sentiment") LIKE '%negative%' THEN 'negative'
    WHEN lower("sentiment") LIKE '%positive%' THEN 'positive'
    WHEN lower("sentiment") IN ('neutral', 'mixed') THEN 'neutral'
  END AS "tone"
FROM (
  SELECT
    "response_key",
    any_value("account_id") AS "account_id",
    any_value("contact_id") AS "contact_id",
    min("ts") AS "ts",
    any_value("answer") FILTER (WHERE "answer" IS NOT NULL) AS "answer",
    TRY_CAST(any_value("answer") FILTER (WHERE "answer" IS NOT NULL) AS DOUBLE) AS "score",
    any_value("topics") FILTER (WHERE "topics" IS NOT NULL) AS "topics",
    any_value("sentiment") FILTER (WHERE "sentiment" IS NOT NULL) AS "sentiment",
    any_value("named") FILTER (WHERE "named" IS NOT NULL) AS "named"
  FROM (
    SELECT
      coalesce(r."response_id", 'row ' || CAST(r.rowid AS VARCHAR)) AS "response_key",
      r."account_id",
      r."contact_id",
      r."ts",
      nullif(trim(CASE WHEN r."question_id" = {{question}} THEN CAST(r."value" AS VARCHAR) ELSE {{answer}} END), '') AS "answer",
      nullif(trim({{topics}}), '') AS "topics",
      nullif(trim({{sentiment}}), '') AS "sentiment",
      {{named}} AS "named"
    FROM "survey_responses" AS r
    WHERE r."ts" <= {{as_of}}{{survey}}
  ) AS "rows"
  GROUP BY "response_key"
) AS "responses"
