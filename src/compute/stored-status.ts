/**
 * Whether the stored `milestone_status` can be published by its changed rows
 * (compiler/publish-changes.ts): it has the published columns, in order and
 * of the same types, at least one row, and one row per (milestone, actor), so
 * that matching rows by equality loses no duplicate. Otherwise (a first run,
 * an older layout, an emptied or hand-edited table) it is rewritten whole.
 */
import { ident } from '../compiler/quote.js';
import { RESULT_TABLES } from '../compiler/statuses/names.js';
import { STATUS_COLUMNS } from '../compiler/statuses/results.js';
import { HISTORY_COLUMNS, type StoredHistory } from '../compiler/runs/publish.js';
import type { Warehouse } from '../warehouse/session.js';

export async function statusComparable(warehouse: Warehouse): Promise<boolean> {
  if (!(await warehouse.tableExists(RESULT_TABLES.status))) return false;
  if (!(await warehouse.hasLayout(RESULT_TABLES.status, STATUS_COLUMNS))) return false;
  const table = ident(RESULT_TABLES.status);
  // 40-100 ms at 524K rows (50M events), against 0.5 s saved by not rewriting the table.
  const counts = await warehouse.one<{ rows: bigint; keys: bigint }>(
    `SELECT (SELECT count(*) FROM ${table}) AS "rows", ` +
      `(SELECT count(*) FROM (SELECT DISTINCT "milestone_id", "actor_id" FROM ${table})) AS "keys"`,
  );
  return counts !== undefined && counts.rows > 0n && counts.rows === counts.keys;
}

/**
 * The stored `milestone_history`: none, the current layout (the identity
 * columns, then `published_run`), or an older one (runs/publish.ts).
 */
export async function storedHistory(warehouse: Warehouse): Promise<StoredHistory> {
  if (!(await warehouse.tableExists(RESULT_TABLES.history))) return 'absent';
  const current = await warehouse.hasLayout(RESULT_TABLES.history, [
    ...HISTORY_COLUMNS,
    ['published_run', 'BIGINT'],
  ]);
  return current ? 'current' : 'legacy';
}
