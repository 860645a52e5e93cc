-- The touches of settled entries (converted, or not converted with the
-- window over): each touchpoint event between the first and the last step of
-- a converted actor's best attempt, or inside the window (up to T) of an
-- actor that did not convert. In progress actors are left out, as from rates.
-- Attempts first, touches second: the touchpoint events are read here, by a
-- range join on the settled entries' windows, and only the rows inside a
-- window are matched against the touchpoints' filters (a page view of an
-- actor that never entered costs one hash probe). A row meets its
-- touchpoints by a join on the event name, then each touchpoint's own filter
-- (a list of every touchpoint's CASE, filtered and unnested per row, cost
-- 3.1-3.7 s against 2.8-2.9 s at 50M events with 10 touchpoints, 2.8M touches).
-- Touchpoints without a filter and those with one are two SELECTs of this
-- template (compiler/conversions/metrics.ts, UNION ALL): the first never reads
-- the JSON properties, which a hash join carries for every probed row.
--
-- Every entry starts in the cohort, so with a cohort the scan also stops at
-- its start (compiler/conversions/funnel.ts, cohortFloor): DuckDB then skips
-- the row groups before it.
--
-- The entries meet the events on their actor's key (its number with actor
-- numbers, e."_account_number": compiler/conversions/actor-key.ts).
--
-- Example: acme converted 01-06 -> 02-24, demo_booked 01-28 and 03-01
--   -> (acme's key, 1, 01-28)   (03-01 is after the last step)

SELECT en."actor_key", tp."touchpoint", e."ts"
FROM "events" AS e
JOIN {{entries}} AS en
  ON en."actor_key" = {{actor}}
  AND e."ts" >= en."times"[1]
  AND e."ts" <= CASE WHEN en."converted" THEN en."times"[{{steps}}] ELSE en."window_end" END
JOIN (VALUES {{touchpoints}}) AS tp("touchpoint", "event") ON tp."event" = e."event"
WHERE NOT en."in_progress"
  AND e."ts" <= getvariable('cv_as_of'){{known}}{{floor}}
  AND e."event" IN ({{events}}){{filters}}
