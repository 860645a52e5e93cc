/**
 * Rejected rows, from two places: DuckDB's reader rejects (malformed lines,
 * values that do not fit a declared type; with line numbers) and the rows
 * insert-sql.ts quarantined under a negative `_load_id` (unreadable
 * timestamps and values, missing required values). In a CSV, those get
 * their line numbers from a diagnostic re-read in file order, which only
 * happens when there are some.
 */
import { ident } from '../compiler/quote.js';
import type { Diagnostic, Severity } from '../errors.js';
import { READER_ERROR_ORDER } from './reader-reject-reasons.js';
import type { Warehouse } from './session.js';
import { LOAD_ID_COLUMN, PROPERTIES_COLUMN } from './table-layout.js';

export interface RejectedRow {
  file: string;
  /**
   * CSV: the line number DuckDB gives (the header is line 1). It counts CSV
   * records, so it is the physical line unless an earlier quoted value spans lines.
   */
  line?: number;
  /** Parquet: the 1-based row number. */
  row?: number;
  column?: string;
  reason: string;
  /** The CSV line as read, when known. */
  text?: string;
  /** Reader rejects: DuckDB's error_type (e.g. TOO MANY COLUMNS). */
  kind?: string;
}

/** How many examples a report keeps per table. */
export const MAX_EXAMPLES = 5;

export interface Rejects {
  count: bigint;
  examples: RejectedRow[];
}

interface ReaderReject {
  line: bigint;
  error_type: string | null;
  column_name: string | null;
  error_message: string;
  csv_line: string | null;
}

/** Rows DuckDB's reader rejected, counted by line (a line may have several errors). */
export async function readerRejects(
  warehouse: Warehouse,
  rejectsTable: string,
  file: string,
): Promise<Rejects> {
  const t = ident(rejectsTable);
  const total = await warehouse.one<{ n: bigint }>(`SELECT count(DISTINCT "line") AS n FROM ${t}`);
  const rows = await warehouse.all<ReaderReject>(
    `SELECT "line", CAST("error_type" AS VARCHAR) AS "error_type", "column_name", "error_message", "csv_line" FROM ${t} ` +
      `QUALIFY row_number() OVER (PARTITION BY "line" ORDER BY ${READER_ERROR_ORDER}, "column_idx") = 1 ORDER BY "line" LIMIT ${MAX_EXAMPLES}`,
  );
  return { count: total?.n ?? 0n, examples: rows.map((r) => readerExample(r, file)) };
}

function readerExample(r: ReaderReject, file: string): RejectedRow {
  const example: RejectedRow = { file, line: Number(r.line), reason: r.error_message.trim() };
  if (r.column_name) example.column = r.column_name;
  if (r.error_type) example.kind = r.error_type;
  if (r.csv_line) example.text = r.csv_line.replace(/^[\r\n]+|[\r\n]+$/g, '');
  return example;
}

export interface Quarantine extends Rejects {
  /** Reason codes present (insert-sql.ts RejectCode). */
  codes: Set<string>;
}

/** Counts and samples the rows quarantined under -loadId. */
export async function quarantinedRows(
  warehouse: Warehouse,
  table: string,
  loadId: bigint,
  file: string,
): Promise<Quarantine> {
  const where = `FROM ${ident(table)} WHERE ${ident(LOAD_ID_COLUMN)} = ${-loadId}`;
  const props = ident(PROPERTIES_COLUMN);
  const byCode = await warehouse.all<{ code: string; n: bigint }>(
    `SELECT ${props} ->> 'code' AS code, count(*) AS n ${where} GROUP BY ALL`,
  );
  const count = byCode.reduce((sum, r) => sum + r.n, 0n);
  if (count === 0n) return { count, codes: new Set(), examples: [] };
  const rows = await warehouse.all<{ reason: string; row: string | null; column: string | null }>(
    `SELECT ${props} ->> 'reason' AS reason, ${props} ->> 'row' AS row, ${props} ->> 'column' AS "column" ${where} ` +
      `ORDER BY TRY_CAST(${props} ->> 'row' AS BIGINT) NULLS LAST LIMIT ${MAX_EXAMPLES}`,
  );
  const examples = rows.map((r): RejectedRow => {
    const example: RejectedRow = { file, reason: r.reason };
    if (r.row !== null) example.row = Number(r.row);
    if (r.column !== null) example.column = r.column;
    return example;
  });
  return { count, codes: new Set(byCode.map((r) => r.code)), examples };
}

export async function deleteQuarantined(warehouse: Warehouse, table: string, loadId: bigint): Promise<void> {
  await warehouse.run(`DELETE FROM ${ident(table)} WHERE ${ident(LOAD_ID_COLUMN)} = ${-loadId}`);
}

/**
 * Per line the reader rejected, in line order, how many records reached the
 * INSERT before it: s_j = l_j - firstLine - j + 1 for the j-th rejected line
 * l_j. A record r that reached the INSERT comes after the rejected lines
 * with s_j < r (quarantineLines, row-places.ts stepLinesPastRejects).
 */
export function survivorsSql(rejectsTable: string, firstLine: number): string {
  return (
    `SELECT "line" - ${firstLine} - row_number() OVER (ORDER BY "line") + 1 AS "s" ` +
    `FROM (SELECT DISTINCT "line" FROM ${ident(rejectsTable)}) AS "l"`
  );
}

/**
 * Line numbers of the first quarantined rows of a CSV. `checks` numbers the
 * rows that reach the INSERT (buildRowChecksSql); `rejectsTable` holds the
 * lines the same read rejected, which that numbering skips. Row r is record
 * r + (rejected records before it): with s_j = l_j - firstLine - j + 1
 * survivors before the j-th rejected line l_j, that is the number of j with
 * s_j < r. `firstLine` is the line of the first data record (2 under a
 * header). Like DuckDB's own numbers these count records, so a quoted value
 * spanning lines shifts them. Keeps the first `limit` rows.
 */
export async function quarantineLines(
  warehouse: Warehouse,
  checks: string,
  rejectsTable: string,
  firstLine: number,
  file: string,
  limit = MAX_EXAMPLES,
): Promise<RejectedRow[]> {
  // No ORDER BY: in insertion order, LIMIT keeps the first rows and lets the read stop early.
  // `checks` may name the column it could not read (`column`, buildRowChecksSql).
  const quarantined = await warehouse.all<{ record: bigint; reason: string; column?: string | null }>(
    `SELECT * FROM (${checks}) AS "c" WHERE "reason" IS NOT NULL LIMIT ${limit}`,
  );
  if (quarantined.length === 0) return [];
  // Rows the read rejected before each quarantined one; the table exists once the read above ran.
  const records = quarantined.map((q) => `(${Number(q.record)})`).join(', ');
  const skipped = await warehouse.all<{ record: bigint; before: bigint }>(
    `WITH "survivors" AS (${survivorsSql(rejectsTable, firstLine)}) ` +
      `SELECT "q"."record", count("v"."s") AS "before" FROM (VALUES ${records}) AS "q"("record") ` +
      `LEFT JOIN "survivors" AS "v" ON "v"."s" < "q"."record" GROUP BY ALL`,
  );
  const before = new Map(skipped.map((r) => [Number(r.record), Number(r.before)]));
  return quarantined
    .map((q) => {
      const record = Number(q.record);
      const line = record + firstLine - 1 + (before.get(record) ?? 0);
      return { file, line, reason: q.reason, ...(typeof q.column === 'string' ? { column: q.column } : {}) };
    })
    .sort((a, b) => a.line - b.line);
}

/** Merges examples, lines first in order, keeping MAX_EXAMPLES. */
export function firstExamples(...lists: RejectedRow[][]): RejectedRow[] {
  const all = lists.flat();
  const key = (r: RejectedRow) => r.line ?? r.row ?? Number.MAX_SAFE_INTEGER;
  return all
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.file.localeCompare(b.r.file) || key(a.r) - key(b.r) || a.i - b.i)
    .slice(0, MAX_EXAMPLES)
    .map(({ r }) => r);
}

/** A rejected row as a diagnostic: `file:line:1 warning[rejected-row]: reason`. */
export function rejectDiagnostic(r: RejectedRow, severity: Severity): Diagnostic {
  const diagnostic: Diagnostic =
    r.line !== undefined
      ? {
          severity,
          code: 'rejected-row',
          message: r.reason,
          location: { file: r.file, line: r.line, col: 1 },
        }
      : {
          severity,
          code: 'rejected-row',
          message: `${r.file}${r.row !== undefined ? ` row ${r.row}` : ''}: ${r.reason}`,
        };
  if (r.text !== undefined) diagnostic.hint = `the line: ${truncate(r.text, 200)}`;
  return diagnostic;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}
