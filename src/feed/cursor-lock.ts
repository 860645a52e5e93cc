/**
 * One `feed` at a time per cursor: two runs on one cursor (overlapping cron
 * jobs, a manual run beside the cron one) had both read it and both written
 * the same events to their outputs, exit 0 (found by review). The lock is a
 * file beside the cursor, created exclusively, holding the process id; a lock
 * whose process is gone (a run killed with -9) is taken over.
 *
 *   withCursorLock('/srv/feed/cursor.json', run) -> /srv/feed/cursor.json.lock while run runs
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EXIT_FAILURE, UserError } from '../errors.js';

const lockPath = (cursor: string) => `${cursor}.lock`;

/** Whether a process with this id runs (signal 0 tests without sending; EPERM: it runs as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquire(cursor: string): void {
  const path = lockPath(cursor);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && running(pid)) {
      throw new UserError(
        `another feed (process ${pid}) is using the cursor ${cursor}`,
        EXIT_FAILURE,
        `wait for it to finish; if no feed runs, remove ${path}`,
      );
    }
    rmSync(path, { force: true }); // Left by a killed run: taken over.
  }
  throw new UserError(`cannot lock the cursor ${cursor}`, EXIT_FAILURE, `remove ${path} if no feed runs`);
}

export async function withCursorLock<T>(cursor: string, work: () => Promise<T>): Promise<T> {
  acquire(cursor);
  try {
    return await work();
  } finally {
    rmSync(lockPath(cursor), { force: true });
  }
}
