/**
 * One row per id in accounts and contacts. A repeated `acme` (twice in
 * accounts.csv, or in two files of the source) would give every milestone
 * two status rows for it and "9 assigned of 8", so it fails the load like a
 * dbt `unique` test: exit 1, every place of each repeated id as file:line,
 * and the transaction leaves the tables as they were.
 *
 *   accounts.csv:2:1 error[duplicate-id]: account_id "acme" is also at accounts.csv:9
 *   accounts.csv:9:1 error[duplicate-id]: account_id "acme" is also at accounts.csv:2
 *
 * Lines come from an ordered re-read of the files involved (the table does
 * not keep them), made only when some id repeats.
 */
import { ident, str } from '../compiler/quote.js';
import type { Diagnostic } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import type { AnySource } from './column-mapping.js';
import { resolveMapping } from './column-mapping.js';
import { describeFile, firstDataLine } from './file-shape.js';
import { buildRowValuesSql } from './insert-sql.js';
import { dropTemp, insertPlan, readSql } from './load-file.js';
import { loadedFiles } from './loaded-files.js';
import { quarantineLines } from './rejects.js';
import type { Warehouse } from './session.js';
import { formatOf } from './source-files.js';
import type { SourceName } from './table-layout.js';
import { LAYOUTS, LOAD_ID_COLUMN } from './table-layout.js';

/** The column that must be unique, per source that has one. */
const KEYS: Partial<Record<SourceName, string>> = { accounts: 'account_id', contacts: 'contact_id' };

/** Repeated ids shown (each with all its places, up to MAX_PLACES per file). */
const MAX_IDS = 3;
const MAX_PLACES = 20;

interface Place {
  file: string;
  /** CSV line (header = 1) or Parquet row; absent when the file could not be read again. */
  line?: number;
  row?: number;
}

export async function checkUniqueIds(
  warehouse: Warehouse,
  name: SourceName,
  source: AnySource,
): Promise<void> {
  const key = KEYS[name];
  if (key === undefined) return;
  const table = ident(LAYOUTS[name].table);
  const repeated = await warehouse.all<{ id: string; loads: string; total: bigint }>(
    `SELECT ${ident(key)} AS "id", string_agg(DISTINCT CAST(${ident(LOAD_ID_COLUMN)} AS VARCHAR), ',') AS "loads", ` +
      `count(*) OVER () AS "total" FROM ${table} WHERE ${ident(key)} IS NOT NULL ` +
      `GROUP BY ${ident(key)} HAVING count(*) > 1 ORDER BY "id" LIMIT ${MAX_IDS}`,
  );
  const first = repeated[0];
  if (first === undefined) return;
  const ids = repeated.map((r) => r.id);
  const paths = new Map(
    (await loadedFiles(warehouse, LAYOUTS[name].table)).map((f) => [String(f.load_id), f.path]),
  );
  const loadIds = [...new Set(repeated.flatMap((r) => r.loads.split(',')))].sort(
    (a, b) => Number(a) - Number(b),
  );
  const places = new Map<string, Place[]>(ids.map((id) => [id, []]));
  for (const loadId of loadIds) {
    const path = paths.get(loadId);
    if (path === undefined) continue;
    for (const [id, place] of await locate(warehouse, name, source, path, BigInt(loadId), key, ids)) {
      places.get(id)?.push(place);
    }
  }
  const diagnostics = repeated.flatMap((r) => idDiagnostics(key, r.id, places.get(r.id) ?? []));
  const n = first.total;
  throw new InvalidInputError(
    `${name}: ${n} ${key}${n === 1n ? '' : 's'} appear${n === 1n ? 's' : ''} more than once: ` +
      'nothing was loaded, the tables are unchanged',
    diagnostics,
    `keep one row per ${key} across the files of sources.${name} (a moved file: point path: at the new one only)`,
  );
}

/** The places of the ids in one file, in file order; on a read failure, the file without a line. */
async function locate(
  warehouse: Warehouse,
  name: SourceName,
  source: AnySource,
  path: string,
  loadId: bigint,
  key: string,
  ids: string[],
): Promise<[string, Place][]> {
  const layout = LAYOUTS[name];
  const file = { path, sha256: '', bytes: 1, mtimeNs: null, format: formatOf(path, source.format) };
  const load = { layout, source, file, loadId, timezone: 'UTC', contacts: false };
  // Its own temp names: the load ids of this run's files are taken by their rejects tables.
  const names = { table: `_locate_${loadId}`, scan: `_locate_scans_${loadId}` };
  try {
    const shape = await describeFile(warehouse, path, file.format, source.delimiter);
    const mapping = resolveMapping(layout, source, shape, path);
    const rows = buildRowValuesSql(
      insertPlan(load, shape, mapping, readSql(load, shape, mapping, names)),
      key,
    );
    const match = `"ok" AND "value" IN (${ids.map(str).join(', ')})`;
    if (shape.format === 'parquet') {
      const found = await warehouse.all<{ row: bigint; value: string }>(
        `SELECT "row", "value" FROM (${rows}) AS "v" WHERE ${match} ORDER BY "row" LIMIT ${MAX_PLACES}`,
      );
      return found.map((f) => [f.value, { file: path, row: Number(f.row) }]);
    }
    const checks = `SELECT "record", CASE WHEN ${match} THEN "value" END AS "reason" FROM (${rows}) AS "v"`;
    const lines = await quarantineLines(
      warehouse,
      checks,
      names.table,
      firstDataLine(shape),
      path,
      MAX_PLACES,
    );
    return lines.map((l) => [l.reason, { file: path, ...(l.line !== undefined ? { line: l.line } : {}) }]);
  } catch {
    // The file changed or went away since it was loaded: name it without a line.
    return ids.map((id) => [id, { file: path }]);
  } finally {
    await dropTemp(warehouse, [names.table, names.scan]).catch(() => undefined);
  }
}

function idDiagnostics(key: string, id: string, places: Place[]): Diagnostic[] {
  const label = (p: Place) =>
    p.line !== undefined ? `${p.file}:${p.line}` : p.row !== undefined ? `${p.file} row ${p.row}` : p.file;
  return places.map((place, i) => {
    const others = places.filter((_, j) => j !== i).map(label);
    const message = `${key} ${JSON.stringify(id)} is also at ${others.join(', ') || 'another row'}`;
    return place.line !== undefined
      ? {
          severity: 'error',
          code: 'duplicate-id',
          message,
          location: { file: place.file, line: place.line, col: 1 },
        }
      : { severity: 'error', code: 'duplicate-id', message: `${label(place)}: ${message}` };
  });
}
