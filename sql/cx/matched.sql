-- The responses that count for each of the metric's milestones: those that
-- name it, and those that name no milestone, given by a respondent who
-- reached it (account: the response's account; contact: its contact) at most
-- the window before answering.
--
-- Example: window 30d; globex reached activated 2026-02-01, a response of
-- one of its contacts on 2026-02-10 names nothing
--   -> ('activated', 'window', 'R_9', ...)

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT r.*, r."named" AS "milestone_id", 'named' AS "matched_by"
FROM {{responses}} AS r
WHERE r."named" IN ({{milestones}}){{windows}}
