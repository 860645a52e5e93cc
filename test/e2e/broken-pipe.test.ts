/**
 * `milestones compile | head -1`: the reader closes the pipe, writes to
 * stdout fail with EPIPE, and the CLI stops quietly with exit 0 as Unix tools
 * do, never an unhandled 'error' event with a stack (the built CLI, `npm run
 * build` first). The reader here is `true`, which exits at once: every write
 * the CLI makes after starting up meets a closed pipe, so EPIPE is certain,
 * not a race on the pipe's buffer.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, tinyProject } from './helpers/tiny-project.js';

let dir: string;
beforeAll(async () => {
  dir = await tinyProject('pipe', { run: 'compute' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI into a pipe whose reader has gone; the CLI's own exit code and stderr. */
async function intoClosedPipe(args: string): Promise<{ code: number; stderr: string }> {
  const script = `node ${JSON.stringify(BIN)} ${args} 2>stderr.txt | true; echo "\${PIPESTATUS[0]}"`;
  const result = await execa('bash', ['-c', script], { cwd: dir });
  return { code: Number(result.stdout.trim()), stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8') };
}

it.each([['compile'], ['report -o -'], ['export milestone_status'], ['compute --format csv']])(
  '`milestones %s | true` stops quietly: exit 0, no stack, no internal error',
  async (args) => {
    const { code, stderr } = await intoClosedPipe(args);
    expect(stderr).not.toMatch(/EPIPE|internal error|Unhandled|^\s+at /m);
    expect(code, stderr).toBe(0);
  },
);
