-- The respondents whose CX rows an incremental run rebuilds (compiler/cx/incremental.ts),
-- as the (account_id, contact_id) pairs their survey rows carry: those with a row in
-- (T0, T] (a new response, or a new row of one), and those of an actor whose
-- completed_at in one of the group's milestones differs from the last run's (a window
-- match reads it; "changed" also holds actors new to, or gone from, the statuses).
-- Every other respondent's rows are the last run's: the same survey rows at or
-- before T0, the same completions.
--
-- Example: T0 2026-03-01, T 2026-03-02; acme-alice answered on 2026-03-01 12:00;
-- globex completed activated (account level) on 2026-03-01 09:00, after T0
--   -> ('acme', 'acme-alice'), ('globex', NULL), ('globex', 'globex-bob')

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "changed" AS (
  SELECT coalesce(n."level", o."level") AS "level", coalesce(n."actor_id", o."actor_id") AS "actor_id"
  FROM (
    SELECT "milestone_id", "level", "actor_id", "completed_at" FROM {{status}} WHERE "milestone_id" IN ({{milestones}})
  ) AS n
  FULL JOIN (
    SELECT "milestone_id", "level", "actor_id", "completed_at" FROM {{stored}} WHERE "milestone_id" IN ({{milestones}})
  ) AS o ON o."milestone_id" = n."milestone_id" AND o."actor_id" = n."actor_id"
  WHERE n."completed_at" IS DISTINCT FROM o."completed_at"
)
SELECT DISTINCT r."account_id", r."contact_id"
FROM "survey_responses" AS r
WHERE (r."ts" > {{previous_as_of}} AND r."ts" <= {{as_of}})
  OR r."account_id" IN (SELECT "actor_id" FROM "changed" WHERE "level" = 'account')
  OR r."contact_id" IN (SELECT "actor_id" FROM "changed" WHERE "level" = 'contact')
