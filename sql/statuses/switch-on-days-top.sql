-- Active days without a rolling window (one time zone for all): each actor's
-- distinct local days, in one hash aggregate with one group per actor (see
-- switch-on-days-flips.sql). A table, so that the days the next incremental
-- run needs (carry-switch-on.sql) come from it too.
--
-- Example: events 01-02 10:00, 01-02 11:00, 01-05 09:00 -> [01-02, 01-05]

CREATE OR REPLACE TEMP TABLE {{top_table}} AS
SELECT "actor_key", list(DISTINCT "value") AS "days"
FROM (
  {{counted}}
)
WHERE "value" IS NOT NULL
GROUP BY "actor_key"
