/**
 * A killed `export -o out.csv` leaves `.out.csv.<pid>-<hex>.tmp` (hundreds of
 * MB on a big table); the next write of out.csv removes the temp files of its
 * own naming pattern that are stale: their writer's pid is dead, or they have
 * not changed for an hour. Others stay (the built CLI, `npm run build` first).
 */
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withWarehouse } from '../../src/warehouse/session.js';
import { BIN, tinyProject } from './helpers/tiny-project.js';

let dir: string;
beforeAll(async () => {
  dir = await tinyProject('temps', { run: 'load' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process killed with SIGKILL, as an interrupted export's would be. */
async function killedPid(): Promise<number> {
  const child = execa('node', ['-e', 'setInterval(() => {}, 1000)'], { reject: false });
  const pid = child.pid;
  if (pid === undefined) throw new Error('no pid');
  child.kill('SIGKILL');
  await child;
  return pid;
}

it('the next export removes stale temp files of its target, and only those', async () => {
  const dead = await killedPid();
  const hour = 60 * 60;
  const files = {
    killed: `.out.csv.${dead}-0123456789ab.tmp`, // writer killed: stale
    oldLegacy: '.out.csv.0123456789ab.tmp', // an older version's name, untouched for 2 hours: stale
    live: `.out.csv.${process.pid}-0123456789ab.tmp`, // a live writer (this test): kept
    freshLegacy: '.out.csv.abcdefabcdef.tmp', // no pid, modified just now: kept
    otherTarget: `.other.csv.${dead}-0123456789ab.tmp`, // another target's: kept (its own next write removes it)
    notOurs: '.out.csv.backup.tmp', // not our pattern: kept
  };
  for (const name of Object.values(files)) writeFileSync(join(dir, name), 'x'.repeat(1000));
  const twoHoursAgo = Date.now() / 1000 - 2 * hour;
  utimesSync(join(dir, files.oldLegacy), twoHoursAgo, twoHoursAgo);

  const result = await execa('node', [BIN, 'export', 'events', '-o', 'out.csv'], { cwd: dir, reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(existsSync(join(dir, 'out.csv'))).toBe(true);
  const left = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  expect(left.sort()).toEqual([files.live, files.freshLegacy, files.otherTarget, files.notOurs].sort());
});

it('kill -9 during an export leaves a temp file that the next export removes', async () => {
  // Big enough that DuckDB's sorted COPY takes a while: the kill lands mid-write.
  await withWarehouse(join(dir, 'milestones.duckdb'), (w) =>
    w.run('CREATE OR REPLACE TABLE big AS SELECT range AS n, md5(range::VARCHAR) AS h FROM range(600000)'),
  );
  const temps = () => readdirSync(dir).filter((f) => /^\.big\.csv\.\d+-[0-9a-f]{12}\.tmp$/.test(f));
  const writer = execa('node', [BIN, 'export', 'big', '-o', 'big.csv'], { cwd: dir, reject: false });
  const deadline = Date.now() + 30_000;
  while (temps().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  writer.kill('SIGKILL');
  const killed = await writer;
  expect(killed.signal, 'the export finished before it could be killed').toBe('SIGKILL');
  expect(temps()).toHaveLength(1);
  expect(existsSync(join(dir, 'big.csv'))).toBe(false);

  // The rerun writes the same target (a small table this time, to stay quick).
  const rerun = await execa('node', [BIN, 'export', 'events', '-o', 'big.csv'], { cwd: dir, reject: false });
  expect(rerun.exitCode, rerun.stderr).toBe(0);
  expect(temps()).toEqual([]);
});
