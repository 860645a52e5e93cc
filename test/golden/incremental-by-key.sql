-- as_of
SET VARIABLE ms_as_of = CAST('2026-01-03 00:00:00' AS TIMESTAMP);

-- run_started
SET VARIABLE ms_run_started = CAST(now() AS TIMESTAMP);

-- _ms_new_load_actors
CREATE OR REPLACE TEMP TABLE "_ms_new_load_actors" AS
SELECT
  CAST("_load_id" AS VARCHAR) AS "load_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("contact_id" AS VARCHAR) AS "contact_id",
  min("ts") AS "first_seen"
FROM "events"
GROUP BY ALL;

-- _ms_actor_first_seen
CREATE OR REPLACE TEMP TABLE "_ms_actor_first_seen" AS
SELECT "load_id", "account_id", "contact_id", "first_seen"
FROM "_ms_new_load_actors";

-- _ms_account_actors
CREATE OR REPLACE TEMP TABLE "_ms_account_actors" AS
SELECT
  coalesce(p."account_id", s."account_id") AS "actor_id",
  coalesce(p."account_id", s."account_id") AS "account_id",
  s."first_seen"
FROM (
  SELECT CAST("account_id" AS VARCHAR) AS "account_id", min("first_seen") AS "first_seen"
  FROM "_ms_actor_first_seen"
  WHERE "first_seen" <= getvariable('ms_as_of')
    AND "account_id" IS NOT NULL
  GROUP BY 1
) AS s
FULL OUTER JOIN (
  SELECT CAST(NULL AS VARCHAR) AS "account_id" WHERE FALSE
) AS p ON p."account_id" = s."account_id";

-- _ms_contact_actors
CREATE OR REPLACE TEMP TABLE "_ms_contact_actors" AS
SELECT
  coalesce(p."contact_id", s."contact_id") AS "actor_id",
  coalesce(p."account_id", s."account_id") AS "account_id",
  s."first_seen"
FROM (
  SELECT
    CAST("contact_id" AS VARCHAR) AS "contact_id",
    CAST(min("account_id") AS VARCHAR) AS "account_id",
    min("first_seen") AS "first_seen"
  FROM "_ms_actor_first_seen"
  WHERE "first_seen" <= getvariable('ms_as_of')
    AND "contact_id" IS NOT NULL
  GROUP BY 1
) AS s
FULL OUTER JOIN (
  SELECT CAST(NULL AS VARCHAR) AS "contact_id", CAST(NULL AS VARCHAR) AS "account_id" WHERE FALSE
) AS p ON p."contact_id" = s."contact_id";

-- previous_as_of
SET VARIABLE ms_previous_as_of = CAST('2026-01-02 00:00:00' AS TIMESTAMP);

-- _ms_affected_direct
CREATE OR REPLACE TEMP TABLE "_ms_affected_direct" AS
SELECT DISTINCT "id"
FROM (
  SELECT unnest(["account_id", "contact_id"]) AS "id"
  FROM "_ms_actor_first_seen"
  WHERE "load_id" IN ('2') AND "first_seen" <= getvariable('ms_previous_as_of')
  UNION ALL
  SELECT unnest(["account_id", "contact_id"]) AS "id"
  FROM "_ms_load_actors"
  WHERE "load_id" IN (NULL)
  UNION ALL
  SELECT "actor_id" AS "id"
  FROM "milestone_status"
  WHERE "milestone_id" IN (NULL)
    AND "evaluation_start" > getvariable('ms_previous_as_of')
    AND "evaluation_start" <= getvariable('ms_as_of')
  UNION ALL
  SELECT c."actor_id" AS "id"
  FROM "_ms_contact_actors" AS c
  JOIN (SELECT DISTINCT "actor_id", "account_id" FROM "milestone_status" WHERE "level" = 'contact') AS s
    ON s."actor_id" = c."actor_id"
  WHERE c."account_id" IS DISTINCT FROM s."account_id"
)
WHERE "id" IS NOT NULL;

-- _ms_affected
CREATE OR REPLACE TEMP TABLE "_ms_affected" AS
WITH accounts AS (
  SELECT "id" FROM "_ms_affected_direct"
  UNION
  SELECT "account_id" FROM "_ms_actor_first_seen"
  WHERE "contact_id" IN (SELECT "id" FROM "_ms_affected_direct")
  UNION
  SELECT "account_id" FROM "milestone_status"
  WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected_direct")
)
SELECT "id" FROM accounts WHERE "id" IS NOT NULL
UNION
SELECT "contact_id" FROM "_ms_actor_first_seen"
WHERE "account_id" IN (SELECT "id" FROM accounts) AND "contact_id" IS NOT NULL
UNION
SELECT "actor_id" FROM "milestone_status"
WHERE "level" = 'contact' AND "account_id" IN (SELECT "id" FROM accounts);

-- _ms_events__1
CREATE OR REPLACE TEMP VIEW "_ms_events__1" AS
SELECT
  e."ts",
  CAST(e."account_id" AS VARCHAR) AS "account_id",
  CAST(e."contact_id" AS VARCHAR) AS "contact_id",
    e."_account_number",
    e."_contact_number"
FROM "events" AS e
WHERE e."ts" <= getvariable('ms_as_of')
  AND e."event" = 'x';

-- _ms_events__2
CREATE OR REPLACE TEMP VIEW "_ms_events__2" AS
SELECT
  e."ts",
  CAST(e."account_id" AS VARCHAR) AS "account_id",
  CAST(e."contact_id" AS VARCHAR) AS "contact_id",
    e."_account_number",
    e."_contact_number"
FROM "events" AS e
WHERE e."ts" <= getvariable('ms_as_of')
  AND e."event" = 'y';

-- _ms_m__actors
CREATE OR REPLACE TEMP TABLE "_ms_m__actors" AS
SELECT
  *,
  CAST(NULL AS TIMESTAMP) AS "deadline_at"
FROM (
  SELECT
    a."actor_id",
    CAST(a.rowid AS INTEGER) AS "actor_key",
        n."number" AS "actor_number",
    a."account_id",
    a."first_seen" AS "start_at",
    CAST(2 AS DOUBLE) AS "thr_c1"
  FROM "_ms_account_actors" AS a
    LEFT JOIN "_account_numbers" AS n ON n."id" = a."actor_id"
);

-- _ms_m__c1__deltas
CREATE OR REPLACE TEMP VIEW "_ms_m__c1__deltas" AS
WITH counted AS (
  SELECT a."actor_key", e."ts", NULL AS "value"
  FROM "_ms_events__1" AS e
  JOIN "_ms_m__actors" AS a ON a."actor_number" = e."_account_number"
  WHERE a."start_at" <= getvariable('ms_as_of')
  AND CASE WHEN e."ts" >= a."start_at" THEN TRUE ELSE FALSE END
    AND e."ts" > getvariable('ms_previous_as_of')
  UNION ALL
  SELECT a."actor_key", e."ts", NULL AS "value"
  FROM "_ms_events__1" AS e
  JOIN (
    SELECT * FROM "_ms_m__actors"
    WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  ) AS a ON a."actor_number" = e."_account_number"
  WHERE a."start_at" <= getvariable('ms_as_of')
  AND CASE WHEN e."ts" >= a."start_at" THEN TRUE ELSE FALSE END
    AND e."ts" <= getvariable('ms_previous_as_of')
    UNION ALL
    SELECT a."actor_key", getvariable('ms_previous_as_of') AS "ts", c."value"
    FROM (SELECT "actor_id", NULL AS "value", unnest(range("n")) FROM "_ms_state"."carry__m__c1") AS c
    JOIN "_ms_m__actors" AS a ON a."actor_id" = c."actor_id"
    WHERE NOT a."actor_id" IN (SELECT "id" FROM "_ms_affected")
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "ts", 1 AS "delta" FROM counted
)
WHERE "ts" <= getvariable('ms_as_of');

-- _ms_m__c1__top
CREATE OR REPLACE TEMP TABLE "_ms_m__c1__top" AS
SELECT "actor_key", min("ts", 2) AS "first"
FROM "_ms_m__c1__deltas"
GROUP BY "actor_key";

-- _ms_m__c1__new
CREATE OR REPLACE TEMP TABLE "_ms_m__c1__new" AS
SELECT a."actor_id", d."first"[a."k"] AS "ts", TRUE AS "holds"
FROM "_ms_m__c1__top" AS d
JOIN (
  SELECT "actor_id", "actor_key", CAST(least(greatest(1, ceil("thr_c1")), 1e18) AS BIGINT) AS "k"
  FROM "_ms_m__actors"
  WHERE "thr_c1" IS NOT NULL
) AS a ON a."actor_key" = d."actor_key"
WHERE len(d."first") >= a."k";

-- _ms_m__c1
CREATE OR REPLACE TEMP TABLE "_ms_m__c1" AS
SELECT "actor_id", "ts", "holds"
FROM "_ms_m__c1__new"
WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR ("ts" > getvariable('ms_previous_as_of')
      AND "actor_id" NOT IN (
        SELECT "actor_id" FROM "_ms_state"."flips"
        WHERE "milestone_id" = 'm' AND "leaf" = 'c1'
      ))
UNION ALL
SELECT "actor_id", "ts", "holds"
FROM "_ms_state"."flips"
WHERE "milestone_id" = 'm' AND "leaf" = 'c1'
  AND "actor_id" NOT IN (SELECT "id" FROM "_ms_affected");

-- _ms_m__c1__carry
CREATE OR REPLACE TEMP TABLE "_ms_m__c1__carry" AS
SELECT a."actor_id", len(d."first") AS "n"
FROM "_ms_m__c1__top" AS d
JOIN "_ms_m__actors" AS a ON a."actor_key" = d."actor_key"
WHERE a."thr_c1" IS NOT NULL
  AND a."actor_id" NOT IN (SELECT "actor_id" FROM "_ms_m__c1");

-- _ms_m__touched
CREATE OR REPLACE TEMP TABLE "_ms_m__touched" AS
SELECT "actor_id", bool_or("new") AS "new"
FROM (
SELECT "actor_id", FALSE AS "new" FROM "_ms_m__c1" WHERE "ts" > getvariable('ms_previous_as_of')
UNION ALL
SELECT coalesce(a."actor_id", s."actor_id") AS "actor_id", s."actor_id" IS NULL AS "new"
FROM "_ms_m__actors" AS a
FULL JOIN (SELECT "actor_id" FROM "milestone_status" WHERE "milestone_id" = 'm') AS s ON s."actor_id" = a."actor_id"
WHERE a."actor_id" IS NULL OR s."actor_id" IS NULL
  OR a."actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR (a."start_at" > getvariable('ms_previous_as_of') AND a."start_at" <= getvariable('ms_as_of'))
  OR (a."deadline_at" > getvariable('ms_previous_as_of') AND a."deadline_at" <= getvariable('ms_as_of'))
)
GROUP BY "actor_id";

-- _ms_m__states
CREATE OR REPLACE TEMP TABLE "_ms_m__states" AS
WITH changes AS (
  SELECT "actor_id", "start_at" AS "ts", "start_at" AS "raw_ts", 0 AS "leaf", CAST(NULL AS BOOLEAN) AS "holds"
  FROM (SELECT * FROM "_ms_m__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_m__touched"))
  WHERE "start_at" <= getvariable('ms_as_of')
  UNION ALL
  SELECT f."actor_id", greatest(f."ts", a."start_at") AS "ts", f."ts" AS "raw_ts", 1 AS "leaf", f."holds"
  FROM "_ms_m__c1" AS f
  JOIN (SELECT * FROM "_ms_m__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_m__touched")) AS a ON a."actor_id" = f."actor_id"
),
carried AS (
  SELECT
    "actor_id",
    "ts",
    coalesce(last_value(CASE WHEN "leaf" = 1 THEN "holds" END IGNORE NULLS) OVER w, FALSE) AS "c1",
    lead("ts") OVER w AS "next_ts"
  FROM changes
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts", "raw_ts", "leaf" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT
  "actor_id",
  "ts",
  "c1",
  "c1" AS "holds",
  CAST(100 * (CAST("c1" AS INTEGER)) AS DOUBLE) / 1 AS "progress"
FROM carried
WHERE "next_ts" IS DISTINCT FROM "ts";

-- _ms_m__history
CREATE OR REPLACE TEMP TABLE "_ms_m__history" AS
SELECT
  "actor_id",
  "ts",
  CASE
    WHEN "holds" = "previous_holds" THEN 'milestone_updated'
    WHEN NOT "holds" THEN 'milestone_lost'
    WHEN "ts" = "first_held" THEN 'milestone_completed'
    ELSE 'milestone_regained'
  END AS "type",
  "holds",
  "progress",
  "previous_progress"
FROM (
  SELECT
    "actor_id",
    "ts",
    "holds",
    "progress",
    lag("holds", 1, FALSE) OVER w AS "previous_holds",
    lag("progress", 1, CAST(0 AS DOUBLE)) OVER w AS "previous_progress",
    min(CASE WHEN "holds" THEN "ts" END) OVER (PARTITION BY "actor_id") AS "first_held"
  FROM "_ms_m__states"
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts")
)
WHERE "holds" <> "previous_holds" OR "progress" <> "previous_progress";

-- _ms_m__status
CREATE OR REPLACE TEMP TABLE "_ms_m__status" AS
SELECT
  'm' AS "milestone_id",
  'account' AS "level",
  a."actor_id",
  a."account_id",
  CASE
    WHEN a."start_at" IS NULL OR a."start_at" > getvariable('ms_as_of') THEN 'not_started'
    WHEN h."holds" THEN 'achieving'
    WHEN h."completed_at" IS NOT NULL THEN 'not_achieving'
    ELSE 'never_achieved'
  END AS "status",
  h."completed_at",
  coalesce(h."progress", CAST(0 AS DOUBLE)) AS "progress",
  a."start_at" AS "evaluation_start",
  a."deadline_at" AS "deadline",
  coalesce(
    a."deadline_at" <= getvariable('ms_as_of') AND NOT coalesce(h."completed_at" <= a."deadline_at", FALSE),
    FALSE
  ) AS "deadline_missed",
  CASE
    WHEN h."completed_at" <= a."deadline_at" THEN TRUE
    WHEN a."deadline_at" <= getvariable('ms_as_of') THEN FALSE
  END AS "on_time",
  getvariable('ms_as_of') AS "as_of"
FROM (SELECT * FROM "_ms_m__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_m__touched")) AS a
LEFT JOIN (
  SELECT
    "actor_id",
    arg_max("holds", "ts") AS "holds",
    arg_max("progress", "ts") AS "progress",
    min("ts") FILTER (WHERE "type" = 'milestone_completed') AS "completed_at"
  FROM "_ms_m__history"
  GROUP BY "actor_id"
) AS h ON h."actor_id" = a."actor_id";

-- _ms_m__history_all
CREATE OR REPLACE TEMP VIEW "_ms_m__history_all" AS
SELECT * FROM "_ms_m__history"
UNION ALL
SELECT "actor_id", "ts", "type", "holds", "progress", "previous_progress"
FROM "milestone_history"
WHERE "milestone_id" = 'm'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_m__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_m__touched");

-- _ms_m__status_all
CREATE OR REPLACE TEMP VIEW "_ms_m__status_all" AS
SELECT * FROM "_ms_m__status"
UNION ALL
SELECT "milestone_id", "level", "actor_id", "account_id", "status", "completed_at", "progress", "evaluation_start", "deadline", "deadline_missed", "on_time", getvariable('ms_as_of') AS "as_of"
FROM "milestone_status"
WHERE "milestone_id" = 'm'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_m__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_m__touched");

-- _ms_n__actors
CREATE OR REPLACE TEMP TABLE "_ms_n__actors" AS
SELECT
  *,
  CAST(NULL AS TIMESTAMP) AS "deadline_at"
FROM (
  SELECT
    a."actor_id",
    CAST(a.rowid AS INTEGER) AS "actor_key",
        n."number" AS "actor_number",
    a."account_id",
    a."first_seen" AS "start_at",
    CAST(1 AS DOUBLE) AS "thr_c2"
  FROM "_ms_account_actors" AS a
    LEFT JOIN "_account_numbers" AS n ON n."id" = a."actor_id"
);

-- _ms_n__c1
CREATE OR REPLACE TEMP VIEW "_ms_n__c1" AS
SELECT a."actor_id", c."ts", c."holds"
FROM (
  SELECT "actor_id", "ts", "holds"
  FROM "_ms_m__history_all"
  WHERE "type" <> 'milestone_updated'
) AS c
JOIN "_ms_n__actors" AS a ON a."actor_id" = c."actor_id"
WHERE a."start_at" <= getvariable('ms_as_of');

-- _ms_n__c2__deltas
CREATE OR REPLACE TEMP VIEW "_ms_n__c2__deltas" AS
WITH counted AS (
  SELECT a."actor_key", e."ts", NULL AS "value"
  FROM "_ms_events__2" AS e
  JOIN "_ms_n__actors" AS a ON a."actor_number" = e."_account_number"
  WHERE a."start_at" <= getvariable('ms_as_of')
  AND CASE WHEN e."ts" >= a."start_at" THEN TRUE ELSE FALSE END
    AND e."ts" > getvariable('ms_previous_as_of')
  UNION ALL
  SELECT a."actor_key", e."ts", NULL AS "value"
  FROM "_ms_events__2" AS e
  JOIN (
    SELECT * FROM "_ms_n__actors"
    WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  ) AS a ON a."actor_number" = e."_account_number"
  WHERE a."start_at" <= getvariable('ms_as_of')
  AND CASE WHEN e."ts" >= a."start_at" THEN TRUE ELSE FALSE END
    AND e."ts" <= getvariable('ms_previous_as_of')
    UNION ALL
    SELECT a."actor_key", getvariable('ms_previous_as_of') AS "ts", c."value"
    FROM (SELECT "actor_id", NULL AS "value", unnest(range("n")) FROM "_ms_state"."carry__n__c2") AS c
    JOIN "_ms_n__actors" AS a ON a."actor_id" = c."actor_id"
    WHERE NOT a."actor_id" IN (SELECT "id" FROM "_ms_affected")
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "ts", 1 AS "delta" FROM counted
)
WHERE "ts" <= getvariable('ms_as_of');

-- _ms_n__c2__top
CREATE OR REPLACE TEMP TABLE "_ms_n__c2__top" AS
SELECT "actor_key", min("ts", 1) AS "first"
FROM "_ms_n__c2__deltas"
GROUP BY "actor_key";

-- _ms_n__c2__new
CREATE OR REPLACE TEMP TABLE "_ms_n__c2__new" AS
SELECT a."actor_id", d."first"[a."k"] AS "ts", TRUE AS "holds"
FROM "_ms_n__c2__top" AS d
JOIN (
  SELECT "actor_id", "actor_key", CAST(least(greatest(1, ceil("thr_c2")), 1e18) AS BIGINT) AS "k"
  FROM "_ms_n__actors"
  WHERE "thr_c2" IS NOT NULL
) AS a ON a."actor_key" = d."actor_key"
WHERE len(d."first") >= a."k";

-- _ms_n__c2
CREATE OR REPLACE TEMP TABLE "_ms_n__c2" AS
SELECT "actor_id", "ts", "holds"
FROM "_ms_n__c2__new"
WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR ("ts" > getvariable('ms_previous_as_of')
      AND "actor_id" NOT IN (
        SELECT "actor_id" FROM "_ms_state"."flips"
        WHERE "milestone_id" = 'n' AND "leaf" = 'c2'
      ))
UNION ALL
SELECT "actor_id", "ts", "holds"
FROM "_ms_state"."flips"
WHERE "milestone_id" = 'n' AND "leaf" = 'c2'
  AND "actor_id" NOT IN (SELECT "id" FROM "_ms_affected");

-- _ms_n__c2__carry
CREATE OR REPLACE TEMP TABLE "_ms_n__c2__carry" AS
SELECT a."actor_id", len(d."first") AS "n"
FROM "_ms_n__c2__top" AS d
JOIN "_ms_n__actors" AS a ON a."actor_key" = d."actor_key"
WHERE a."thr_c2" IS NOT NULL
  AND a."actor_id" NOT IN (SELECT "actor_id" FROM "_ms_n__c2");

-- _ms_n__touched
CREATE OR REPLACE TEMP TABLE "_ms_n__touched" AS
SELECT "actor_id", bool_or("new") AS "new"
FROM (
SELECT "actor_id", FALSE AS "new" FROM "_ms_n__c1" WHERE "ts" > getvariable('ms_previous_as_of')
UNION ALL
SELECT "actor_id", FALSE AS "new" FROM "_ms_n__c2" WHERE "ts" > getvariable('ms_previous_as_of')
UNION ALL
SELECT coalesce(a."actor_id", s."actor_id") AS "actor_id", s."actor_id" IS NULL AS "new"
FROM "_ms_n__actors" AS a
FULL JOIN (SELECT "actor_id" FROM "milestone_status" WHERE "milestone_id" = 'n') AS s ON s."actor_id" = a."actor_id"
WHERE a."actor_id" IS NULL OR s."actor_id" IS NULL
  OR a."actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR (a."start_at" > getvariable('ms_previous_as_of') AND a."start_at" <= getvariable('ms_as_of'))
  OR (a."deadline_at" > getvariable('ms_previous_as_of') AND a."deadline_at" <= getvariable('ms_as_of'))
)
GROUP BY "actor_id";

-- _ms_n__states
CREATE OR REPLACE TEMP TABLE "_ms_n__states" AS
WITH changes AS (
  SELECT "actor_id", "start_at" AS "ts", "start_at" AS "raw_ts", 0 AS "leaf", CAST(NULL AS BOOLEAN) AS "holds"
  FROM (SELECT * FROM "_ms_n__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_n__touched"))
  WHERE "start_at" <= getvariable('ms_as_of')
  UNION ALL
  SELECT f."actor_id", greatest(f."ts", a."start_at") AS "ts", f."ts" AS "raw_ts", 1 AS "leaf", f."holds"
  FROM "_ms_n__c1" AS f
  JOIN (SELECT * FROM "_ms_n__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_n__touched")) AS a ON a."actor_id" = f."actor_id"
  UNION ALL
  SELECT f."actor_id", greatest(f."ts", a."start_at") AS "ts", f."ts" AS "raw_ts", 2 AS "leaf", f."holds"
  FROM "_ms_n__c2" AS f
  JOIN (SELECT * FROM "_ms_n__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_n__touched")) AS a ON a."actor_id" = f."actor_id"
),
carried AS (
  SELECT
    "actor_id",
    "ts",
    coalesce(last_value(CASE WHEN "leaf" = 1 THEN "holds" END IGNORE NULLS) OVER w, FALSE) AS "c1",
    coalesce(last_value(CASE WHEN "leaf" = 2 THEN "holds" END IGNORE NULLS) OVER w, FALSE) AS "c2",
    lead("ts") OVER w AS "next_ts"
  FROM changes
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts", "raw_ts", "leaf" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT
  "actor_id",
  "ts",
  "c1",
  "c2",
  "c1" AND "c2" AS "holds",
  CAST(100 * (CAST("c1" AS INTEGER) + CAST("c2" AS INTEGER)) AS DOUBLE) / 2 AS "progress"
FROM carried
WHERE "next_ts" IS DISTINCT FROM "ts";

-- _ms_n__history
CREATE OR REPLACE TEMP TABLE "_ms_n__history" AS
SELECT
  "actor_id",
  "ts",
  CASE
    WHEN "holds" = "previous_holds" THEN 'milestone_updated'
    WHEN NOT "holds" THEN 'milestone_lost'
    WHEN "ts" = "first_held" THEN 'milestone_completed'
    ELSE 'milestone_regained'
  END AS "type",
  "holds",
  "progress",
  "previous_progress"
FROM (
  SELECT
    "actor_id",
    "ts",
    "holds",
    "progress",
    lag("holds", 1, FALSE) OVER w AS "previous_holds",
    lag("progress", 1, CAST(0 AS DOUBLE)) OVER w AS "previous_progress",
    min(CASE WHEN "holds" THEN "ts" END) OVER (PARTITION BY "actor_id") AS "first_held"
  FROM "_ms_n__states"
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts")
)
WHERE "holds" <> "previous_holds" OR "progress" <> "previous_progress";

-- _ms_n__status
CREATE OR REPLACE TEMP TABLE "_ms_n__status" AS
SELECT
  'n' AS "milestone_id",
  'account' AS "level",
  a."actor_id",
  a."account_id",
  CASE
    WHEN a."start_at" IS NULL OR a."start_at" > getvariable('ms_as_of') THEN 'not_started'
    WHEN h."holds" THEN 'achieving'
    WHEN h."completed_at" IS NOT NULL THEN 'not_achieving'
    ELSE 'never_achieved'
  END AS "status",
  h."completed_at",
  coalesce(h."progress", CAST(0 AS DOUBLE)) AS "progress",
  a."start_at" AS "evaluation_start",
  a."deadline_at" AS "deadline",
  coalesce(
    a."deadline_at" <= getvariable('ms_as_of') AND NOT coalesce(h."completed_at" <= a."deadline_at", FALSE),
    FALSE
  ) AS "deadline_missed",
  CASE
    WHEN h."completed_at" <= a."deadline_at" THEN TRUE
    WHEN a."deadline_at" <= getvariable('ms_as_of') THEN FALSE
  END AS "on_time",
  getvariable('ms_as_of') AS "as_of"
FROM (SELECT * FROM "_ms_n__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_n__touched")) AS a
LEFT JOIN (
  SELECT
    "actor_id",
    arg_max("holds", "ts") AS "holds",
    arg_max("progress", "ts") AS "progress",
    min("ts") FILTER (WHERE "type" = 'milestone_completed') AS "completed_at"
  FROM "_ms_n__history"
  GROUP BY "actor_id"
) AS h ON h."actor_id" = a."actor_id";

-- _ms_n__history_all
CREATE OR REPLACE TEMP VIEW "_ms_n__history_all" AS
SELECT * FROM "_ms_n__history"
UNION ALL
SELECT "actor_id", "ts", "type", "holds", "progress", "previous_progress"
FROM "milestone_history"
WHERE "milestone_id" = 'n'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_n__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_n__touched");

-- _ms_n__status_all
CREATE OR REPLACE TEMP VIEW "_ms_n__status_all" AS
SELECT * FROM "_ms_n__status"
UNION ALL
SELECT "milestone_id", "level", "actor_id", "account_id", "status", "completed_at", "progress", "evaluation_start", "deadline", "deadline_missed", "on_time", getvariable('ms_as_of') AS "as_of"
FROM "milestone_status"
WHERE "milestone_id" = 'n'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_n__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_n__touched");

-- _ms_u__actors
CREATE OR REPLACE TEMP TABLE "_ms_u__actors" AS
SELECT
  *,
  CAST(NULL AS TIMESTAMP) AS "deadline_at"
FROM (
  SELECT
    a."actor_id",
    CAST(a.rowid AS INTEGER) AS "actor_key",
        n."number" AS "actor_number",
    a."account_id",
    a."first_seen" AS "start_at",
    CAST(1 AS DOUBLE) AS "thr_c1"
  FROM "_ms_contact_actors" AS a
    LEFT JOIN "_contact_numbers" AS n ON n."id" = a."actor_id"
);

-- _ms_u__c1__deltas
CREATE OR REPLACE TEMP VIEW "_ms_u__c1__deltas" AS
WITH counted AS (
  SELECT a."actor_key", e."ts", NULL AS "value"
  FROM "_ms_events__1" AS e
  JOIN "_ms_u__actors" AS a ON a."actor_number" = e."_contact_number"
  WHERE a."start_at" <= getvariable('ms_as_of')
  AND CASE WHEN e."ts" >= a."start_at" THEN TRUE ELSE FALSE END
    AND e."ts" > getvariable('ms_previous_as_of')
  UNION ALL
  SELECT a."actor_key", e."ts", NULL AS "value"
  FROM "_ms_events__1" AS e
  JOIN (
    SELECT * FROM "_ms_u__actors"
    WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  ) AS a ON a."actor_number" = e."_contact_number"
  WHERE a."start_at" <= getvariable('ms_as_of')
  AND CASE WHEN e."ts" >= a."start_at" THEN TRUE ELSE FALSE END
    AND e."ts" <= getvariable('ms_previous_as_of')
    UNION ALL
    SELECT a."actor_key", getvariable('ms_previous_as_of') AS "ts", c."value"
    FROM (SELECT "actor_id", NULL AS "value", unnest(range("n")) FROM "_ms_state"."carry__u__c1") AS c
    JOIN "_ms_u__actors" AS a ON a."actor_id" = c."actor_id"
    WHERE NOT a."actor_id" IN (SELECT "id" FROM "_ms_affected")
)
SELECT "actor_key", "ts", "delta"
FROM (
  SELECT "actor_key", "ts", 1 AS "delta" FROM counted
)
WHERE "ts" <= getvariable('ms_as_of');

-- _ms_u__c1__top
CREATE OR REPLACE TEMP TABLE "_ms_u__c1__top" AS
SELECT "actor_key", min("ts", 1) AS "first"
FROM "_ms_u__c1__deltas"
GROUP BY "actor_key";

-- _ms_u__c1__new
CREATE OR REPLACE TEMP TABLE "_ms_u__c1__new" AS
SELECT a."actor_id", d."first"[a."k"] AS "ts", TRUE AS "holds"
FROM "_ms_u__c1__top" AS d
JOIN (
  SELECT "actor_id", "actor_key", CAST(least(greatest(1, ceil("thr_c1")), 1e18) AS BIGINT) AS "k"
  FROM "_ms_u__actors"
  WHERE "thr_c1" IS NOT NULL
) AS a ON a."actor_key" = d."actor_key"
WHERE len(d."first") >= a."k";

-- _ms_u__c1
CREATE OR REPLACE TEMP TABLE "_ms_u__c1" AS
SELECT "actor_id", "ts", "holds"
FROM "_ms_u__c1__new"
WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR ("ts" > getvariable('ms_previous_as_of')
      AND "actor_id" NOT IN (
        SELECT "actor_id" FROM "_ms_state"."flips"
        WHERE "milestone_id" = 'u' AND "leaf" = 'c1'
      ))
UNION ALL
SELECT "actor_id", "ts", "holds"
FROM "_ms_state"."flips"
WHERE "milestone_id" = 'u' AND "leaf" = 'c1'
  AND "actor_id" NOT IN (SELECT "id" FROM "_ms_affected");

-- _ms_u__c1__carry
CREATE OR REPLACE TEMP TABLE "_ms_u__c1__carry" AS
SELECT a."actor_id", len(d."first") AS "n"
FROM "_ms_u__c1__top" AS d
JOIN "_ms_u__actors" AS a ON a."actor_key" = d."actor_key"
WHERE a."thr_c1" IS NOT NULL
  AND a."actor_id" NOT IN (SELECT "actor_id" FROM "_ms_u__c1");

-- _ms_u__touched
CREATE OR REPLACE TEMP TABLE "_ms_u__touched" AS
SELECT "actor_id", bool_or("new") AS "new"
FROM (
SELECT "actor_id", FALSE AS "new" FROM "_ms_u__c1" WHERE "ts" > getvariable('ms_previous_as_of')
UNION ALL
SELECT coalesce(a."actor_id", s."actor_id") AS "actor_id", s."actor_id" IS NULL AS "new"
FROM "_ms_u__actors" AS a
FULL JOIN (SELECT "actor_id" FROM "milestone_status" WHERE "milestone_id" = 'u') AS s ON s."actor_id" = a."actor_id"
WHERE a."actor_id" IS NULL OR s."actor_id" IS NULL
  OR a."actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR (a."start_at" > getvariable('ms_previous_as_of') AND a."start_at" <= getvariable('ms_as_of'))
  OR (a."deadline_at" > getvariable('ms_previous_as_of') AND a."deadline_at" <= getvariable('ms_as_of'))
)
GROUP BY "actor_id";

-- _ms_u__states
CREATE OR REPLACE TEMP TABLE "_ms_u__states" AS
WITH changes AS (
  SELECT "actor_id", "start_at" AS "ts", "start_at" AS "raw_ts", 0 AS "leaf", CAST(NULL AS BOOLEAN) AS "holds"
  FROM (SELECT * FROM "_ms_u__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_u__touched"))
  WHERE "start_at" <= getvariable('ms_as_of')
  UNION ALL
  SELECT f."actor_id", greatest(f."ts", a."start_at") AS "ts", f."ts" AS "raw_ts", 1 AS "leaf", f."holds"
  FROM "_ms_u__c1" AS f
  JOIN (SELECT * FROM "_ms_u__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_u__touched")) AS a ON a."actor_id" = f."actor_id"
),
carried AS (
  SELECT
    "actor_id",
    "ts",
    coalesce(last_value(CASE WHEN "leaf" = 1 THEN "holds" END IGNORE NULLS) OVER w, FALSE) AS "c1",
    lead("ts") OVER w AS "next_ts"
  FROM changes
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts", "raw_ts", "leaf" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT
  "actor_id",
  "ts",
  "c1",
  "c1" AS "holds",
  CAST(100 * (CAST("c1" AS INTEGER)) AS DOUBLE) / 1 AS "progress"
FROM carried
WHERE "next_ts" IS DISTINCT FROM "ts";

-- _ms_u__history
CREATE OR REPLACE TEMP TABLE "_ms_u__history" AS
SELECT
  "actor_id",
  "ts",
  CASE
    WHEN "holds" = "previous_holds" THEN 'milestone_updated'
    WHEN NOT "holds" THEN 'milestone_lost'
    WHEN "ts" = "first_held" THEN 'milestone_completed'
    ELSE 'milestone_regained'
  END AS "type",
  "holds",
  "progress",
  "previous_progress"
FROM (
  SELECT
    "actor_id",
    "ts",
    "holds",
    "progress",
    lag("holds", 1, FALSE) OVER w AS "previous_holds",
    lag("progress", 1, CAST(0 AS DOUBLE)) OVER w AS "previous_progress",
    min(CASE WHEN "holds" THEN "ts" END) OVER (PARTITION BY "actor_id") AS "first_held"
  FROM "_ms_u__states"
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts")
)
WHERE "holds" <> "previous_holds" OR "progress" <> "previous_progress";

-- _ms_u__status
CREATE OR REPLACE TEMP TABLE "_ms_u__status" AS
SELECT
  'u' AS "milestone_id",
  'contact' AS "level",
  a."actor_id",
  a."account_id",
  CASE
    WHEN a."start_at" IS NULL OR a."start_at" > getvariable('ms_as_of') THEN 'not_started'
    WHEN h."holds" THEN 'achieving'
    WHEN h."completed_at" IS NOT NULL THEN 'not_achieving'
    ELSE 'never_achieved'
  END AS "status",
  h."completed_at",
  coalesce(h."progress", CAST(0 AS DOUBLE)) AS "progress",
  a."start_at" AS "evaluation_start",
  a."deadline_at" AS "deadline",
  coalesce(
    a."deadline_at" <= getvariable('ms_as_of') AND NOT coalesce(h."completed_at" <= a."deadline_at", FALSE),
    FALSE
  ) AS "deadline_missed",
  CASE
    WHEN h."completed_at" <= a."deadline_at" THEN TRUE
    WHEN a."deadline_at" <= getvariable('ms_as_of') THEN FALSE
  END AS "on_time",
  getvariable('ms_as_of') AS "as_of"
FROM (SELECT * FROM "_ms_u__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_u__touched")) AS a
LEFT JOIN (
  SELECT
    "actor_id",
    arg_max("holds", "ts") AS "holds",
    arg_max("progress", "ts") AS "progress",
    min("ts") FILTER (WHERE "type" = 'milestone_completed') AS "completed_at"
  FROM "_ms_u__history"
  GROUP BY "actor_id"
) AS h ON h."actor_id" = a."actor_id";

-- _ms_u__history_all
CREATE OR REPLACE TEMP VIEW "_ms_u__history_all" AS
SELECT * FROM "_ms_u__history"
UNION ALL
SELECT "actor_id", "ts", "type", "holds", "progress", "previous_progress"
FROM "milestone_history"
WHERE "milestone_id" = 'u'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_u__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_u__touched");

-- _ms_u__status_all
CREATE OR REPLACE TEMP VIEW "_ms_u__status_all" AS
SELECT * FROM "_ms_u__status"
UNION ALL
SELECT "milestone_id", "level", "actor_id", "account_id", "status", "completed_at", "progress", "evaluation_start", "deadline", "deadline_missed", "on_time", getvariable('ms_as_of') AS "as_of"
FROM "milestone_status"
WHERE "milestone_id" = 'u'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_u__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_u__touched");

-- _ms_team__actors
CREATE OR REPLACE TEMP TABLE "_ms_team__actors" AS
SELECT
  *,
  CAST(NULL AS TIMESTAMP) AS "deadline_at"
FROM (
  SELECT
    a."actor_id",
    CAST(a.rowid AS INTEGER) AS "actor_key",
        n."number" AS "actor_number",
    a."account_id",
    a."first_seen" AS "start_at",
    CAST(2 AS DOUBLE) AS "thr_c1"
  FROM "_ms_account_actors" AS a
    LEFT JOIN "_account_numbers" AS n ON n."id" = a."actor_id"
);

-- _ms_team__c1__deltas
CREATE OR REPLACE TEMP VIEW "_ms_team__c1__deltas" AS
SELECT a."actor_key", c."ts", c."delta"
FROM (
  SELECT "account_id", "completed_at" AS "ts", 1 AS "delta"
  FROM "_ms_u__status_all"
  WHERE "completed_at" IS NOT NULL
) AS c
JOIN "_ms_team__actors" AS a ON a."actor_id" = c."account_id"
WHERE a."start_at" <= getvariable('ms_as_of');

-- _ms_team__c1
CREATE OR REPLACE TEMP TABLE "_ms_team__c1" AS
SELECT a."actor_id", f."ts", f."holds"
FROM (
  SELECT "actor_key", "ts", "holds"
  FROM (
    SELECT
      d."actor_key",
      d."ts",
      coalesce(
        sum(d."delta") OVER (
          PARTITION BY d."actor_key" ORDER BY d."ts" RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) >= a."thr_c1",
        FALSE
      ) AS "holds"
    FROM "_ms_team__c1__deltas" AS d
    JOIN "_ms_team__actors" AS a ON a."actor_key" = d."actor_key"
  )
  QUALIFY "holds" <> lag("holds", 1, FALSE) OVER (PARTITION BY "actor_key" ORDER BY "ts")
) AS f
JOIN "_ms_team__actors" AS a ON a."actor_key" = f."actor_key";

-- _ms_team__touched
CREATE OR REPLACE TEMP TABLE "_ms_team__touched" AS
SELECT "actor_id", bool_or("new") AS "new"
FROM (
SELECT "actor_id", FALSE AS "new" FROM "_ms_team__c1" WHERE "ts" > getvariable('ms_previous_as_of')
UNION ALL
SELECT coalesce(a."actor_id", s."actor_id") AS "actor_id", s."actor_id" IS NULL AS "new"
FROM "_ms_team__actors" AS a
FULL JOIN (SELECT "actor_id" FROM "milestone_status" WHERE "milestone_id" = 'team') AS s ON s."actor_id" = a."actor_id"
WHERE a."actor_id" IS NULL OR s."actor_id" IS NULL
  OR a."actor_id" IN (SELECT "id" FROM "_ms_affected")
  OR (a."start_at" > getvariable('ms_previous_as_of') AND a."start_at" <= getvariable('ms_as_of'))
  OR (a."deadline_at" > getvariable('ms_previous_as_of') AND a."deadline_at" <= getvariable('ms_as_of'))
)
GROUP BY "actor_id";

-- _ms_team__states
CREATE OR REPLACE TEMP TABLE "_ms_team__states" AS
WITH changes AS (
  SELECT "actor_id", "start_at" AS "ts", "start_at" AS "raw_ts", 0 AS "leaf", CAST(NULL AS BOOLEAN) AS "holds"
  FROM (SELECT * FROM "_ms_team__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_team__touched"))
  WHERE "start_at" <= getvariable('ms_as_of')
  UNION ALL
  SELECT f."actor_id", greatest(f."ts", a."start_at") AS "ts", f."ts" AS "raw_ts", 1 AS "leaf", f."holds"
  FROM "_ms_team__c1" AS f
  JOIN (SELECT * FROM "_ms_team__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_team__touched")) AS a ON a."actor_id" = f."actor_id"
),
carried AS (
  SELECT
    "actor_id",
    "ts",
    coalesce(last_value(CASE WHEN "leaf" = 1 THEN "holds" END IGNORE NULLS) OVER w, FALSE) AS "c1",
    lead("ts") OVER w AS "next_ts"
  FROM changes
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts", "raw_ts", "leaf" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT
  "actor_id",
  "ts",
  "c1",
  "c1" AS "holds",
  CAST(100 * (CAST("c1" AS INTEGER)) AS DOUBLE) / 1 AS "progress"
FROM carried
WHERE "next_ts" IS DISTINCT FROM "ts";

-- _ms_team__history
CREATE OR REPLACE TEMP TABLE "_ms_team__history" AS
SELECT
  "actor_id",
  "ts",
  CASE
    WHEN "holds" = "previous_holds" THEN 'milestone_updated'
    WHEN NOT "holds" THEN 'milestone_lost'
    WHEN "ts" = "first_held" THEN 'milestone_completed'
    ELSE 'milestone_regained'
  END AS "type",
  "holds",
  "progress",
  "previous_progress"
FROM (
  SELECT
    "actor_id",
    "ts",
    "holds",
    "progress",
    lag("holds", 1, FALSE) OVER w AS "previous_holds",
    lag("progress", 1, CAST(0 AS DOUBLE)) OVER w AS "previous_progress",
    min(CASE WHEN "holds" THEN "ts" END) OVER (PARTITION BY "actor_id") AS "first_held"
  FROM "_ms_team__states"
  WINDOW w AS (PARTITION BY "actor_id" ORDER BY "ts")
)
WHERE "holds" <> "previous_holds" OR "progress" <> "previous_progress";

-- _ms_team__status
CREATE OR REPLACE TEMP TABLE "_ms_team__status" AS
SELECT
  'team' AS "milestone_id",
  'account' AS "level",
  a."actor_id",
  a."account_id",
  CASE
    WHEN a."start_at" IS NULL OR a."start_at" > getvariable('ms_as_of') THEN 'not_started'
    WHEN h."holds" THEN 'achieving'
    WHEN h."completed_at" IS NOT NULL THEN 'not_achieving'
    ELSE 'never_achieved'
  END AS "status",
  h."completed_at",
  coalesce(h."progress", CAST(0 AS DOUBLE)) AS "progress",
  a."start_at" AS "evaluation_start",
  a."deadline_at" AS "deadline",
  coalesce(
    a."deadline_at" <= getvariable('ms_as_of') AND NOT coalesce(h."completed_at" <= a."deadline_at", FALSE),
    FALSE
  ) AS "deadline_missed",
  CASE
    WHEN h."completed_at" <= a."deadline_at" THEN TRUE
    WHEN a."deadline_at" <= getvariable('ms_as_of') THEN FALSE
  END AS "on_time",
  getvariable('ms_as_of') AS "as_of"
FROM (SELECT * FROM "_ms_team__actors" WHERE "actor_id" IN (SELECT "actor_id" FROM "_ms_team__touched")) AS a
LEFT JOIN (
  SELECT
    "actor_id",
    arg_max("holds", "ts") AS "holds",
    arg_max("progress", "ts") AS "progress",
    min("ts") FILTER (WHERE "type" = 'milestone_completed') AS "completed_at"
  FROM "_ms_team__history"
  GROUP BY "actor_id"
) AS h ON h."actor_id" = a."actor_id";

-- _ms_team__history_all
CREATE OR REPLACE TEMP VIEW "_ms_team__history_all" AS
SELECT * FROM "_ms_team__history"
UNION ALL
SELECT "actor_id", "ts", "type", "holds", "progress", "previous_progress"
FROM "milestone_history"
WHERE "milestone_id" = 'team'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_team__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_team__touched");

-- _ms_team__status_all
CREATE OR REPLACE TEMP VIEW "_ms_team__status_all" AS
SELECT * FROM "_ms_team__status"
UNION ALL
SELECT "milestone_id", "level", "actor_id", "account_id", "status", "completed_at", "progress", "evaluation_start", "deadline", "deadline_missed", "on_time", getvariable('ms_as_of') AS "as_of"
FROM "milestone_status"
WHERE "milestone_id" = 'team'
  AND "actor_id" IN (SELECT "actor_id" FROM "_ms_team__actors")
  AND "actor_id" NOT IN (SELECT "actor_id" FROM "_ms_team__touched");

-- _ms_new_actors
CREATE OR REPLACE TEMP TABLE "_ms_new_actors" AS
SELECT 'm' AS "milestone_id", "actor_id" FROM "_ms_m__touched" WHERE "new"
UNION ALL
SELECT 'n' AS "milestone_id", "actor_id" FROM "_ms_n__touched" WHERE "new"
UNION ALL
SELECT 'u' AS "milestone_id", "actor_id" FROM "_ms_u__touched" WHERE "new"
UNION ALL
SELECT 'team' AS "milestone_id", "actor_id" FROM "_ms_team__touched" WHERE "new";

-- _ms_status_rows
CREATE OR REPLACE TEMP TABLE "_ms_status_rows" AS
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("status" AS VARCHAR) AS "status",
  CAST("completed_at" AS TIMESTAMP) AS "completed_at",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("evaluation_start" AS TIMESTAMP) AS "evaluation_start",
  CAST("deadline" AS TIMESTAMP) AS "deadline",
  CAST("deadline_missed" AS BOOLEAN) AS "deadline_missed",
  CAST("on_time" AS BOOLEAN) AS "on_time",
  CAST("as_of" AS TIMESTAMP) AS "as_of"
FROM "_ms_m__status"
UNION ALL
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("status" AS VARCHAR) AS "status",
  CAST("completed_at" AS TIMESTAMP) AS "completed_at",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("evaluation_start" AS TIMESTAMP) AS "evaluation_start",
  CAST("deadline" AS TIMESTAMP) AS "deadline",
  CAST("deadline_missed" AS BOOLEAN) AS "deadline_missed",
  CAST("on_time" AS BOOLEAN) AS "on_time",
  CAST("as_of" AS TIMESTAMP) AS "as_of"
FROM "_ms_n__status"
UNION ALL
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("status" AS VARCHAR) AS "status",
  CAST("completed_at" AS TIMESTAMP) AS "completed_at",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("evaluation_start" AS TIMESTAMP) AS "evaluation_start",
  CAST("deadline" AS TIMESTAMP) AS "deadline",
  CAST("deadline_missed" AS BOOLEAN) AS "deadline_missed",
  CAST("on_time" AS BOOLEAN) AS "on_time",
  CAST("as_of" AS TIMESTAMP) AS "as_of"
FROM "_ms_u__status"
UNION ALL
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("status" AS VARCHAR) AS "status",
  CAST("completed_at" AS TIMESTAMP) AS "completed_at",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("evaluation_start" AS TIMESTAMP) AS "evaluation_start",
  CAST("deadline" AS TIMESTAMP) AS "deadline",
  CAST("deadline_missed" AS BOOLEAN) AS "deadline_missed",
  CAST("on_time" AS BOOLEAN) AS "on_time",
  CAST("as_of" AS TIMESTAMP) AS "as_of"
FROM "_ms_team__status";

-- _ms_status_replaced
CREATE OR REPLACE TEMP TABLE "_ms_status_replaced" AS
SELECT 'm' AS "milestone_id", "actor_id" FROM "_ms_m__touched"
UNION ALL
SELECT 'n' AS "milestone_id", "actor_id" FROM "_ms_n__touched"
UNION ALL
SELECT 'u' AS "milestone_id", "actor_id" FROM "_ms_u__touched"
UNION ALL
SELECT 'team' AS "milestone_id", "actor_id" FROM "_ms_team__touched";

-- _ms_status
CREATE OR REPLACE TEMP VIEW "_ms_status" AS
SELECT s."milestone_id", s."level", s."actor_id", s."account_id", s."status", s."completed_at", s."progress", s."evaluation_start", s."deadline", s."deadline_missed", s."on_time", getvariable('ms_as_of') AS "as_of"
FROM "milestone_status" AS s
ANTI JOIN "_ms_status_replaced" AS r ON r."milestone_id" = s."milestone_id" AND r."actor_id" = s."actor_id"
UNION ALL
SELECT * FROM "_ms_status_rows";

-- _ms_history
CREATE OR REPLACE TEMP TABLE "_ms_history" AS
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("ts" AS TIMESTAMP) AS "ts",
  CAST("type" AS VARCHAR) AS "type",
  CAST("holds" AS BOOLEAN) AS "holds",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("previous_progress" AS DOUBLE) AS "previous_progress"
FROM (
  SELECT 'm' AS "milestone_id", 'account' AS "level", a."account_id", h.*
  FROM "_ms_m__history" AS h
  JOIN "_ms_m__actors" AS a ON a."actor_id" = h."actor_id"
  WHERE h."ts" > getvariable('ms_previous_as_of') OR h."actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('m', h."actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")
)
UNION ALL
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("ts" AS TIMESTAMP) AS "ts",
  CAST("type" AS VARCHAR) AS "type",
  CAST("holds" AS BOOLEAN) AS "holds",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("previous_progress" AS DOUBLE) AS "previous_progress"
FROM (
  SELECT 'n' AS "milestone_id", 'account' AS "level", a."account_id", h.*
  FROM "_ms_n__history" AS h
  JOIN "_ms_n__actors" AS a ON a."actor_id" = h."actor_id"
  WHERE h."ts" > getvariable('ms_previous_as_of') OR h."actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('n', h."actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")
)
UNION ALL
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("ts" AS TIMESTAMP) AS "ts",
  CAST("type" AS VARCHAR) AS "type",
  CAST("holds" AS BOOLEAN) AS "holds",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("previous_progress" AS DOUBLE) AS "previous_progress"
FROM (
  SELECT 'u' AS "milestone_id", 'contact' AS "level", a."account_id", h.*
  FROM "_ms_u__history" AS h
  JOIN "_ms_u__actors" AS a ON a."actor_id" = h."actor_id"
  WHERE h."ts" > getvariable('ms_previous_as_of') OR h."actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('u', h."actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")
)
UNION ALL
SELECT
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("level" AS VARCHAR) AS "level",
  CAST("actor_id" AS VARCHAR) AS "actor_id",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("ts" AS TIMESTAMP) AS "ts",
  CAST("type" AS VARCHAR) AS "type",
  CAST("holds" AS BOOLEAN) AS "holds",
  CAST("progress" AS DOUBLE) AS "progress",
  CAST("previous_progress" AS DOUBLE) AS "previous_progress"
FROM (
  SELECT 'team' AS "milestone_id", 'account' AS "level", a."account_id", h.*
  FROM "_ms_team__history" AS h
  JOIN "_ms_team__actors" AS a ON a."actor_id" = h."actor_id"
  WHERE h."ts" > getvariable('ms_previous_as_of') OR h."actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('team', h."actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")
);

-- _ms_journey
CREATE OR REPLACE TEMP TABLE "_ms_journey" AS
SELECT
  CAST(NULL AS VARCHAR) AS "journey_id",
  CAST(NULL AS VARCHAR) AS "account_id",
  CAST(NULL AS INTEGER) AS "stage_index",
  CAST(NULL AS VARCHAR) AS "stage",
  CAST(NULL AS TIMESTAMP) AS "reached_at"
WHERE FALSE;

BEGIN TRANSACTION;

-- milestone_status__retire
DELETE FROM "milestone_status"
WHERE rowid IN (
  SELECT s.rowid FROM "milestone_status" AS s
  SEMI JOIN "_ms_status_replaced" AS r ON r."milestone_id" = s."milestone_id" AND r."actor_id" = s."actor_id"
);

-- milestone_status__as_of
UPDATE "milestone_status" SET "as_of" = getvariable('ms_as_of');

-- milestone_status
INSERT INTO "milestone_status"
SELECT * FROM "_ms_status_rows"
ORDER BY "milestone_id", "actor_id";

-- milestone_runs
CREATE TABLE IF NOT EXISTS "milestone_runs" ("run_id" BIGINT, "started_at" TIMESTAMP, "finished_at" TIMESTAMP, "as_of" TIMESTAMP, "mode" VARCHAR, "actors_recomputed" BIGINT, "definitions" VARCHAR, "loaded_files" VARCHAR, "published" BIGINT, "retracted" BIGINT);

-- _warehouse_identity
CREATE TABLE IF NOT EXISTS "_warehouse_identity" AS SELECT CAST(uuid() AS VARCHAR) AS "warehouse_id";

-- history_table
CREATE TABLE IF NOT EXISTS "milestone_history" ("milestone_id" VARCHAR, "level" VARCHAR, "actor_id" VARCHAR, "account_id" VARCHAR, "ts" TIMESTAMP, "type" VARCHAR, "holds" BOOLEAN, "progress" DOUBLE, "previous_progress" DOUBLE, "published_run" BIGINT);

-- history_published_run
ALTER TABLE "milestone_history" ADD COLUMN IF NOT EXISTS "published_run" BIGINT;

-- milestone_retractions
CREATE TABLE IF NOT EXISTS "milestone_retractions" ("milestone_id" VARCHAR, "level" VARCHAR, "actor_id" VARCHAR, "account_id" VARCHAR, "ts" TIMESTAMP, "type" VARCHAR, "holds" BOOLEAN, "progress" DOUBLE, "previous_progress" DOUBLE, "published_run" BIGINT, "retracted_run" BIGINT);

-- milestone_feed
CREATE TABLE IF NOT EXISTS "milestone_feed" ("seq" BIGINT, "run_id" BIGINT, "change" VARCHAR, "milestone_id" VARCHAR, "level" VARCHAR, "actor_id" VARCHAR, "account_id" VARCHAR, "ts" TIMESTAMP, "type" VARCHAR, "holds" BOOLEAN, "progress" DOUBLE, "previous_progress" DOUBLE, "published_run" BIGINT);

-- run_id
SET VARIABLE ms_run_id = greatest(
  (SELECT coalesce(max("run_id"), 0) FROM "milestone_runs"),
  (SELECT coalesce(max("published_run"), 0) FROM "milestone_history"),
  (SELECT coalesce(max("run_id"), 0) FROM "milestone_feed")
) + 1;

-- _ms_history_published
CREATE OR REPLACE TEMP TABLE "_ms_history_published" AS
SELECT n.*, o."published_run"
FROM (SELECT * FROM "_ms_history"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ("milestone_id", "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")) AS n
LEFT JOIN (SELECT * FROM "milestone_history"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ("milestone_id", "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")) AS o ON o."published_run" IS NOT NULL
  AND o."milestone_id" IS NOT DISTINCT FROM n."milestone_id"
    AND o."level" IS NOT DISTINCT FROM n."level"
    AND o."actor_id" IS NOT DISTINCT FROM n."actor_id"
    AND o."account_id" IS NOT DISTINCT FROM n."account_id"
    AND o."ts" IS NOT DISTINCT FROM n."ts"
    AND o."type" IS NOT DISTINCT FROM n."type"
    AND o."holds" IS NOT DISTINCT FROM n."holds"
    AND o."progress" IS NOT DISTINCT FROM n."progress"
    AND o."previous_progress" IS NOT DISTINCT FROM n."previous_progress";

-- _ms_history_retracted
CREATE OR REPLACE TEMP TABLE "_ms_history_retracted" AS
SELECT o.*
FROM (SELECT * FROM "milestone_history"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ("milestone_id", "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")) AS o
ANTI JOIN (SELECT * FROM "_ms_history"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ("milestone_id", "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")) AS n ON o."milestone_id" IS NOT DISTINCT FROM n."milestone_id"
  AND o."level" IS NOT DISTINCT FROM n."level"
  AND o."actor_id" IS NOT DISTINCT FROM n."actor_id"
  AND o."account_id" IS NOT DISTINCT FROM n."account_id"
  AND o."ts" IS NOT DISTINCT FROM n."ts"
  AND o."type" IS NOT DISTINCT FROM n."type"
  AND o."holds" IS NOT DISTINCT FROM n."holds"
  AND o."progress" IS NOT DISTINCT FROM n."progress"
  AND o."previous_progress" IS NOT DISTINCT FROM n."previous_progress"
WHERE o."published_run" IS NOT NULL;

-- _ms_feed_changes
CREATE OR REPLACE TEMP TABLE "_ms_feed_changes" AS
WITH
"keys" AS (
  SELECT 1 AS "part", rowid AS "row", "ts", "milestone_id", "actor_id", "type" FROM "_ms_history_retracted"
  UNION ALL
  SELECT 2 AS "part", rowid AS "row", "ts", "milestone_id", "actor_id", "type" FROM "_ms_history_published"
  WHERE "published_run" IS NULL
),
"numbered" AS (
  SELECT
    "part",
    "row",
    date_trunc('day', "ts") AS "day",
    row_number() OVER (
      PARTITION BY "part", date_trunc('day', "ts")
      ORDER BY "ts" NULLS LAST, "milestone_id", "actor_id", "type"
    ) AS "n"
  FROM "keys"
),
"days" AS (
  SELECT
    "part",
    "day",
    sum("rows") OVER (ORDER BY "part", "day" NULLS LAST) - "rows" AS "before"
  FROM (SELECT "part", "day", count(*) AS "rows" FROM "numbered" GROUP BY "part", "day")
),
"numbers" AS (
  SELECT n."part", n."row", d."before" + n."n" AS "seq"
  FROM "numbered" AS n
  JOIN "days" AS d ON d."part" = n."part" AND d."day" IS NOT DISTINCT FROM n."day"
)
SELECT n."seq", 'retracted' AS "change", c."milestone_id", c."level", c."actor_id", c."account_id", c."ts", c."type", c."holds", c."progress", c."previous_progress", c."published_run"
FROM (SELECT * FROM "numbers" WHERE "part" = 1) AS n
JOIN "_ms_history_retracted" AS c ON c.rowid = n."row"
UNION ALL
SELECT n."seq", 'published' AS "change", c."milestone_id", c."level", c."actor_id", c."account_id", c."ts", c."type", c."holds", c."progress", c."previous_progress", c."published_run"
FROM (SELECT * FROM "numbers" WHERE "part" = 2) AS n
JOIN "_ms_history_published" AS c ON c.rowid = n."row";

-- retractions_append
INSERT INTO "milestone_retractions"
SELECT *, getvariable('ms_run_id') AS "retracted_run" FROM "_ms_history_retracted";

-- feed_append
INSERT INTO "milestone_feed"
SELECT
  "last"."seq" + c."seq",
  getvariable('ms_run_id') AS "run_id",
  c."change",
  c."milestone_id", c."level", c."actor_id", c."account_id", c."ts", c."type", c."holds", c."progress", c."previous_progress",
  coalesce(c."published_run", getvariable('ms_run_id'))
FROM "_ms_feed_changes" AS c
CROSS JOIN (SELECT coalesce(max("seq"), 0) AS "seq" FROM "milestone_feed") AS "last";

-- history_delete_changed
DELETE FROM "milestone_history"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ("milestone_id", "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors");

-- milestone_history
INSERT INTO "milestone_history" ("milestone_id", "level", "actor_id", "account_id", "ts", "type", "holds", "progress", "previous_progress", "published_run")
SELECT "milestone_id", "level", "actor_id", "account_id", "ts", "type", "holds", "progress", "previous_progress", coalesce("published_run", getvariable('ms_run_id')) FROM "_ms_history_published";

-- run_row
INSERT INTO "milestone_runs"
SELECT
  getvariable('ms_run_id') AS "run_id",
  getvariable('ms_run_started') AS "started_at",
  CAST(now() AS TIMESTAMP) AS "finished_at",
  getvariable('ms_as_of') AS "as_of",
  coalesce(getvariable('ms_run_mode'), 'full') AS "mode",
  getvariable('ms_run_actors') AS "actors_recomputed",
  getvariable('ms_run_definitions') AS "definitions",
  getvariable('ms_run_files') AS "loaded_files",
  (SELECT count(*) FROM "_ms_history_published" WHERE "published_run" IS NULL) AS "published",
  (SELECT count(*) FROM "_ms_history_retracted") AS "retracted";

-- milestone_journey
CREATE OR REPLACE TABLE "milestone_journey" ("journey_id" VARCHAR, "account_id" VARCHAR, "stage_index" INTEGER, "stage" VARCHAR, "reached_at" TIMESTAMP);
INSERT INTO "milestone_journey" ("journey_id", "account_id", "stage_index", "stage", "reached_at")
SELECT "journey_id", "account_id", "stage_index", "stage", "reached_at" FROM "_ms_journey"
ORDER BY "journey_id", "account_id";

-- state_flips_retired
DELETE FROM "_ms_state"."flips"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ("milestone_id", "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors");

-- state_flips
INSERT INTO "_ms_state"."flips"
SELECT 'm' AS "milestone_id", 'c1' AS "leaf", "actor_id", "ts", "holds"
FROM "_ms_m__c1"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('m', "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")
UNION ALL
SELECT 'n' AS "milestone_id", 'c2' AS "leaf", "actor_id", "ts", "holds"
FROM "_ms_n__c2"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('n', "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors")
UNION ALL
SELECT 'u' AS "milestone_id", 'c1' AS "leaf", "actor_id", "ts", "holds"
FROM "_ms_u__c1"
WHERE "ts" > getvariable('ms_previous_as_of') OR "actor_id" IN (SELECT "id" FROM "_ms_affected") OR ('u', "actor_id") IN (SELECT "milestone_id", "actor_id" FROM "_ms_new_actors");

-- state_carry__m__c1
CREATE OR REPLACE TABLE "_ms_state"."carry__m__c1" AS
SELECT * FROM "_ms_m__c1__carry";

-- state_carry__n__c2
CREATE OR REPLACE TABLE "_ms_state"."carry__n__c2" AS
SELECT * FROM "_ms_n__c2__carry";

-- state_carry__u__c1
CREATE OR REPLACE TABLE "_ms_state"."carry__u__c1" AS
SELECT * FROM "_ms_u__c1__carry";

-- state_run
CREATE OR REPLACE TABLE "_ms_state"."run" AS
SELECT max("run_id") AS "run_id", 3 AS "format" FROM "milestone_runs";

-- _ms_load_actors
CREATE TABLE IF NOT EXISTS "_ms_load_actors" ("load_id" VARCHAR, "account_id" VARCHAR, "contact_id" VARCHAR);

-- load_actors_forget
DELETE FROM "_ms_load_actors"
WHERE "load_id" NOT IN (SELECT DISTINCT CAST("_load_id" AS VARCHAR) FROM "events" WHERE "_load_id" IS NOT NULL);

-- load_actors_learn
INSERT INTO "_ms_load_actors"
SELECT DISTINCT "load_id", "account_id", "contact_id"
FROM "_ms_actor_first_seen"
WHERE "load_id" IS NOT NULL AND "load_id" NOT IN (SELECT "load_id" FROM "_ms_load_actors");

-- _ms_load_first_seen
CREATE TABLE IF NOT EXISTS "_ms_load_first_seen" ("load_id" VARCHAR, "account_id" VARCHAR, "contact_id" VARCHAR, "first_seen" TIMESTAMP);

-- load_first_seen_forget
DELETE FROM "_ms_load_first_seen"
WHERE "load_id" NOT IN (SELECT CAST("load" AS VARCHAR) FROM (SELECT DISTINCT "_load_id" AS "load" FROM "events" WHERE "_load_id" IS NOT NULL));

-- load_first_seen_learn
INSERT INTO "_ms_load_first_seen"
SELECT * FROM "_ms_new_load_actors"
WHERE "load_id" IS NOT NULL AND "load_id" NOT IN (SELECT "load_id" FROM "_ms_load_first_seen");

COMMIT;
