-- One CX metric's changed rows in an incremental run (compiler/cx/incremental.ts): the
-- last run's published rows of the rebuilt respondents, each with sign -1, and this
-- run's rows of them, sign +1. A response is rebuilt whole or kept whole (one
-- respondent per response), so the metrics and topics are the last run's plus these
-- signed rows. A response is told apart by its id and the place of its answer (a
-- response without an id is one survey row, and the loader gives every row its own
-- place), as response_key does in a full run; the tone is read from the sentiment
-- label as responses.sql reads it.
--
-- Example: nps; globex rebuilt: its stored R_7 (activated, 3) and now (activated, 3)
-- and (setup, 3)
--   -> ('activated', {'id': 'R_7', ...}, 3.0, TRUE, NULL, NULL, -1),
--      ('activated', {'id': 'R_7', ...}, 3.0, TRUE, NULL, NULL, 1), ('setup', ..., 1)

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  t."milestone_id",
  {'id': t."response_id", 'file': t."file", 'line': t."line", 'row': t."row"} AS "response_key",
  t."score",
  t."valid",
  {{stored_tone}} AS "tone",
  t."topics",
  -1 AS "sign"
FROM {{published}} AS t
WHERE t."cx_id" = {{cx}} AND {{rebuilt}}
UNION ALL
SELECT
  m."milestone_id",
  {'id': m."response_id", 'file': m."file", 'line': m."line", 'row': m."row"} AS "response_key",
  CASE WHEN m."valid" THEN m."score" END AS "score",
  m."valid",
  m."tone",
  m."topics",
  1 AS "sign"
FROM {{matched}} AS m
