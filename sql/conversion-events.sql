-- The one scan of `events` a conversion needs: every event that is one of its
-- event steps, exclusions or touchpoints, up to T, with a flag per step and
-- exclusion and the list of touchpoints (1-based, in declaration order) the
-- event counts as. When event steps share an event name, a "key" orders each
-- actor's rows (ts, then rank at that instant), so that a repeated step takes
-- its own, later event (see compiler/conversions/sources.ts).
--
-- Example:
--   steps: [setup, {event: checkout_started, where: {plan: pro}}, customer]
--   exclusions: [{event: deal_lost, between: [1, 2]}]
--   touchpoints: [{id: demo, event: demo_booked}]
--   -> SELECT e."ts", CAST(e."account_id" AS VARCHAR) AS "actor_id", ...,
--        e."event" = 'checkout_started' AND coalesce(e."plan" = 'pro', FALSE) AS "s2",
--        e."event" = 'deal_lost' AS "x1",
--        list_filter([CASE WHEN e."event" = 'demo_booked' THEN 1 END], t -> t IS NOT NULL) AS "touchpoints"
--      FROM "events" AS e WHERE e."ts" <= T AND e."event" IN ('checkout_started', 'deal_lost', 'demo_booked')

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT *{{key}}
FROM (
  SELECT
    e."ts",
    {{actor}} AS "actor_id",
    CAST(e."account_id" AS VARCHAR) AS "account_id",
    {{columns}}
  FROM "events" AS e
  WHERE e."ts" <= getvariable('cv_as_of'){{known}}
    AND e."event" IN ({{events}})
    AND {{actor}} IS NOT NULL
)
WHERE {{any_flag}}
