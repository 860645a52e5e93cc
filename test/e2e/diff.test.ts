/**
 * `milestones diff` end to end: the built CLI (`npm run build` first) in a
 * temp git repository holding milestones.example.yaml over a copy of
 * fixtures/. git runs with no global or system config (so no identity: the
 * commits pass one with -c). Expected changes are worked out by hand from
 * fixtures/README.md.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonTables } from './json-tables.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');
const EXAMPLE = readFileSync(join(ROOT, 'milestones.example.yaml'), 'utf8');

let dir: string;
const env = () => ({ NO_COLOR: '1', HOME: dir, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
const cli = (...args: string[]) => execa('node', [BIN, ...args], { cwd: dir, reject: false, env: env() });
const git = (...args: string[]) => execa('git', args, { cwd: dir, env: env() });
const commit = (message: string) =>
  git('-c', 'user.name=Diff Test', '-c', 'user.email=diff@example.com', 'commit', '-q', '-m', message);

/** The example with one exact piece of text replaced (it must occur once). */
function edited(from: string, to: string): string {
  expect(EXAMPLE.split(from)).toHaveLength(2);
  return EXAMPLE.replace(from, to);
}

// activated's `reports` criterion: at_least 3 -> 2 (the only `at_least: 3` followed by `within: {first: 90d}`).
const REPORTS_3 = 'at_least: 3\n        within: { first: 90d }';
const REPORTS_2 = 'at_least: 2\n        within: { first: 90d }';

/** The milestones, changed actors and conversions of a diff's JSON. */
const csv = (stdout: string) => jsonTables(stdout, ['milestones', 'changes', 'conversions']);

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-diff-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  writeFileSync(join(dir, 'milestones.yaml'), EXAMPLE);
  await git('-c', 'init.defaultBranch=main', 'init', '-q');
  await git('add', 'milestones.yaml');
  await commit('the example');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('milestones diff', () => {
  it('without a warehouse says there is nothing to compare on (exit 1)', async () => {
    const result = await cli('diff', '--base', 'HEAD');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('milestones load');
  });

  it('finds nothing when the working copy is the committed one (exit 0, also with --exit-code)', async () => {
    const load = await cli('load');
    expect(load.exitCode, load.stderr).toBe(0);
    const result = await cli('diff', '--base', 'HEAD', '--exit-code', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const [milestones, changes] = csv(result.stdout);
    expect(changes).toEqual([]);
    // The example's 8 milestones, all the same; setup keeps 6 achieving of 8 (fixtures/README.md).
    expect(milestones?.map((m) => m.definition)).toEqual(Array(8).fill('same'));
    expect(milestones?.[0]).toMatchObject({ milestone: 'setup', base_achieving: '6', head_achieving: '6' });
    // The third block: trial_to_customer entered 5, in progress 0, converted 3, 60% (fixtures/README.md).
    const [trial] = csv(result.stdout)[2] ?? [];
    expect(trial).toMatchObject({
      conversion: 'trial_to_customer',
      definition: 'same',
      base_entered: '5',
      head_entered: '5',
      base_converted: '3',
      head_converted: '3',
      base_rate: '60',
      delta_rate: '0',
    });
  });

  it('a lower threshold in the working copy changes exactly the expected account', async () => {
    writeFileSync(join(dir, 'milestones.yaml'), edited(REPORTS_3, REPORTS_2));
    const before = sha(join(dir, 'milestones.duckdb'));
    const result = await cli('diff', '--base', 'HEAD', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const [milestones, changes] = csv(result.stdout);
    // fixtures/README.md, activated (setup, reports >= 3 in the first 90d, team_or_sharing):
    // - initech has 2 manual reports in its window (01-14, 03-02; 04-08 is at the excluded end),
    //   setup since 02-03 10:00 EST and a dashboard shared 03-05 14:00 EST, so with >= 2 it
    //   completes at 03-05 14:00 EST = 19:00Z; it was never_achieved at 66.67.
    // - wonka (2 of 3 branches: no 2nd activated user, no dashboard) and stark (no setup) stay.
    // - acme, umbrella, hooli completed later than their 2nd report anyway (dashboard, contacts);
    //   globex has its own override `reports: 5`. No milestone depends on activated.
    expect(changes).toEqual([
      {
        milestone_id: 'activated',
        level: 'account',
        actor_id: 'initech',
        account_id: 'initech',
        base_status: 'never_achieved',
        head_status: 'achieving',
        base_progress: '66.67',
        head_progress: '100',
        base_completed_at: '',
        head_completed_at: '2026-03-05T19:00:00Z',
        // Its start (first seen 01-08 09:30 EST) is the same; activated has no deadline.
        base_evaluation_start: '2026-01-08T14:30:00Z',
        head_evaluation_start: '2026-01-08T14:30:00Z',
        base_deadline: '',
        head_deadline: '',
        base_deadline_missed: 'false',
        head_deadline_missed: 'false',
        base_on_time: '',
        head_on_time: '',
      },
    ]);
    // Aggregates: activated achieving 4 -> 5, never_achieved 3 -> 2 (README: 8 4 0 3 1).
    const activated = milestones?.find((m) => m.milestone === 'activated');
    expect(activated).toMatchObject({
      definition: 'changed',
      base_achieving: '4',
      head_achieving: '5',
      delta_achieving: '1',
      base_never_achieved: '3',
      head_never_achieved: '2',
      changed_actors: '1',
    });
    // The warehouse was opened read-only: not a byte changed.
    expect(sha(join(dir, 'milestones.duckdb'))).toBe(before);
  });

  it('--exit-code fails when something differs, for CI', async () => {
    const result = await cli('diff', '--base', 'HEAD', '--exit-code', '--format', 'json');
    expect(result.exitCode).toBe(1);
    const out = JSON.parse(result.stdout) as { changed_total: number; base: string; as_of: string };
    expect(out).toMatchObject({
      changed_total: 1,
      base: 'HEAD:milestones.yaml',
      as_of: '2026-05-01T03:59:59Z',
    });
  });

  it('shows a table with the move on a terminal format', async () => {
    // 200 columns: wide enough for one line per row (narrower, cells wrap: output/fit-table.ts).
    const result = await execa('node', [BIN, 'diff', '--base', 'HEAD', '--format', 'table'], {
      cwd: dir,
      reject: false,
      env: { ...env(), COLUMNS: '200' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('HEAD:milestones.yaml → milestones.yaml, as of 2026-05-01T03:59:59Z');
    expect(result.stdout).toContain('never_achieved → achieving');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('--base-file compares two files; a longer deadline clears one deadline miss', async () => {
    writeFileSync(join(dir, 'base.yaml'), EXAMPLE);
    writeFileSync(join(dir, 'head.yaml'), edited('deadline: 14d', 'deadline: 30d'));
    const result = await cli('diff', '-c', 'head.yaml', '--base-file', 'base.yaml', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const [, changes] = csv(result.stdout);
    // setup, due = start + 30d instead of 14d (README, setup rows):
    // - initech: start 01-08 09:30 EST, completed 02-03 10:00 EST, before the new due 02-07 09:30: no longer missed.
    // - stark: never completed, new due 04-01 10:45 EDT is still before T: still missed.
    // - the others completed within 14 days; globex has its own 30d; wayne has not started.
    // Every other actor with a 14d deadline is listed after initech: its published deadline
    // moved 16 days later (384 hours; every start and due here is on one side of the clock
    // change), and nothing else did (a move of the schedule alone sorts last).
    const hours = (c: Record<string, string>) =>
      (Date.parse(c.head_deadline!) - Date.parse(c.base_deadline!)) / 3_600_000;
    expect(
      changes?.map((c) => [
        c.milestone_id,
        c.actor_id,
        c.base_deadline_missed,
        c.head_deadline_missed,
        c.base_on_time,
        c.head_on_time,
        c.head_status,
        hours(c),
      ]),
    ).toEqual([
      ['setup', 'initech', 'true', 'false', 'false', 'true', 'achieving', 384],
      ['setup', 'acme', 'false', 'false', 'true', 'true', 'achieving', 384],
      ['setup', 'hooli', 'false', 'false', 'true', 'true', 'achieving', 384],
      ['setup', 'stark', 'true', 'true', 'false', 'false', 'never_achieved', 384],
      ['setup', 'umbrella', 'false', 'false', 'true', 'true', 'achieving', 384],
      ['setup', 'wonka', 'false', 'false', 'true', 'true', 'achieving', 384],
    ]);
  });

  it('a shorter conversion window moves its counts only; --exit-code fails on it', async () => {
    writeFileSync(join(dir, 'head.yaml'), edited('window: 60d #', 'window: 59d #'));
    const args = ['diff', '-c', 'head.yaml', '--base-file', 'base.yaml', '--format', 'json'];
    const result = await cli(...args, '--exit-code');
    expect(result.exitCode, result.stderr).toBe(1);
    const [, changes, conversions] = csv(result.stdout);
    // No milestone moves; trial_to_customer (README): initech's customer step at 04-04 15:00Z was
    // exactly at the 60d window end; with 59d the window ends 04-03 15:00Z, long before T: no
    // longer converted, not in progress. Entered 5, converted 3 -> 2, rate 3/5 = 60% -> 2/5 = 40%.
    expect(changes).toEqual([]);
    // demo_to_customer is untouched: same definition, no move.
    expect(conversions?.map((c) => [c.conversion, c.definition, c.delta_converted])).toEqual([
      ['trial_to_customer', 'changed', '-1'],
      ['demo_to_customer', 'same', '0'],
    ]);
    expect(conversions?.[0]).toMatchObject({
      base_entered: '5',
      head_entered: '5',
      head_in_progress: '0',
      delta_converted: '-1',
      base_rate: '60',
      head_rate: '40',
      delta_rate: '-20',
    });
    // On a terminal: the third table with the move.
    const table = await cli(...args.slice(0, -2), '--format', 'table');
    expect(table.stdout).toContain('3 → 2 (-1)');
  });

  it("a bad revision is exit 2 with git's message and a hint", async () => {
    const result = await cli('diff', '--base', 'no-such-branch');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('no-such-branch');
    expect(result.stderr).toContain('hint:');
  });

  it('an invalid base is exit 1 with its diagnostics labelled REF:path:line:col', async () => {
    writeFileSync(
      join(dir, 'broken.yaml'),
      edited('criteria:\n      - id: installed', 'critera:\n      - id: installed'),
    );
    await git('add', 'broken.yaml');
    await commit('a typo');
    writeFileSync(join(dir, 'broken.yaml'), EXAMPLE);
    const result = await cli('diff', '-c', 'broken.yaml', '--base', 'HEAD');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^HEAD:broken\.yaml:\d+:\d+ error\[/m);
  });

  it('needs exactly one of --base and --base-file (exit 2)', async () => {
    expect((await cli('diff')).exitCode).toBe(2);
    expect((await cli('diff', '--base', 'HEAD', '--base-file', 'base.yaml')).exitCode).toBe(2);
  });

  it('names --base-file, not -c, when the base file is missing (exit 2)', async () => {
    const missing = await cli('diff', '--base-file', 'no-such-base.yaml');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('definitions file not found');
    expect(missing.stderr).toContain('hint: pass --base-file with an existing definitions file');
  });
});
