/**
 * A conversion `value:` that names nothing the data holds gave 0 revenue in
 * every model with exit 0 (a typo, `value: amonut`; found by review).
 * `compute`, `conversions` and `validate` now warn at its line
 * (src/conversions/value-property.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

// `amount` is an unmapped column: a key of the packed properties, on buy events only.
const EVENTS =
  'ts,account_id,event,amount\n' + '2026-01-01 00:00:00,x,signup,\n' + '2026-01-04 00:00:00,x,buy,100\n';
const ACCOUNTS = 'id,deal\nx,500\n';

const conversion = (id: string, value: string) => `  - id: ${id}
    steps: [{event: signup}, {event: buy}]
    window: 30d
    value: ${value}
`;

const CONFIG = `version: 1
timezone: UTC
warehouse: w.duckdb
sources:
  events:
    path: events.csv
  accounts:
    path: accounts.csv
    columns: {account_id: id}
    properties: {deal: DOUBLE}
milestones: [{id: signed, criteria: [{event: signup}]}]
conversions:
${conversion('typo', 'amonut')}${conversion('packed', 'amount')}${conversion('account', 'deal')}`;

it('warns of a value: no column or event carries, at its line; compute still publishes', async () => {
  const dir = tempDir('milestones-value-property-');
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  const run = (...args: string[]) => execa('node', [BIN, ...args], { cwd: dir, reject: false });
  const computed = await run('compute', '--format', 'csv');
  expect(computed.exitCode, computed.stderr).toBe(0);
  // One warning: `packed` finds "amount" on the buy event, `account` is an accounts column.
  // Line 16: `value: amonut` (line 12 is `conversions:`, the first one starts on 13).
  const warnings = computed.stderr.split('\n').filter((l) => l.includes('warning['));
  expect(warnings).toEqual([
    expect.stringMatching(
      /milestones\.yaml:16:\d+ warning\[unknown-property\]: conversion "typo": value property "amonut" is no events or accounts column and no event carries it, so its revenue is 0 for everyone$/,
    ) as unknown,
  ]);
  expect(computed.stderr).toContain('hint: did you mean "amount"?');
  // `conversions` says it too; `validate --strict` fails on it.
  expect((await run('conversions', 'typo', '--format', 'csv')).stderr).toContain('value property "amonut"');
  const strict = await run('validate', '--strict', '--format', 'json');
  expect(strict.exitCode).toBe(1);
  const { warnings: found } = JSON.parse(strict.stdout) as { warnings: { code: string; message: string }[] };
  expect(found.filter((w) => w.message.includes('value property'))).toHaveLength(1);
});
