/**
 * Why an output file could not be written, as a one-line user error (exit 2)
 * naming the file the user asked for (never our temp name), with a hint.
 * Node's error codes and DuckDB's messages (COPY writes the temp file) alike.
 *
 *   checkOutputPath('nodir/x.csv') -> UserError('cannot write nodir/x.csv: the folder nodir does not exist')
 */
import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

const HINT = 'choose another output path (-o FILE)';

/** Throws when target is a folder or its folder does not exist: said before any work is done. */
export function checkOutputPath(target: string, hint = HINT): void {
  const folder = dirname(target);
  let stats;
  try {
    stats = statSync(folder);
  } catch {
    throw new UserError(
      `cannot write ${target}: the folder ${folder} does not exist`,
      undefined,
      `create it first, or ${hint}`,
    );
  }
  if (!stats.isDirectory()) {
    throw new UserError(`cannot write ${target}: ${folder} is not a folder`, undefined, hint);
  }
  try {
    if (statSync(target).isDirectory()) {
      throw new UserError(
        `cannot write ${target}: it is a folder`,
        undefined,
        `give a file name, e.g. ${target.replace(/\/+$/, '')}/out.csv, or ${hint}`,
      );
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    // Not there yet: the normal case.
  }
}

/** The file a path names, through symbolic links (of its folder too, when the file is not there yet). */
export function realFile(path: string, hops = 0): string {
  try {
    return realpathSync(path);
  } catch {
    // A dangling link names where it points (a write would create that file; found by review:
    // `latest.csv -> w.duckdb.wal` had let an export write into the warehouse's log).
    try {
      // At most 40 links, as the kernel follows (a loop of links ends there).
      if (hops < 40 && lstatSync(path).isSymbolicLink())
        return realFile(resolve(dirname(path), readlinkSync(path)), hops + 1);
    } catch {
      // Not there: the folder's real path below.
    }
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** Whether two paths name one file (realFile of each). */
export const sameFile = (a: string, b: string): boolean => realFile(a) === realFile(b);

/**
 * Throws when target is the warehouse or its write-ahead log: the output
 * would replace the database (`export ... -o milestones.duckdb` left a
 * 414-byte CSV where the warehouse was, exit 0; found by a review).
 */
export function checkNotWarehouse(target: string, warehouse: string, hint = HINT): void {
  if (warehouse === ':memory:') return;
  if (![warehouse, `${warehouse}.wal`].some((file) => sameFile(target, file))) return;
  throw new UserError(`cannot write ${target}: it is the warehouse`, undefined, hint);
}

/**
 * Throws when target is the config file the command read: `export -o
 * milestones.yaml` replaced the definitions with a CSV, exit 0 (found by
 * review). `config` as given (`-c`), else the default in the working folder.
 */
export function checkNotConfig(target: string, config: string | undefined, hint = HINT): void {
  const path = resolve(config ?? 'milestones.yaml');
  if (!existsSync(path) || !sameFile(target, path)) return;
  throw new UserError(`cannot write ${target}: it is the config file`, undefined, hint);
}

/** A write failure as a UserError when the cause is the disk or the path; else unchanged. */
export function writeError(target: string, error: unknown): unknown {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || /No space left on device/i.test(text)) {
    return new UserError(
      `cannot write ${target}: the disk is full`,
      undefined,
      `free some space, or ${HINT} on another disk`,
    );
  }
  if (code === 'EROFS' || /Read-only file system/i.test(text)) {
    return new UserError(`cannot write ${target}: its file system is read-only`, undefined, HINT);
  }
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied/i.test(text)) {
    return new UserError(`cannot write ${target}: permission denied`, undefined, HINT);
  }
  if (code === 'EISDIR' || /Is a directory/i.test(text)) {
    return new UserError(`cannot write ${target}: it is a folder`, undefined, HINT);
  }
  if (code === 'EBADF' || /Bad file descriptor/i.test(text)) {
    return new UserError(`cannot write ${target}: it is not open for writing`, undefined, HINT);
  }
  if (code === 'ENOENT' || code === 'ENOTDIR' || /No such file or directory/i.test(text)) {
    return new UserError(
      `cannot write ${target}: its folder does not exist`,
      undefined,
      `create it first, or ${HINT}`,
    );
  }
  return error;
}
