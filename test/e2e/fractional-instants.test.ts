/**
 * Instants the CLI prints keep their fraction of a second, as exports do
 * (README: "fractional seconds when there are some"). `explain` used to print
 * a completion at 10:00:00.750 and a deadline at 10:00:00.250 both as
 * 10:00:00Z, beside "deadline missed", which read as a contradiction (found
 * by a review); `compute --format json`'s `as_of` dropped them too.
 */
import { beforeAll, expect, it } from 'vitest';
import { cliIn, projectDir } from './helpers/tiny-project.js';

// First seen 01-01 10:00:00.250, deadline 1d later = 01-02 10:00:00.250; the report
// comes half a second after it (10:00:00.750): completed, deadline missed.
const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
    columns: {ts: ts, account_id: account, event: event}
milestones:
  - id: reported
    name: Reported
    criteria:
      - event: report
    evaluation: {start: first_seen, deadline: 1d}
`;
const EVENTS = `ts,account,event
2026-01-01T10:00:00.250Z,a1,signup
2026-01-02T10:00:00.750Z,a1,report
`;

let dir = '';
const cli = (args: string[]) => cliIn(dir, args);

beforeAll(() => {
  dir = projectDir('fraction', { 'milestones.yaml': CONFIG, 'events.csv': EVENTS });
});

it('compute and explain print instants with their milliseconds', async () => {
  const compute = await cli(['compute', '--format', 'json', '--quiet']);
  expect(compute.exitCode, compute.stderr).toBe(0);
  // T defaults to the latest event: the report at 10:00:00.750.
  expect((JSON.parse(compute.stdout) as { as_of: string }).as_of).toBe('2026-01-02T10:00:00.750Z');
  const explain = await cli(['explain', 'a1', '--milestone', 'reported', '--format', 'table']);
  expect(explain.exitCode, explain.stderr).toBe(0);
  const text = explain.stdout.replace(/\s+/g, ' ');
  expect(text).toContain('completed_at 2026-01-02T10:00:00.750Z');
  expect(text).toContain('deadline 2026-01-02T10:00:00.250Z missed');
}, 60_000);
