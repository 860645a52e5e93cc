-- The local calendar day (in the config's time zone) of every 15-minute UTC
-- bucket from the first event to T. Every zone's UTC offset is a multiple of
-- 15 minutes and changes on a bucket boundary, so an event's local day is its
-- bucket's: one time-zone conversion per bucket (35 040 a year) instead of
-- one per event. The first event's time comes from the loaded files'
-- summaries when the plan reads them (`_ms_actor_first_seen`: reading every
-- event's time after a load took 0.4-0.7 s at 50M events), else from events.
--
-- Example: timezone America/New_York
--   bucket 2026-01-02 04:45 UTC -> day 2026-01-01 (23:45 EST)
--   bucket 2026-01-02 05:00 UTC -> day 2026-01-02 (00:00 EST)

CREATE OR REPLACE TEMP TABLE "_ms_local_days" AS
SELECT "bucket", {{day}} AS "day"
FROM (
  SELECT unnest(range(
    time_bucket(INTERVAL 15 MINUTE, {{first}}),
    getvariable('ms_as_of') + INTERVAL 15 MINUTE,
    INTERVAL 15 MINUTE
  )) AS "bucket"
)
