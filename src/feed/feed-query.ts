/**
 * The SQL that writes a slice of the feed log to a file (docs/FEED.md): the
 * rows numbered (from, to], in sequence order, each with the run that
 * recorded it and when that run published. Instants leave as ISO 8601 UTC
 * text with `Z` in CSV and JSON lines (microseconds only when there are
 * any), and as UTC-adjusted TIMESTAMPTZ in Parquet. Pure.
 *
 *   feedCopySql(80, 95, '/srv/.out.csv.tmp', 'csv')
 *   -> COPY (SELECT f."seq", ... FROM "milestone_feed" AS f JOIN "milestone_runs" AS r ...
 *      WHERE f."seq" > 80 AND f."seq" <= 95 ORDER BY f."seq") TO '/srv/.out.csv.tmp' (FORMAT csv, HEADER true)
 */
import { ident, literal, str } from '../compiler/quote.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import { copyCompression } from '../output/copy-compression.js';

export type FeedFormat = 'csv' | 'jsonl' | 'parquet';

const COPY_OPTIONS: Record<FeedFormat, string> = {
  csv: 'FORMAT csv, HEADER true',
  jsonl: 'FORMAT json',
  parquet: 'FORMAT parquet',
};

/** `2026-01-02T10:00:00Z`, or `2026-01-02T10:00:00.250000Z` when the instant has a fraction. */
export function isoInstant(sql: string): string {
  return (
    `CASE WHEN microsecond(${sql}) % 1000000 = 0 THEN strftime(${sql}, '%Y-%m-%dT%H:%M:%SZ') ` +
    `ELSE strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%fZ') END`
  );
}

function instant(sql: string, format: FeedFormat): string {
  // The session zone is UTC: the cast marks the naive UTC value as UTC without shifting it.
  return format === 'parquet' ? `CAST(${sql} AS TIMESTAMPTZ)` : isoInstant(sql);
}

export function feedSelectSql(from: number, to: number, format: FeedFormat): string {
  const columns = [
    'f."seq"',
    'f."run_id"',
    'f."change"',
    'f."type"',
    'f."milestone_id"',
    'f."level"',
    'f."actor_id"',
    'f."account_id"',
    `${instant('f."ts"', format)} AS "ts"`,
    'f."holds"',
    'f."progress"',
    'f."previous_progress"',
    'f."published_run"',
    `${instant('r."finished_at"', format)} AS "run_finished_at"`,
  ];
  return (
    `SELECT ${columns.join(', ')}\n` +
    `FROM ${ident(RUN_TABLES.feed)} AS f\n` +
    `JOIN ${ident(RUN_TABLES.runs)} AS r ON r."run_id" = f."run_id"\n` +
    `WHERE f."seq" > ${literal(from)} AND f."seq" <= ${literal(to)}\n` +
    `ORDER BY f."seq"`
  );
}

/** `target`: the file `path` (a temp name) becomes, whose extension says the compression. */
export function feedCopySql(
  from: number,
  to: number,
  path: string,
  format: FeedFormat,
  target = path,
): string {
  return `COPY (${feedSelectSql(from, to, format)}) TO ${str(path)} (${COPY_OPTIONS[format]}${copyCompression(target, format)})`;
}
