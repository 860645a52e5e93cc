-- Each account and contact's first event time, per events file (`_load_id`),
-- for the files whose summary is not stored yet in `_ms_load_first_seen`.
-- The loader stores its files' summaries straight into that table; a compute
-- reads those of the files loaded otherwise (by an older version, or rows no
-- loader wrote) into `_ms_new_load_actors`. A loaded file never changes (a
-- replaced file gets a new load id), so its summary is computed once and the
-- actors tables read the summaries instead of grouping every event on every
-- run (measured at 50M events: the two actors statements 4.0-6.0 s ->
-- 0.15-0.25 s). Rows no loader wrote (`_load_id` NULL) are summarized on
-- every run and never stored.
--
-- Example: events (a1/c1 at 09:00, a1/c1 at 10:00, a1/NULL at 08:00) in load 7
--   -> ('7', a1, c1, 09:00), ('7', a1, NULL, 08:00)

SELECT
  CAST("_load_id" AS VARCHAR) AS "load_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("contact_id" AS VARCHAR) AS "contact_id",
  min("ts") AS "first_seen"
FROM "events"{{loaded}}
GROUP BY ALL
