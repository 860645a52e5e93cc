/**
 * Publishing a result table by its changed rows instead of rewriting it:
 * one full join of the stored rows with the staged ones (every column but
 * `as_of`) finds the stored rows no staged row equals, which are deleted, and
 * the staged rows no stored row equals, which are inserted; every row gets
 * the new `as_of`. A rerun whose answers did not move writes nothing but
 * `as_of` (50M events: `cx_responses`, 1.2M rows, 2.5-2.7 s -> about 1 s;
 * `milestone_status`, 524K rows, 0.6-0.9 s -> 0.3-0.45 s with its check).
 *
 *   stored {a, b}, staged {b, c}
 *   -> CREATE OR REPLACE TEMP TABLE "<staged>__changes" AS ... (a: stored_row set; c: stored_row NULL)
 *      DELETE FROM "<table>" WHERE rowid IN (a)
 *      UPDATE "<table>" SET "as_of" = ...
 *      INSERT INTO "<table>" SELECT c ...
 *
 * Only for a stored table with the published columns and unique rows:
 * matching pairs rows by equality, so a stored duplicate would survive. The
 * caller makes sure of it: `milestone_status` by a check at run time
 * (compute/stored-status.ts), `cx_responses` by how its rows are built (each
 * survey row's place; cx/cx-continue.ts), which a hand edit of the stored
 * table could break. The rows are no longer in one sorted order after
 * the first run; readers sort (docs/FEED.md).
 */
import type { PlanStatement } from './plan-types.js';
import { ident } from './quote.js';

export interface ChangedRowsPublish {
  /** The published table. */
  table: string;
  /** The staged table with the new rows (same columns, in order). */
  staged: string;
  /** Every column but `as_of`: what makes two rows the same. */
  compared: readonly (readonly [string, string])[];
  /** A column never NULL in a row: NULL on a side of the join means no row of that side matched. */
  present: string;
  /** The order the inserted rows are written in. */
  order: string;
  /** The new `as_of` (SQL). */
  asOf: string;
}

/** Every named column of `o` equal to `n`'s, NULL equal to NULL: two rows that are the same. */
export function sameRowSql(columns: readonly (readonly [string, string])[]): string {
  return columns.map(([name]) => `o.${ident(name)} IS NOT DISTINCT FROM n.${ident(name)}`).join('\n  AND ');
}

export function publishChangedRows(p: ChangedRowsPublish): PlanStatement[] {
  const table = ident(p.table);
  const changes = ident(`${p.staged}__changes`);
  const present = ident(p.present);
  const publish = (name: string, sql: string): PlanStatement => ({ name, phase: 'publish', sql });
  return [
    publish(
      `${p.table}__changes`,
      `CREATE OR REPLACE TEMP TABLE ${changes} AS\n` +
        `SELECT o.rowid AS "stored_row", n.*\nFROM ${table} AS o\nFULL JOIN ${ident(p.staged)} AS n ON ${sameRowSql(p.compared)}\n` +
        `WHERE o.${present} IS NULL OR n.${present} IS NULL`,
    ),
    publish(
      `${p.table}__retire`,
      `DELETE FROM ${table}\nWHERE rowid IN (SELECT "stored_row" FROM ${changes} WHERE "stored_row" IS NOT NULL)`,
    ),
    publish(`${p.table}__as_of`, `UPDATE ${table} SET "as_of" = ${p.asOf}`),
    publish(
      p.table,
      `INSERT INTO ${table}\nSELECT * EXCLUDE ("stored_row") FROM ${changes}\n` +
        `WHERE "stored_row" IS NULL\nORDER BY ${p.order}`,
    ),
  ];
}
