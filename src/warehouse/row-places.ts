/**
 * Each row's place in its file, kept in the table (`_file`, `_line`, `_row`)
 * for sources whose layout says `keepsPlace` (survey responses): CX warnings
 * name an answer off the scale by it long after the load, in the convention
 * `load` uses for rejected rows. For `fixtures/surveys.csv` with a header:
 *
 *   data record 3 (the 4th line; no rejected line before it)  ->  ('fixtures/surveys.csv', 4, NULL)
 *   row 3 of `s.parquet` (counted from 1)                      ->  ('s.parquet', NULL, 3)
 *
 * A CSV's line is its record number under the header, stepped past the lines
 * DuckDB's reader rejected before it (they never reach the INSERT), which is
 * the number `load` prints for a rejected line. Like DuckDB's own numbers it
 * counts records, so a quoted value spanning lines earlier in the file shifts
 * it. The record number needs the reader's order: the INSERT of such a file
 * keeps `preserve_insertion_order` on (load-file.ts).
 */
import { ident, str } from '../compiler/quote.js';
import { firstDataLine } from './file-shape.js';
import type { InsertPlan } from './insert-sql.js';
import type { Warehouse } from './session.js';
import { survivorsSql } from './rejects.js';
import { LOAD_ID_COLUMN } from './table-layout.js';

/** The reader's record number (from 1) of a CSV row, in the inner SELECT of insert-sql.ts. */
export const RECORD_ALIAS = '__record';

/** Whether the INSERT numbers the reader's records (a CSV of a source that keeps places). */
export function numbersRecords(plan: Pick<InsertPlan, 'layout' | 'shape'>): boolean {
  return plan.layout.keepsPlace && plan.shape.format !== 'parquet';
}

/** The inner SELECT's record number, when the INSERT needs one. */
export function recordColumnSql(plan: InsertPlan): string[] {
  return numbersRecords(plan) ? [`row_number() OVER () AS ${ident(RECORD_ALIAS)}`] : [];
}

/** (table column, expression over "s") pairs of the place columns; none unless the layout keeps places. */
export function placeColumnsSql(plan: InsertPlan): [string, string][] {
  if (!plan.layout.keepsPlace) return [];
  const parquet = plan.shape.format === 'parquet';
  const line = parquet
    ? 'CAST(NULL AS BIGINT)'
    : `"s".${ident(RECORD_ALIAS)} + ${firstDataLine(plan.shape) - 1}`;
  return [
    ['_file', str(plan.filePath)],
    ['_line', line],
    // insert-sql.ts reads a Parquet file with its row numbers: "__row" counts from 1.
    ['_row', parquet ? '"s"."__row"' : 'CAST(NULL AS BIGINT)'],
  ];
}

/**
 * Steps the lines of one load past the lines the reader rejected
 * (`rejectsTable`): a row at record r follows every rejected line l_j with
 * s_j < r, s_j being the records that reached the INSERT before the j-th
 * rejected line (rejects.ts survivorsSql, as quarantineLines counts them).
 */
export async function stepLinesPastRejects(
  warehouse: Warehouse,
  table: string,
  loadId: bigint,
  rejectsTable: string,
  firstLine: number,
): Promise<void> {
  const rejected = await warehouse.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${ident(rejectsTable)}`);
  if ((rejected?.n ?? 0n) === 0n) return;
  const survivors = survivorsSql(rejectsTable, firstLine);
  // The record number of a row is its line as inserted, less the lines before the first record.
  await warehouse.run(
    `UPDATE ${ident(table)} SET "_line" = "_line" + (SELECT count(*) FROM (${survivors}) AS "v" ` +
      `WHERE "v"."s" < ${ident(table)}."_line" - ${firstLine - 1}) WHERE ${ident(LOAD_ID_COLUMN)} = ${loadId}`,
  );
}
