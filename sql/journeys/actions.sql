-- A journey's actions per stage (travelers.sql): the events of each actor while in
-- the stage (entering included, up to the exit, or T for an actor still in it), in
-- the period.
-- With actor numbers (compiler/actor-numbers.ts) each stay takes its actor's
-- number and meets the events on it (e."_account_number").
--
-- Example: acme in setup from 01-02 to 01-05, 4 events then -> (1, 4)

SELECT s."stage_index", count(*) AS "actions"
FROM {{stays}} AS s{{numbers}}
JOIN "events" AS e ON e.{{actor}} = {{stay_key}}
WHERE e."ts" >= s."reached_at"
  AND e."ts" < coalesce(s."exited_at", {{as_of}} + INTERVAL 1 MICROSECOND)
  AND e."ts" <= {{as_of}}
  AND {{event_in_period}}
GROUP BY s."stage_index"
