-- One row per entered actor: its best attempt among those not voided (the
-- furthest step reached; among equals, the latest start, then the smallest
-- account, then the earliest later steps), whether it converted, and whether it is in progress (not
-- converted while some attempt's window is still open at T: its outcome can
-- still change).
-- "open_until": when its last window closes (an incremental run keeps an
-- actor in progress until then without reading its events again:
-- compiler/conversions/continued.ts).
-- With `value:`, the revenue of a converted actor: the value property summed
-- over its events from the first to the last step of the converting attempt.
-- Attempts name actors by key (compiler/conversions/actor-key.ts): the best
-- attempt takes its actor's id back ("actor_id"), from the dictionary when
-- the key is a number.
--
-- Example: attempts of acme (reached 2, t1 01-05), (reached 3, t1 01-02), (reached 3, t1 01-04)
--   -> acme: best attempt (3, 01-04), converted

CREATE OR REPLACE TEMP TABLE {{table}} AS
WITH "best" AS (
  SELECT
    "actor_key",
    "account_id",
    "times",
    "reached",
    "window_end",
    "reached" = {{steps}} AS "converted",
    "reached" < {{steps}} AND "open_until" > getvariable('cv_as_of') AS "in_progress",
    "open_until"
  FROM (
    SELECT
      *,
      row_number() OVER (
        PARTITION BY "actor_key"
        ORDER BY "reached" DESC, "times"[1] DESC, "account_id", "times"
      ) AS "rank",
      max("window_end") OVER (PARTITION BY "actor_key") AS "open_until"
    FROM {{attempts}}
    WHERE NOT "voided"
  )
  WHERE "rank" = 1
)
SELECT
  b.*,
  {{actor_id}} AS "actor_id",
  CASE WHEN b."converted" THEN (epoch_us(b."times"[{{steps}}]) - epoch_us(b."times"[1])) / 1e6 END AS "seconds",
  {{revenue}} AS "revenue"
FROM "best" AS b{{actor_join}}{{revenue_join}}
