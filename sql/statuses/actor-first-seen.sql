-- Every (account, contact) pair's first event time in each events file still
-- loaded (the publish also learns `_ms_load_actors` from it): the stored summaries of files loaded before (a removed or replaced
-- file's are skipped; the publish deletes them) and those of the files new
-- to this run. The actors tables take min(first_seen) over the rows at or
-- before T: the first event at or before T is the earliest of the files'
-- first events that are at or before T.
--
-- Example: stored ('7', a1, c1, 09:00), ('5', a1, c1, 08:00) with load 5 replaced by 8;
--          new ('8', a1, c1, 11:00)
--   -> ('7', a1, c1, 09:00), ('8', a1, c1, 11:00)

CREATE OR REPLACE TEMP VIEW "_ms_actor_first_seen" AS
SELECT "load_id", "account_id", "contact_id", "first_seen"
FROM "_ms_new_load_actors"{{stored}}
