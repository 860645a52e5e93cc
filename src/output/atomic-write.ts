/**
 * Files are written to a temp name beside the target and renamed: a reader
 * (or an interrupted run) never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temp path in the same folder as target (rename is atomic only within a filesystem). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  const temp = tempPathFor(target);
  try {
    writeFileSync(temp, content);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Runs fn(tempPath) which must create the file, then renames it into place. */
export async function replaceFileAtomic(
  target: string,
  fn: (tempPath: string) => Promise<void>,
): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await fn(temp);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
