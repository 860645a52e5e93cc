/**
 * Events rows a newly loaded file repeats exactly from another loaded file:
 * overlapping exports (a date range pulled twice, a re-sent day) count the
 * same events twice, which the per-file hash (a copy of a whole file) does not
 * catch. Said as a warning with the count and the other file; the rows stay,
 * since two equal events in two files are not proof of one (found by a
 * review: a three-event milestone completed on two events). Only the other
 * files' rows in the new file's time range are compared, so a file of later
 * events (a cron job's daily file) costs one pruned count.
 *
 *   events_2.csv repeats 1 row of events_1.csv
 *   -> warning[repeated-rows]: events_2.csv: 1 row repeats a row already loaded from events_1.csv ...
 */
import { ident, str } from '../compiler/quote.js';
import type { Diagnostic } from '../errors.js';
import { LOADED_FILES } from './loaded-files.js';
import type { Warehouse } from './session.js';
import { LOAD_ID_COLUMN } from './table-layout.js';

export async function repeatedRowsWarnings(
  warehouse: Warehouse,
  table: string,
  loadId: bigint,
  path: string,
): Promise<Diagnostic[]> {
  const load = ident(LOAD_ID_COLUMN);
  const t = ident(table);
  const range = await warehouse.one<{ lo: string | null; hi: string | null }>(
    `SELECT CAST(min("ts") AS VARCHAR) AS "lo", CAST(max("ts") AS VARCHAR) AS "hi" FROM ${t} WHERE ${load} = ${loadId}`,
  );
  if (!range?.lo || !range.hi) return [];
  // Constant bounds, so that the scan skips the row groups outside them.
  const others =
    `${load} > 0 AND ${load} <> ${loadId} AND "ts" BETWEEN CAST(${str(range.lo)} AS TIMESTAMP) ` +
    `AND CAST(${str(range.hi)} AS TIMESTAMP)`;
  const any = await warehouse.one<{ n: bigint }>(
    `SELECT count(*) AS "n" FROM (SELECT 1 FROM ${t} WHERE ${others} LIMIT 1)`,
  );
  if ((any?.n ?? 0n) === 0n) return [];
  // Every column the file gave (the loader's own start with `_`).
  const columns = (await warehouse.columns(table)).map((c) => c.name).filter((name) => !name.startsWith('_'));
  const same = columns.map((c) => `o.${ident(c)} IS NOT DISTINCT FROM n.${ident(c)}`).join(' AND ');
  const found = await warehouse.one<{ n: bigint; other: string | null }>(
    `WITH "matched" AS (
       SELECT n.rowid AS "row", min(o.${load}) AS "other"
       FROM ${t} AS n
       JOIN (SELECT * FROM ${t} WHERE ${others}) AS o ON ${same}
       WHERE n.${load} = ${loadId}
       GROUP BY n.rowid
     )
     SELECT a."n", f."path" AS "other"
     FROM (SELECT count(*) AS "n", min("other") AS "other" FROM "matched") AS a
     LEFT JOIN ${ident(LOADED_FILES)} AS f ON f."table_name" = ${str(table)} AND f."load_id" = a."other"`,
  );
  const n = found?.n ?? 0n;
  if (n === 0n) return [];
  const from = found?.other ? ` from ${found.other}` : '';
  return [
    {
      severity: 'warning',
      code: 'repeated-rows',
      message:
        `${path}: ${n} row${n === 1n ? ' repeats' : 's repeat'} a row already loaded${from} exactly ` +
        `(every column): such events count twice`,
      hint: 'when the exports overlap, remove the overlap from one file (or keep one file per period)',
    },
  ];
}
