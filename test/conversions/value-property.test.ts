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
  'ts,account_id,event,amount,price\n' +
  '2026-01-01 00:00:00,x,signup,,\n' +
  '2026-01-04 00:00:00,x,buy,100,USD 100\n';
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
${conversion('typo', 'amonut')}${conversion('packed', 'amount')}${conversion('account', 'deal')}${conversion('text', 'price')}`;

it('warns of a value: no column or event carries, at its line; compute still publishes', async () => {
  const dir = tempDir('milestones-value-property-');
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  const run = (...args: string[]) => execa('node', [BIN, ...args], { cwd: dir, reject: false });
  const computed = await run('compute', '--format', 'csv');
  expect(computed.exitCode, computed.stderr).toBe(0);
  // Two warnings: `packed` finds "amount" on the buy event, `account` is an accounts column;
  // `text`'s price is carried, but as "USD 100", which no revenue can read.
  // Line 16: `value: amonut` (line 12 is `conversions:`, the first one starts on 13).
  const warnings = computed.stderr.split('\n').filter((l) => l.includes('warning['));
  expect(warnings).toEqual([
    expect.stringMatching(
      /milestones\.yaml:16:\d+ warning\[unknown-property\]: conversion "typo": value property "amonut" is no events or accounts column and no event carries it as a number, so its revenue is 0 for everyone$/,
    ) as unknown,
    expect.stringContaining(
      'conversion "text": value property "price" is no events or accounts column and no event carries it as a number',
    ) as unknown,
  ]);
  expect(computed.stderr).toContain('hint: did you mean "amount"?');
  // `conversions` says it too; `validate --strict` fails on it.
  expect((await run('conversions', 'typo', '--format', 'csv')).stderr).toContain('value property "amonut"');
  const strict = await run('validate', '--strict', '--format', 'json');
  expect(strict.exitCode).toBe(1);
  const { warnings: found } = JSON.parse(strict.stdout) as { warnings: { code: string; message: string }[] };
  expect(found.filter((w) => w.message.includes('value property'))).toHaveLength(2);
});

it('warns that an account value in a contact funnel is counted once per converted contact', async () => {
  const dir = tempDir('milestones-value-per-contact-');
  // Contacts u1 and u2 of account x both convert: each carries x's deal of 500.
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,contact_id,event\n' +
      '2026-01-01 00:00:00,x,u1,signup\n2026-01-02 00:00:00,x,u1,buy\n' +
      '2026-01-01 00:00:00,x,u2,signup\n2026-01-03 00:00:00,x,u2,buy\n',
  );
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  writeFileSync(
    join(dir, 'milestones.yaml'),
    CONFIG.replace(
      /conversions:\n[\s\S]*$/,
      `conversions:\n${conversion('contacts', 'deal')}    unit: contact\n`,
    ),
  );
  const computed = await execa('node', [BIN, 'compute', '--format', 'csv'], { cwd: dir, reject: false });
  expect(computed.exitCode, computed.stderr).toBe(0);
  expect(computed.stderr).toMatch(
    /milestones\.yaml:16:\d+ warning\[account-value-per-contact\]: conversion "contacts" counts contacts, and its value "deal" is an accounts column/,
  );
  // The revenue is 500 per contact: 1000 in all (the rule the warning states).
  const exported = await execa('node', [BIN, 'export', 'conversion_actors', '--format', 'csv'], { cwd: dir });
  const revenue = exported.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[exported.stdout.split('\n')[0]!.split(',').indexOf('revenue')]);
  expect(revenue.map(Number)).toEqual([500, 500]);
});

it('warns when no event carrying the value of a contact funnel names a contact (revenue 0 for all)', async () => {
  const dir = tempDir('milestones-value-contactless-');
  // u1 converts (signup, buy); the deal's amount comes on a closed_won row naming only account x.
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,contact_id,event,amount\n' +
      '2026-01-01 00:00:00,x,u1,signup,\n2026-01-02 00:00:00,x,u1,buy,\n' +
      '2026-01-02 00:00:00,x,,closed_won,100\n',
  );
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  const config = (unit: string) =>
    CONFIG.replace(
      /conversions:\n[\s\S]*$/,
      `conversions:\n${conversion('deals', 'amount')}    unit: ${unit}\n`,
    );
  writeFileSync(join(dir, 'milestones.yaml'), config('contact'));
  const computed = await execa('node', [BIN, 'compute', '--format', 'csv'], { cwd: dir, reject: false });
  expect(computed.exitCode, computed.stderr).toBe(0);
  expect(computed.stderr).toMatch(
    /milestones\.yaml:16:\d+ warning\[value-without-contact\]: conversion "deals" counts contacts, and no event carrying its value "amount" names a contact/,
  );
  // Counted by account, x's revenue is the 100 in [signup, buy]: no warning.
  writeFileSync(join(dir, 'milestones.yaml'), config('account'));
  const byAccount = await execa('node', [BIN, 'compute', '--format', 'csv'], { cwd: dir, reject: false });
  expect(byAccount.exitCode, byAccount.stderr).toBe(0);
  expect(byAccount.stderr).not.toContain('warning[');
});
