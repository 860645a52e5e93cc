-- One milestone's responses matched by time (see matched.sql): given at or
-- after the respondent reached the milestone, within the window.
--
-- Example: activated (account level), window 30d
--   -> responses of accounts whose activated completed_at <= ts <= completed_at + 30d

SELECT r.rowid AS "response_row", {{milestone}} AS "milestone_id", 'window' AS "matched_by"
FROM {{responses}} AS r
JOIN {{status}} AS s ON s."milestone_id" = {{milestone}} AND s."actor_id" = r.{{respondent}}
WHERE r."named" IS NULL
  AND r."ts" >= s."completed_at"
  AND r."ts" <= s."completed_at" + {{window}}
