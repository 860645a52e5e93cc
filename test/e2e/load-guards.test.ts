/**
 * The loader's guards against wrong answers with exit 0, end to end through
 * `compute` and `load` (the built CLI; `npm run build` first): a repeated
 * account id, a file whose every row is rejected, and `load --strict` after
 * a `compute` that loaded bad rows. Each fails with exit 1 and leaves the
 * warehouse (tables and results) as it was.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withWarehouse } from '../../src/warehouse/session.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const config = (accounts = 'accounts.csv') => `version: 1
timezone: UTC
warehouse: warehouse.duckdb
sources:
  events:
    path: events.csv
    columns: {ts: occurred_at, account_id: account, event: event_name}
  accounts:
    path: ${accounts}
    columns: {account_id: id}
milestones:
  - id: signed_up
    criteria:
      - event: signup
`;

// acme and globex signed up; initech has only a login.
const EVENTS =
  'occurred_at,account,event_name\n' +
  '2026-01-15 09:00:00,acme,signup\n' +
  '2026-01-16 09:00:00,initech,login\n' +
  '2026-01-17 09:00:00,globex,signup\n';
const ACCOUNTS = 'id\nacme\nglobex\ninitech\n';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-guards-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const cli = (dir: string, ...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

/** status per account of `signed_up`, and the events table's row count. */
async function state(dir: string): Promise<{ statuses: string; events: bigint }> {
  return withWarehouse(join(dir, 'warehouse.duckdb'), async (w) => {
    const rows = await w.all<{ line: string }>(
      `SELECT actor_id || ':' || status AS line FROM milestone_status ORDER BY ALL`,
    );
    const events = await w.one<{ n: bigint }>('SELECT count(*) AS n FROM events');
    return { statuses: rows.map((r) => r.line).join(' '), events: events?.n ?? 0n };
  });
}

// Computed from the files above: acme and globex have a signup, initech does not.
const FIRST = { statuses: 'acme:achieving globex:achieving initech:never_achieved', events: 3n };

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run `npm run build` before the e2e tests');
});

describe('compute and load refuse data that would give wrong answers', () => {
  it('a repeated account id: exit 1 with both lines, results untouched', async () => {
    const dir = project({ 'milestones.yaml': config(), 'events.csv': EVENTS, 'accounts.csv': ACCOUNTS });
    expect((await cli(dir, 'compute')).exitCode).toBe(0);
    expect(await state(dir)).toEqual(FIRST);

    // acme again on line 5 (header = line 1, acme first on line 2).
    writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS + 'acme\n');
    const result = await cli(dir, 'compute');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `${join(dir, 'accounts.csv')}:2:1 error[duplicate-id]: account_id "acme"`,
    );
    expect(result.stderr).toContain(`${join(dir, 'accounts.csv')}:5:1 error[duplicate-id]`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await state(dir)).toEqual(FIRST);
  });

  it("a source whose path moved: the new file's rows replace the old one's", async () => {
    const dir = project({ 'milestones.yaml': config(), 'events.csv': EVENTS, 'accounts.csv': ACCOUNTS });
    expect((await cli(dir, 'load')).exitCode).toBe(0);
    // The source now names a new file holding acme once: acme is not counted twice (3 assigned, not 4).
    writeFileSync(join(dir, 'accounts-2026.csv'), ACCOUNTS);
    writeFileSync(join(dir, 'milestones.yaml'), config('accounts-2026.csv'));
    const moved = await cli(dir, 'compute');
    expect(moved.exitCode, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/^signed_up,account,3,2,/m);
    expect(moved.stderr).toContain('accounts.csv is no longer in sources.accounts: its 3 rows were removed');
  });

  it('a timestamp_format that rejects every row: compute exits 1 and the previous table stays', async () => {
    const dir = project({ 'milestones.yaml': config(), 'events.csv': EVENTS, 'accounts.csv': ACCOUNTS });
    expect((await cli(dir, 'compute')).exitCode).toBe(0);
    const wrong = config().replace(
      'event: event_name}\n',
      "event: event_name}\n    timestamp_format: '%d/%m/%Y %H:%M'\n",
    );
    writeFileSync(join(dir, 'milestones.yaml'), wrong);
    for (const command of ['compute', 'load']) {
      const result = await cli(dir, command);
      expect(result.exitCode, command).toBe(1);
      expect(result.stderr).toContain('events.csv: all 3 rows rejected: nothing was loaded');
      expect(result.stderr).toContain(`${join(dir, 'events.csv')}:2:1 error[rejected-row]`);
      expect(await state(dir)).toEqual(FIRST);
    }
  });

  it('load --strict after a compute that loaded a bad row: exit 1 naming its line', async () => {
    // Line 5: an unreadable timestamp; 1 of 4 rows, so compute loads the rest with a warning.
    const events = EVENTS + 'someday,acme,login\n';
    const dir = project({ 'milestones.yaml': config(), 'events.csv': events, 'accounts.csv': ACCOUNTS });
    const computed = await cli(dir, 'compute');
    expect(computed.exitCode).toBe(0);
    expect(computed.stderr).toContain('warning[rejected-rows]: events: 1 row rejected');

    const strict = await cli(dir, 'load', '--strict');
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain(`${join(dir, 'events.csv')}:5:1 error[rejected-row]`);
    expect(strict.stderr).toContain('error: 1 row rejected: nothing was loaded (--strict)');
    expect(await state(dir)).toEqual(FIRST);
  });
});
