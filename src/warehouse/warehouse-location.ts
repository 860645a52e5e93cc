/**
 * The warehouse is a local DuckDB file, checked before DuckDB sees the path:
 * DuckDB reads `https://…`, `s3://…`, `md:…` (MotherDuck) and SQLite files
 * through extensions it would fetch from the network, and the program never
 * reaches the network (SPEC §6). So a path with a scheme (`word:`, two
 * letters or more, as DuckDB reads it; `C:\` stays a path) is refused, and so
 * is an existing file whose header is not DuckDB's (a SQLite file, a CSV).
 *
 *   checkWarehouseLocation('md:prod')  -> UserError (exit 2): remote warehouses are not supported
 *   checkWarehouseLocation('./md:x')   -> ok: a local file named "md:x"
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';

/** A DuckDB database type or URL prefix: `md:`, `s3://`, `sqlite:`, `https://`. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

const SQLITE_MAGIC = 'SQLite format 3\0';
/** DuckDB files carry "DUCK" at byte 8 of their first block. */
const DUCKDB_MAGIC = { offset: 8, text: 'DUCK' };

export function isRemoteWarehouse(path: string): boolean {
  return SCHEME.test(path);
}

function header(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Throws a UserError (exit 2) unless `path` is ":memory:", a new file, or an existing DuckDB file. */
export function checkWarehouseLocation(path: string): void {
  if (path === ':memory:') return;
  const scheme = SCHEME.exec(path)?.[1];
  if (scheme !== undefined) {
    throw new UserError(
      `the warehouse ${path} is not a local file: "${scheme}:" warehouses (remote, MotherDuck, SQLite, ...) are not supported, and milestones never reaches the network`,
      undefined,
      path.includes('://')
        ? 'pass --db (or warehouse:) with a local DuckDB file path'
        : `pass --db (or warehouse:) with a local DuckDB file path; write ./${path} for a local file of that name`,
    );
  }
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return; // A new warehouse (or a missing folder, which DuckDB's open reports).
  }
  if (stats.isDirectory()) {
    throw new UserError(
      `the warehouse ${path} is a folder, not a DuckDB file`,
      undefined,
      'pass --db FOLDER/milestones.duckdb (a file path)',
    );
  }
  if (!stats.isFile()) {
    throw new UserError(
      `the warehouse ${path} is not a regular file (a FIFO, device or socket)`,
      undefined,
      'pass --db with a DuckDB file path',
    );
  }
  // An empty file is left to DuckDB (it reports "not a valid DuckDB database").
  if (stats.size === 0) return;
  let head: Buffer;
  try {
    head = header(path, 16);
  } catch {
    return; // Unreadable: DuckDB's open says why (permission denied), see open-errors.ts.
  }
  if (head.toString('latin1') === SQLITE_MAGIC) {
    throw new UserError(
      `${path} is a SQLite database, not a DuckDB one`,
      undefined,
      'pass --db with a DuckDB file (or a new path); milestones does not read SQLite warehouses',
    );
  }
  const magic = head.subarray(DUCKDB_MAGIC.offset, DUCKDB_MAGIC.offset + 4).toString('latin1');
  if (magic !== DUCKDB_MAGIC.text) {
    throw new UserError(
      `${path} is not a DuckDB database`,
      undefined,
      'pass --db with a DuckDB file (or a new path), or move this file away',
    );
  }
}
