-- local-days.sql for accounts in several zones: the local calendar day of
-- every 15-minute UTC bucket from the first event to T, in the config's zone
-- and in every account's own zone (see account-zones.sql).
--
-- Example: zones America/New_York (config) and Asia/Tokyo (acme)
--   ('Asia/Tokyo', 2026-01-01 15:00 UTC) -> 2026-01-02 (00:00 JST)
--   ('America/New_York', 2026-01-01 15:00 UTC) -> 2026-01-01 (10:00 EST)

CREATE OR REPLACE TEMP TABLE "_ms_local_days" AS
SELECT z."zone", b."bucket", CAST(timezone(z."zone", CAST(b."bucket" AS TIMESTAMPTZ)) AS DATE) AS "day"
FROM (
  SELECT "zone" FROM "_ms_account_zones"
  UNION
  SELECT {{default_zone}}
) AS z("zone")
CROSS JOIN (
  SELECT unnest(range(
    time_bucket(INTERVAL 15 MINUTE, {{first}}),
    getvariable('ms_as_of') + INTERVAL 15 MINUTE,
    INTERVAL 15 MINUTE
  )) AS "bucket"
) AS b
