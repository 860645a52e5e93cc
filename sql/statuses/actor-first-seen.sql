-- Every (account, contact) pair's first event time in each events file still
-- loaded (the publish also learns `_ms_load_actors` from it): the stored summaries of files loaded before (a removed or replaced
-- file's are skipped; the publish deletes them) and those of the files new
-- to this run. The actors tables take min(first_seen) over the rows at or
-- before T: the first event at or before T is the earliest of the files'
-- first events that are at or before T. A table, not a view: several
-- statements read it (the actors, an incremental run's rebuilt set, the
-- publish), and each read of a view filtered the stored summaries by the
-- loads present in `events` again (50M events, 544K summary rows: a read
-- 165-263 ms as a view, 27-33 ms as a table).
--
-- Example: stored ('7', a1, c1, 09:00), ('5', a1, c1, 08:00) with load 5 replaced by 8;
--          new ('8', a1, c1, 11:00)
--   -> ('7', a1, c1, 09:00), ('8', a1, c1, 11:00)

CREATE OR REPLACE TEMP TABLE "_ms_actor_first_seen" AS
SELECT "load_id", "account_id", "contact_id", "first_seen"
FROM "_ms_new_load_actors"{{stored}}
