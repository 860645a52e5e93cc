-- One row per survey response for a group of CX metrics, as of T: for each
-- metric i, its answer (a column or property of a wide row such as a Qualtrics
-- export, or the value of the question's own row in a long file), whether it
-- is on the metric's scale (blank: NULL), its Text iQ topics and sentiment,
-- and the milestone the response names. Metrics read the same responses and
-- match them the same way when they share the survey, milestones, window and
-- naming column (cx-sql.ts): one grouping and one matching then serve them
-- all, each metric reading its own columns through a view (500K responses,
-- nps, csat and ces: the three metrics' responses and matched rows 2.80-2.94 s
-- -> 1.68-1.72 s). A long file's rows are grouped by response_id. The
-- sentiment label is also read as a tone: positive, neutral (Neutral,
-- Mixed) or negative ("Very Negative" is negative); any other label has none. A response's
-- answer and place are those of its first row in file order that has an
-- answer (without one: its first row): the file, a CSV's line or a Parquet
-- file's row, when the loader kept them (NULL otherwise). response_id is
-- the file's own (NULL when it has none: each such row is one response, keyed
-- by its rowid; the prefixes keep an id such as "row 0" apart from that key).
-- That first row is one arg_min over a struct (measured at 50M events, 500k
-- responses: four ordered first(... ORDER BY ...) 0.83-1.16 s -> 0.30-0.34 s).
-- Only the rows of a response_id seen more than once are aggregated: a wide
-- export (one row per response) passes straight through, with the values
-- the aggregate would give a group of one (500k responses: 0.40-0.84 s ->
-- 0.20-0.49 s per metric). An incremental run reads only the rows of the
-- respondents it rebuilds (cx/redo.sql, compiler/cx/incremental.ts).
--
-- Example: nps (metric 1) on Q1 (0-10); acme-alice answered "9" on 2026-01-07, naming setup
--   -> ('id R_1', 'R_1', 'acme', 'acme-alice', 2026-01-07 14:14:02, 'setup', '9', 9.0, 'Integrations', 'Positive',
--       's.csv', 4, NULL, TRUE, 'positive')

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  *,
  {{checks}}
FROM (
  SELECT
    "response_key",
    "response_id",
    "account_id",
    "contact_id",
    "ts",
    "named",
    {{answers}}
  FROM (
    WITH "rows" AS MATERIALIZED (
      SELECT
        CASE
          WHEN r."response_id" IS NULL THEN 'row ' || CAST(r.rowid AS VARCHAR)
          ELSE 'id ' || r."response_id"
        END AS "response_key",
        r."response_id",
        r."account_id",
        r."contact_id",
        r."ts",
        {{named}} AS "named",
        {{file}} AS "file",
        {{line}} AS "line",
        {{row}} AS "row",
        {{row_columns}}
      FROM "survey_responses" AS r
      WHERE r."ts" <= {{as_of}}{{survey}}{{restrict}}
    ),
    "repeated" AS (
      SELECT "response_key" FROM "rows" GROUP BY "response_key" HAVING count(*) > 1
    )
    SELECT
      "response_key",
      "response_id",
      "account_id",
      "contact_id",
      "ts",
      "named",
      {{single_columns}}
    FROM "rows"
    WHERE "response_key" NOT IN (SELECT "response_key" FROM "repeated")
    UNION ALL
    SELECT
      "response_key",
      any_value("response_id") AS "response_id",
      any_value("account_id") AS "account_id",
      any_value("contact_id") AS "contact_id",
      min("ts") AS "ts",
      any_value("named") FILTER (WHERE "named" IS NOT NULL) AS "named",
      {{grouped_columns}}
    FROM "rows"
    WHERE "response_key" IN (SELECT "response_key" FROM "repeated")
    GROUP BY "response_key"
  ) AS "grouped"
) AS "responses"
