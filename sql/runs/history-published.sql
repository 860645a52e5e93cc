-- The new history with the run that first published each row: a row that
-- was already stored with the same identity (every column: milestone, actor,
-- account, instant, type, holds, progress, previous progress) keeps its
-- published_run; any other row is published by this run, which has no id
-- yet (NULL here: the id is taken inside the publish transaction, and this
-- table is made before it, docs/SCALING.md). Stored rows without a
-- published_run (a warehouse from before runs existed) never reached a
-- feed, so they count as new.
--
-- Example: stored (acme, setup, 01-02 completed, run 1); new history
--   (acme, setup, 01-02 completed), (acme, setup, 01-05 lost), run 2
--   -> (01-02 completed, 1), (01-05 lost, NULL: run 2)

CREATE OR REPLACE TEMP TABLE {{published}} AS
SELECT n.*, o."published_run"
FROM {{history}} AS n
LEFT JOIN {{stored}} AS o ON o."published_run" IS NOT NULL
  AND {{identity}}
