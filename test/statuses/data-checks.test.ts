/**
 * `compute` checks the definitions against the data it just loaded
 * (src/statuses/data-checks.ts): an event name, a `where:` value or an
 * `assign:` value spelled otherwise than the data has it had given zeros
 * with exit 0 and no word. Each is now a warning at its line, with what the
 * data holds instead.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { describeFilter } from '../../src/statuses/filter-matches.js';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

// Two upgrades on plan "pro", one on "free"; accounts a1 (gold) and a2 (silver).
const EVENTS =
  'ts,account_id,event,plan\n' +
  '2026-01-01 10:00:00,a1,upgrade,pro\n' +
  '2026-01-02 10:00:00,a2,upgrade,pro\n' +
  '2026-01-03 10:00:00,a2,upgrade,free\n';
const ACCOUNTS = 'id,tier\na1,gold\na2,silver\n';

const CONFIG = `version: 1
timezone: UTC
sources:
  events:
    path: events.csv
  accounts:
    path: accounts.csv
    columns: {account_id: id}
    properties: {tier: VARCHAR}
milestones:
  - id: pro
    name: Pro
    criteria:
      - event: upgrade
        where: {plan: Pro}
  - id: signed
    name: Signed
    criteria:
      - event: Upgrade
  - id: gold
    name: Gold
    assign:
      where: {tier: Gold}
    criteria:
      - event: upgrade
  - id: fine
    name: Fine
    assign:
      where: {tier: gold}
    criteria:
      - event: upgrade
        where: {plan: {in: [pro, enterprise]}}
`;

async function compute() {
  const dir = tempDir('milestones-data-checks-');
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  return execa('node', [BIN, 'compute', '--db', ':memory:', '--as-of', '2026-02-01', '--format', 'json'], {
    cwd: dir,
    reject: false,
  });
}

it('warns of an event name, a where value and an assign value the data does not have, at their lines', async () => {
  const result = await compute();
  expect(result.exitCode, result.stderr).toBe(0);
  const warnings = result.stderr.split('\n').filter((l) => l.includes('warning['));
  // Exactly three: `fine` is right on all counts (tier gold is a1's; plan pro occurs).
  expect(warnings).toHaveLength(3);
  // Line 19: `- event: Upgrade`; the data has `upgrade`.
  expect(result.stderr).toMatch(
    /milestones\.yaml:19:\d+ warning\[unknown-event\]: milestone "signed", criterion 1: event "Upgrade" never occurs in the events table, so it never holds\n {2}hint: did you mean "upgrade"\? Event names are case-sensitive/,
  );
  // Line 15: `where: {plan: Pro}`; the sample of upgrades has pro twice and free once.
  expect(result.stderr).toMatch(
    /milestones\.yaml:15:\d+ warning\[no-matching-event\]: milestone "pro", criterion 1: no "upgrade" event matches where: plan = Pro, so it never holds\n {2}hint: "upgrade" events have plan: pro \(2\), free \(1\) of 3 sampled/,
  );
  // Line 23: `where: {tier: Gold}`; the accounts have gold and silver once each.
  expect(result.stderr).toMatch(
    /milestones\.yaml:23:\d+ warning\[nobody-assigned\]: milestone "gold": no account matches its assign where: tier = Gold, so it has no accounts to report\n {2}hint: the accounts have tier: gold \(1\), silver \(1\) of 2 sampled/,
  );
});

it('describes filters as a reader would write them', () => {
  const f = (op: string, value: unknown, negate = false) =>
    describeFilter({ property: 'plan', op: op as never, value: value as never, negate });
  expect(f('eq', 'pro')).toBe('plan = pro');
  expect(f('in', ['pro', 'team'])).toBe('plan in (pro, team)');
  expect(f('eq', 'import', true)).toBe('not plan = import');
  expect(f('exists', false)).toBe('plan is missing');
  expect(f('gte', 10)).toBe('plan >= 10');
});

it('validate names the same where: value when the warehouse is there, and --strict fails on it', async () => {
  const dir = tempDir('milestones-data-checks-validate-');
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  writeFileSync(
    join(dir, 'milestones.yaml'),
    CONFIG.replace('timezone: UTC\n', 'timezone: UTC\nwarehouse: w.duckdb\n'),
  );
  expect(
    (await execa('node', [BIN, 'compute', '--format', 'csv'], { cwd: dir, reject: false })).exitCode,
  ).toBe(0);
  const checked = await execa('node', [BIN, 'validate', '--format', 'json'], { cwd: dir, reject: false });
  expect(checked.exitCode, checked.stderr).toBe(0);
  const { warnings } = JSON.parse(checked.stdout) as {
    warnings: { code: string; location?: { line: number } }[];
  };
  // Line 16 (one more than compute's config: the warehouse line): `where: {plan: Pro}`. Who is
  // assigned is known only after computing, so validate has no nobody-assigned.
  expect(warnings.filter((d) => d.code === 'no-matching-event')).toMatchObject([{ location: { line: 16 } }]);
  expect(warnings.some((d) => d.code === 'nobody-assigned')).toBe(false);
  const strict = await execa('node', [BIN, 'validate', '--strict'], { cwd: dir, reject: false });
  expect(strict.exitCode).toBe(1);
});
