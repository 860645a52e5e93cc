/**
 * One `feed` at a time per cursor: two runs on one cursor (overlapping cron
 * jobs, a manual run beside the cron one) had both read it and both written
 * the same events to their outputs, exit 0 (found by review). The lock is
 * `CURSOR.lock` beside the cursor (warehouse/file-lock.ts: held by the
 * operating system, so a run killed with -9 leaves nothing to clean up).
 *
 *   withCursorLock('/srv/feed/cursor.json', run) -> run while holding /srv/feed/cursor.json.lock
 */
import { EXIT_FAILURE, UserError } from '../errors.js';
import { resolve } from 'node:path';
import { realFile } from '../output/write-errors.js';
import { LockHeld, withFileLock } from '../warehouse/file-lock.js';

export const cursorLockPath = (cursor: string): string => `${cursor}.lock`;

/**
 * The cursor's one name (the file a link points to, in its folder's real
 * path: realFile): a link to it and a linked folder had each taken a lock of
 * their own, and two feeds delivered the same events (found by review).
 */
export const cursorPath = (given: string): string => realFile(resolve(given));

export async function withCursorLock<T>(cursor: string, work: () => Promise<T>): Promise<T> {
  const path = cursorLockPath(cursor);
  let started = false;
  try {
    return await withFileLock(path, () => {
      started = true;
      return work();
    });
  } catch (error) {
    if (started) throw error;
    if (error instanceof LockHeld) {
      throw new UserError(
        `another feed${error.holder ? ` (process ${error.holder})` : ''} is using the cursor ${cursor}`,
        EXIT_FAILURE,
        'wait for it to finish, then run again',
      );
    }
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(
      `cannot lock the cursor ${cursor} (${path}): ${text}`,
      EXIT_FAILURE,
      `put the cursor in a folder this user may write, and leave ${path} to milestones`,
    );
  }
}
