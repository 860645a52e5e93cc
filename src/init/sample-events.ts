/**
 * What `milestones init` reads of an events file: its columns with the types
 * DuckDB's sniffer gives them (CSV) or the file declares (Parquet), and, once
 * the event column is known, the most frequent event names in a sample.
 *
 *   sampleColumns(w, 'events.csv', 'csv')
 *   -> DESCRIBE SELECT * FROM read_csv('events.csv')
 *   -> [{name: 'occurred_at', type: 'TIMESTAMP'}, {name: 'account', type: 'VARCHAR'}, ...]
 *   topEvents(w, 'events.csv', 'csv', 'event_name', 10)
 *   -> SELECT "name", count(*) ... FROM (SELECT "event_name" FROM read_csv(...) LIMIT 100000) ...
 */
import { fileLiteral, ident, str } from '../compiler/quote.js';
import type { SourceFormat } from '../definitions/model.js';
import { unreadable } from '../warehouse/file-shape.js';
import { textInstant } from '../warehouse/insert-sql.js';
import { csvCompression } from '../warehouse/read-sql.js';
import type { Warehouse } from '../warehouse/session.js';

export interface SampledColumn {
  name: string;
  type: string;
}

export interface EventCount {
  event: string;
  count: number;
}

/** Rows read to rank the event names: enough to be representative, quick on any file. */
export const SAMPLE_ROWS = 100_000;

/** The sniffing reader: init guesses what `load` will then read with a fixed dialect. `text`: CSV columns as text. */
function readSql(path: string, format: SourceFormat, text = false): string {
  return format === 'parquet'
    ? `read_parquet(${fileLiteral(path)}, hive_partitioning = false)`
    : `read_csv(${[fileLiteral(path), 'hive_partitioning = false', ...(text ? ['all_varchar = true'] : []), ...csvCompression(path)].join(', ')})`;
}

export async function sampleColumns(
  warehouse: Warehouse,
  path: string,
  format: SourceFormat,
): Promise<SampledColumn[]> {
  try {
    const rows = await warehouse.all<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM ${readSql(path, format)}`,
    );
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  } catch (error) {
    throw await unreadable(error, path, format);
  }
}

/** The `limit` most frequent values of `column` among the first SAMPLE_ROWS rows, and the rows read. */
export async function topEvents(
  warehouse: Warehouse,
  path: string,
  format: SourceFormat,
  column: string,
  limit: number,
): Promise<{ events: EventCount[]; sampled: number }> {
  const sample = `SELECT CAST(${ident(column)} AS VARCHAR) AS "name" FROM ${readSql(path, format)} LIMIT ${SAMPLE_ROWS}`;
  try {
    const rows = await warehouse.all<{ name: string; n: bigint; total: bigint }>(
      `SELECT "name", count(*) AS "n", sum(count(*)) OVER () AS "total"\n` +
        `FROM (${sample}) WHERE "name" IS NOT NULL AND "name" <> ''\n` +
        `GROUP BY "name" ORDER BY "n" DESC, "name" LIMIT ${limit}`,
    );
    return {
      events: rows.map((r) => ({ event: r.name, count: Number(r.n) })),
      sampled: rows.length > 0 ? Number(rows[0]!.total) : 0,
    };
  } catch (error) {
    throw await unreadable(error, path, format);
  }
}

/** A `timestamp_format` for the time column's text, and whether another format reads the sample too. */
export interface TimeFormat {
  format: string;
  /** Day and month could be either way round: every sampled day was 12 or less. */
  ambiguous: boolean;
}

/**
 * Formats tried on a text time column the loader cannot read as it is (its
 * reading takes ISO 8601 with or without an offset): spreadsheet and CRM
 * exports, month first before day first where both read (US exports), each
 * with seconds, minutes only, a 12-hour clock, or no time.
 */
export const TIME_FORMATS = [
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y %I:%M:%S %p',
  '%d/%m/%Y %I:%M %p',
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
  '%d-%m-%Y %H:%M:%S',
  '%d-%m-%Y %H:%M',
  '%Y/%m/%d %H:%M:%S',
  '%Y/%m/%d %H:%M',
  '%d %b %Y %H:%M:%S',
  '%d-%b-%Y %H:%M:%S',
  '%b %d %Y %H:%M:%S',
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%d.%m.%Y',
  '%Y/%m/%d',
] as const;

/** Values of the time column looked at. */
const TIME_SAMPLE = 1000;

/**
 * The `timestamp_format` the loader needs for `column`, read from its first
 * non-empty values as text: undefined when the loader reads them as they
 * are (ISO 8601), when the file types the column (Parquet), or when no
 * format reads every sampled value. `load` reads text times with the
 * format it is given and rejects the rest, so without one a
 * `05/01/2026 09:00` column had every row rejected (found by review).
 *
 *   '25/01/2026 10:30', '05/02/2026 09:00' -> {format: '%d/%m/%Y %H:%M', ambiguous: false}
 */
export async function sampleTimeFormat(
  warehouse: Warehouse,
  path: string,
  format: SourceFormat,
  column: SampledColumn,
): Promise<TimeFormat | undefined> {
  // A Parquet file types its times; only its text columns need a format.
  if (format === 'parquet' && !/^VARCHAR$/i.test(column.type)) return undefined;
  const read = readSql(path, format, true);
  const counts = TIME_FORMATS.map((f, i) => `count(try_strptime("v", ${str(f)})) AS "f${i}"`).join(', ');
  const sql =
    `WITH "s" AS (SELECT trim(CAST(${ident(column.name)} AS VARCHAR)) AS "v" FROM ${read} ` +
    `WHERE nullif(trim(CAST(${ident(column.name)} AS VARCHAR)), '') IS NOT NULL LIMIT ${TIME_SAMPLE}) ` +
    `SELECT count(*) AS "n", count(${textInstant('"v"')}) AS "iso", ${counts} FROM "s"`;
  let row: Record<string, bigint> | undefined;
  try {
    row = await warehouse.one<Record<string, bigint>>(sql);
  } catch (error) {
    throw await unreadable(error, path, format);
  }
  if (row === undefined || row.n === 0n || row.iso === row.n) return undefined;
  const reading = TIME_FORMATS.filter((_, i) => row[`f${i}`] === row.n);
  const first = reading[0];
  if (first === undefined) return undefined;
  // The same format with day and month the other way round: '%m/%d/%Y' <-> '%d/%m/%Y'.
  const swapped = first.replace(
    /%([md])(.)%([md])/,
    (_, a: string, sep: string, b: string) => `%${b}${sep}%${a}`,
  );
  return {
    format: first,
    ambiguous: swapped !== first && reading.includes(swapped as (typeof TIME_FORMATS)[number]),
  };
}
