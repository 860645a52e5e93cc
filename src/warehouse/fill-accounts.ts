/**
 * Events (and survey responses) that name only a contact take their account
 * from the contacts table. The loader resolves it when it inserts them and
 * re-resolves every such row whenever contacts change, so a contact moving
 * to another account moves its events. Rows that named an account themselves
 * (`_account_from_contact = false`) are never touched.
 */
import { ident } from '../compiler/quote.js';
import { forgetRefilledSummaries } from './first-seen-summaries.js';
import type { Warehouse } from './session.js';
import { NO_ACTOR, NUMBER_COLUMNS, NUMBER_TABLES, numberOrNone } from '../compiler/actor-numbers.js';
import { CONTACTS_ACCOUNTS, carriesNumbers, ensureNumberTables, numberIds } from './actor-numbers.js';
import { ACCOUNT_FILL_COLUMN, LAYOUTS } from './table-layout.js';

/** The account of each contact; a contact listed twice takes the smallest account id (deterministic). */
export const CONTACT_ACCOUNTS =
  `SELECT "contact_id", min("account_id") AS "account_id" FROM "contacts" ` +
  `WHERE "contact_id" IS NOT NULL GROUP BY "contact_id"`;

export async function refillAccounts(warehouse: Warehouse): Promise<void> {
  if (!(await warehouse.tableExists('contacts'))) return;
  const fill = ident(ACCOUNT_FILL_COLUMN);
  for (const table of ['events', 'survey_responses']) {
    if (!(await warehouse.tableExists(table))) continue;
    const t = ident(table);
    // Events carry their account's number (actor-numbers.ts): it moves with the account.
    const numbered = LAYOUTS.events.table === table && (await carriesNumbers(warehouse, table, 'account'));
    if (numbered) {
      await ensureNumberTables(warehouse);
      await numberIds(warehouse, 'account', CONTACTS_ACCOUNTS);
    }
    const number = ident(NUMBER_COLUMNS.account);
    const accounts = numbered
      ? `SELECT c."contact_id", c."account_id", ` +
        `${numberOrNone('c."account_id"', 'n."number"')} AS "number" FROM (${CONTACT_ACCOUNTS}) AS c ` +
        `LEFT JOIN ${ident(NUMBER_TABLES.account)} AS n ON n."id" = c."account_id"`
      : CONTACT_ACCOUNTS;
    await warehouse.run(
      `UPDATE ${t} SET "account_id" = "c"."account_id"${numbered ? `, ${number} = "c"."number"` : ''} ` +
        `FROM (${accounts}) AS "c" ` +
        `WHERE ${t}.${fill} AND ${t}."contact_id" = "c"."contact_id" ` +
        `AND ${t}."account_id" IS DISTINCT FROM "c"."account_id"`,
    );
    await warehouse.run(
      `UPDATE ${t} SET "account_id" = NULL${numbered ? `, ${number} = ${NO_ACTOR}` : ''} WHERE ${fill} AND "account_id" IS NOT NULL ` +
        `AND NOT EXISTS (SELECT 1 FROM "contacts" AS "c" WHERE "c"."contact_id" = ${t}."contact_id")`,
    );
  }
  await forgetRefilledSummaries(warehouse);
}
