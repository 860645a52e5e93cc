-- The events one criterion counts for each assigned actor: its scan's rows
-- of the actor, only at or after the evaluation start (or inside
-- [start, start + D) for `within: {first: D}`).
--
-- Example: {event: report_created, within: {first: 30d}} in milestone "activated"
--   -> SELECT a."actor_key", e."ts", NULL AS "value"
--      FROM "_ms_events__1" AS e JOIN "_ms_activated__actors" AS a ON a."actor_id" = e."account_id"
--      WHERE a."start_at" <= getvariable('ms_as_of')
--        AND CASE WHEN e."ts" >= a."start_at" AND e."ts" < a."start_at" + INTERVAL 30 DAY THEN TRUE ELSE FALSE END
-- (a CASE, so that DuckDB filters after joining on the actor alone:
-- compiler/statuses/criteria.ts)
-- With actor numbers (compiler/actor-numbers.ts) the join is
-- a."actor_number" = e."_account_number": the same rows, joined on integers.

SELECT a."actor_key", e."ts", {{value}} AS "value"
FROM {{scan}} AS e
JOIN {{actors}} AS a ON a.{{actor_key}} = e.{{actor_column}}
WHERE a."start_at" <= getvariable('ms_as_of'){{bounds}}
