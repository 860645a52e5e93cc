/**
 * Files are written to a temp name beside the target and renamed: a reader
 * (or an interrupted run) never sees half a file. A temp file left by a
 * killed run is removed by the next write of the same target (stale-temps.ts).
 * A device, pipe or socket (`-o /dev/null`, `-o /dev/stdout`) is written in
 * place: a rename would replace the device node with a regular file (as
 * root, `/dev/null` itself; found by review), and there is no half-file for
 * a reader of a stream to see.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  lstatSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
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
 * Where a write of target is staged: beside it, to be renamed over it; for a
 * device or pipe, in the system's temp folder (`/dev` is no place for one),
 * to be copied into it (copyIntoStream).
 */
export function stagingPathFor(target: string): string {
  return isStream(target)
    ? tempPathFor(join(tmpdir(), `milestones-${basename(target)}`))
    : tempPathFor(target);
}

/**
 * Where a write of target lands: the file a symbolic link points to (a
 * rename would replace the link itself with a regular file), else target.
 *
 *   latest.csv -> runs/2026-12-06.csv: written to runs/2026-12-06.csv, the link kept
 */
export function writeTarget(target: string): string {
  // /dev/stdout is a link to /proc/self/fd/1, whose target may be "pipe:[...]": no path to resolve.
  if (isStream(target)) return target;
  let link = false;
  try {
    link = lstatSync(target).isSymbolicLink();
    return link ? realpathSync(target) : target;
  } catch {
    // A dangling link is written where it points, as the shell's `>` does (the rename had
    // replaced the link with a file; found by review). Not there yet: target itself.
    return link ? resolve(dirname(target), readlinkSync(target)) : target;
  }
}

/**
 * The descriptor this process inherited that path names (`/dev/stdout` and
 * `/dev/fd/1` are 1, `/dev/stderr` is 2), else undefined. Such a path is written through the
 * descriptor, never opened anew: `feed -o /dev/stdout >> all.csv` had opened
 * all.csv again (its path, through /proc/self/fd/1) and replaced it with one
 * batch (found by review); written through descriptor 1 it is appended to.
 */
export function inheritedDescriptor(path: string): number | undefined {
  const named = { '/dev/stdout': 1, '/dev/stderr': 2 }[path];
  if (named !== undefined) return named;
  // Only 1 and 2: any other number may be a descriptor Node or DuckDB opened itself (writing
  // into one had crashed the process or fed libuv's own pipe; found by review).
  const fd = /^\/(?:dev\/fd|proc\/self\/fd)\/([12])$/.exec(path)?.[1];
  return fd === undefined ? undefined : Number(fd);
}

/** Whether path is (or links to) something other than a file or folder: a device, pipe or socket. */
export function isStream(path: string): boolean {
  if (inheritedDescriptor(path) !== undefined) return true;
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}

/** Copies a finished temp file into a device or pipe, then removes it. */
export async function copyIntoStream(temp: string, target: string): Promise<void> {
  try {
    const fd = inheritedDescriptor(target);
    const out =
      fd === undefined
        ? createWriteStream(target, { flags: 'w' })
        : createWriteStream('', { fd, autoClose: false });
    await pipeline(createReadStream(temp), out);
  } finally {
    rmSync(temp, { force: true });
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
  if (isStream(target)) {
    try {
      writeFileSync(inheritedDescriptor(target) ?? target, content);
      return;
    } catch (error) {
      throw writeError(target, error);
    }
  }
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
  const stream = isStream(target);
  const temp = stagingPathFor(target);
  try {
    await fn(temp);
    if (stream) await copyIntoStream(temp, target);
    else renameKeepingMode(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(target, error);
  }
}
