/**
 * Temp folders for tests, removed when the test file ends: every test makes
 * its folders here, so a run leaves nothing in /tmp.
 *
 *   const dir = tempDir('milestones-e2e-init-'); // /tmp/milestones-e2e-init-XXXXXX
 *
 * Removal waits for the end of the file (not of each test) so a folder made
 * in a beforeAll stays for the tests that use it. The hook is top level in
 * this module: vitest evaluates a test file's imports while collecting it,
 * and isolates modules per file (the default, kept in vitest.config.ts), so
 * each importing file gets its own hook on its root suite. Under --no-isolate
 * only the first file would get it and later files' folders would stay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) removeDir(dir);
});

/** A new folder `<tmpdir>/<prefix>XXXXXX`, removed with everything in it after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes a folder now (when a test wants it gone before the file ends); missing is fine. */
export function removeDir(dir: string): void {
  // Retries: a just-killed CLI child may still be closing a DuckDB file inside.
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
