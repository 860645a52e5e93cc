-- The actors a milestone is assigned to, when each one's evaluation starts,
-- its deadline, and each criterion's threshold (overrides and `per:` applied).
-- Each gets a small integer "actor_key", which the criteria's sorts and
-- aggregates partition by instead of the text id (measured at 10M events: a
-- rolling count 4.8 s -> 3.2 s); the flips map it back to "actor_id". The key
-- is the actor's row in the universe table (unique there: the loaders keep
-- ids unique), which DuckDB reads in parallel; row_number() OVER () ran on
-- one thread (313K contacts at 50M events: 0.20-0.23 s). When the events
-- carry actor numbers (compiler/actor-numbers.ts), each actor also gets its
-- number ("actor_number", NULL for an actor no event names), which the
-- criteria join the events by.
--
-- Example:
--   - id: activated
--     criteria: [{event: report_created, at_least: 2, per: seats}]
--     evaluation: {start: first_seen, deadline: 30d}
--     assign: {where: {segment: enterprise}}
--     overrides: [{accounts: [acme], at_least: 5}]
--   -> SELECT a."actor_id", a."account_id", a."first_seen" AS "start_at",
--        CASE WHEN a."account_id" IN ('acme') THEN 5 ELSE 2 END * seats AS "thr_c1"
--      FROM "_ms_account_actors" AS a LEFT JOIN "accounts" AS p ...
--      WHERE coalesce(p."segment" = 'enterprise', FALSE)

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  *,
  {{deadline}} AS "deadline_at"
FROM (
  SELECT
    a."actor_id",
    CAST(a.rowid AS INTEGER) AS "actor_key",{{number}}
    a."account_id",
    {{start}} AS "start_at"{{thresholds}}
  FROM {{universe}} AS a{{numbers}}{{properties}}{{assigned}}
)
