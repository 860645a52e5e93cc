/**
 * Faults no input file can express, end to end (the built CLI, `npm run
 * build` first): a warehouse on a read-only mount and a disk that fills up
 * during compute's publish or an export. Each must be a one-line error naming
 * the file, with a hint, exit 2, no stack; and a failed publish changes
 * nothing. The mounts are small tmpfs: they need root (CAP_SYS_ADMIN); without
 * it the tests are skipped with the reason shown.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tinyEvents, tinyProject } from './helpers/tiny-project.js';

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

let dir: string;
const mounts: string[] = [];
let mountProblem: string | undefined;

const cli = (cwd: string, ...args: string[]) =>
  execa('node', [BIN, ...args], { cwd, reject: false, env: { NO_COLOR: '1' } });

/** Mounts a tmpfs of `kb` KiB at a new folder; undefined (and the reason kept) when not allowed. */
async function tmpfs(name: string, kb: number): Promise<string | undefined> {
  const at = join(dir, name);
  mkdirSync(at);
  const result = await execa('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', at], { reject: false });
  if (result.exitCode !== 0) {
    mountProblem = `cannot mount a tmpfs (needs root): ${result.stderr.trim() || result.exitCode}`;
    return undefined;
  }
  mounts.push(at);
  return at;
}

function expectUserError(result: { exitCode?: number; stderr: string }, ...fragments: string[]): void {
  expect(result.exitCode, result.stderr).toBe(2);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  expect(result.stderr).toContain('hint:');
  expect(result.stderr).not.toMatch(/internal error/i);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

beforeAll(async () => {
  // a1 buys on 01-01, a2 on 01-02.
  dir = await tinyProject('faults', { buyers: ['a1', 'a2'], run: 'compute' });
});

afterAll(async () => {
  for (const at of mounts) await execa('umount', ['-l', at], { reject: false });
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the project (config, events, computed warehouse) in folder. */
function copyProject(folder: string): void {
  for (const file of ['milestones.yaml', 'events.csv', 'milestones.duckdb'])
    copyFileSync(join(dir, file), join(folder, file));
}

describe('I/O faults', () => {
  it('a warehouse on a read-only mount: a user error for writers; readers still work', async (ctx) => {
    const ro = await tmpfs('ro', 8192);
    if (!ro) return ctx.skip(mountProblem);
    copyProject(ro);
    await execa('mount', ['-o', 'remount,ro', ro]);
    const [compute, exported, out] = await Promise.all([
      cli(ro, 'compute'),
      cli(ro, 'export', 'milestone_status'),
      cli(dir, 'export', 'milestone_status', '-o', join(ro, 'out.csv')),
    ]);
    expectUserError(compute, 'milestones.duckdb', 'read-only');
    // export opens the warehouse read-only: a read-only mount is no obstacle to reading.
    expect(exported.exitCode, exported.stderr).toBe(0);
    // a1 and a2 bought: two achieving rows, plus the header.
    expect(exported.stdout.trim().split('\n')).toHaveLength(3);
    expectUserError(out, `cannot write ${join(ro, 'out.csv')}`, 'read-only');
  });

  it('disk full during compute publish: says so (exit 2), and the previous results stay', async (ctx) => {
    const size = statSync(join(dir, 'milestones.duckdb')).size;
    const full = await tmpfs('full', Math.ceil(size / 1024) + 4096);
    if (!full) return ctx.skip(mountProblem);
    copyProject(full);
    // A third buyer makes the new results differ from the stored ones.
    writeFileSync(join(full, 'events.csv'), tinyEvents(['a1', 'a2', 'a3']));
    // Fill the rest of the disk: `dd` stops with ENOSPC (exit 1) when it is full.
    await execa('dd', ['if=/dev/zero', `of=${join(full, 'filler')}`, 'bs=64k'], { reject: false });
    // One after the other: run together, the export could meet compute's lock on the warehouse.
    const compute = await cli(full, 'compute');
    const exported = await cli(full, 'export', 'milestone_status', '-o', 'out.csv');
    expectUserError(compute, 'disk is full', 'milestones.duckdb');
    expectUserError(exported, `cannot write ${join(full, 'out.csv')}: the disk is full`);
    // No temp file is left behind by the failed export.
    expect(readdirSync(full).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    rmSync(join(full, 'filler'));
    const after = await cli(full, 'export', 'milestone_status', '--format', 'csv');
    expect(after.exitCode, after.stderr).toBe(0);
    // The results of the first compute: a1 and a2 only (a3 was in the failed publish).
    const actors = after.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[2]);
    expect(actors).toEqual(['a1', 'a2']);
  });
});
