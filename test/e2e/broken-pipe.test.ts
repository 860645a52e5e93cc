/**
 * `milestones compile | head -1`: the reader closes the pipe, writes to
 * stdout fail with EPIPE, and the CLI stops quietly with exit 0 as Unix tools
 * do, never an unhandled 'error' event with a stack (the built CLI, `npm run
 * build` first). The reader here is `true`, which exits at once: every write
 * the CLI makes after starting up meets a closed pipe, so EPIPE is certain,
 * not a race on the pipe's buffer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
milestones:
  - id: bought
    name: Bought
    criteria:
      - event: buy
`;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-pipe-'));
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(join(dir, 'events.csv'), 'ts,account_id,event\n2026-01-01T00:00:00Z,a1,buy\n');
  const computed = await execa('node', [BIN, 'compute'], { cwd: dir, reject: false });
  expect(computed.exitCode, computed.stderr).toBe(0);
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
