-- One metric's matched responses, read from its group's tables (responses.sql,
-- matched.sql: each matched row joined to its response's row) under the
-- column names metrics.sql, topics.sql and the published cx_responses read:
-- the metric's own answer, score, check, place, topics, sentiment and tone.
--
-- Example: csat, metric 2 of the group nps, csat, ces
--   -> SELECT ..., r."answer_2" AS "answer", r."score_2" AS "score", ...
--      FROM "_cx_nps__group_matched" AS m JOIN "_cx_nps__group_responses" AS r ...

CREATE OR REPLACE TEMP VIEW {{view}} AS
SELECT
  r."response_key",
  r."response_id",
  r."account_id",
  r."contact_id",
  r."ts",
  r."answer_{{i}}" AS "answer",
  r."score_{{i}}" AS "score",
  r."topics_{{i}}" AS "topics",
  r."sentiment_{{i}}" AS "sentiment",
  r."named",
  r."file_{{i}}" AS "file",
  r."line_{{i}}" AS "line",
  r."row_{{i}}" AS "row",
  r."valid_{{i}}" AS "valid",
  r."tone_{{i}}" AS "tone",
  m."milestone_id",
  m."matched_by"
FROM {{matched}} AS m
JOIN {{responses}} AS r ON r.rowid = m."response_row"
