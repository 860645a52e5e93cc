-- The run's row: its id, when it started and published, T, what it read
-- (set by the runner; NULL when the plan runs from the `compile` script) and
-- how many history rows it published and retracted.
--
-- Example: the second daily run -> (2, 2026-03-02 06:00:01, 2026-03-02 06:00:09,
--   2026-03-02 00:00:00, 'incremental', 120, '9f2c...', '[{"path": ...}]', 14, 1)

INSERT INTO {{runs}}
SELECT
  {{run}} AS "run_id",
  {{started}} AS "started_at",
  CAST(now() AS TIMESTAMP) AS "finished_at",
  {{as_of}} AS "as_of",
  coalesce({{mode}}, 'full') AS "mode",
  {{actors}} AS "actors_recomputed",
  {{definitions}} AS "definitions",
  {{files}} AS "loaded_files",
  (SELECT count(*) FROM {{published}} WHERE "published_run" IS NULL) AS "published",
  (SELECT count(*) FROM {{retracted}}) AS "retracted"
