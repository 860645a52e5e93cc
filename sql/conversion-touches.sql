-- The touches of settled entries (converted, or not converted with the
-- window over): each touchpoint event between the first and the last step of
-- a converted actor's best attempt, or inside the window (up to T) of an
-- actor that did not convert. In progress actors are left out, as from rates.
--
-- Example: acme converted 01-06 -> 02-24, demo_booked 01-28 and 03-01
--   -> (acme, 1, 01-28)   (03-01 is after the last step)

CREATE OR REPLACE TEMP TABLE {{table}} AS
SELECT
  en."actor_id",
  t."touchpoint",
  t."ts"
FROM (
  SELECT "actor_id", "ts", unnest("touchpoints") AS "touchpoint"
  FROM {{events}}
  WHERE len("touchpoints") > 0
) AS t
JOIN {{entries}} AS en
  ON en."actor_id" = t."actor_id"
  AND t."ts" >= en."times"[1]
  AND t."ts" <= CASE WHEN en."converted" THEN en."times"[{{steps}}] ELSE en."window_end" END
WHERE NOT en."in_progress"
