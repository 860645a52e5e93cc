/**
 * An exclusive lock held by this process while `work` runs: DuckDB's own
 * lock on a small database file, which the operating system holds for the
 * open file and releases when the process ends, killed or not. A lock file
 * with a process id inside had let two runs in at once (one removing a
 * "stale" lock the other had just taken; found by review). The file stays
 * after the run: removing it would let a run that opened it before the
 * removal and one that makes it anew both hold "the" lock.
 *
 *   withFileLock('/srv/feed/cursor.json.lock', run) -> runs, or LockHeld when another process holds it
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { NO_NETWORK_CONFIG } from './duckdb-instance.js';

/** Another process holds the lock (its id when DuckDB names it). */
export class LockHeld extends Error {
  constructor(readonly holder: string | undefined) {
    super(`the lock is held${holder ? ` by process ${holder}` : ''}`);
    this.name = 'LockHeld';
  }
}

/**
 * The instances holding a lock, kept reachable: a holder awaiting something
 * no native operation roots (a promise only it references) is garbage with
 * its frame, and the collector closed the instance and freed the lock while
 * `work` was still under way (seen in a test's holder, with --expose-gc).
 */
const HELD = new Set<DuckDBInstance>();

export async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { ...NO_NETWORK_CONFIG, threads: '1' });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/Could not set lock on file/i.test(text)) throw new LockHeld(/PID (\d+)/.exec(text)?.[1]);
    throw error;
  }
  HELD.add(instance);
  try {
    return await work();
  } finally {
    HELD.delete(instance);
    instance.closeSync();
  }
}
