/**
 * Events rows that the files loaded by this run repeat exactly from another
 * loaded file: overlapping exports (a date range pulled twice, a re-sent day)
 * count the same events twice, which the per-file hash (a copy of a whole
 * file) does not catch. Said as a warning with the count and one pair of
 * files; the rows stay, since two equal events in two files are not proof of
 * one (found by a review: a three-event milestone completed on two events).
 * One check per table and run, after its files are in: rows are grouped by a
 * hash of every column the files gave, within the new files' time range (so
 * a cron job's file of later events costs one pruned count, and two hundred
 * Spark part files one GROUP BY, not a join per file).
 *
 *   events_2.csv repeats 1 row of events_1.csv
 *   -> warning[repeated-rows]: 1 events row of the files just loaded repeats a row of another
 *      file exactly (every column): ... events_2.csv repeats rows of events_1.csv
 */
import { ident, str } from '../compiler/quote.js';
import type { Diagnostic } from '../errors.js';
import { LOADED_FILES } from './loaded-files.js';
import type { Warehouse } from './session.js';
import { LOAD_ID_COLUMN } from './table-layout.js';

export async function repeatedRowsWarnings(
  warehouse: Warehouse,
  table: string,
  loadIds: readonly bigint[],
): Promise<Diagnostic[]> {
  if (loadIds.length === 0) return [];
  const load = ident(LOAD_ID_COLUMN);
  const t = ident(table);
  const fresh = `${load} IN (${loadIds.join(', ')})`;
  const range = await warehouse.one<{ lo: string | null; hi: string | null }>(
    `SELECT CAST(min("ts") AS VARCHAR) AS "lo", CAST(max("ts") AS VARCHAR) AS "hi" FROM ${t} WHERE ${fresh}`,
  );
  if (!range?.lo || !range.hi) return [];
  // Constant bounds, so that the scans skip the row groups outside them.
  const within = `"ts" BETWEEN CAST(${str(range.lo)} AS TIMESTAMP) AND CAST(${str(range.hi)} AS TIMESTAMP)`;
  const loads = await warehouse.one<{ n: bigint }>(
    `SELECT count(DISTINCT ${load}) AS "n" FROM ${t} WHERE ${load} > 0 AND ${within}`,
  );
  if ((loads?.n ?? 0n) < 2n) return [];
  // Every column the files gave (the loader's own start with `_`); NULLs hash alike.
  const columns = (await warehouse.columns(table)).map((c) => c.name).filter((name) => !name.startsWith('_'));
  const found = await warehouse.one<{ n: bigint | null; file: bigint | null; original: bigint | null }>(
    `WITH "g" AS (
       SELECT hash(${columns.map(ident).join(', ')}) AS "h", ${load} AS "l", count(*) AS "n"
       FROM ${t} WHERE ${load} > 0 AND ${within} GROUP BY ALL
     ), "d" AS (
       SELECT "h", min("l") AS "first" FROM "g" GROUP BY "h" HAVING count(*) > 1
     )
     SELECT sum(g."n") AS "n", min(g."l") AS "file", arg_min(d."first", g."l") AS "original"
     FROM "g" AS g JOIN "d" AS d ON d."h" = g."h"
     WHERE g."l" <> d."first" AND g."l" IN (${loadIds.join(', ')})`,
  );
  const n = found?.n ?? 0n;
  if (n === 0n || found?.file == null) return [];
  const paths = await warehouse.all<{ load_id: bigint; path: string }>(
    `SELECT "load_id", "path" FROM ${ident(LOADED_FILES)} WHERE "table_name" = ${str(table)} ` +
      `AND "load_id" IN (${found.file}, ${found.original ?? found.file})`,
  );
  const pathOf = (id: bigint | null) => paths.find((p) => p.load_id === id)?.path;
  const file = pathOf(found.file) ?? 'a file';
  const original = pathOf(found.original);
  return [
    {
      severity: 'warning',
      code: 'repeated-rows',
      message:
        `${n} ${table} row${n === 1n ? '' : 's'} of the files just loaded repeat${n === 1n ? 's' : ''} a row of ` +
        `another file exactly (every column): such events count twice. ${file} repeats rows` +
        `${original ? ` of ${original}` : ''}`,
      hint: 'when the exports overlap, remove the overlap from one file (or keep one file per period)',
    },
  ];
}
