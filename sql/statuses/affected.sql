-- Incremental compute: the ids rebuilt from their start. An account is
-- rebuilt with every contact of it (an account criterion may count its
-- contacts' milestones), and a contact's account with it; so the ids directly
-- affected, their accounts (from the events' (account, contact) pairs, read
-- from the per-file summaries of first-seen.ts rather than from every event;
-- the contacts table; and the stored statuses, where a moved contact's old
-- account is), then every contact of those accounts.
--
-- Example: direct {acme-alice}; acme-alice belongs to acme; acme has acme-bob
--   -> {acme-alice, acme, acme-bob}

CREATE OR REPLACE TEMP TABLE "_ms_affected" AS
WITH accounts AS (
  SELECT "id" FROM "_ms_affected_direct"
  UNION
  SELECT "account_id" FROM "_ms_actor_first_seen"
  WHERE "contact_id" IN (SELECT "id" FROM "_ms_affected_direct")
  UNION
  SELECT "account_id" FROM "milestone_status"
  WHERE "actor_id" IN (SELECT "id" FROM "_ms_affected_direct"){{contact_accounts}}
)
SELECT "id" FROM accounts WHERE "id" IS NOT NULL
UNION
SELECT "contact_id" FROM "_ms_actor_first_seen"
WHERE "account_id" IN (SELECT "id" FROM accounts) AND "contact_id" IS NOT NULL
UNION
SELECT "actor_id" FROM "milestone_status"
WHERE "level" = 'contact' AND "account_id" IN (SELECT "id" FROM accounts){{account_contacts}}
