-- How a number of distinct values (contacts, property values, active days)
-- changes, per actor: each value adds 1 at its first occurrence (the value
-- rides along for what an incremental run carries: carry-switch-on.sql).
--
-- Example: {event: report_created, count: contacts, at_least: 2}
--   c1 at 10:00, c1 at 11:00, c2 at 12:00 -> (+1 at 10:00), (+1 at 12:00)

CREATE OR REPLACE TEMP VIEW {{deltas}} AS
WITH counted AS (
  {{counted}}
)
SELECT "actor_key", min("ts") AS "ts", 1 AS "delta", "value"
FROM counted
WHERE "value" IS NOT NULL
GROUP BY "actor_key", "value"
