/**
 * Files are written to a temp name beside the target and renamed: a reader
 * (or an interrupted run) never sees half a file. A temp file left by a
 * killed run is removed by the next write of the same target (stale-temps.ts).
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { removeStaleTemps, ownTempName } from './stale-temps.js';
import { checkOutputPath, writeError } from './write-errors.js';

/**
 * A temp path in the same folder as target (rename is atomic only within a
 * filesystem), after removing the stale temp files earlier runs left for it.
 */
export function tempPathFor(target: string): string {
  removeStaleTemps(target);
  return ownTempName(target, randomBytes(6).toString('hex'));
}

export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  checkOutputPath(target);
  const temp = tempPathFor(target);
  try {
    writeFileSync(temp, content);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(target, error);
  }
}

/** Runs fn(tempPath) which must create the file, then renames it into place. */
export async function replaceFileAtomic(
  target: string,
  fn: (tempPath: string) => Promise<void>,
): Promise<void> {
  checkOutputPath(target);
  const temp = tempPathFor(target);
  try {
    await fn(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(target, error);
  }
}
