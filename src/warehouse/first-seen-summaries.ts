/**
 * The loader's side of the per-file first-seen summaries
 * (compiler/statuses/first-seen.ts): it summarizes each events file it
 * loads, in its own transaction, and drops the summaries a contacts change
 * made stale. `compute` then reads them instead of grouping every event.
 *
 *   load of a new file (load 8) -> INSERT INTO "_ms_load_first_seen" ... WHERE "_load_id" NOT IN (5, 7)
 */
import { ident } from '../compiler/quote.js';
import { refreshFirstSeenSql } from '../compiler/statuses/first-seen.js';
import { LOAD_ACTORS } from '../compiler/statuses/incremental.js';
import { SHARED } from '../compiler/statuses/names.js';
import { columnCompression, storedFirstSeen } from './run-plan.js';
import type { Warehouse } from './session.js';
import { ACCOUNT_FILL_COLUMN } from './table-layout.js';

/** Summarizes the events files not summarized yet, and forgets those no longer loaded. */
export async function refreshFirstSeen(warehouse: Warehouse): Promise<void> {
  if (!(await warehouse.tableExists('events'))) return;
  const compression = await columnCompression(warehouse);
  for (const sql of refreshFirstSeenSql(await storedFirstSeen(warehouse), compression))
    await warehouse.run(sql);
}

/**
 * A file whose accounts came from contacts may hold other (account, contact)
 * pairs once contacts changed (fill-accounts.ts re-resolves them in place):
 * its summary is dropped, to be made again, and so is its row set in
 * `_ms_load_actors`, which the next compute learns again from the new summary.
 */
export async function forgetRefilledSummaries(warehouse: Warehouse): Promise<void> {
  if (!(await warehouse.tableExists('events'))) return;
  if (!(await warehouse.columns('events')).some((c) => c.name === ACCOUNT_FILL_COLUMN)) return;
  const refilled =
    `SELECT CAST("load" AS VARCHAR) FROM ` +
    `(SELECT DISTINCT "_load_id" AS "load" FROM "events" WHERE ${ident(ACCOUNT_FILL_COLUMN)})`;
  for (const table of [SHARED.loadFirstSeen, LOAD_ACTORS])
    if (await warehouse.tableExists(table))
      await warehouse.run(`DELETE FROM ${ident(table)} WHERE "load_id" IN (${refilled})`);
}
