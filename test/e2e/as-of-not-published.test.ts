/**
 * A command other than `compute` given its own `--as-of` computes at that T
 * for itself and publishes nothing: no run, no feed rows, the published
 * tables as the last `compute` left them. Before, `calibrate --as-of` (even
 * when it then failed), `report`, `cx`, `paths` and `conversions --as-of`
 * published a run at the past T, and the next `feed` handed the consumer a
 * retraction of every completion since (found by a review).
 */
import { beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, projectDir } from './helpers/tiny-project.js';

// paying: one `paid` event. a2 pays on 01-03; T defaults to the latest event (01-20).
const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: {ts: ts, account_id: account, event: event}
milestones:
  - id: paying
    name: Paying
    criteria:
      - event: paid
conversions:
  - id: signup_to_paying
    steps: [{event: signup}, paying]
    window: 30d
`;
const EVENTS = `ts,account,event
2026-01-01 10:00:00,a1,signup
2026-01-02 10:00:00,a2,signup
2026-01-03 10:00:00,a2,paid
2026-01-20 10:00:00,a3,signup
`;

let dir = '';
const cli = (args: string[]) => cliIn(dir, args);

async function runs(): Promise<string> {
  const r = await cli(['export', 'milestone_runs', '--format', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  dir = projectDir('as-of', { 'milestones.yaml': CONFIG, 'events.csv': EVENTS });
  expect((await cli(['compute', '--quiet', '--format', 'csv'])).exitCode).toBe(0);
  const first = await cli(['feed', '--cursor', 'cursor.json', '-o', 'first.csv']);
  expect(first.exitCode, first.stderr).toBe(0);
}, 60_000);

it('publishes nothing for calibrate, report and conversions at a past --as-of; the feed stays empty', async () => {
  const before = await runs();
  // One run so far: the compute at the latest event.
  expect(JSON.parse(before)).toHaveLength(1);

  // 2025-01-01: before every event. calibrate then finds nobody and exits 1; it published a run before.
  const calibrate = await cli(['calibrate', '--outcome', 'event:paid', '--as-of', '2025-01-01', '--quiet']);
  expect(calibrate.exitCode).toBe(1);
  const report = await cli(['report', '--as-of', '2026-01-02', '-o', 'past.html']);
  expect(report.exitCode, report.stderr).toBe(0);
  expect(report.stderr).toContain('nothing was published');
  const conversions = await cli(['conversions', '--as-of', '2026-01-02', '--format', 'csv']);
  expect(conversions.exitCode, conversions.stderr).toBe(0);
  // At 01-02 (end of day): a1 and a2 signed up, nobody paid yet -> step 2 reached by 0.
  const step2 = conversions.stdout.split('\n').find((l) => l.startsWith('signup_to_paying,,,2,'));
  expect(step2?.split(',')[5]).toBe('0');

  expect(await runs()).toBe(before);
  const feed = await cli(['feed', '--cursor', 'cursor.json', '-o', 'second.csv']);
  expect(feed.exitCode, feed.stderr).toBe(0);
  // The header only: no retraction of a2's completion on 01-03, no republished row.
  expect(readFileSync(join(dir, 'second.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
  // The published status is still the one at the latest event: a2 achieving.
  const status = await cli(['export', 'milestone_status', '--format', 'csv']);
  expect(status.stdout).toMatch(/paying,account,a2,a2,achieving,2026-01-03T10:00:00Z/);
}, 120_000);

it('reads what it computed at its own T: the report equals the one after `compute --as-of` of that T', async () => {
  const own = await cli(['report', '--as-of', '2026-01-02', '-o', 'own.html', '--quiet']);
  expect(own.exitCode, own.stderr).toBe(0);
  // Publish 01-02 in a copy's place: the same warehouse, computed and published at that T.
  expect((await cli(['compute', '--as-of', '2026-01-02', '--quiet', '--format', 'csv'])).exitCode).toBe(0);
  const published = await cli(['report', '--as-of', '2026-01-02', '-o', 'published.html', '--quiet']);
  expect(published.exitCode, published.stderr).toBe(0);
  expect(readFileSync(join(dir, 'own.html'), 'utf8')).toBe(readFileSync(join(dir, 'published.html'), 'utf8'));
}, 120_000);
