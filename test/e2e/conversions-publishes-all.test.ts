/**
 * `milestones conversions` on stale statuses publishes as `compute` would:
 * every result at the same T. It had published the statuses alone, leaving
 * `journey_travelers` (and CX) at the previous T (found by review).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

const CONFIG = `version: 1
timezone: UTC
warehouse: w.duckdb
sources:
  events: {path: events/*.csv, columns: {ts: occurred_at, account_id: account, event: event_name}}
milestones:
  - {id: setup, name: Setup, criteria: [{event: install}]}
  - {id: active, name: Active, criteria: [{event: report}]}
journeys:
  - {id: life, name: Life, stages: [setup, active]}
conversions:
  - {id: s2a, name: Setup to active, steps: [setup, active], window: 5d}
`;

const cli = (dir: string, args: string[]) => execa('node', [BIN, ...args], { cwd: dir, reject: false });

it('publishes the journeys at the statuses T when it computes them', async () => {
  const dir = tempDir('milestones-conversions-publish-');
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  mkdirSync(join(dir, 'events'));
  writeFileSync(
    join(dir, 'events', 'd1.csv'),
    'occurred_at,account,event_name\n2026-01-01 10:00:00,a1,install\n',
  );
  expect((await cli(dir, ['compute', '--format', 'csv'])).exitCode).toBe(0);
  // A report on 01-02: a1 reaches `active`, T moves to 01-02 10:00.
  writeFileSync(
    join(dir, 'events', 'd2.csv'),
    'occurred_at,account,event_name\n2026-01-02 10:00:00,a1,report\n',
  );
  const conversions = await cli(dir, ['conversions', 's2a', '--format', 'csv']);
  expect(conversions.exitCode, conversions.stderr).toBe(0);
  const status = await cli(dir, ['export', 'milestone_status', '--format', 'csv']);
  const travelers = await cli(dir, ['export', 'journey_travelers', '--format', 'csv']);
  // Both at the new T; and one traveler entered `active` (stage 2).
  expect(status.stdout).toMatch(/2026-01-02T10:00:00Z/);
  expect(status.stdout).not.toMatch(/2026-01-01T10:00:00Z\s*$/m);
  const [header, ...rows] = travelers.stdout.trim().split('\n');
  const cols = header!.split(',');
  const at = (row: string, name: string) => row.split(',')[cols.indexOf(name)];
  expect(rows.map((r) => at(r, 'as_of'))).toEqual(rows.map(() => '2026-01-02T10:00:00Z'));
  const active = rows.find((r) => at(r, 'milestone_id') === 'active')!;
  expect(at(active, 'entered')).toBe('1');
});
