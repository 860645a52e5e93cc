/**
 * The folder DuckDB spills to (`--temp-dir`, `warehouse: {temp_dir}`),
 * made before DuckDB opens: DuckDB itself only makes it on the first spill,
 * deep into a run, and fails there when it cannot. So a folder that cannot
 * be made fails the command at once, before anything is changed.
 *
 *   prepareTempDir('/tmp/spill/a')   -> undefined (made, with /tmp/spill)
 *   prepareTempDir('/etc/passwd/x')  -> '/etc/passwd is a file, not a folder'
 *
 * The missing folders are made one by one, not with mkdir's `recursive`:
 * on a file system that refuses new folders with ENOENT (/proc), Node's
 * recursive mkdir loops forever.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

type Walk = { missing: string[]; blocker?: string };

/** The folders to make, outermost first, or the nearest existing ancestor that is not a folder. */
function walkUp(dir: string): Walk {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      return statSync(at).isDirectory() ? { missing } : { missing, blocker: at };
    } catch {
      missing.unshift(at);
      if (dirname(at) === at) return { missing };
    }
  }
}

function reasonOf(error: unknown, dir: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied on ${dir}`;
  if (code === 'EROFS') return `${dir} is on a read-only file system`;
  if (code === 'ENOENT') return `${dir} cannot be made here`;
  return (error as Error).message;
}

/** Makes `dir` (and its parents) when missing; the reason when it cannot be used. */
export function prepareTempDir(dir: string): string | undefined {
  const { missing, blocker } = walkUp(dir);
  if (blocker !== undefined) return `${blocker} is a file, not a folder`;
  let at = dir;
  try {
    for (at of missing) mkdirSync(at);
    at = dir;
    accessSync(dir, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    return reasonOf(error, at);
  }
}
