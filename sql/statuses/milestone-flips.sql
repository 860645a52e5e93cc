-- A dependency on another milestone of the same level: it holds from the
-- instant that milestone was completed; with `currently: true`, while that
-- milestone is achieving (its completions, losses and regains).
--
-- Example: {milestone: setup} in "activated"
--   -> SELECT a."actor_id", s."completed_at" AS "ts", TRUE AS "holds"
--      FROM "_ms_setup__status" AS s JOIN "_ms_activated__actors" AS a ON ...
--      WHERE s."completed_at" IS NOT NULL

CREATE OR REPLACE TEMP VIEW {{flips}} AS
SELECT a."actor_id", c."ts", c."holds"
FROM (
  {{changes}}
) AS c
JOIN {{actors}} AS a ON a."actor_id" = c."actor_id"
WHERE a."start_at" <= getvariable('ms_as_of')
