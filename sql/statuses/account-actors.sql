-- Every account: those in the accounts table and those seen in events up to T,
-- with the time of each account's first event (for `start: first_seen`), read
-- from the events, or from the per-file summaries in `_ms_actor_first_seen`
-- (actor-first-seen.sql: "ts" is then "first_seen").
--
-- Example: events (a1 at 09:00, a1 at 10:00, a2 at 11:00), accounts (a1, a3)
--   -> _ms_account_actors: (a1, a1, 09:00), (a2, a2, 11:00), (a3, a3, NULL)

CREATE OR REPLACE TEMP TABLE "_ms_account_actors" AS
SELECT
  coalesce(p."account_id", s."account_id") AS "actor_id",
  coalesce(p."account_id", s."account_id") AS "account_id",
  s."first_seen"
FROM (
  SELECT CAST("account_id" AS VARCHAR) AS "account_id", min({{ts}}) AS "first_seen"
  FROM {{source}}
  WHERE {{ts}} <= getvariable('ms_as_of')
    AND "account_id" IS NOT NULL{{events_scope}}
  GROUP BY 1
) AS s
FULL OUTER JOIN (
  {{accounts}}
) AS p ON p."account_id" = s."account_id"
