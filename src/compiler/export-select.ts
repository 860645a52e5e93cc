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

function exported(column: Column, format: ExportFormat): string {
  const source = `"t".${ident(column.name)}`;
  const type = column.type.toUpperCase();
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
