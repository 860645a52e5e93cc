/**
 * `_loaded_files`: one row per file a table holds rows from. It makes loading
 * idempotent (same content: nothing to do), lets a changed file replace its
 * own rows (by `load_id`, which the table's `_load_id` column carries), and
 * remembers the mapping each file was loaded with (`mapping`, a hash of the
 * source's settings and the time zone) so that a changed mapping reloads.
 * `ad_hoc` marks files loaded by `load TABLE PATH...`: a load of the declared
 * sources removes the files they no longer name, but keeps those. `bytes` and
 * `mtime_ns` are the file's size and modification time when last seen, so
 * that an untouched file is not hashed again (source-files.ts identifyFile).
 */
import type { Warehouse } from './session.js';

export const LOADED_FILES = '_loaded_files';
const LOAD_ID_SEQUENCE = '_load_ids';

export interface LoadedFile {
  table_name: string;
  path: string;
  sha256: string;
  rows: bigint;
  rejected: bigint;
  loaded_at: Date;
  load_id: bigint;
  mapping: string;
  ad_hoc: boolean;
  /** Null in rows recorded before the column existed (the file is then hashed once more). */
  bytes: bigint | null;
  mtime_ns: bigint | null;
}

export async function ensureLoadedFiles(warehouse: Warehouse): Promise<void> {
  await warehouse.run(
    `CREATE TABLE IF NOT EXISTS "${LOADED_FILES}" ("table_name" VARCHAR, "path" VARCHAR, "sha256" VARCHAR, ` +
      `"rows" BIGINT, "rejected" BIGINT, "loaded_at" TIMESTAMP, "load_id" BIGINT, "mapping" VARCHAR)`,
  );
  // Added later: warehouses loaded before it get the column (their files count as declared).
  await warehouse.run(
    `ALTER TABLE "${LOADED_FILES}" ADD COLUMN IF NOT EXISTS "ad_hoc" BOOLEAN DEFAULT false`,
  );
  await warehouse.run(`ALTER TABLE "${LOADED_FILES}" ADD COLUMN IF NOT EXISTS "bytes" BIGINT`);
  await warehouse.run(`ALTER TABLE "${LOADED_FILES}" ADD COLUMN IF NOT EXISTS "mtime_ns" BIGINT`);
  await warehouse.run(`CREATE SEQUENCE IF NOT EXISTS "${LOAD_ID_SEQUENCE}" START 1`);
}

/** A loaded file as run records, fingerprints and incremental decisions name it. */
export interface LoadedFileRef {
  table: string;
  path: string;
  sha256: string;
  load_id: string;
}

/** Every loaded file of every table, by table and path; none before the first load. */
export async function loadedFileList(warehouse: Warehouse): Promise<LoadedFileRef[]> {
  if (!(await warehouse.tableExists(LOADED_FILES))) return [];
  return warehouse.allJson<LoadedFileRef>(
    `SELECT "table_name" AS "table", "path", "sha256", CAST("load_id" AS VARCHAR) AS "load_id" ` +
      `FROM "${LOADED_FILES}" ORDER BY "table_name", "path"`,
  );
}

export async function loadedFiles(warehouse: Warehouse, table: string): Promise<LoadedFile[]> {
  return warehouse.all<LoadedFile>(`SELECT * FROM "${LOADED_FILES}" WHERE "table_name" = ? ORDER BY "path"`, [
    table,
  ]);
}

export async function nextLoadId(warehouse: Warehouse): Promise<bigint> {
  const row = await warehouse.one<{ id: bigint }>(`SELECT nextval('${LOAD_ID_SEQUENCE}') AS id`);
  if (!row) throw new Error('no load id from the sequence');
  return row.id;
}

export async function recordLoadedFile(
  warehouse: Warehouse,
  file: Omit<LoadedFile, 'loaded_at'>,
): Promise<void> {
  await warehouse.run(
    `INSERT INTO "${LOADED_FILES}" ("table_name", "path", "sha256", "rows", "rejected", "loaded_at", "load_id", "mapping", "ad_hoc", "bytes", "mtime_ns") ` +
      `VALUES (?, ?, ?, ?, ?, timezone('UTC', now()), ?, ?, ?, ?, ?)`,
    [
      file.table_name,
      file.path,
      file.sha256,
      file.rows,
      file.rejected,
      file.load_id,
      file.mapping,
      file.ad_hoc,
      file.bytes,
      file.mtime_ns,
    ],
  );
}

/** An unchanged file seen with another size or time (touched, or recorded before they were): remember them. */
export async function rememberFileStat(
  warehouse: Warehouse,
  table: string,
  loadId: bigint,
  stat: { bytes: bigint; mtimeNs: bigint | null },
): Promise<void> {
  await warehouse.run(
    `UPDATE "${LOADED_FILES}" SET "bytes" = ?, "mtime_ns" = ? WHERE "table_name" = ? AND "load_id" = ?`,
    [stat.bytes, stat.mtimeNs, table, loadId],
  );
}

/** A file loaded ad hoc that a declared source now names too: from now on it follows the source. */
export async function markDeclared(warehouse: Warehouse, table: string, loadId: bigint): Promise<void> {
  await warehouse.run(
    `UPDATE "${LOADED_FILES}" SET "ad_hoc" = false WHERE "table_name" = ? AND "load_id" = ?`,
    [table, loadId],
  );
}

export async function forgetLoadedFile(warehouse: Warehouse, table: string, loadId: bigint): Promise<void> {
  await warehouse.run(`DELETE FROM "${LOADED_FILES}" WHERE "table_name" = ? AND "load_id" = ?`, [
    table,
    loadId,
  ]);
}

export async function forgetTable(warehouse: Warehouse, table: string): Promise<void> {
  await warehouse.run(`DELETE FROM "${LOADED_FILES}" WHERE "table_name" = ?`, [table]);
}
