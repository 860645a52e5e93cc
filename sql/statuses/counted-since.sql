-- Incremental compute (docs/FEED.md): the events one criterion counts,
-- read from the last run's T0 instead of from the beginning. Every actor
-- gets its scan rows after {{since}} (T0; T0 - D for a rolling window
-- `last: D`, whose value at any t >= T0 reads only (t - D, t]); the actors
-- rebuilt from their start (`_ms_affected`: late events, files gone, a
-- start arriving) get every row; the others get the rows the last run
-- carried for them (a criterion without a rolling window: the counted
-- values of actors it had not switched on yet, or a sum's total), dated T0.
--
-- Example: {event: report_created, at_least: 3} in "activated", T0 03-01
--   -> rows after 03-01, all rows of the rebuilt actors, and the carried rows
--      ("_ms_state"."carry__activated__c2") of the others, at 03-01

SELECT a."actor_key", e."ts", {{value}} AS "value"
FROM {{scan}} AS e
JOIN {{actors}} AS a ON a.{{actor_key}} = e.{{actor_column}}
WHERE a."start_at" <= getvariable('ms_as_of'){{bounds}}
  AND e."ts" > {{since}}
UNION ALL
SELECT a."actor_key", e."ts", {{value}} AS "value"
FROM {{scan}} AS e
JOIN (
  SELECT * FROM {{actors}}
  WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
) AS a ON a.{{actor_key}} = e.{{actor_column}}
WHERE a."start_at" <= getvariable('ms_as_of'){{bounds}}
  AND e."ts" <= {{since}}{{carried}}
