/**
 * Temp files of atomic writes are named `.<target>.<pid>-<12 hex>.tmp` beside
 * their target. A run killed before its rename (kill -9, power loss) leaves
 * one behind, possibly hundreds of MB; the next write of the same target
 * removes those that are stale:
 *   - the pid in the name is not a live process (the writer died), or
 *   - the file has not been modified for STALE_AFTER_MS (a pid reused by an
 *     unrelated process; names without a pid, from older versions).
 * Only names of exactly this pattern are touched, and never this process's own.
 * A writer on another machine (a shared folder) has a pid we cannot check:
 * its temp file is safe while it keeps growing, i.e. for STALE_AFTER_MS.
 *
 *   .out.csv.4242-0a1b2c3d4e5f.tmp, pid 4242 dead -> removed by the next `export -o out.csv`
 */
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const STALE_AFTER_MS = 60 * 60 * 1000;

const TEMP_SUFFIX = /^(?:(\d+)-)?[0-9a-f]{12}\.tmp$/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** File names longer than this many bytes are shortened in temp names (most filesystems allow 255). */
const STEM_BYTES = 180;

/**
 * The target's name as its temp names start with: the name itself, or, when
 * the temp name would pass the filesystem's 255-byte limit (ENAMETOOLONG for
 * a valid 249-byte output name), its first characters and a hash of the whole.
 */
function tempStem(target: string): string {
  const name = basename(target);
  if (Buffer.byteLength(name) <= STEM_BYTES) return name;
  let kept = '';
  for (const char of name) {
    if (Buffer.byteLength(kept + char) > STEM_BYTES - 9) break;
    kept += char;
  }
  return `${kept}~${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** The temp name for target, owned by this process. */
export function ownTempName(target: string, hex: string): string {
  return join(dirname(target), `.${tempStem(target)}.${process.pid}-${hex}.tmp`);
}

/** Removes stale temp files of target's own naming pattern; returns the paths removed. */
export function removeStaleTemps(target: string, now: number = Date.now()): string[] {
  const dir = dirname(target);
  const prefix = `.${tempStem(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // No folder: the write itself reports it.
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = TEMP_SUFFIX.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (pid === process.pid) continue;
    const path = join(dir, name);
    try {
      const stats = statSync(path);
      const idle = now - stats.mtimeMs > STALE_AFTER_MS;
      if (!stats.isFile() || !(idle || (pid !== undefined && !isAlive(pid)))) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}
