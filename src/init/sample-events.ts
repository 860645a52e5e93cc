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
import { fileLiteral, ident } from '../compiler/quote.js';
import type { SourceFormat } from '../definitions/model.js';
import { unreadable } from '../warehouse/file-shape.js';
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

/** The sniffing reader: init guesses what `load` will then read with a fixed dialect. */
function readSql(path: string, format: SourceFormat): string {
  return format === 'parquet'
    ? `read_parquet(${fileLiteral(path)}, hive_partitioning = false)`
    : `read_csv(${[fileLiteral(path), 'hive_partitioning = false', ...csvCompression(path)].join(', ')})`;
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
