-- Incremental compute: the accounts and contacts whose past changed since
-- the last run (T0), rebuilt from their start instead of continuing from the
-- stored state: those with a row dated at or before T0 in a file added or
-- replaced since (a late event: read from the files' first-seen summaries,
-- not the events), those of the files that are gone (from _ms_load_actors),
-- those whose evaluation start falls in (T0, T] in a milestone with
-- `count_history` (the events before the start count once it arrives, and
-- the last run counted none; without it, only events after the start count,
-- all after T0), and contacts whose account (`_ms_contact_actors`, built
-- before this) is not their stored one (an override by account may give them
-- other thresholds).
--
-- Example: T0 2026-03-01, new file 7 with a1/c1 first seen 02-27, file 3 gone (a2)
--   -> a1, c1, a2

CREATE OR REPLACE TEMP TABLE "_ms_affected_direct" AS
SELECT DISTINCT "id"
FROM (
  SELECT unnest(["account_id", "contact_id"]) AS "id"
  FROM "_ms_actor_first_seen"
  WHERE "load_id" IN ({{added_loads}}) AND "first_seen" <= getvariable('ms_previous_as_of')
  UNION ALL
  SELECT unnest(["account_id", "contact_id"]) AS "id"
  FROM "_ms_load_actors"
  WHERE "load_id" IN ({{removed_loads}})
  UNION ALL
  SELECT "actor_id" AS "id"
  FROM "milestone_status"
  WHERE "milestone_id" IN ({{counting_history}})
    AND "evaluation_start" > getvariable('ms_previous_as_of')
    AND "evaluation_start" <= getvariable('ms_as_of')
{{moved_contacts}}
)
WHERE "id" IS NOT NULL
