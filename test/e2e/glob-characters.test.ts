/**
 * Paths whose names hold glob characters (`[`, `]`, `*`, `?`) are read as
 * the files they name: DuckDB's readers and glob() expand those characters
 * in every path, so before the fix a project in `proj[1]/` read its
 * neighbour `proj1/`'s file, and a glob's match `ev[1].csv` read `ev1.csv`
 * (both with exit 0). The built CLI (`npm run build` first).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const config = (path: string) => `version: 1
timezone: UTC
warehouse: w.duckdb
sources:
  events:
    path: "${path}"
    columns: {ts: ts, account_id: account, event: event}
milestones:
  - id: twice
    name: Twice
    criteria: [{event: a, at_least: 2}]
`;
const HEADER = 'ts,account,event\n';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function root(): string {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-glob-'));
  dirs.push(dir);
  return dir;
}

const write = (path: string, rows: string[]) => writeFileSync(path, HEADER + rows.join('\n') + '\n');

async function statuses(dir: string): Promise<string[]> {
  const run = (...args: string[]) =>
    execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
  const computed = await run('compute', '--format', 'csv', '--as-of', '2026-02-01');
  expect(computed.exitCode, computed.stderr).toBe(0);
  const exported = await run('export', 'milestone_status', '--format', 'csv');
  expect(exported.exitCode, exported.stderr).toBe(0);
  const [header, ...lines] = exported.stdout.trim().split('\n');
  const names = header!.split(',');
  const column = (line: string, name: string) => line.split(',')[names.indexOf(name)];
  return lines.map((l) => `${column(l, 'actor_id')} ${column(l, 'completed_at')}`).sort();
}

it("a project folder named proj[1] reads its own file, not its neighbour proj1's", async () => {
  const top = root();
  const project = join(top, 'proj[1]');
  mkdirSync(project);
  mkdirSync(join(top, 'proj1'));
  writeFileSync(join(project, 'milestones.yaml'), config('ev.csv'));
  write(join(project, 'ev.csv'), ['2026-01-01 00:00:00,right,a', '2026-01-02 00:00:00,right,a']);
  write(join(top, 'proj1', 'ev.csv'), ['2026-01-01 00:00:00,wrong,a', '2026-01-03 00:00:00,wrong,a']);
  // right's second event is on 01-02: completed then.
  expect(await statuses(project)).toEqual(['right 2026-01-02T00:00:00Z']);
});

it('a glob matching ev[1].csv reads that file once, and ev1.csv once', async () => {
  const dir = root();
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'milestones.yaml'), config('data/*.csv'));
  write(join(dir, 'data', 'ev[1].csv'), ['2026-01-01 00:00:00,x,a', '2026-01-02 00:00:00,x,a']);
  write(join(dir, 'data', 'ev1.csv'), ['2026-01-01 00:00:00,y,a', '2026-01-05 00:00:00,y,a']);
  // x: two events, completed 01-02 (missing before the fix); y: its second event on 01-05
  // (01-01 before the fix, when ev1.csv was read twice).
  expect(await statuses(dir)).toEqual(['x 2026-01-02T00:00:00Z', 'y 2026-01-05T00:00:00Z']);
});

it('a missing file in a folder named proj[1] is named once, as written', async () => {
  const top = root();
  const project = join(top, 'proj[1]');
  mkdirSync(project);
  writeFileSync(join(project, 'milestones.yaml'), config('missing.csv'));
  const result = await execa('node', [BIN, 'compute', '--format', 'csv'], {
    cwd: project,
    reject: false,
    env: { NO_COLOR: '1' },
  });
  expect(result.exitCode).toBe(1);
  // Before: the absolute path twice (`file "/…/missing.csv" does not exist (/…/missing.csv)`).
  expect(result.stderr).toContain(`sources.events: file "${join(project, 'missing.csv')}" does not exist\n`);
  expect(result.stderr).not.toContain('[[]');
});
