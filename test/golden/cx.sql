-- cx_as_of
SET VARIABLE cx_as_of = CAST('2026-04-01 00:00:00' AS TIMESTAMP);

-- _cx_nps__group_responses
CREATE OR REPLACE TEMP TABLE "_cx_nps__group_responses" AS
SELECT
  *,
  CASE WHEN "answer_1" IS NOT NULL THEN "score_1" IS NOT NULL AND "score_1" = floor("score_1") AND "score_1" BETWEEN 0 AND 10 END AS "valid_1",
  CASE
    WHEN lower("sentiment_1") LIKE '%negative%' THEN 'negative'
    WHEN lower("sentiment_1") LIKE '%positive%' THEN 'positive'
    WHEN lower("sentiment_1") IN ('neutral', 'mixed') THEN 'neutral'
  END AS "tone_1"
FROM (
  SELECT
    "response_key",
    "response_id",
    "account_id",
    "contact_id",
    "ts",
    "named",
    "f_1"."answer" AS "answer_1",
    TRY_CAST("f_1"."answer" AS DOUBLE) AS "score_1",
    "tp_1" AS "topics_1",
    "se_1" AS "sentiment_1",
    "f_1"."file" AS "file_1",
    "f_1"."line" AS "line_1",
    "f_1"."row" AS "row_1"
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
        CASE lower(trim(json_extract_string(r."properties", '/milestone'))) WHEN 'setup' THEN 'setup' WHEN 'activated' THEN 'activated' ELSE nullif(trim(json_extract_string(r."properties", '/milestone')), '') END AS "named",
        CAST(NULL AS VARCHAR) AS "file",
        CAST(NULL AS BIGINT) AS "line",
        CAST(NULL AS BIGINT) AS "row",
        nullif(trim(CASE WHEN r."question_id" = 'Q1' THEN CAST(r."value" AS VARCHAR) ELSE CAST(r."Q1" AS VARCHAR) END), '') AS "a_1",
        nullif(trim(json_extract_string(r."properties", '/Q4_Topics')), '') AS "tp_1",
        nullif(trim(json_extract_string(r."properties", '/Q4_Sentiment')), '') AS "se_1"
      FROM "survey_responses" AS r
      WHERE r."ts" <= getvariable('cx_as_of')
        AND r."survey_id" = 'SV_1'
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
      {'answer': "a_1", 'file': "file", 'line': "line", 'row': "row"} AS "f_1",
      "tp_1",
      "se_1"
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
      arg_min(
        {'answer': "a_1", 'file': "file", 'line': "line", 'row': "row"},
        ("a_1" IS NULL, "file", "line", "row")
      ) AS "f_1",
      any_value("tp_1") FILTER (WHERE "tp_1" IS NOT NULL) AS "tp_1",
      any_value("se_1") FILTER (WHERE "se_1" IS NOT NULL) AS "se_1"
    FROM "rows"
    WHERE "response_key" IN (SELECT "response_key" FROM "repeated")
    GROUP BY "response_key"
  ) AS "grouped"
) AS "responses";

-- _cx_nps__group_matched
CREATE OR REPLACE TEMP TABLE "_cx_nps__group_matched" AS
SELECT r.rowid AS "response_row", r."named" AS "milestone_id", 'named' AS "matched_by"
FROM "_cx_nps__group_responses" AS r
WHERE r."named" IN ('setup', 'activated')
UNION ALL
SELECT r.rowid AS "response_row", 'setup' AS "milestone_id", 'window' AS "matched_by"
FROM "_cx_nps__group_responses" AS r
JOIN "milestone_status" AS s ON s."milestone_id" = 'setup' AND s."actor_id" = r."account_id"
WHERE r."named" IS NULL
  AND r."ts" >= s."completed_at"
  AND r."ts" <= s."completed_at" + INTERVAL 14 DAY
UNION ALL
SELECT r.rowid AS "response_row", 'activated' AS "milestone_id", 'window' AS "matched_by"
FROM "_cx_nps__group_responses" AS r
JOIN "milestone_status" AS s ON s."milestone_id" = 'activated' AND s."actor_id" = r."contact_id"
WHERE r."named" IS NULL
  AND r."ts" >= s."completed_at"
  AND r."ts" <= s."completed_at" + INTERVAL 14 DAY;

-- _cx_nps__matched
CREATE OR REPLACE TEMP VIEW "_cx_nps__matched" AS
SELECT
  r."response_key",
  r."response_id",
  r."account_id",
  r."contact_id",
  r."ts",
  r."answer_1" AS "answer",
  r."score_1" AS "score",
  r."topics_1" AS "topics",
  r."sentiment_1" AS "sentiment",
  r."named",
  r."file_1" AS "file",
  r."line_1" AS "line",
  r."row_1" AS "row",
  r."valid_1" AS "valid",
  r."tone_1" AS "tone",
  m."milestone_id",
  m."matched_by"
FROM "_cx_nps__group_matched" AS m
JOIN "_cx_nps__group_responses" AS r ON r.rowid = m."response_row";

-- _cx_nps__metrics
CREATE OR REPLACE TEMP TABLE "_cx_nps__metrics" AS
WITH "rows" AS (
  SELECT "milestone_id", "response_key", "score", "valid", "tone"
  FROM "_cx_nps__matched"
  UNION ALL
  SELECT DISTINCT NULL AS "milestone_id", "response_key", "score", "valid", "tone"
  FROM "_cx_nps__matched"
)
SELECT
  'nps' AS "cx_id",
  m."milestone_id",
  'nps' AS "metric",
  10 AS "scale",
  count(c."valid") FILTER (WHERE c."valid") AS "responses",
  count(c."valid") FILTER (WHERE NOT c."valid") AS "rejected",
  avg(c."score") FILTER (WHERE c."valid") AS "mean",
  CAST(NULL AS DOUBLE) AS "top_two_box",
  count(c."valid") FILTER (WHERE c."valid" AND c."score" >= 9) AS "promoters",
  count(c."valid") FILTER (WHERE c."valid" AND c."score" BETWEEN 7 AND 8) AS "passives",
  count(c."valid") FILTER (WHERE c."valid" AND c."score" <= 6) AS "detractors",
  100.0 * (count(c."valid") FILTER (WHERE c."valid" AND c."score" >= 9) - count(c."valid") FILTER (WHERE c."valid" AND c."score" <= 6)) / nullif(count(c."valid") FILTER (WHERE c."valid"), 0) AS "nps",
  count(*) FILTER (WHERE c."tone" = 'positive') AS "positive",
  count(*) FILTER (WHERE c."tone" = 'neutral') AS "neutral",
  count(*) FILTER (WHERE c."tone" = 'negative') AS "negative"
FROM (VALUES (0, CAST(NULL AS VARCHAR)), (1, 'setup'), (2, 'activated')) AS m("position", "milestone_id")
LEFT JOIN "rows" AS c ON c."milestone_id" IS NOT DISTINCT FROM m."milestone_id"
GROUP BY m."position", m."milestone_id";

-- _cx_nps__topics
CREATE OR REPLACE TEMP TABLE "_cx_nps__topics" AS
WITH "rows" AS (
  SELECT "milestone_id", "response_key", "topics", "tone"
  FROM "_cx_nps__matched"
  WHERE "topics" IS NOT NULL
  UNION ALL
  SELECT DISTINCT NULL AS "milestone_id", "response_key", "topics", "tone"
  FROM "_cx_nps__matched"
  WHERE "topics" IS NOT NULL
),
"split" AS (
  SELECT r."milestone_id", r."response_key", t."topic", r."tone"
  FROM "rows" AS r,
    unnest(list_distinct(list_transform(string_split_regex(r."topics", '[;,]'), x -> trim(x)))) AS t("topic")
)
SELECT
  'nps' AS "cx_id",
  "milestone_id",
  "topic",
  count(*) AS "responses",
  count(*) FILTER (WHERE "tone" = 'positive') AS "positive",
  count(*) FILTER (WHERE "tone" = 'neutral') AS "neutral",
  count(*) FILTER (WHERE "tone" = 'negative') AS "negative"
FROM "split"
WHERE "topic" <> ''
GROUP BY ALL;

-- _jr_life__stays
CREATE OR REPLACE TEMP TABLE "_jr_life__stays" AS
WITH "reached" AS (
  SELECT s."actor_id", st."stage_index", st."stage", min(s."completed_at") AS "reached_at"
  FROM "milestone_status" AS s
  JOIN (VALUES (1, 'setup'), (2, 'paid')) AS st("stage_index", "stage") ON st."stage" = s."milestone_id"
  WHERE s."completed_at" IS NOT NULL
  GROUP BY ALL
)
SELECT
  r."actor_id",
  r."stage_index",
  r."stage",
  r."reached_at",
  n."reached_at" AS "exited_at"
FROM "reached" AS r
LEFT JOIN "reached" AS n
  ON n."actor_id" = r."actor_id" AND n."stage_index" = r."stage_index" + 1 AND n."reached_at" >= r."reached_at";

-- _jr_life__travelers
CREATE OR REPLACE TEMP TABLE "_jr_life__travelers" AS
WITH "actions" AS (
  SELECT unnest([1, 2]) AS "stage_index", unnest(["a_1", "a_2"]) AS "actions"
  FROM (
    SELECT
      sum(CASE WHEN e."ts" >= w."r_1" AND e."ts" < w."x_1" THEN 1 ELSE 0 END) AS "a_1",
      sum(CASE WHEN e."ts" >= w."r_2" AND e."ts" < w."x_2" THEN 1 ELSE 0 END) AS "a_2"
    FROM (
      SELECT
        s."actor_id" AS "key",
        max(s."reached_at") FILTER (WHERE s."stage_index" = 1) AS "r_1",
        max(coalesce(s."exited_at", getvariable('cx_as_of') + INTERVAL 1 MICROSECOND)) FILTER (WHERE s."stage_index" = 1) AS "x_1",
        max(s."reached_at") FILTER (WHERE s."stage_index" = 2) AS "r_2",
        max(coalesce(s."exited_at", getvariable('cx_as_of') + INTERVAL 1 MICROSECOND)) FILTER (WHERE s."stage_index" = 2) AS "x_2"
      FROM "_jr_life__stays" AS s
      GROUP BY s."actor_id"
    ) AS w
    JOIN "events" AS e ON e."account_id" = w."key"
    WHERE e."ts" <= getvariable('cx_as_of')
      AND e."ts" >= TIMESTAMP '2026-01-01 00:00:00' AND e."ts" < TIMESTAMP '2026-04-01 00:00:00'
  )
),
"stays" AS (
  SELECT
    *,
    (epoch_us("exited_at") - epoch_us("reached_at")) / 1e6 AS "seconds",
    "exited_at" > getvariable('cx_as_of') - INTERVAL 7 DAY AS "recent"
  FROM "_jr_life__stays"
)
SELECT
  'life' AS "journey_id",
  st."stage_index",
  st."stage" AS "milestone_id",
  count(s."actor_id") FILTER (WHERE s."reached_at" >= TIMESTAMP '2026-01-01 00:00:00' AND s."reached_at" < TIMESTAMP '2026-04-01 00:00:00') AS "entered",
  CASE WHEN st."stage_index" < 2 THEN count(s."actor_id") FILTER (WHERE s."exited_at" IS NOT NULL AND s."exited_at" >= TIMESTAMP '2026-01-01 00:00:00' AND s."exited_at" < TIMESTAMP '2026-04-01 00:00:00') END AS "exited",
  CASE WHEN st."stage_index" < 2 THEN count(s."actor_id") FILTER (WHERE s."recent") END AS "exited_recent",
  avg(s."seconds") FILTER (WHERE s."recent") AS "seconds_mean",
  median(s."seconds") FILTER (WHERE s."recent") AS "seconds_median",
  coalesce(any_value(a."actions"), 0) AS "actions"
FROM (VALUES (1, 'setup'), (2, 'paid')) AS st("stage_index", "stage")
LEFT JOIN "stays" AS s ON s."stage_index" = st."stage_index"
LEFT JOIN "actions" AS a ON a."stage_index" = st."stage_index"
GROUP BY st."stage_index", st."stage";

-- _jr_life__paths
CREATE OR REPLACE TEMP TABLE "_jr_life__paths" AS
SELECT
  'life' AS "journey_id",
  "previous_id",
  "milestone_id",
  "next_id",
  count(*) AS "actors"
FROM (
  SELECT
    "stage" AS "milestone_id",
    "reached_at",
    lag("stage") OVER (PARTITION BY "actor_id" ORDER BY "reached_at", "stage_index") AS "previous_id",
    lead("stage") OVER (PARTITION BY "actor_id" ORDER BY "reached_at", "stage_index") AS "next_id"
  FROM "_jr_life__stays"
) AS "ordered"
WHERE "reached_at" >= TIMESTAMP '2026-01-01 00:00:00' AND "reached_at" < TIMESTAMP '2026-04-01 00:00:00'
GROUP BY ALL;

-- _cx_metrics
CREATE OR REPLACE TEMP VIEW "_cx_metrics" AS
SELECT
  CAST("cx_id" AS VARCHAR) AS "cx_id",
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("metric" AS VARCHAR) AS "metric",
  CAST("scale" AS INTEGER) AS "scale",
  CAST("responses" AS BIGINT) AS "responses",
  CAST("rejected" AS BIGINT) AS "rejected",
  CAST("mean" AS DOUBLE) AS "mean",
  CAST("top_two_box" AS DOUBLE) AS "top_two_box",
  CAST("promoters" AS BIGINT) AS "promoters",
  CAST("passives" AS BIGINT) AS "passives",
  CAST("detractors" AS BIGINT) AS "detractors",
  CAST("nps" AS DOUBLE) AS "nps",
  CAST("positive" AS BIGINT) AS "positive",
  CAST("neutral" AS BIGINT) AS "neutral",
  CAST("negative" AS BIGINT) AS "negative",
  getvariable('cx_as_of') AS "as_of"
FROM "_cx_nps__metrics";

-- _cx_topics
CREATE OR REPLACE TEMP VIEW "_cx_topics" AS
SELECT
  CAST("cx_id" AS VARCHAR) AS "cx_id",
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("topic" AS VARCHAR) AS "topic",
  CAST("responses" AS BIGINT) AS "responses",
  CAST("positive" AS BIGINT) AS "positive",
  CAST("neutral" AS BIGINT) AS "neutral",
  CAST("negative" AS BIGINT) AS "negative",
  getvariable('cx_as_of') AS "as_of"
FROM "_cx_nps__topics";

-- _cx_responses
CREATE OR REPLACE TEMP VIEW "_cx_responses" AS
SELECT
  CAST("cx_id" AS VARCHAR) AS "cx_id",
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("response_id" AS VARCHAR) AS "response_id",
  CAST("matched_by" AS VARCHAR) AS "matched_by",
  CAST("account_id" AS VARCHAR) AS "account_id",
  CAST("contact_id" AS VARCHAR) AS "contact_id",
  CAST("ts" AS TIMESTAMP) AS "ts",
  CAST("answer" AS VARCHAR) AS "answer",
  CAST("score" AS DOUBLE) AS "score",
  CAST("valid" AS BOOLEAN) AS "valid",
  CAST("topics" AS VARCHAR) AS "topics",
  CAST("sentiment" AS VARCHAR) AS "sentiment",
  CAST("file" AS VARCHAR) AS "file",
  CAST("line" AS BIGINT) AS "line",
  CAST("row" AS BIGINT) AS "row",
  getvariable('cx_as_of') AS "as_of"
FROM (SELECT 'nps' AS "cx_id", "milestone_id", "response_id", "matched_by", "account_id", "contact_id", "ts", "answer", CASE WHEN "valid" THEN "score" END AS "score", "valid", "topics", "sentiment", "file", "line", "row" FROM "_cx_nps__matched");

-- _jr_travelers
CREATE OR REPLACE TEMP VIEW "_jr_travelers" AS
SELECT
  CAST("journey_id" AS VARCHAR) AS "journey_id",
  CAST("stage_index" AS INTEGER) AS "stage_index",
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("entered" AS BIGINT) AS "entered",
  CAST("exited" AS BIGINT) AS "exited",
  CAST("exited_recent" AS BIGINT) AS "exited_recent",
  CAST("seconds_mean" AS DOUBLE) AS "seconds_mean",
  CAST("seconds_median" AS DOUBLE) AS "seconds_median",
  CAST("actions" AS BIGINT) AS "actions",
  getvariable('cx_as_of') AS "as_of"
FROM "_jr_life__travelers";

-- _jr_paths
CREATE OR REPLACE TEMP VIEW "_jr_paths" AS
SELECT
  CAST("journey_id" AS VARCHAR) AS "journey_id",
  CAST("previous_id" AS VARCHAR) AS "previous_id",
  CAST("milestone_id" AS VARCHAR) AS "milestone_id",
  CAST("next_id" AS VARCHAR) AS "next_id",
  CAST("actors" AS BIGINT) AS "actors",
  getvariable('cx_as_of') AS "as_of"
FROM "_jr_life__paths";

BEGIN TRANSACTION;

-- cx_metrics
CREATE OR REPLACE TABLE "cx_metrics" ("cx_id" VARCHAR, "milestone_id" VARCHAR, "metric" VARCHAR, "scale" INTEGER, "responses" BIGINT, "rejected" BIGINT, "mean" DOUBLE, "top_two_box" DOUBLE, "promoters" BIGINT, "passives" BIGINT, "detractors" BIGINT, "nps" DOUBLE, "positive" BIGINT, "neutral" BIGINT, "negative" BIGINT, "as_of" TIMESTAMP);
INSERT INTO "cx_metrics" ("cx_id", "milestone_id", "metric", "scale", "responses", "rejected", "mean", "top_two_box", "promoters", "passives", "detractors", "nps", "positive", "neutral", "negative", "as_of")
SELECT "cx_id", "milestone_id", "metric", "scale", "responses", "rejected", "mean", "top_two_box", "promoters", "passives", "detractors", "nps", "positive", "neutral", "negative", "as_of" FROM "_cx_metrics"
ORDER BY "cx_id", "milestone_id" NULLS FIRST;

-- cx_topics
CREATE OR REPLACE TABLE "cx_topics" ("cx_id" VARCHAR, "milestone_id" VARCHAR, "topic" VARCHAR, "responses" BIGINT, "positive" BIGINT, "neutral" BIGINT, "negative" BIGINT, "as_of" TIMESTAMP);
INSERT INTO "cx_topics" ("cx_id", "milestone_id", "topic", "responses", "positive", "neutral", "negative", "as_of")
SELECT "cx_id", "milestone_id", "topic", "responses", "positive", "neutral", "negative", "as_of" FROM "_cx_topics"
ORDER BY "cx_id", "milestone_id" NULLS FIRST, "responses" DESC, "topic";

-- cx_responses
CREATE OR REPLACE TABLE "cx_responses" ("cx_id" VARCHAR, "milestone_id" VARCHAR, "response_id" VARCHAR, "matched_by" VARCHAR, "account_id" VARCHAR, "contact_id" VARCHAR, "ts" TIMESTAMP, "answer" VARCHAR, "score" DOUBLE, "valid" BOOLEAN, "topics" VARCHAR, "sentiment" VARCHAR, "file" VARCHAR, "line" BIGINT, "row" BIGINT, "as_of" TIMESTAMP);
INSERT INTO "cx_responses" ("cx_id", "milestone_id", "response_id", "matched_by", "account_id", "contact_id", "ts", "answer", "score", "valid", "topics", "sentiment", "file", "line", "row", "as_of")
SELECT "cx_id", "milestone_id", "response_id", "matched_by", "account_id", "contact_id", "ts", "answer", "score", "valid", "topics", "sentiment", "file", "line", "row", "as_of" FROM "_cx_responses";

-- journey_travelers
CREATE OR REPLACE TABLE "journey_travelers" ("journey_id" VARCHAR, "stage_index" INTEGER, "milestone_id" VARCHAR, "entered" BIGINT, "exited" BIGINT, "exited_recent" BIGINT, "seconds_mean" DOUBLE, "seconds_median" DOUBLE, "actions" BIGINT, "as_of" TIMESTAMP);
INSERT INTO "journey_travelers" ("journey_id", "stage_index", "milestone_id", "entered", "exited", "exited_recent", "seconds_mean", "seconds_median", "actions", "as_of")
SELECT "journey_id", "stage_index", "milestone_id", "entered", "exited", "exited_recent", "seconds_mean", "seconds_median", "actions", "as_of" FROM "_jr_travelers"
ORDER BY "journey_id", "stage_index";

-- journey_paths
CREATE OR REPLACE TABLE "journey_paths" ("journey_id" VARCHAR, "previous_id" VARCHAR, "milestone_id" VARCHAR, "next_id" VARCHAR, "actors" BIGINT, "as_of" TIMESTAMP);
INSERT INTO "journey_paths" ("journey_id", "previous_id", "milestone_id", "next_id", "actors", "as_of")
SELECT "journey_id", "previous_id", "milestone_id", "next_id", "actors", "as_of" FROM "_jr_paths"
ORDER BY "journey_id", "actors" DESC, "previous_id" NULLS FIRST, "milestone_id", "next_id" NULLS LAST;

COMMIT;
