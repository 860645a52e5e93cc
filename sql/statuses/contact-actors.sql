-- Every contact: those in the contacts table and those seen in events up to
-- T, with its account (from the contacts table, else from its events) and the
-- time of its first event (for `start: first_seen`), read from the events or
-- from the per-file summaries in `_ms_actor_first_seen` (actor-first-seen.sql).
--
-- Example: events (c1 of a1 at 09:00), contacts (c1 of a1, c2 of a1)
--   -> _ms_contact_actors: (c1, a1, 09:00), (c2, a1, NULL)

CREATE OR REPLACE TEMP TABLE "_ms_contact_actors" AS
SELECT
  coalesce(p."contact_id", s."contact_id") AS "actor_id",
  coalesce(p."account_id", s."account_id") AS "account_id",
  s."first_seen"
FROM (
  SELECT
    CAST("contact_id" AS VARCHAR) AS "contact_id",
    CAST(min("account_id") AS VARCHAR) AS "account_id",
    min({{ts}}) AS "first_seen"
  FROM {{source}}
  WHERE {{ts}} <= getvariable('ms_as_of')
    AND "contact_id" IS NOT NULL{{events_scope}}
  GROUP BY 1
) AS s
FULL OUTER JOIN (
  {{contacts}}
) AS p ON p."contact_id" = s."contact_id"
