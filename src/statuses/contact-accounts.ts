/**
 * A contact the events place under more than one account, with no row in
 * the contacts table to say which: `compute` counts it in the first account
 * by id (sql/statuses/contact-actors.sql), so its contact milestones, and the
 * `contacts:` criteria that count them, credit that account with what it did
 * in the others. Said as a warning after `compute` (found by a review: one
 * person in two workspaces was credited to the first, silently). Read from
 * the per-file (account, contact) pairs the statuses plan built in this
 * session (`_ms_actor_first_seen`), not from the events.
 *
 *   events: (a1, contact 1), (a2, contact 1); no contacts source
 *   -> warning[contact-in-accounts]: 1 contact appears under more than one account ... contact "1" (a1, a2)
 */
import { ident } from '../compiler/quote.js';
import { SHARED } from '../compiler/statuses/names.js';
import type { Project } from '../definitions/model.js';
import type { Diagnostic } from '../errors.js';
import type { Warehouse } from '../warehouse/session.js';

const EXAMPLES = 3;

export async function contactAccountWarnings(w: Warehouse, project: Project): Promise<Diagnostic[]> {
  if (!project.milestones.some((m) => m.level === 'contact')) return [];
  if (!(await w.tableExists(SHARED.actorFirstSeen))) return [];
  // A contacts row decides only when it names an account (sql/statuses/contact-actors.sql).
  const known = (await w.tableExists('contacts'))
    ? `AND "contact_id" NOT IN (SELECT CAST("contact_id" AS VARCHAR) FROM "contacts" ` +
      `WHERE "contact_id" IS NOT NULL AND "account_id" IS NOT NULL)`
    : '';
  const rows = await w.all<{ contact: string; accounts: string[]; n: bigint }>(
    `SELECT "contact_id" AS "contact", list_sort(list(DISTINCT "account_id"))[1:3] AS "accounts", count(*) OVER () AS "n"
     FROM ${ident(SHARED.actorFirstSeen)}
     WHERE "contact_id" IS NOT NULL AND "account_id" IS NOT NULL ${known}
       AND "first_seen" <= getvariable('ms_as_of')
     GROUP BY "contact_id" HAVING count(DISTINCT "account_id") > 1
     ORDER BY "contact_id" LIMIT ${EXAMPLES}`,
  );
  if (rows.length === 0) return [];
  const n = rows[0]!.n;
  const examples = rows.map((r) => `contact "${r.contact}" (${r.accounts.join(', ')})`).join('; ');
  return [
    {
      severity: 'warning',
      code: 'contact-in-accounts',
      message:
        `${n} contact${n === 1n ? ' appears' : 's appear'} under more than one account in the events with no row ` +
        `in the contacts table: each is placed in the first of its accounts by id, where its contact milestones ` +
        `count all its events: ${examples}${n > BigInt(rows.length) ? '; …' : ''}`,
      hint: "add a contacts source that names each contact's account, or check the events' account column",
    },
  ];
}
