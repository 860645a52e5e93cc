/**
 * The SELECT that `milestones export` COPYs out. Stored timestamps are naive
 * UTC; every instant that leaves the program says so. In CSV and JSON a
 * TIMESTAMP column becomes ISO 8601 text with an explicit Z (fractional
 * seconds only when present); in Parquet it becomes TIMESTAMPTZ, which
 * Parquet stores as a TIMESTAMP with isAdjustedToUTC = true (an instant).
 * Rows are sorted by every source column, so the same table gives the same bytes.
 *
 *   milestone_status(completed_at TIMESTAMP, status VARCHAR), csv ->
 *   SELECT CASE ... strftime("t"."completed_at", '%Y-%m-%dT%H:%M:%SZ') ... END AS "completed_at",
 *          "t"."status" AS "status"
 *   FROM "milestone_status" AS "t" ORDER BY "t"."completed_at", "t"."status"
 */
import type { Column } from './columns.js';
import { ident } from './quote.js';
import { isoInstantSql } from './time.js';

export type ExportFormat = 'csv' | 'parquet' | 'json';

const INSTANT_TYPES = new Set([
  'TIMESTAMP',
  'TIMESTAMP WITH TIME ZONE',
  'TIMESTAMP_MS',
  'TIMESTAMP_NS',
  'TIMESTAMP_S',
]);

/** Integer types that can hold a number a JSON reader's double cannot (beyond 2^53 - 1). */
const WIDE_INTEGERS = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);
const SAFE_INTEGER = '9007199254740991';

/**
 * In JSON, an integer beyond 2^53 - 1 is a string, as every JSON the CLI
 * prints has it (README): DuckDB wrote 9007199254740993 as a bare number,
 * which JavaScript reads as ...992 (an order id or amount silently changed;
 * found by review). Smaller ones stay numbers.
 */
function jsonInteger(source: string): string {
  return (
    `CAST(CASE WHEN ${source} BETWEEN -${SAFE_INTEGER} AND ${SAFE_INTEGER} THEN CAST(${source} AS VARCHAR) ` +
    `ELSE to_json(CAST(${source} AS VARCHAR)) END AS JSON)`
  );
}

function exported(column: Column, format: ExportFormat): string {
  const source = `"t".${ident(column.name)}`;
  const type = column.type.toUpperCase();
  if (format === 'json' && WIDE_INTEGERS.has(type)) return jsonInteger(source);
  // A list of instants (conversion_actors.step_times): each element as a single instant is.
  if (type.endsWith('[]') && INSTANT_TYPES.has(type.slice(0, -2))) {
    return format === 'parquet'
      ? `CAST(${source} AS TIMESTAMPTZ[])`
      : `list_transform(CAST(${source} AS TIMESTAMP[]), "x" -> ${isoInstantSql('"x"')})`;
  }
  if (!INSTANT_TYPES.has(type)) return source;
  // The session time zone is UTC, so neither conversion shifts the instant.
  return format === 'parquet'
    ? `CAST(${source} AS TIMESTAMPTZ)`
    : isoInstantSql(`CAST(${source} AS TIMESTAMP)`);
}

export function exportSelect(table: string, columns: Column[], format: ExportFormat): string {
  const select = columns.map((c) => `${exported(c, format)} AS ${ident(c.name)}`).join(', ');
  const order = columns.map((c) => `"t".${ident(c.name)}`).join(', ');
  return `SELECT ${select} FROM ${ident(table)} AS "t"${order === '' ? '' : ` ORDER BY ${order}`}`;
}
