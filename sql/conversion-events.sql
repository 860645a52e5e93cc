-- The one scan of `events` a conversion needs for its funnel: every event
-- that is one of its event steps or exclusions, up to T, with a flag per step
-- and exclusion (touchpoints are read later, for settled entries only:
-- conversion-touches.sql). Each row names its actor by "actor_key": the
-- actor's number, or its id without numbers (compiler/conversions/actor-key.ts).
-- Every row is at or after the cohort's start, and an incremental run scans
-- only the actors it recomputes (compiler/conversions/continued.ts). When
-- event steps share an event name, a "key" orders each actor's rows (ts, then
-- rank at that instant), so that a repeated step takes its own, later event
-- (see compiler/conversions/sources.ts).
--
-- Example:
--   steps: [setup, {event: checkout_started, where: {plan: pro}}, customer]
--   exclusions: [{event: deal_lost, between: [1, 2]}]
--   -> SELECT e."ts", e."_account_number" AS "actor_key", CAST(e."account_id" AS VARCHAR) AS "account_id",
--        e."event" = 'checkout_started' AND coalesce(e."plan" = 'pro', FALSE) AS "s2",
--        e."event" = 'deal_lost' AS "x1"
--      FROM "events" AS e WHERE e."ts" <= T AND e."event" IN ('checkout_started', 'deal_lost')
--        AND e."_account_number" <> 0

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT *{{key}}
FROM (
  SELECT
    e."ts",
    {{actor_key}} AS "actor_key",
    CAST(e."account_id" AS VARCHAR) AS "account_id",
    {{columns}}
  FROM "events" AS e
  WHERE e."ts" <= getvariable('cv_as_of'){{known}}
    AND e."event" IN ({{events}})
    AND {{has_actor}}{{narrow}}
)
WHERE {{any_flag}}
