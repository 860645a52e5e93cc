-- How many of an account's contacts have a contact milestone, per account:
-- +1 when a contact completes it; with `currently: true`, +1 when a contact
-- starts achieving it and -1 when it stops.
--
-- Example: {contacts: {milestone: user_activated, at_least: 2}} in "team_activated"
--   -> SELECT a."actor_key", s."completed_at" AS "ts", count(*) AS "delta"
--      FROM "_ms_user_activated__status" AS s
--      JOIN "_ms_team_activated__actors" AS a ON a."actor_id" = s."account_id" ...

CREATE OR REPLACE TEMP VIEW {{deltas}} AS
SELECT a."actor_key", c."ts", c."delta"
FROM (
  {{changes}}
) AS c
JOIN {{actors}} AS a ON a."actor_id" = c."account_id"
WHERE a."start_at" <= getvariable('ms_as_of')
