/**
 * How a published table is declared when a statement writes it whole. DuckDB
 * chooses each text column's compression per segment by trying every method
 * on it, and on a persistent table that trial is much of the write: a column
 * of 1.2M ids took 0.24 s to write, 0.15 s with the method named, and a
 * column of 7 milestone names 0.17 s against 0.09 s (docs/SCALING.md,
 * sixteenth session). For the text columns whose kind of value the tool
 * knows, the table names the method the trial picks on them anyway: a
 * dictionary for the few-valued codes the tool writes (milestone ids,
 * levels, statuses, change types), FSST for ids. Other text columns (survey
 * answers and topics, which come from user data) are left to the trial.
 * Only the writing session uses the names (DuckDB keeps no trace of them in
 * the catalog), so later appends choose as usual. The warehouse's size did
 * not change (1.15 GB at 50M events either way).
 *
 *   createTableSql('"t"', [['milestone_id', 'VARCHAR'], ['actor_id', 'VARCHAR'], ['ts', 'TIMESTAMP']])
 *   -> CREATE OR REPLACE TABLE "t" ("milestone_id" VARCHAR USING COMPRESSION dictionary,
 *        "actor_id" VARCHAR USING COMPRESSION fsst, "ts" TIMESTAMP)
 */
import { ident } from './quote.js';

export type Columns = [string, string][];

/**
 * `named`: the warehouse's file takes the methods named here. DuckDB 1.5
 * refuses `dictionary` and `fsst` by name on a file in storage format v1.3.0
 * or newer (deprecated there; and their successor `dict_fsst` is refused on
 * older files), so tables there, and plans compiled without a warehouse, name
 * none (`auto`: DuckDB's trial, as before). Found by review, 2026-12-07.
 */
export type ColumnCompression = 'named' | 'auto';

/** Text columns holding one of a few values the tool writes (or ids from the config, or loaded files' ids). */
const FEW_VALUED = new Set([
  'milestone_id',
  'previous_id',
  'next_id',
  'journey_id',
  'cx_id',
  'level',
  'status',
  'type',
  'change',
  'leaf',
  'stage',
  'matched_by',
  'metric',
  'sentiment',
  'file',
  'load_id',
]);

/** Text columns holding ids: many distinct values sharing a shape. */
const ID_LIKE = new Set(['actor_id', 'account_id', 'contact_id', 'response_id']);

function compressionOf(name: string, type: string, compression: ColumnCompression): string {
  if (compression !== 'named' || type !== 'VARCHAR') return '';
  if (FEW_VALUED.has(name)) return ' USING COMPRESSION dictionary';
  if (ID_LIKE.has(name)) return ' USING COMPRESSION fsst';
  return '';
}

/** `"name" TYPE [USING COMPRESSION method], ...` */
export function columnDefinitions(columns: Columns, compression: ColumnCompression = 'auto'): string {
  return columns
    .map(([name, type]) => `${ident(name)} ${type}${compressionOf(name, type, compression)}`)
    .join(', ');
}

/** `CREATE [OR REPLACE | IF NOT EXISTS] TABLE table (columns)`; `table` is quoted already. */
export function createTableSql(
  table: string,
  columns: Columns,
  mode: 'replace' | 'if-not-exists' | 'new' = 'replace',
  compression: ColumnCompression = 'auto',
): string {
  const create =
    mode === 'replace'
      ? 'CREATE OR REPLACE TABLE'
      : mode === 'if-not-exists'
        ? 'CREATE TABLE IF NOT EXISTS'
        : 'CREATE TABLE';
  return `${create} ${table} (${columnDefinitions(columns, compression)})`;
}

/**
 * Replaces `table` with the rows of `source` (both quoted), named column by
 * column so that a staged table whose columns drifted fails instead of
 * filling the wrong ones.
 */
export function replaceTableSql(
  table: string,
  columns: Columns,
  source: string,
  order = '',
  compression: ColumnCompression = 'auto',
): string {
  const names = columns.map(([name]) => ident(name)).join(', ');
  return (
    `${createTableSql(table, columns, 'replace', compression)};\n` +
    `INSERT INTO ${table} (${names})\nSELECT ${names} FROM ${source}${order ? `\nORDER BY ${order}` : ''}`
  );
}
