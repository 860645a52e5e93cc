/**
 * Changing `timezone_property` makes the stored statuses stale for the
 * commands that reuse them: `paths` (and `cx`, `report`, `conversions`)
 * used to read the statuses computed with the old zones, exit 0, because the
 * statuses' fingerprint left the property out (found by a review).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';

const BIN = join(resolve(import.meta.dirname, '..', '..'), 'bin', 'milestones.js');

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
const cli = (args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-zone-property-'));
  writeFileSync(join(dir, 'accounts.csv'), 'id,tz\na1,Asia/Tokyo\n');
  // 14:00Z and 16:00Z on 01-01: 23:00 on 01-01 and 01:00 on 01-02 in Tokyo (two local days), one UTC day.
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account,event\n2026-01-01T14:00:00Z,a1,report_created\n2026-01-01T16:00:00Z,a1,report_created\n' +
      '2026-01-03T10:00:00Z,a1,subscription_started\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
