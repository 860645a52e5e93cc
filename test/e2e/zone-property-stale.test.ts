/**
 * Changing `timezone_property` makes the stored statuses stale for the
 * commands that reuse them: `paths` (and `cx`, `report`, `conversions`)
 * used to read the statuses computed with the old zones, exit 0, because the
 * statuses' fingerprint left the property out (found by a review).
 */
import { beforeAll, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, projectDir } from './helpers/tiny-project.js';

const config = (zoneProperty: boolean) => `version: 1
timezone: UTC
${zoneProperty ? 'timezone_property: tz\n' : ''}sources:
  events: {path: events.csv, columns: {ts: ts, account_id: account, event: event}}
  accounts: {path: accounts.csv, columns: {account_id: id}, properties: {tz: VARCHAR}}
milestones:
  - id: engaged
    criteria: [{event: report_created, count: active_days, at_least: 2}]
  - id: paid
    criteria: [{event: subscription_started}]
journeys:
  - id: life
    stages: [engaged, paid]
`;

let dir = '';
const cli = (args: string[]) => cliIn(dir, args);

beforeAll(() => {
  dir = projectDir('zone-property', {
    'accounts.csv': 'id,tz\na1,Asia/Tokyo\n',
    // 14:00Z and 16:00Z on 01-01: 23:00 on 01-01 and 01:00 on 01-02 in Tokyo (two local days), one UTC day.
    'events.csv':
      'ts,account,event\n2026-01-01T14:00:00Z,a1,report_created\n2026-01-01T16:00:00Z,a1,report_created\n' +
      '2026-01-03T10:00:00Z,a1,subscription_started\n',
  });
});

it('paths recomputes after timezone_property is removed', async () => {
  writeFileSync(join(dir, 'milestones.yaml'), config(true));
  const compute = await cli(['compute', '--format', 'csv', '--quiet']);
  expect(compute.exitCode, compute.stderr).toBe(0);
  // In Tokyo two active days: engaged (01-01 16:00Z), then paid: the path engaged -> paid.
  const before = await cli(['paths', '--format', 'csv']);
  expect(before.stdout).toContain('life,,engaged,paid,1');
  writeFileSync(join(dir, 'milestones.yaml'), config(false));
  // In UTC one active day: never engaged; the path is paid alone.
  const after = await cli(['paths', '--format', 'csv']);
  expect(after.exitCode, after.stderr).toBe(0);
  expect(after.stdout).toContain('life,,paid,,1');
  expect(after.stdout).not.toContain('engaged');
}, 60_000);
