-- A journey's furthest stage per account: the highest stage whose milestone
-- the account completed at or before T (for a contact-level stage, any of its
-- contacts), whatever it did with the earlier stages. Accounts assigned to a
-- stage but with none reached are at stage 0 (stage NULL).
--
-- Example: stages [setup, activated]; acme completed both, globex only setup
--   -> (lifecycle, acme, 2, activated), (lifecycle, globex, 1, setup)

SELECT
  {{journey}} AS "journey_id",
  r."account_id",
  coalesce(max(r."stage_index") FILTER (WHERE r."reached_at" IS NOT NULL), 0) AS "stage_index",
  arg_max(r."stage", r."stage_index") FILTER (WHERE r."reached_at" IS NOT NULL) AS "stage",
  arg_max(r."reached_at", r."stage_index") FILTER (WHERE r."reached_at" IS NOT NULL) AS "reached_at"
FROM (
  SELECT s."account_id", st."stage_index", st."stage", min(s."completed_at") AS "reached_at"
  FROM "_ms_status" AS s
  JOIN (VALUES {{stages}}) AS st("stage_index", "stage") ON st."stage" = s."milestone_id"
  WHERE s."account_id" IS NOT NULL
  GROUP BY s."account_id", st."stage_index", st."stage"
) AS r
GROUP BY r."account_id"
