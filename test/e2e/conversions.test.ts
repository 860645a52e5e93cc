/**
 * `milestones conversions` end to end: the built CLI (`npm run build` first)
 * in temp folders, with a small YAML and CSVs written here. Nothing is
 * computed beforehand: the command loads the sources and computes the
 * milestone statuses its steps need.
 *
 * Data (UTC), steps [setup (milestone: app_installed), paid], window 10d, touchpoint demo:
 *   a: installed 01-01 10:00, demo 01-02 10:00, paid 01-03 10:00 -> converted in 2 d (172 800 s)
 *   b: installed 01-01 10:00, demo 01-05 10:00, never paid       -> dropped (window ended 01-11)
 *   c: installed 01-20 10:00, paid 01-21 10:00 (the latest event, T) -> converted in 1 d, no touch: (none)
 * Entered 3, converted 2 (66.7%); mean = median = 129 600 s; p90 = 86 400 + 0.9 x 86 400 = 164 160 s.
 * Segments: a, b enterprise (1 of 2), c smb (1 of 1).
 * demo: converted with 1 (a), not converted with 1 (b); rate with 1/2, without (2-1)/(2-1+1-1) = 1; lift -50%.
 * Markov and Shapley: demo 1 (a's conversion), (none) 1 (c's).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse, type Warehouse } from '../../src/warehouse/session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const CONFIG = `version: 1
warehouse: warehouse.duckdb
sources:
  events:
    path: events.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
  accounts:
    path: accounts.csv
    columns: {account_id: id}
    properties: {segment: VARCHAR}
milestones:
  - id: setup
    criteria: [{event: app_installed}]
conversions:
  - id: trial
    name: Trial
    steps: [setup, {event: paid}]
    window: 10d
    touchpoints: [{id: demo, event: demo_booked}]
    breakdown: [segment]
  - id: never
    from: {event: nothing_happens}
    to: setup
    window: 1d
`;

const EVENTS = `occurred_at,account,event_name
2026-01-01 10:00:00,a,app_installed
2026-01-02 10:00:00,a,demo_booked
2026-01-03 10:00:00,a,paid
2026-01-01 10:00:00,b,app_installed
2026-01-05 10:00:00,b,demo_booked
2026-01-20 10:00:00,c,app_installed
2026-01-21 10:00:00,c,paid
`;
const ACCOUNTS = 'id,segment\na,enterprise\nb,enterprise\nc,smb\n';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-conversions-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries({
    'milestones.yaml': CONFIG,
    'events.csv': EVENTS,
    'accounts.csv': ACCOUNTS,
  })) {
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const cli = (dir: string, ...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run `npm run build` before the e2e tests');
});

describe('milestones conversions', () => {
  it('prints the funnel as CSV when piped (--table touchpoints: the touchpoints), and stores the tables', async () => {
    const dir = project();
    const result = await cli(dir, 'conversions', 'trial', '-c', 'milestones.yaml');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const funnel = result.stdout.trimEnd();
    const touchpoints = (
      await cli(dir, 'conversions', 'trial', '-c', 'milestones.yaml', '--table', 'touchpoints')
    ).stdout;
    expect(funnel!.split('\n')).toEqual([
      'conversion_id,breakdown,value,step,step_name,reached,in_progress,step_rate,overall_rate,seconds_mean,seconds_median,seconds_p90,from_previous_seconds_mean,from_previous_seconds_median,from_previous_seconds_p90',
      'trial,,,1,setup,3,0,,1,,,,,,',
      // Two steps: the time from the previous step is the time from the first.
      'trial,,,2,paid,2,0,0.6666666666666666,0.6666666666666666,129600,129600,164160,129600,129600,164160',
      'trial,segment,enterprise,1,setup,2,0,,1,,,,,,',
      'trial,segment,enterprise,2,paid,1,0,0.5,0.5,172800,172800,172800,172800,172800,172800',
      'trial,segment,smb,1,setup,1,0,,1,,,,,,',
      'trial,segment,smb,2,paid,1,0,1,1,86400,86400,86400,86400,86400,86400',
    ]);
    expect(touchpoints!.trim().split('\n')).toEqual([
      'conversion_id,touchpoint,converted_with,not_converted_with,markov,shapley,rate_with,rate_without,lift,seconds_mean,seconds_median',
      'trial,demo,1,1,1,1,0.5,1,-0.5,172800,172800',
      'trial,(none),,,1,1,,,,,',
    ]);
    await withWarehouse(
      join(dir, 'warehouse.duckdb'),
      async (w) => {
        const rows = await w.all<{ model: string; n: bigint }>(
          "SELECT model, count(*) AS n FROM conversion_attribution WHERE conversion_id = 'trial' GROUP BY model ORDER BY model",
        );
        // 7 models x (demo + (none)). (No statuses yet: a whole compute ran, publishing `never` too.)
        expect(rows).toHaveLength(7);
        expect(rows.map((r) => r.n)).toEqual(rows.map(() => 2n));
        expect(await w.tableExists('milestone_status')).toBe(true);
      },
      { readOnly: true },
    );
    // Both conversions in one terminal table: each row names its conversion (found by review: the
    // two "(none)" rows could not be told apart). `trial`'s rows as above; `never` has its own.
    const both = await cli(
      dir,
      'conversions',
      '-c',
      'milestones.yaml',
      '--table',
      'touchpoints',
      '--format',
      'table',
    );
    expect(both.exitCode, both.stderr).toBe(0);
    const header = both.stdout.split('\n').find((l) => l.includes('touchpoint'));
    expect(header).toMatch(/conversion.*touchpoint/);
    expect(both.stdout).toMatch(/^trial +demo /m);
    expect(both.stdout).toMatch(/^trial +\(none\) /m);
  });

  it('prints JSON with every model, and a table led by the time to convert in mean mode', async () => {
    const dir = project();
    const json = await cli(dir, 'conversions', 'trial', '-c', 'milestones.yaml', '--format', 'json');
    expect(json.exitCode).toBe(0);
    const [trial] = JSON.parse(json.stdout).conversions;
    expect(trial).toMatchObject({
      id: 'trial',
      entered: 3, // counts are JSON numbers
      converted: 2,
      in_progress: 0,
      as_of: '2026-01-21T10:00:00Z',
    });
    expect(trial.attribution).toHaveLength(14);
    expect(trial.touchpoints[0]).toMatchObject({ touchpoint: 'demo', markov: 1, shapley: 1, lift: -0.5 });

    const table = await cli(
      dir,
      'conversions',
      'trial',
      '-c',
      'milestones.yaml',
      '--format',
      'table',
      '--mode',
      'mean',
      '--model',
      'linear',
    );
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain(
      'Trial (trial), as of 2026-01-21T10:00:00Z: 3 entered, 2 converted (66.7%), 0 in progress',
    );
    expect(table.stdout).toMatch(/│ touchpoint\s+│ mean time\s+│ linear\s+│/);
    expect(table.stdout).toMatch(/│ demo \(1\)\s+│ 2d\s+│ 1\.00\s+│ 50\.0%\s+│ 100\.0%\s+│ -50\.0%/);
  });

  it('explains an empty result: nobody entered', async () => {
    const dir = project();
    const result = await cli(dir, 'conversions', 'never', '-c', 'milestones.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      'note: nobody entered "never": no "nothing_happens" event (the first step)',
    );
    // The funnel table, header only: nobody entered.
    expect(result.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^conversion_id,breakdown,/)]);
  });

  it('rejects an unknown conversion, model or mode, and a bad --as-of, with exit 2', async () => {
    const dir = project();
    const unknown = await cli(dir, 'conversions', 'trail', '-c', 'milestones.yaml');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no conversion "trail": did you mean "trial"?');
    const model = await cli(dir, 'conversions', '-c', 'milestones.yaml', '--model', 'markow');
    expect(model.exitCode).toBe(2);
    expect(model.stderr).toContain('did you mean "markov"?');
    const mode = await cli(dir, 'conversions', '-c', 'milestones.yaml', '--mode', 'fast');
    expect(mode.exitCode).toBe(2);
    const asOf = await cli(dir, 'conversions', '-c', 'milestones.yaml', '--as-of', 'yesterday');
    expect(asOf.exitCode).toBe(2);
    // Nothing was computed or written.
    expect(existsSync(join(dir, 'warehouse.duckdb'))).toBe(false);
  });

  it('gives the same bytes on a second run', async () => {
    const dir = project();
    const first = await cli(dir, 'conversions', '-c', 'milestones.yaml', '--format', 'json');
    const second = await cli(dir, 'conversions', '-c', 'milestones.yaml', '--format', 'json');
    expect(first.exitCode).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('milestones conversions over an edited actor dictionary', () => {
  it('fails with exit 2 and the fix, leaving the stored conversion tables as they were', async () => {
    const dir = project();
    expect((await cli(dir, 'conversions', 'trial', '-c', 'milestones.yaml')).exitCode).toBe(0);
    const stored = (w: Warehouse) =>
      w.allJson('SELECT actor_id, reached, converted FROM conversion_actors ORDER BY ALL');
    const file = join(dir, 'warehouse.duckdb');
    const before = await withWarehouse(file, stored, { readOnly: true });
    expect(before).toHaveLength(3); // a, b and c entered
    // a, who completed setup (the first step), loses its number by hand; its events keep it.
    await withWarehouse(file, (w) => w.run(`DELETE FROM _account_numbers WHERE id = 'a'`));
    const result = await cli(dir, 'conversions', 'trial', '-c', 'milestones.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'milestone_status names a, which has no number (the table _account_numbers was edited): ' +
        'drop the table _account_numbers and run `milestones compute`',
    );
    expect(await withWarehouse(file, stored, { readOnly: true })).toEqual(before);
  });
});
