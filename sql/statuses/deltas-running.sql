-- How a count or a sum changes, per actor: each counted event adds its amount
-- when it happens; with `within: {last: D}` it takes it away again at exactly
-- ts + D, the instant it leaves the rolling window (t - D, t]. Changes at one
-- instant are summed by the flips' window frame (RANGE: peers together).
--
-- Example: {event: login, at_least: 3, within: {last: 7d}}
--   login at 2026-01-01 10:00 -> (+1 at 2026-01-01 10:00), (-1 at 2026-01-08 10:00)

CREATE OR REPLACE TEMP VIEW {{deltas}} AS
WITH counted AS (
  {{counted}}
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "ts", {{amount}} AS "delta" FROM counted{{leaving}}
)
WHERE "ts" <= getvariable('ms_as_of')
