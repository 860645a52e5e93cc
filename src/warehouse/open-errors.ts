/**
 * DuckDB's reasons for failing on a file, as errors the user can act on
 * (exit 2, one line, the file named, a hint); anything else is passed on
 * unchanged so the CLI reports it as a bug.
 *
 *   openError('/w.duckdb', 'IO Error: ... Read-only file system')
 *     -> UserError('the warehouse /w.duckdb cannot be written: its file system is read-only')
 */
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { outOfMemoryError } from './memory-errors.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The file DuckDB names in `... file "/a/b": ...`, else the fallback. */
function namedFile(text: string, fallback: string): string {
  return /file "([^"]+)"/.exec(text)?.[1] ?? fallback;
}

/**
 * Failures that can strike any statement, not only the open: a full disk, a
 * read-only file system, a damaged file. `path` is the warehouse, named when
 * DuckDB does not say which file it was writing.
 */
export function ioError(path: string, error: unknown): unknown {
  if (error instanceof UserError) return error;
  const text = message(error);
  if (/No space left on device|Disk full/i.test(text)) {
    return new UserError(
      `the disk is full: could not write ${namedFile(text, path)}`,
      undefined,
      'free some space (or pass --db / -o on another disk) and run again; nothing was changed',
    );
  }
  const memory = outOfMemoryError(error);
  if (memory) return memory;
  if (/Read-only file system/i.test(text)) {
    return new UserError(
      `${namedFile(text, path)} cannot be written: its file system is read-only`,
      undefined,
      'pass --db (or -o) with a path on a writable disk',
    );
  }
  if (/Corrupt database file|Could not read enough bytes from file|checksum .* does not match/i.test(text)) {
    const file = namedFile(text, path);
    // A short read of a source file (a truncated Parquet) is that file's fault, not the warehouse's.
    if (resolve(file) !== resolve(path) && resolve(file) !== resolve(`${path}.wal`)) {
      return new UserError(
        `${file} cannot be read: it is truncated or damaged`,
        undefined,
        'check the file (a partial download or copy?) and run again',
      );
    }
    return new UserError(
      `the warehouse ${path} is damaged (truncated or corrupt) and cannot be read`,
      undefined,
      'restore it from a backup, or move it away and run milestones load to rebuild it from the sources',
    );
  }
  if (/Is a directory/i.test(text)) {
    return new UserError(
      `${namedFile(text, path)} is a folder, not a file`,
      undefined,
      'give a file path (e.g. FOLDER/milestones.duckdb)',
    );
  }
  return error;
}

/** Why DuckDB could not open the warehouse at `path`. */
export function openError(path: string, error: unknown): unknown {
  if (error instanceof UserError) return error;
  const text = message(error);
  if (/Conflicting lock/i.test(text)) {
    const pid = /\(PID (\d+)\)/.exec(text)?.[1];
    const by = pid === undefined ? 'another process' : `another process (PID ${pid})`;
    return new UserError(
      `the warehouse ${path} is in use by ${by}`,
      undefined,
      'wait for the other milestones run to finish, or pass --db',
    );
  }
  if (/database does not exist|No such file or directory/i.test(text)) {
    return new UserError(
      `the warehouse ${path} cannot be opened: the file or its folder does not exist`,
      undefined,
      'run milestones load first, or fix --db / warehouse:',
    );
  }
  if (/Permission denied/i.test(text)) {
    return new UserError(
      `the warehouse ${path} cannot be opened: permission denied`,
      undefined,
      'check the permissions of the file and its folder, or pass --db',
    );
  }
  if (/not a valid DuckDB database/i.test(text)) {
    return new UserError(
      `${path} is not a DuckDB database`,
      undefined,
      'pass --db with a DuckDB file (or a new path), or move this file away',
    );
  }
  if (/Is a directory/i.test(text)) {
    return new UserError(
      `the warehouse ${path} is a folder, not a DuckDB file`,
      undefined,
      'pass --db FOLDER/milestones.duckdb (a file path)',
    );
  }
  const memory = outOfMemoryError(error);
  if (memory) return memory;
  if (/Read-only file system/i.test(text)) {
    return new UserError(
      `the warehouse ${path} cannot be opened for writing: its file system is read-only`,
      undefined,
      'pass --db with a path on a writable disk (commands that only read, like export, work on a read-only copy)',
    );
  }
  return ioError(path, error);
}
