-- One metric's matched responses, read from its group's table (responses.sql,
-- matched.sql) under the column names metrics.sql, topics.sql and the
-- published cx_responses read: the metric's own answer, score, check, place,
-- topics, sentiment and tone.
--
-- Example: csat, metric 2 of the group nps, csat, ces
--   -> SELECT ..., "answer_2" AS "answer", "score_2" AS "score", ... FROM "_cx_nps__group_matched"

CREATE OR REPLACE TEMP VIEW {{view}} AS
SELECT
  "response_key",
  "response_id",
  "account_id",
  "contact_id",
  "ts",
  "answer_{{i}}" AS "answer",
  "score_{{i}}" AS "score",
  "topics_{{i}}" AS "topics",
  "sentiment_{{i}}" AS "sentiment",
  "named",
  "file_{{i}}" AS "file",
  "line_{{i}}" AS "line",
  "row_{{i}}" AS "row",
  "valid_{{i}}" AS "valid",
  "tone_{{i}}" AS "tone",
  "milestone_id",
  "matched_by"
FROM {{matched}}
