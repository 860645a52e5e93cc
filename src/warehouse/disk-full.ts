/**
 * A disk that fills up during a write is neither the input's fault nor a bug:
 * it is exit 2, "the disk is full", naming the warehouse. DuckDB writes a big
 * INSERT's rows straight into the database file before COMMIT, so a load that
 * fails on a full disk leaves the file grown by everything it wrote, although
 * the rollback keeps none of it: `reclaimFailedGrowth` gives that space back.
 */
import { closeSync, existsSync, ftruncateSync, openSync, statSync } from 'node:fs';
import { EXIT_FAILURE, UserError } from '../errors.js';

const NO_SPACE = /No space left on device|ENOSPC|disk is full|Disk full/i;

export function isDiskFull(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return NO_SPACE.test(message);
}

export class DiskFullError extends UserError {
  constructor(readonly database: string) {
    super(
      `the disk is full: cannot write the warehouse ${database}; nothing was changed`,
      EXIT_FAILURE,
      'free some space on its disk (or pass --db on a disk with room), then run the command again',
    );
    this.name = 'DiskFullError';
  }
}

/**
 * The error as a DiskFullError when a full disk caused it, else unchanged. A
 * user error that already says the disk is full names the file it could not
 * write (an export's output, say), which is more precise than the warehouse.
 */
export function diskFullOr(error: unknown, database: string): unknown {
  if (error instanceof DiskFullError || !isDiskFull(error)) return error;
  if (error instanceof UserError && /the disk is full/i.test(error.message)) return error;
  return new DiskFullError(database);
}

/**
 * DuckDB's file is three 4 KiB headers, then its blocks; everything past the
 * last block the committed header counts is what a rolled-back transaction
 * wrote, which DuckDB ignores on open (`pragma_database_size`). Truncated only
 * when no WAL is pending (a WAL may refer to such blocks) and only down to
 * what DuckDB itself counts, never below the size the file had before.
 */
const FILE_HEADERS = 3 * 4096;

export interface Footprint {
  path: string;
  /** The file's size before the run (0 when it did not exist). */
  before: number;
}

export function footprint(path: string): Footprint | undefined {
  if (path === ':memory:') return undefined;
  return { path, before: existsSync(path) ? statSync(path).size : 0 };
}

/**
 * Cuts the file back after a failed write. `committed` is the blocks DuckDB
 * counts and their size, read from the reopened database (read-only, which
 * also keeps any writer out while the file is cut).
 */
export function reclaimFailedGrowth(
  print: Footprint,
  committed: { blocks: bigint; blockSize: bigint },
): boolean {
  const { path } = print;
  if (!existsSync(path) || walPending(path)) return false;
  const used = FILE_HEADERS + Number(committed.blocks * committed.blockSize);
  const target = Math.max(used, print.before);
  if (statSync(path).size <= target) return false;
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, target);
  } finally {
    closeSync(fd);
  }
  return true;
}

function walPending(path: string): boolean {
  const wal = `${path}.wal`;
  return existsSync(wal) && statSync(wal).size > 0;
}
