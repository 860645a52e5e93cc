/**
 * Files are written to a temp name beside the target and renamed: a reader
 * (or an interrupted run) never sees half a file. A temp file left by a
 * killed run is removed by the next write of the same target (stale-temps.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Where a write of target lands: the file a symbolic link points to (a
 * rename would replace the link itself with a regular file), else target.
 *
 *   latest.csv -> runs/2026-12-06.csv: written to runs/2026-12-06.csv, the link kept
 */
export function writeTarget(target: string): string {
  try {
    return lstatSync(target).isSymbolicLink() ? realpathSync(target) : target;
  } catch {
    return target; // Not there yet, or a dangling link: the write reports it.
  }
}

/** Renames temp over target, with the permissions the file had (a rename would reset them). */
export function renameKeepingMode(temp: string, target: string): void {
  try {
    chmodSync(temp, statSync(target).mode & 0o7777);
  } catch {
    // No file there yet: the temp file's own permissions.
  }
  renameSync(temp, target);
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = writeTarget(path);
  checkOutputPath(target);
  const temp = tempPathFor(target);
  try {
    writeFileSync(temp, content);
    renameKeepingMode(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(target, error);
  }
}

/** Runs fn(tempPath) which must create the file, then renames it into place. */
export async function replaceFileAtomic(
  path: string,
  fn: (tempPath: string) => Promise<void>,
): Promise<void> {
  const target = writeTarget(path);
  checkOutputPath(target);
  const temp = tempPathFor(target);
  try {
    await fn(temp);
    renameKeepingMode(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(target, error);
  }
}
