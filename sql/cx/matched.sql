-- The responses that count for each of the metric's milestones: those that
-- name it, and those that name no milestone, given by a respondent who
-- reached it (account: the response's account; contact: its contact) at most
-- the window before answering.
--
-- A matched row names its response by its row in the group's responses
-- table; each metric's view joins the two (metric-rows.sql). Copying every
-- response's columns into each of its matched rows wrote 400K wide rows at
-- 50M events (responses and matched 2.3-4.6 s -> 0.91-0.97 s).
--
-- Example: window 30d; globex reached activated 2026-02-01, its response R_9
-- (row 8 of the responses) of one of its contacts on 2026-02-10 names nothing
--   -> (8, 'activated', 'window')

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT r.rowid AS "response_row", r."named" AS "milestone_id", 'named' AS "matched_by"
FROM {{responses}} AS r
WHERE r."named" IN ({{milestones}}){{windows}}
