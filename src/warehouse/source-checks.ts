/**
 * What a source path must be before anything reads it: a regular file. A
 * FIFO, a device or a socket would make the hash (and DuckDB's reader) wait
 * forever or read without end, so they are refused by name, before any read;
 * a folder given where a file is expected gets a hint to use a glob.
 *
 *   path: data/            ->  "sources.events: data/ is a folder, not a file"  hint: data/*.csv
 *   path: /tmp/pipe.csv    ->  "sources.events: /tmp/pipe.csv is a FIFO (named pipe), not a regular file"
 */
import { statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../errors.js';

/** The path's kind when it is not a regular file (symlinks followed), or undefined. */
export function nonRegularKind(path: string): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    // Missing or unreadable: reading it fails with its own message (hashFile).
    return undefined;
  }
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Refuses a path that is not a regular file (exit 1), naming it. */
export function checkRegularFile(path: string, what: string): void {
  const error = notRegularFile(path, path, what);
  if (error) throw error;
}

/** The error for a pattern naming something that exists but is not a regular file, or undefined. */
export function notRegularFile(
  pattern: string,
  absolute: string,
  what: string,
): InvalidInputError | undefined {
  const kind = nonRegularKind(absolute);
  if (kind === undefined) return undefined;
  const named = pattern === absolute ? `"${pattern}"` : `"${pattern}" (${absolute})`;
  if (kind === 'a folder') {
    return new InvalidInputError(
      `${what}: ${named} is a folder, not a file`,
      [],
      `to load the files in it, use a glob: path: ${join(pattern, '*.csv')} (or ${join(pattern, '*.parquet')})`,
    );
  }
  return new InvalidInputError(
    `${what}: ${named} is ${kind}, not a regular file`,
    [],
    'point path: at regular files (CSV or Parquet); copy a stream to a file first',
  );
}
