/**
 * Repeated funnel steps and the two step clocks end to end: the built CLI
 * (`npm run build` first) in a temp folder.
 *
 * Data (UTC), steps [signup, pv, pv], window 10d, T = the latest event (01-05 00:00):
 *   a: signup 01-01, pv 01-02, pv 01-05 -> converted; step 2 at 1d; step 3 at 4d from step 1, 3d from step 2
 *   b: signup 01-01, pv 01-03          -> reached 2 (its one pageview fills one step), in progress
 * Step 2 (a 1d, b 2d): mean = median 1.5d = 129 600 s, p90 = 1d + 0.9 x 1d = 164 160 s, both clocks.
 * Step 3 (a): from step 1 4d = 345 600 s; from the previous step 3d = 259 200 s.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const CONFIG = (steps: string) => `sources:
  events:
    path: events.csv
milestones:
  - id: setup
    criteria: [{event: signup}]
conversions:
  - id: browse
    steps: ${steps}
    window: 10d
`;

const EVENTS = `ts,account_id,event
2026-01-01 00:00:00,a,signup
2026-01-02 00:00:00,a,pv
2026-01-05 00:00:00,a,pv
2026-01-01 00:00:00,b,signup
2026-01-03 00:00:00,b,pv
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('milestones-e2e-funnel-');
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG('[{event: signup}, {event: pv}, {event: pv}]'));
  writeFileSync(join(dir, 'events.csv'), EVENTS);
});

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

const FROM_PREVIOUS = [
  'from_previous_seconds_mean',
  'from_previous_seconds_median',
  'from_previous_seconds_p90',
];

describe('repeated event steps', () => {
  it('validate accepts repeated event steps and refuses a repeated milestone step', async () => {
    expect((await cli('validate')).exitCode).toBe(0);
    writeFileSync(join(dir, 'repeat-milestone.yaml'), CONFIG('[setup, {event: pv}, setup]'));
    const bad = await cli('validate', '-c', 'repeat-milestone.yaml');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('repeat-milestone.yaml:9:'); // the second "setup", on the steps line
    expect(bad.stderr).toContain('error[repeated-step]: milestone step "setup" repeats an earlier step');
  });

  it('counts each repeat on its own event, with both clocks in JSON', async () => {
    const result = await cli('conversions', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const [browse] = JSON.parse(result.stdout).conversions as { funnel: Record<string, unknown>[] }[];
    const times = browse!.funnel.map((s) => [
      s.reached,
      s.seconds_mean,
      s.seconds_p90,
      s.from_previous_seconds_mean,
      s.from_previous_seconds_median,
      s.from_previous_seconds_p90,
    ]);
    expect(times).toEqual([
      [2, null, null, null, null, null],
      [2, 129_600, 164_160, 129_600, 129_600, 164_160],
      [1, 345_600, 345_600, 259_200, 259_200, 259_200],
    ]);
  });

  it('names both clocks in the table, the CSV and the stored conversion_steps', async () => {
    // Wide enough for one row per step (at the default 100 columns the table is stacked).
    const table = await execa('node', [BIN, 'conversions', '--format', 'table'], {
      cwd: dir,
      reject: false,
      env: { NO_COLOR: '1', COLUMNS: '300' },
    });
    for (const header of ['mean from step 1', 'p90 from step 1', 'mean from previous', 'p90 from previous']) {
      expect(table.stdout).toContain(header);
    }
    // Step 3: 4d from step 1, 3d from the previous step.
    expect(table.stdout).toMatch(/3 pv .* 4d .* 3d /);
    const csv = await cli('conversions', '--format', 'csv');
    const header = csv.stdout.split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['seconds_mean', ...FROM_PREVIOUS]));
    const stored = await cli('export', 'conversion_steps', '--format', 'csv');
    expect(stored.exitCode, stored.stderr).toBe(0);
    const columns = stored.stdout.split('\n')[0]!.split(',');
    expect(columns).toEqual(expect.arrayContaining(FROM_PREVIOUS));
    const step3 = stored.stdout
      .split('\n')
      .find((l) => l.startsWith('browse,,,3,'))!
      .split(',');
    expect(step3[columns.indexOf('from_previous_seconds_mean')]).toBe('259200.0');
  });
});
