-- The stored history rows that no longer hold: published by an earlier run,
-- absent (by their whole identity) from the new history. They are recorded
-- as retractions, never silently deleted.
--
-- Example: stored (acme, activated, 01-03 completed, run 1); a replaced
--   file moves the completion to 01-04 -> (01-03 completed, run 1) is retracted

CREATE OR REPLACE TEMP TABLE {{retracted}} AS
SELECT o.*
FROM {{stored}} AS o
ANTI JOIN {{history}} AS n ON {{identity}}
WHERE o."published_run" IS NOT NULL
