-- Incremental compute: the accounts and contacts whose answer can have
-- changed since the last run (T0) now that T is T1, found in one scan of
-- `events`: events of files added or replaced since the last run, events
-- in (T0, T1] (a new first_seen, a change at an instant the last run did
-- not reach), events leaving a rolling window in (T0, T1]; plus the actors
-- of the files that are gone (from _ms_load_actors) and the actors whose
-- evaluation start or deadline falls in (T0, T1] (from milestone_status).
--
-- Example: T0 2026-03-01, T1 2026-03-02, new file load 7, a `last: 7d` window
--   -> ids of events with _load_id 7, ts in (03-01, 03-02] or ts in (02-22, 02-23],
--      of files gone, and of statuses with a start or deadline in (03-01, 03-02]

CREATE OR REPLACE TEMP TABLE "_ms_affected_direct" AS
SELECT DISTINCT "id"
FROM (
  SELECT unnest([CAST("account_id" AS VARCHAR), CAST("contact_id" AS VARCHAR)]) AS "id"
  FROM "events"
  WHERE {{changed_events}}
  UNION ALL
  SELECT unnest(["account_id", "contact_id"]) AS "id"
  FROM "_ms_load_actors"
  WHERE "load_id" IN ({{removed_loads}})
  UNION ALL
  SELECT "actor_id" AS "id"
  FROM "milestone_status"
  WHERE ("evaluation_start" > {{t0}} AND "evaluation_start" <= getvariable('ms_as_of'))
    OR ("deadline" > {{t0}} AND "deadline" <= getvariable('ms_as_of'))
)
WHERE "id" IS NOT NULL
